/**
 * Files in and out (issue 15): output paths stay in the output folder whatever the model is
 * called (item 7); special files are refused before reading and reads are bounded (item 10);
 * writes are durable and stale temporaries of dead processes are cleaned (item 11).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runCli } from '../cli/main.js';
import { readRegularFile } from '../cli/read-regular-file.js';
import { isInside, removeStaleTemporaries, writeFilesAtomically } from '../io/write-atomic.js';
import { defaultOutDir } from '../cli/commands/build.js';
import { MAX_STEM_BYTES, safeFileStem } from '../backends/safe-file-stem.js';
import { TARGETS } from '../backends/targets.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const HOSTILE_NAMES = ['..', '.', '../x', '../../etc/passwd', '/etc/x', 'a/b', 'a\\b', 'C:\\x', 'CON', 'nul.txt', 'Lpt1', '', ' ', 'a\u0000b', '\u0000', `${'x'.repeat(5000)}`, `${'é'.repeat(300)}`, '.hidden', 'trailing.', 'a:b*c?"<>|', '\u202e\u001b[2J'];

test('safeFileStem: one plain, bounded, deterministic file name for any model name', () => {
  const seen = new Map<string, string>();
  for (const name of HOSTILE_NAMES) {
    const stem = safeFileStem(name);
    assert.match(stem, /^[\p{L}\p{N}\p{M}_.-]+$/u, JSON.stringify(name));
    assert.ok(!stem.startsWith('.') && !stem.endsWith('.'), stem);
    assert.doesNotMatch(stem, /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
    assert.ok(Buffer.byteLength(stem) <= MAX_STEM_BYTES, `${stem.length}`);
    assert.equal(safeFileStem(name), stem, 'deterministic');
    assert.ok(isInside('/out', stem), stem);
    seen.set(name, stem);
  }
  assert.equal(safeFileStem('ResNet50'), 'ResNet50');
  assert.equal(safeFileStem('..'), '__');
  assert.equal(safeFileStem('CON'), '_CON');
  assert.equal(safeFileStem(''), 'model');
  // Long names that share a prefix still get different stems.
  assert.notEqual(safeFileStem(`${'x'.repeat(500)}a`), safeFileStem(`${'x'.repeat(500)}b`));
  assert.equal(defaultOutDir('..'), join('build', '__'));
});

test('isInside: resolve + relative refuses .., absolute paths and the folder itself', () => {
  assert.equal(isInside('out', 'a.txt'), true);
  assert.equal(isInside('out', 'diagrams/a.svg'), true);
  for (const p of ['..', '../x', '/etc/x', '', '.', 'a/../../x']) assert.equal(isInside('out', p), false, p);
});

test('a file path outside the output folder is refused before anything is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-paths-'));
  const out = join(dir, 'out');
  for (const path of ['../escaped.ts', '/tmp/escaped.ts', 'a/../../escaped.ts', 'x\u0000y']) {
    assert.throws(() => writeFilesAtomically(out, [{ path: 'ok.txt', data: 'ok' }, { path, data: 'x' }]), /outside the output folder/);
  }
  assert.deepEqual(readdirSync(dir), [], 'nothing written, not even the folder');
  // A symbolic link inside the output folder cannot lead a write elsewhere.
  mkdirSync(out);
  mkdirSync(join(dir, 'elsewhere'));
  symlinkSync(join(dir, 'elsewhere'), join(out, 'diagrams'));
  assert.throws(() => writeFilesAtomically(out, [{ path: 'diagrams/x.svg', data: '<svg/>' }]), /leads outside the output folder/);
  assert.deepEqual(readdirSync(join(dir, 'elsewhere')), []);
});

for (const target of TARGETS) {
  test(`build --target ${target.name} of hostile model names writes only under build/`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graphc-names-'));
    const cwd = process.cwd();
    const names = target.name === 'ts' || target.name === 'diagrams' ? ['..', '../x', '/etc/x', 'a/b', 'CON', 'a\\u0000b', 'x'.repeat(400)] : ['..'];
    for (const [i, name] of names.entries()) {
      const file = resolve(dir, `m${i}.yaml`);
      writeFileSync(file, `graphc: 1\nname: "${name}"\ninputs: [{ shape: [4], name: x }]\nblocks:\n  blk:\n    body: [{ Dense: 2 }]\nbody:\n  - blk: {}\n  - Dense: { units: 3, name: d }\n`);
      const work = join(dir, `work${i}`);
      mkdirSync(work);
      process.chdir(work);
      try {
        const r = await cli('build', file, '--target', target.name, '--json');
        assert.equal(r.code, 0, r.err + r.out);
        const { files } = JSON.parse(r.out) as { files: string[] };
        assert.ok(files.length > 0);
        for (const f of files) {
          const rel = relative(resolve('build'), resolve(f));
          assert.ok(!rel.startsWith('..') && rel !== '' && !resolve(f).includes('\0'), `${JSON.stringify(name)} -> ${f}`);
        }
        assert.deepEqual(readdirSync(work), ['build'], 'nothing next to build/');
        assert.equal(readdirSync('build').length, 1, 'one folder for the model');
      } finally {
        process.chdir(cwd);
      }
    }
  });
}

test('special files are refused before reading: a FIFO, /dev/zero, /dev/urandom, a folder (GC0020)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-special-'));
  const fifo = join(dir, 'pipe.yaml');
  const made = spawnSync('mkfifo', [fifo]);
  const paths = [...(made.status === 0 ? [fifo] : []), '/dev/zero', '/dev/urandom', dir].filter((p) => existsSync(p));
  assert.ok(paths.length >= 3);
  for (const p of paths) {
    const r = await cli('validate', p);
    assert.equal(r.code, 2, p);
    assert.match(r.err, new RegExp(`GC0020: \`${p.replace(/[/.]/g, '\\$&')}\` is (a named pipe|a character device|a folder)`));
    const input = await cli('run', 'test/cases/diagnostics/run-input-shape/model.yaml', '--input', p, '--repeat', '0');
    assert.equal(input.code, 2, p);
    assert.match(input.err, /GC0020/);
  }
});

test('reading is bounded by the limit even when the size on disk says less', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-bound-'));
  const file = join(dir, 'm.yaml');
  writeFileSync(file, 'x'.repeat(1000));
  const ok = readRegularFile(file, 1000);
  assert.ok(ok.ok && ok.bytes.length === 1000);
  const over = readRegularFile(file, 999);
  assert.deepEqual(over.ok ? null : over.kind, 'too-large');
  // /proc files report size 0 and then yield bytes: the limit holds on what is read, not on stat.
  if (existsSync('/proc/self/status')) {
    const proc = readRegularFile('/proc/self/status', 10);
    assert.equal(proc.ok ? 'read' : proc.kind, 'too-large');
  }
});

test('stale temporaries of dead processes are removed at the next write; live ones stay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-stale-'));
  // The pid of a process that has exited: a child that ran and ended.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  const stale = [`.graphc-${dead}.0.tmp`, `.3.graphc-${dead}.tmp`];
  const live = `.graphc-${process.ppid}.0.tmp`;
  for (const n of [...stale, live, 'keep.graphc.tmp']) writeFileSync(join(dir, n), 'partial');
  writeFilesAtomically(dir, [{ path: 'model.json', data: '{}' }]);
  assert.deepEqual(readdirSync(dir).sort(), [live, 'keep.graphc.tmp', 'model.json'].sort());
  assert.deepEqual(removeStaleTemporaries(dir), []);
});

test('a build killed with -9 mid-write leaves temporaries that the next build removes', async () => {
  // A child writes a temporary the way writeFilesAtomically does, then is killed with SIGKILL
  // while it waits: the file is left behind, exactly as after a kill -9 mid-build.
  const dir = mkdtempSync(join(tmpdir(), 'graphc-kill-'));
  const out = join(dir, 'build', 'Tiny');
  mkdirSync(out, { recursive: true });
  const script = `const fs=require('fs');fs.writeFileSync(${JSON.stringify(out)}+'/.graphc-'+process.pid+'.0.tmp','half');process.stdout.write('ready');setInterval(()=>{},1000);`;
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((done) => child.stdout.once('data', () => done()));
  child.kill('SIGKILL');
  await new Promise<void>((done) => child.once('exit', () => done()));
  assert.equal(readdirSync(out).length, 1, 'the killed process left its temporary');
  const r = await cli('build', 'test/cases/diagnostics/run-input-shape/model.yaml', '--target', 'ts', '--out', out);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(readdirSync(out), ['Tiny.ts']);
});
