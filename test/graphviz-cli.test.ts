/**
 * `graphc diagram` and the `diagrams` build target, run in-process: output to stdout or a file
 * in each format, usage errors (exit 2) with a did-you-mean, and the files `graphc build` writes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { runCli } from '../cli/main.js';
import { readSvg } from './helpers/svg.js';

const MODEL = 'architectures/resnet50.yaml';
const dir = mkdtempSync(join(tmpdir(), 'graphc-diagram-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('graphc diagram', () => {
  it('prints the overview as DOT by default', async () => {
    const r = await run('diagram', MODEL);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^digraph "ResNet50" \{\n/);
    assert.match(r.out, /identity_block × 5/);
  });

  it('writes SVG and PNG files, the format taken from the extension', async () => {
    const svgPath = join(dir, 'conv.svg');
    const svg = await run('diagram', MODEL, '--view', 'template:convolutional_block', '--out', svgPath);
    assert.equal(svg.code, 0, svg.err);
    assert.ok(readSvg(readFileSync(svgPath, 'utf8')).elements.length > 10);
    const pngPath = join(dir, 'overview.png');
    const png = await run('diagram', MODEL, '--out', pngPath, '--scale', '0.5', '--rankdir', 'lr', '--set', 'classes=10');
    assert.equal(png.code, 0, png.err);
    const image = PNG.sync.read(readFileSync(pngPath));
    assert.ok(image.width > image.height, 'left to right is wider than tall');
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
  });

  it('honours --format over the extension and --variant-free models', async () => {
    const r = await run('diagram', MODEL, '--view', 'layers', '--format', 'svg');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^<\?xml/);
    assert.match(r.out, /res5c_branch2c/);
  });

  it('rejects an unknown view with a suggestion, before compiling', async () => {
    const r = await run('diagram', 'no-such-file.yaml', '--view', 'overveiw');
    assert.equal(r.code, 2);
    assert.match(r.err, /error GC0001: unknown view `overveiw`; the views are overview, blocks, layers, template:NAME/);
    assert.match(r.err, /hint: did you mean `overview`\?/);
  });

  it('rejects an unknown template with a suggestion', async () => {
    const r = await run('diagram', MODEL, '--view', 'template:identity_blok');
    assert.equal(r.code, 2);
    assert.match(r.err, /no block template `identity_blok` in this model; its block templates are `identity_block`, `convolutional_block`/);
    assert.match(r.err, /hint: did you mean `identity_block`\?/);
    const json = await run('diagram', MODEL, '--view', 'template:nope', '--json');
    assert.equal(json.code, 2);
    assert.equal((JSON.parse(json.out) as { diagnostics: { code: string }[] }).diagnostics[0]!.code, 'GC0001');
  });

  it('rejects bad formats, rank directions and scales, and a PNG without a file', async () => {
    for (const args of [['--format', 'jpeg'], ['--rankdir', 'BT'], ['--scale', '0'], ['--scale', 'x'], ['--format', 'png']]) {
      const r = await run('diagram', MODEL, ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /error GC0001/);
    }
  });

  it('reports a bad model with exit code 1', async () => {
    const r = await run('diagram', MODEL, '--set', 'classes=0');
    assert.equal(r.code, 1);
  });
});

describe('graphc build --target diagrams', () => {
  it('writes the overview and one figure per template, as DOT, SVG and PNG', async () => {
    const out = join(dir, 'build');
    const r = await run('build', MODEL, '--target', 'diagrams', '--out', out);
    assert.equal(r.code, 0, r.err);
    const files = readdirSync(join(out, 'diagrams')).sort();
    assert.deepEqual(files, [
      'overview.dot',
      'overview.png',
      'overview.svg',
      'template-convolutional_block.dot',
      'template-convolutional_block.png',
      'template-convolutional_block.svg',
      'template-identity_block.dot',
      'template-identity_block.png',
      'template-identity_block.svg',
    ]);
    // A PNG, not an empty file: the signature and a real width.
    const png = readFileSync(join(out, 'diagrams', 'overview.png'));
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(png.readUInt32BE(16) > 100);
    const golden = readFileSync('test/golden/graphviz/resnet50/template-identity_block.dot', 'utf8');
    assert.equal(readFileSync(join(out, 'diagrams', 'template-identity_block.dot'), 'utf8'), golden);
    readSvg(readFileSync(join(out, 'diagrams', 'overview.svg'), 'utf8'));
  });
});
