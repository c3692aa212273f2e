/**
 * Diagram fixes of issue 15 item 17, on an EfficientNet-style MBConv block with
 * squeeze-and-excitation (test/cases/diagrams/mbconv.yaml): the template view is laid out by
 * its shape (not thousands of pixels wide), long expressions are cut, the residual `Add` is
 * found from the graph (the squeeze-and-excitation Multiply is not a shortcut), a conditional
 * residual draws no path labels; two-line node labels keep their lines apart (the stray tick in
 * the layers/blocks PNGs).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSource } from '../compiler/pipeline.js';
import { drawDiagram } from '../backends/graphviz/diagram.js';
import { renderSvg } from '../backends/graphviz/render.js';
import { ellipsize, MAX_EXPR_CHARS } from '../backends/graphviz/views/template.js';
import { findByText, ofKind, readSvg } from './helpers/svg.js';

const FILE = 'test/cases/diagrams/mbconv.yaml';
const SOURCE = readFileSync(FILE, 'utf8');

function compiled(text: string): { graph: NonNullable<ReturnType<typeof compileSource>['graph']>; program: NonNullable<ReturnType<typeof compileSource>['program']> } {
  const r = compileSource(FILE, text, {});
  assert.ok(r.graph && r.program, r.diagnostics.map((d) => d.message).join('\n'));
  return { graph: r.graph, program: r.program };
}

async function template(text: string): Promise<{ dot: string; svg: ReturnType<typeof readSvg> }> {
  const { graph, program } = compiled(text);
  const dot = drawDiagram(graph, program, { kind: 'template', name: 'mbconv' });
  return { dot, svg: readSvg(await renderSvg(dot)) };
}

// The same block with an unconditional residual and a long expression for the SE width.
const UNCONDITIONAL = SOURCE
  .replace('      - Add: { inputs: [_, input], if: "$strides == 1 and filters_in == filters_out", name: "{name}add" }', '      - Add: { inputs: [_, input], name: "{name}add" }')
  .replace('- Conv2D: { filters: $filters_se,', '- Conv2D: { filters: "$max(1, int(filters_in * se_ratio * expand_ratio / expand_ratio))",')
  .replace("  - mbconv: { filters_in: 16, filters_out: 24, strides: 2, name: block2a_ }\n", '');

describe('template view of an MBConv block', () => {
  it('is laid out top to bottom: taller than wide, and not thousands of points wide', async () => {
    const { dot, svg } = await template(SOURCE);
    assert.match(dot, /rankdir="TB"/);
    assert.ok(svg.width < 1000 && svg.height > svg.width, `${svg.width} x ${svg.height}`);
  });

  it('does not call the squeeze-and-excitation branch a path when the residual is conditional', async () => {
    const { dot } = await template(SOURCE);
    assert.doesNotMatch(dot, /shortcut path|main path/);
  });

  it('finds the residual Add from the graph: the shortcut starts at the block input, SE stays on the main path', async () => {
    const { svg } = await template(UNCONDITIONAL);
    const main = findByText(svg, 'cluster', 'main path');
    const shortcut = findByText(svg, 'cluster', 'shortcut path');
    assert.ok(main && shortcut);
    type Boxed = { box: { x0: number; y0: number; x1: number; y1: number } };
    const within = (n: Boxed, c: Boxed): boolean => n.box.x0 >= c.box.x0 && n.box.x1 <= c.box.x1 && n.box.y0 >= c.box.y0 && n.box.y1 <= c.box.y1;
    const inside = (n: Boxed): boolean => within(n, main);
    const identity = findByText(svg, 'node', 'identity');
    assert.ok(identity && within(identity, shortcut), 'the shortcut is the identity from the input');
    for (const name of ['{name}se_squeeze', '{name}se_excite', '{name}activation']) {
      const node = findByText(svg, 'node', name);
      assert.ok(node && inside(node), `${name} is on the main path`);
    }
    const add = findByText(svg, 'node', '{name}add')!;
    assert.ok(!inside(add), 'the Add is where the paths meet, after the main path');
  });

  it('cuts expressions past 24 characters with an ellipsis', async () => {
    const { svg } = await template(UNCONDITIONAL);
    const texts = ofKind(svg, 'node').flatMap((n) => n.texts);
    assert.ok(texts.some((t) => t.includes('…')), texts.join(' | '));
    for (const t of texts) for (const part of t.split(', ')) assert.ok([...part].length <= MAX_EXPR_CHARS + 12, t);
    assert.equal(ellipsize('abc'), 'abc');
    assert.equal([...ellipsize('x'.repeat(40))].length, MAX_EXPR_CHARS);
  });
});

describe('two-line node labels', () => {
  it('keep a bold name with underscores clear of the line below (no stray tick)', async () => {
    const { graph, program } = compiled(SOURCE);
    for (const kind of ['layers', 'blocks'] as const) {
      const svg = await renderSvg(drawDiagram(graph, program, { kind }));
      const group = svg.slice(svg.indexOf('<title>block1a_expand_conv</title>'));
      const ys = [...group.slice(0, group.indexOf('</g>')).matchAll(/<text[^>]* y="(-?[\d.]+)"/g)].map((m) => Number(m[1]));
      assert.ok(ys.length >= 2, kind);
      // 11-point bold over 10-point text: the baselines must be more than the line's own height apart.
      assert.ok(ys[1]! - ys[0]! >= 13, `${kind}: lines ${ys[1]! - ys[0]!} apart`);
    }
  });
});
