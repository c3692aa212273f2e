/**
 * cli/code-cache.cjs, the loader that runs the compile-only bundle through V8's code cache: a
 * first load compiles and `save()` writes the cache atomically; the next load uses it; data V8
 * rejects (damaged, or from other flags) is recompiled and rewritten; a changed bundle gets its
 * own cache; an unwritable folder costs only the speed-up; `GRAPHC_CODE_CACHE` picks or turns off
 * the folder. Exercised on a small bundle of its own; the package-install test runs the real one
 * through the installed bin.
 */
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Loaded {
  readonly exports: Record<string, unknown>;
  readonly cached: boolean;
  save(): void;
}
const cache = createRequire(import.meta.url)('../cli/code-cache.cjs') as {
  cacheFolder(env?: Record<string, string | undefined>, platform?: string): string | null;
  loadCached(file: string, folder: string | null): Loaded;
  compileOnlyCommand(args: readonly string[]): boolean;
};

function fixture(): { dir: string; bundle: string; folder: string } {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-code-cache-'));
  const bundle = join(dir, 'bundle.cjs');
  // A bundle as esbuild writes one: CommonJS, import.meta.url under its define.
  writeFileSync(bundle, [
    'const path = require("node:path");',
    'function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }',
    'exports.sum = work(10);',
    'exports.url = __graphcImportMetaUrl;',
    'exports.base = path.basename(__filename);',
    '',
  ].join('\n'));
  return { dir, bundle, folder: join(dir, 'cache') };
}

test('a first load compiles and saves; the next one runs from the cache with the same exports', () => {
  const { dir, bundle, folder } = fixture();
  try {
    const first = cache.loadCached(bundle, folder);
    assert.equal(first.cached, false);
    assert.equal(first.exports['sum'], 45);
    assert.equal(first.exports['url'], pathToFileURL(bundle).href);
    assert.equal(first.exports['base'], 'bundle.cjs');
    first.save();
    const files = readdirSync(folder);
    assert.equal(files.length, 1, 'one cache file, no temporary left');
    assert.match(files[0]!, new RegExp(`^bundle-[0-9a-f]{24}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
    const before = readFileSync(join(folder, files[0]!));
    assert.deepEqual(loadInChild(bundle, folder), { cached: true, sum: 45 });
    assert.deepEqual(readFileSync(join(folder, files[0]!)), before, 'an accepted cache is not rewritten');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Loads the bundle in a new process (V8 keeps compiled scripts per process, so in this one a
 * second load would never consult the data), saves, and tells whether the cache was used.
 */
function loadInChild(bundle: string, folder: string): { cached: boolean; sum: number } {
  const script = `const c = require(${JSON.stringify(join(import.meta.dirname, '..', 'cli', 'code-cache.cjs'))}); const l = c.loadCached(${JSON.stringify(bundle)}, ${JSON.stringify(folder)}); l.save(); console.log(JSON.stringify({ cached: l.cached, sum: l.exports.sum }));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { cached: boolean; sum: number };
}

test('damaged cache data is rejected by V8, recompiled and rewritten; a changed bundle gets its own cache', () => {
  const { dir, bundle, folder } = fixture();
  try {
    assert.deepEqual(loadInChild(bundle, folder), { cached: false, sum: 45 });
    assert.deepEqual(loadInChild(bundle, folder), { cached: true, sum: 45 });
    const file = join(folder, readdirSync(folder)[0]!);
    writeFileSync(file, Buffer.from('not a code cache'));
    assert.deepEqual(loadInChild(bundle, folder), { cached: false, sum: 45 }, 'damaged data is not used');
    assert.deepEqual(loadInChild(bundle, folder), { cached: true, sum: 45 }, 'the rewritten cache is used');
    // A changed bundle of the same length (V8 checks only the length) never meets the old
    // bytecode: the key is the hash of the source as read.
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('work(10)', 'work(11)'));
    assert.deepEqual(loadInChild(bundle, folder), { cached: false, sum: 55 });
    assert.deepEqual(loadInChild(bundle, folder), { cached: true, sum: 55 });
    assert.equal(readdirSync(folder).length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unwritable cache folder, or none, only costs the speed-up', { skip: process.getuid?.() === 0 ? 'root writes anywhere' : false }, () => {
  const { dir, bundle } = fixture();
  try {
    const locked = join(dir, 'locked');
    writeFileSync(locked, '');
    chmodSync(dir, 0o500);
    const loaded = cache.loadCached(bundle, join(dir, 'cache'));
    loaded.save();
    assert.equal(loaded.exports['sum'], 45);
    assert.equal(existsSync(join(dir, 'cache')), false);
  } finally {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder that cannot be created (a file is in the way) is skipped without an error', () => {
  const { dir, bundle } = fixture();
  try {
    writeFileSync(join(dir, 'cache'), 'a file, not a folder');
    const loaded = cache.loadCached(bundle, join(dir, 'cache'));
    assert.doesNotThrow(() => loaded.save());
    assert.equal(readFileSync(join(dir, 'cache'), 'utf8'), 'a file, not a folder');
    assert.deepEqual(readdirSync(dir).sort(), ['bundle.cjs', 'cache']);
    const off = cache.loadCached(bundle, null);
    off.save();
    assert.equal(off.cached, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('GRAPHC_CODE_CACHE names the folder or turns the cache off; else the platform cache folder', () => {
  assert.equal(cache.cacheFolder({ GRAPHC_CODE_CACHE: '/x/y' }), '/x/y');
  for (const off of ['0', 'off', 'false', 'OFF']) assert.equal(cache.cacheFolder({ GRAPHC_CODE_CACHE: off }), null);
  assert.equal(cache.cacheFolder({ XDG_CACHE_HOME: '/xdg' }, 'linux'), join('/xdg', 'graphc'));
  assert.match(cache.cacheFolder({}, 'linux')!, /[/\\]\.cache[/\\]graphc$/);
  assert.match(cache.cacheFolder({ XDG_CACHE_HOME: 'relative/dir' }, 'linux')!, /[/\\]\.cache[/\\]graphc$/, 'a relative XDG_CACHE_HOME is ignored');
  assert.match(cache.cacheFolder({}, 'darwin')!, /Library[/\\]Caches[/\\]graphc$/);
  assert.equal(cache.cacheFolder({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'), join('C:\\Users\\u\\AppData\\Local', 'graphc', 'Cache'));
});

test('validate and summary run from the bundle, except --watch and --target (they load more)', () => {
  assert.equal(cache.compileOnlyCommand(['validate', 'a.yaml', '--target', 'ts']), false);
  assert.equal(cache.compileOnlyCommand(['validate', 'a.yaml', '--target=ts,onnx']), false);
  assert.equal(cache.compileOnlyCommand(['validate', 'a.yaml']), true);
  assert.equal(cache.compileOnlyCommand(['summary', 'a.yaml', '--json']), true);
  assert.equal(cache.compileOnlyCommand(['validate', 'a.yaml', '--watch']), false);
  assert.equal(cache.compileOnlyCommand(['validate', '--', '--watch']), true, 'after --, a file named --watch');
  for (const other of [['build', 'a.yaml'], ['--help'], [], ['validatex']]) assert.equal(cache.compileOnlyCommand(other), false, other.join(' '));
});

test('a folder keeps the 8 most recently used caches of the bundle, and drops stale temporaries', () => {
  const { dir, bundle, folder } = fixture();
  try {
    const tag = `${process.version}-${process.arch}`;
    mkdirSync(folder, { mode: 0o700 });
    const old = Date.now() / 1000 - 7200;
    for (let i = 1; i <= 9; i++) {
      const f = join(folder, `bundle-old${i}-${tag}.v8`);
      writeFileSync(f, 'stale');
      utimesSync(f, old + i, old + i);
    }
    writeFileSync(join(folder, `bundle-x-${tag}.v8.123.tmp`), 'left by a killed process');
    utimesSync(join(folder, `bundle-x-${tag}.v8.123.tmp`), old, old);
    writeFileSync(join(folder, `bundle-y-${tag}.v8.456.tmp`), 'being written right now');
    writeFileSync(join(folder, 'someone-else.v8'), 'not ours');
    cache.loadCached(bundle, folder).save();
    const left = readdirSync(folder).sort();
    assert.equal(left.filter((f) => f.startsWith('bundle-') && f.endsWith('.v8')).length, 8, left.join(' '));
    for (let i = 1; i <= 2; i++) assert.ok(!left.includes(`bundle-old${i}-${tag}.v8`), `old${i}, the least recently used, went`);
    assert.ok(left.includes(`bundle-old3-${tag}.v8`));
    assert.ok(!left.includes(`bundle-x-${tag}.v8.123.tmp`), 'a stale temporary went');
    assert.ok(left.includes(`bundle-y-${tag}.v8.456.tmp`), 'a fresh temporary stays');
    assert.ok(left.includes('someone-else.v8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on POSIX a cache is read only from a folder and a file nobody else may write', { skip: typeof process.getuid !== 'function' }, () => {
  const { dir, bundle, folder } = fixture();
  try {
    assert.deepEqual(loadInChild(bundle, folder), { cached: false, sum: 45 });
    assert.deepEqual(loadInChild(bundle, folder), { cached: true, sum: 45 });
    const file = join(folder, readdirSync(folder)[0]!);
    chmodSync(file, 0o666);
    assert.equal(loadInChild(bundle, folder).cached, false, 'a world-writable cache file is not run');
    chmodSync(file, 0o600);
    chmodSync(folder, 0o777);
    assert.equal(loadInChild(bundle, folder).cached, false, 'nor one in a world-writable folder');
    chmodSync(folder, 0o700);
    assert.deepEqual(loadInChild(bundle, folder), { cached: true, sum: 45 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
