/**
 * The diagram views of ResNet-50: DOT goldens for each view, and what the rendered SVG and PNG
 * show (every layer in `layers`, the four stages and their block counts in `overview`, the
 * seed's block figures with F1..F3, f×f and stride s, the shortcut above the main path).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { compileSource } from '../compiler/pipeline.js';
import { drawDiagram, renderDiagram, type DiagramView } from '../backends/graphviz/diagram.js';
import { expectGolden } from './helpers/golden.js';
import { findByText, ofKind, readSvg, type SvgDrawing } from './helpers/svg.js';

const FILE = 'architectures/resnet50.yaml';
const compiled = compileSource(FILE, readFileSync(FILE, 'utf8'));
const graph = compiled.graph!;
const program = compiled.program!;

const VIEWS: readonly { readonly file: string; readonly view: DiagramView }[] = [
  { file: 'overview', view: { kind: 'overview' } },
  { file: 'blocks', view: { kind: 'blocks' } },
  { file: 'layers', view: { kind: 'layers' } },
  { file: 'template-identity_block', view: { kind: 'template', name: 'identity_block' } },
  { file: 'template-convolutional_block', view: { kind: 'template', name: 'convolutional_block' } },
];

async function drawn(view: DiagramView, rankdir?: 'TB' | 'LR'): Promise<SvgDrawing> {
  const dot = drawDiagram(graph, program, view, rankdir === undefined ? {} : { rankdir });
  return readSvg((await renderDiagram(dot, 'svg')) as string);
}

function texts(d: SvgDrawing, kind: 'node' | 'cluster' | 'edge'): string[] {
  return ofKind(d, kind).flatMap((e) => [...e.texts]);
}

function count(list: readonly string[], value: string): number {
  return list.filter((t) => t === value).length;
}

describe('diagram views of resnet50', () => {
  it('compiles the seed model', () => {
    assert.equal(graph.nodes.length, 177);
  });

  for (const { file, view } of VIEWS) {
    it(`writes the ${file} DOT golden, the same bytes on every run`, () => {
      const dot = drawDiagram(graph, program, view);
      assert.equal(drawDiagram(graph, program, view), dot);
      expectGolden(`test/golden/graphviz/resnet50/${file}.dot`, dot);
    });
  }

  it('layers: a node per layer, named and titled by its layer name, shapes on every edge', async () => {
    const d = await drawn({ kind: 'layers' });
    const nodes = ofKind(d, 'node');
    assert.deepEqual(nodes.map((n) => n.title).sort(), graph.nodes.map((n) => n.name).sort());
    for (const node of graph.nodes) assert.ok(findByText(d, 'node', node.name), `layer ${node.name} is labelled`);
    const edges = ofKind(d, 'edge');
    assert.equal(edges.length, graph.nodes.reduce((sum, n) => sum + n.inputs.length, 0));
    for (const e of edges) assert.equal(e.texts.length, 1, `edge ${e.title} carries a shape`);
    assert.ok(findByText(d, 'edge', '15×15×256'));
    // 5 stage groups and 16 block instances.
    const clusters = ofKind(d, 'cluster');
    assert.equal(clusters.length, 21);
    assert.ok(clusters.some((c) => c.texts.includes('res4f') && c.texts.includes('identity_block')));
  });

  it('overview: input, stem, five stages, head and output, block counts as in the seed', async () => {
    const d = await drawn({ kind: 'overview' });
    assert.equal(ofKind(d, 'node').length, 9);
    const all = texts(d, 'node');
    for (const stage of ['stage1', 'stage2', 'stage3', 'stage4', 'stage5', 'stem', 'head']) assert.equal(count(all, stage), 1, stage);
    assert.equal(count(all, 'convolutional_block'), 4);
    assert.deepEqual(all.filter((t) => t.startsWith('identity_block')), ['identity_block × 2', 'identity_block × 3', 'identity_block × 5', 'identity_block × 2']);
    assert.ok(all.includes('res4b … res4f') && all.includes('res5b, res5c'));
    assert.ok(all.includes('2×2×2048') && all.includes('6,054,912'));
    assert.ok(d.titleTexts.some((t) => t.includes('23,600,006 params')));
    // Stages run top to bottom in order.
    const y = (label: string): number => findByText(d, 'node', label)!.box.y0;
    assert.ok(y('stage1') < y('stage2') && y('stage2') < y('stage3') && y('stage3') < y('stage4') && y('stage4') < y('stage5'));
  });

  it('blocks: each instance a cluster, repeated identity blocks drawn once', async () => {
    const d = await drawn({ kind: 'blocks' });
    const clusters = ofKind(d, 'cluster');
    // 5 stages, 4 convolutional blocks, 4 rolled-up runs of identity blocks.
    assert.equal(clusters.length, 13);
    const rolled = clusters.filter((c) => c.texts.some((t) => t.startsWith('identity_block ×')));
    assert.deepEqual(rolled.map((c) => c.texts[0]), ['identity_block × 2', 'identity_block × 3', 'identity_block × 5', 'identity_block × 2']);
    assert.ok(clusters.some((c) => c.texts.includes('res3b … res3d')));
    // 9 layers outside blocks (input, padding, stage1, head), 4 × 12 (convolutional) and
    // 4 × 10 (identity, each run once): 97 boxes instead of 177.
    assert.equal(ofKind(d, 'node').length, 9 + 4 * 12 + 4 * 10);
  });
});

describe('template figures', () => {
  it('identity block: CONV2D → BatchNorm → ReLU three times, the identity shortcut above', async () => {
    const d = await drawn({ kind: 'template', name: 'identity_block' });
    const all = texts(d, 'node');
    assert.equal(count(all, 'CONV2D'), 3);
    assert.equal(count(all, 'BatchNorm'), 3);
    assert.equal(count(all, 'ReLU'), 3);
    assert.equal(count(all, '+'), 1);
    for (const detail of ['F1, 1×1', 'F2, f×f, same', 'F3, 1×1']) assert.ok(all.includes(detail), detail);
    assert.ok(all.includes('res{stage}{block}_branch2a') && all.includes('bn{stage}{block}_branch2c'));
    const main = findByText(d, 'cluster', 'main path')!;
    const shortcut = findByText(d, 'cluster', 'shortcut path')!;
    assert.ok(shortcut.box.y1 < main.box.y0, 'the shortcut path is drawn above the main path');
    assert.ok(d.titleTexts.some((t) => t.includes('F1, F2, F3 = filters')));
  });

  it('convolutional block: the shortcut has its own CONV2D (F3, stride s) and BatchNorm', async () => {
    const d = await drawn({ kind: 'template', name: 'convolutional_block' });
    const all = texts(d, 'node');
    assert.equal(count(all, 'CONV2D'), 4);
    assert.equal(count(all, 'BatchNorm'), 4);
    assert.equal(count(all, 'ReLU'), 3);
    assert.ok(all.includes('F1, 1×1, stride s'));
    const shortcut = findByText(d, 'cluster', 'shortcut path')!;
    const main = findByText(d, 'cluster', 'main path')!;
    const conv1 = findByText(d, 'node', 'res{stage}{block}_branch1')!;
    assert.ok(conv1.texts.includes('F3, 1×1, stride s'));
    const inside = (b: typeof conv1.box, c: typeof main.box): boolean => b.x0 >= c.x0 && b.x1 <= c.x1 && b.y0 >= c.y0 && b.y1 <= c.y1;
    assert.ok(inside(conv1.box, shortcut.box), 'the shortcut CONV2D sits in the shortcut box');
    assert.ok(shortcut.box.y1 < main.box.y0, 'above the main path');
    // Centred over the main path, as in the seed's figure.
    const mid = (b: typeof main.box): number => (b.x0 + b.x1) / 2;
    assert.ok(Math.abs(mid(shortcut.box) - mid(main.box)) < (main.box.x1 - main.box.x0) / 4);
  });

  it('top to bottom puts the shortcut beside the main path', async () => {
    const d = await drawn({ kind: 'template', name: 'convolutional_block' }, 'TB');
    const shortcut = findByText(d, 'cluster', 'shortcut path')!;
    const main = findByText(d, 'cluster', 'main path')!;
    assert.ok(shortcut.box.x1 < main.box.x0, 'left of the main path');
    assert.ok(d.height > d.width);
  });
});

describe('PNG', () => {
  it('decodes at the size of the SVG', async () => {
    for (const { view, wide } of [
      { view: { kind: 'overview' } as const, wide: false },
      { view: { kind: 'template', name: 'identity_block' } as const, wide: true },
    ]) {
      const dot = drawDiagram(graph, program, view);
      const svg = readSvg((await renderDiagram(dot, 'svg')) as string);
      const png = PNG.sync.read(Buffer.from(await renderDiagram(dot, 'png')));
      assert.ok(Math.abs(png.width - (svg.width * 4) / 3) <= 1 && Math.abs(png.height - (svg.height * 4) / 3) <= 1);
      if (wide) assert.ok(png.width > 3 * png.height && png.width < 4000, `${png.width}×${png.height}`);
      else assert.ok(png.height > 1.5 * png.width && png.height < 3000, `${png.width}×${png.height}`);
    }
  });
});
