/**
 * Diagrams of models that try to break them: names with quotes, backslashes, braces, `<`, `>`,
 * `&`, newlines and DOT keywords (through the YAML, and as random names straight in the IR);
 * templates with conditions, and templates that no call instantiates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Graph, GraphNode } from '../compiler/ir.js';
import { compileSource } from '../compiler/pipeline.js';
import { drawDiagram, parseView, renderDiagram, type DiagramView } from '../backends/graphviz/diagram.js';
import { drawLayers } from '../backends/graphviz/views/layers.js';
import { renderSvg } from '../backends/graphviz/render.js';
import { findByText, ofKind, readSvg } from './helpers/svg.js';

const HOSTILE_YAML = String.raw`
graphc: 1
name: "graph \"G\" <b>&amp; \\N"
blocks:
  edge:
    description: "A block named like a DOT keyword; <b>bold</b> & \"quotes\" \\N"
    params:
      tag: { type: str }
      filters: { type: int_list, length: 2 }
    label: "{tag}"
    body:
      - Conv2D: { filters: "$filters[0]", kernel_size: 1, name: "{tag}\"q\\b" }
      - Activation: relu
      - Conv2D: { filters: "$filters[1]", kernel_size: 1, name: "{tag}{{br}}<i>&amp;" }
      - Add: { inputs: [_, input] }
inputs:
  - { shape: [8, 8, 4], name: "node" }
body:
  - group: "stage <1> & \"s\" \\G"
    do:
      - Conv2D: { filters: 4, kernel_size: 1, name: "two\nlines" }
      - Conv2D: { filters: 4, kernel_size: 2, name: "subgraph" }
      - edge: { tag: "strict", filters: [4, 4] }
      - edge: { tag: "cluster_s0", filters: [4, 4] }
  - Conv2D: { filters: 4, kernel_size: 1, name: "cluster_s1" }
  - Conv2D: { filters: 4, kernel_size: 3, name: "s0 // }}" }
  - Conv2D: { filters: 4, kernel_size: 1, name: "t0_t9_identity" }
`;

const CONDITIONAL_YAML = `
graphc: 1
name: conditional
blocks:
  maybe_res:
    description: Adds the input back when asked.
    params:
      filters: { type: int_list, length: 2 }
      residual: { type: bool, default: true }
    body:
      - Conv2D: { filters: "$filters[0]", kernel_size: 3, padding: same }
      - Conv2D: { filters: "$filters[1]", kernel_size: 1 }
      - if: $residual
        then:
          - Add: { inputs: [_, input] }
  unused:
    params:
      n: { type: int }
    body:
      - Dense: { units: $n }
inputs:
  - { shape: [8, 8, 4] }
body:
  - maybe_res: { filters: [4, 4], residual: false }
  - maybe_res: { filters: [4, 4] }
`;

/** The SVG `<title>` of a node: IDs keep doubled backslashes and `\n` for line breaks (dot.ts). */
function storedId(name: string): string {
  return name.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD').replace(/\\/g, '\\\\').replace(/\r\n?|\n/g, '\\n');
}

function compile(text: string): { graph: Graph; program: NonNullable<ReturnType<typeof compileSource>['program']> } {
  const r = compileSource('test.yaml', text);
  assert.ok(r.graph && r.program, r.diagnostics.map((d) => d.message).join('\n'));
  return { graph: r.graph, program: r.program };
}

const VIEWS: readonly DiagramView[] = [{ kind: 'overview' }, { kind: 'blocks' }, { kind: 'layers' }, { kind: 'template', name: 'edge' }];

const INPUT_ATTRS: GraphNode['attrs'] = { shape: [4, 4, 1] };
const CONV_ATTRS: GraphNode['attrs'] = { filters: 1, kernel_size: [1, 1], strides: [1, 1], padding: 'valid' };

describe('hostile names', () => {
  const { graph, program } = compile(HOSTILE_YAML);

  it('every view renders to well-formed SVG and PNG', async () => {
    for (const view of VIEWS) {
      const dot = drawDiagram(graph, program, view);
      readSvg((await renderDiagram(dot, 'svg')) as string);
      assert.ok((await renderDiagram(dot, 'png')).length > 1000);
    }
  });

  it('shows every layer name literally in the layers view', async () => {
    const d = readSvg(await renderSvg(drawDiagram(graph, program, { kind: 'layers' })));
    const nodes = ofKind(d, 'node');
    assert.equal(nodes.length, graph.nodes.length);
    for (const layer of graph.nodes) {
      const node = nodes.find((n) => n.title === storedId(layer.name));
      assert.ok(node, `node for ${JSON.stringify(layer.name)}`);
      assert.deepEqual(node.texts.slice(0, layer.name.split('\n').length), layer.name.split('\n').map((l) => l.trim()));
    }
    assert.ok(findByText(d, 'cluster', 'stage <1> & "s" \\G'), JSON.stringify(ofKind(d, 'cluster').map((c) => c.texts)));
    assert.deepEqual(d.titleTexts, [`graph "G" <b>&amp; \\N: 14 layers, ${graph.totals.params} params`]);
  });

  it('keeps markup in descriptions and names as text in the template figure', async () => {
    const d = readSvg(await renderSvg(drawDiagram(graph, program, { kind: 'template', name: 'edge' })));
    assert.ok(d.titleTexts.includes('A block named like a DOT keyword; <b>bold</b> & "quotes" \\N'));
    assert.ok(findByText(d, 'node', '{tag}"q\\b'));
    assert.ok(findByText(d, 'node', '{tag}{br}<i>&amp;'));
  });

  it('survives random names made of DOT and HTML specials', async () => {
    const piece = fc.constantFrom('"', '\\', '{', '}', '<', '>', '&', '&amp;', '\n', '\r\n', 'graph', 'node', 'edge', 'subgraph', ' ', 'a', 'é', '😀', '\\N', '\t', ';', '->', '\u0007', '//', '#', ']');
    const name = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 2, maxLength: 6 }), fc.string({ maxLength: 12 }), async (names, group) => {
        const nodes: GraphNode[] = names.map((n, i) => ({
          index: i,
          name: n,
          op: i === 0 ? 'Input' : 'Conv2D',
          attrs: i === 0 ? INPUT_ATTRS : CONV_ATTRS,
          inputs: i === 0 ? [] : [names[i - 1]!],
          shape: [null, 4, 4, 1],
          params: { trainable: i === 0 ? 0 : 2, nonTrainable: 0 },
          macs: 0,
          origin: { span: { file: 'x', start: 0, end: 0 }, trace: [] },
          scope: i === 0 ? [] : [{ kind: 'group', label: group }],
          explicitName: true,
        }));
        const g: Graph = { name: group, variant: null, params: {}, nodes, inputs: [names[0]!], outputs: [names[names.length - 1]!], training: null, totals: { params: 0, trainable: 0, nonTrainable: 0, macs: 0 }, file: 'x' };
        const d = readSvg(await renderSvg(drawLayers(g)));
        assert.deepEqual(ofKind(d, 'node').map((n) => n.title).sort(), names.map(storedId).sort());
        assert.equal(ofKind(d, 'edge').length, names.length - 1);
      }),
      { numRuns: 40, seed: 5 },
    );
  });
});

describe('template figures without a plain chain', () => {
  const { graph, program } = compile(CONDITIONAL_YAML);

  it('draws an `if` step dashed, with its condition, and no shortcut box', async () => {
    const dot = drawDiagram(graph, program, { kind: 'template', name: 'maybe_res' });
    assert.match(dot, /style="filled,dashed"/);
    assert.doesNotMatch(dot, /shortcut path/);
    const d = readSvg(await renderSvg(dot));
    const add = ofKind(d, 'node').find((n) => n.texts.includes('+'));
    assert.ok(add, 'the addition is drawn');
    assert.ok(d.elements.some((e) => e.texts.includes('if residual')));
    assert.ok(findByText(d, 'node', 'F1, 3×3, same') && findByText(d, 'node', 'F2, 1×1'));
  });

  it('draws a template no call instantiates, without shapes', async () => {
    const dot = drawDiagram(graph, program, { kind: 'template', name: 'unused' });
    const d = readSvg(await renderSvg(dot));
    assert.ok(findByText(d, 'node', 'Dense') && findByText(d, 'node', 'n'));
    assert.ok(ofKind(d, 'edge').every((e) => e.texts.length === 0));
    assert.doesNotMatch(dot, /first call/);
  });

  it('reads view names and suggests the closest one', () => {
    assert.deepEqual(parseView('layers', program), { view: { kind: 'layers' } });
    assert.deepEqual(parseView('template:unused', program), { view: { kind: 'template', name: 'unused' } });
    assert.deepEqual(parseView('template:anything', null), { view: { kind: 'template', name: 'anything' } });
    const typo = parseView('block', program);
    assert.ok('message' in typo && typo.hint === 'did you mean `blocks`?');
    const missing = parseView('template:maybe_rez', program);
    assert.ok('message' in missing);
    assert.match(missing.message, /no block template `maybe_rez`.*`maybe_res`, `unused`/);
    assert.equal(missing.hint, 'did you mean `maybe_res`?');
  });
});
