/**
 * The Graphviz quoting and rendering layer: hostile names survive DOT, layout, SVG and PNG with
 * their text intact; errors come back typed; output is byte-for-byte repeatable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PNG } from 'pngjs';
import { html, htmlEscape, quoteId, writeDot } from '../backends/graphviz/dot.js';
import { RenderError, renderPng, renderSvg } from '../backends/graphviz/render.js';
import { decode } from './helpers/svg.js';

const HOSTILE = [
  'say "hi"',
  'back\\slash',
  'trailing\\',
  '\\N',
  '\\G and \\L',
  '\\E \\T \\H',
  'lit\\nnot a newline',
  'a\\"b',
  '{braces} [brackets] ;semi',
  '<tag> & </tag>',
  '&amp; stays &#60; &#x3c; &foo;',
  "it's",
  'a -> b -- c',
  '// not a comment',
  'two\nlines',
  'crlf\r\nline',
  'tab\there',
  'graph', 'node', 'edge', 'digraph', 'subgraph', 'strict', 'NODE', 'Graph',
  'cluster_fake',
  'ünïcødé — Ωμέγα ≤ 😀',
  'bell\u0007ring',
  '  double  space ',
];

/** The node's SVG title as a viewer shows it: backslashes doubled, newlines as `\n` (dot.ts). */
function storedId(name: string): string {
  return name
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD')
    .replace(/\\/g, '\\\\')
    .replace(/\r\n?|\n/g, '\\n');
}

/** The visible lines of a label showing `name` literally. */
function visibleLines(name: string): string[] {
  return name
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD')
    .split(/\r\n?|\n/)
    .filter((line) => line !== '');
}

// Entities are decoded in one pass by the shared SVG helper (the parser's own decoding would
// decode `&amp;#60;` twice); Graphviz's U+00A0 spaces become plain spaces there too.
type XmlNode = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  trimValues: false,
  parseTagValue: false,
  processEntities: false,
  isArray: (name) => ['g', 'text'].includes(name),
});

function list(value: unknown): XmlNode[] {
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return decode(value);
  const record = value as XmlNode;
  return typeof record['#text'] === 'string' ? decode(record['#text']) : '';
}

interface DrawnNode {
  title: string;
  lines: string[];
  cx: number;
  cy: number;
}

/** Parses an SVG from renderSvg; returns the root transform and every node group. */
function parseSvg(svg: string): {
  tx: number;
  ty: number;
  nodes: DrawnNode[];
  edges: Map<string, string[]>;
} {
  assert.equal(XMLValidator.validate(svg), true);
  // XMLValidator accepts these, yet they are not XML 1.0 characters.
  assert.doesNotMatch(svg, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  assert.doesNotMatch(svg, /&#([0-8]|1[124-9]|2\d|3[01]);/);
  const doc = parser.parse(svg) as XmlNode;
  const root = list((doc['svg'] as XmlNode)['g'])[0] as XmlNode;
  const translate = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(String(root['@_transform']));
  assert.ok(translate);
  const nodes = list(root['g'])
    .filter((g) => g['@_class'] === 'node')
    .map((g) => {
      const ellipse = g['ellipse'] as XmlNode | undefined;
      return {
        title: textOf(g['title']),
        lines: list(g['text']).map(textOf),
        cx: Number(ellipse?.['@_cx'] ?? NaN),
        cy: Number(ellipse?.['@_cy'] ?? NaN),
      };
    });
  const edges = new Map(
    list(root['g'])
      .filter((g) => g['@_class'] === 'edge')
      .map((g) => [textOf(g['title']), list(g['text']).map(textOf)] as const),
  );
  return { tx: Number(translate[1]), ty: Number(translate[2]), nodes, edges };
}

function hostileDot(): string {
  return writeDot('strict', (g) => {
    g.graphAttrs({ rankdir: 'LR', label: 'graph "label" \\ {}' });
    HOSTILE.forEach((name, i) => {
      g.node(name);
      g.node(`html ${i}`, { shape: 'box', label: html(`<B>${htmlEscape(name)}</B>`) });
      g.edge(name, `html ${i}`, { label: name });
    });
    g.cluster('graph', { label: 'cluster "graph"' }, (c) => c.edge('subgraph', 'strict'));
    g.comment('end */ of // graph\n}');
  });
}

describe('quoteId and htmlEscape', () => {
  it('quotes every ID and escapes what DOT and labels interpret', () => {
    assert.equal(quoteId('plain'), '"plain"');
    assert.equal(quoteId('graph'), '"graph"');
    assert.equal(quoteId('a"b'), '"a\\"b"');
    assert.equal(quoteId('tail\\'), '"tail\\\\"');
    assert.equal(quoteId('\\N'), '"\\\\N"');
    assert.equal(quoteId('1\n2\r\n3\r4'), '"1\\n2\\n3\\n4"');
    assert.equal(quoteId('nul\u0000\uD800x'), '"nul\uFFFD\uFFFDx"');
    assert.equal(quoteId('😀'), '"😀"');
    assert.equal(quoteId('a & &amp;'), '"a &amp; &amp;amp;"');
  });

  it('escapes HTML text and keeps line breaks', () => {
    const escaped = '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;';
    assert.equal(htmlEscape(`<a href="x">&'</a>`), escaped);
    assert.equal(htmlEscape('one\ntwo\r\nthree'), 'one<BR/>two<BR/>three');
    assert.equal(htmlEscape('one\ntwo', { inAttribute: true }), 'one two');
    assert.equal(htmlEscape('ctl\u0001\t'), 'ctl\uFFFD ');
    assert.equal(htmlEscape('\\N'), '\\\\N');
  });
});

describe('writeDot', () => {
  it('writes deterministic, fully quoted DOT', () => {
    const dot = writeDot('G', (g) => {
      g.graphAttrs({ rankdir: 'TB', nodesep: 0.25, skipped: undefined });
      g.nodeDefaults({ shape: 'box' });
      g.cluster('s2', { label: 'Stage 2' }, (c) => c.node('res2a', { label: 'a\\b', width: 1 }));
      g.edge({ node: 'res2a', port: 'out', compass: 's' }, 'fc6', { label: html('<I>x</I>') });
      g.comment('done');
    });
    assert.equal(
      dot,
      [
        'digraph "G" {',
        '  graph [fontname="DejaVu Sans"];',
        '  node [fontname="DejaVu Sans"];',
        '  edge [fontname="DejaVu Sans"];',
        '  graph [rankdir="TB", nodesep="0.25"];',
        '  node [shape="box"];',
        '  subgraph "cluster_s2" {',
        '    graph [label="Stage 2"];',
        '    "res2a" [label="a\\\\b", width="1"];',
        '  }',
        '  "res2a":"out":s -> "fc6" [label=<<I>x</I>>];',
        '  // done',
        '}',
        '',
      ].join('\n'),
    );
    const options = { directed: false, strict: true, fontname: null };
    const undirected = writeDot('u', (g) => g.edge('a', 'b'), options);
    assert.equal(undirected, 'strict graph "u" {\n  "a" -- "b";\n}\n');
  });

  it('rejects non-finite numbers, a bug in the caller', () => {
    assert.throws(() => writeDot('G', (g) => g.node('a', { width: Number.NaN })), RangeError);
  });
});

describe('renderSvg', () => {
  it('lays out hostile names and shows each one literally', async () => {
    const { nodes, edges } = parseSvg(await renderSvg(hostileDot()));
    const byTitle = new Map(nodes.map((n) => [n.title, n]));
    HOSTILE.forEach((name, i) => {
      const plain = byTitle.get(storedId(name));
      assert.ok(plain, `node ${JSON.stringify(name)} is drawn`);
      assert.deepEqual(plain.lines, visibleLines(name), `label of ${JSON.stringify(name)}`);
      const boxed = byTitle.get(`html ${i}`);
      assert.ok(boxed);
      // HTML labels delete tabs, so htmlEscape writes a space instead.
      const htmlLines = visibleLines(name.replace(/\t/g, ' '));
      assert.deepEqual(boxed.lines, htmlLines, `HTML label of ${JSON.stringify(name)}`);
      const edge = edges.get(`${storedId(name)}->html ${i}`);
      assert.deepEqual(edge, visibleLines(name), `edge label ${JSON.stringify(name)}`);
    });
  });

  it('is deterministic, also after a failed render', async () => {
    const dot = hostileDot();
    const first = await renderSvg(dot);
    await assert.rejects(renderSvg('digraph { a -> }'), RenderError);
    assert.equal(await renderSvg(dot), first);
    assert.doesNotMatch(first, /Generated by graphviz/);
  });

  it('reports a DOT syntax error as a RenderError with Graphviz message and line', async () => {
    await assert.rejects(renderSvg('digraph {\n  a;\n  b -> ;\n}'), (error: unknown) => {
      assert.ok(error instanceof RenderError);
      assert.equal(error.code, 'DOT_SYNTAX');
      assert.equal(error.line, 3);
      assert.match(error.message, /syntax error in line 3 near ';'/);
      return true;
    });
    await assert.rejects(renderSvg('   '), { name: 'RenderError', code: 'DOT_EMPTY' });
  });
});

describe('renderPng', () => {
  it('draws visible text with the shipped font, at the SVG size times scale', async () => {
    const svg = await renderSvg(hostileDot());
    const { tx, ty, nodes } = parseSvg(svg);
    const size = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg);
    assert.ok(size);
    for (const scale of [1, 2]) {
      const png = PNG.sync.read(renderPng(svg, { scale }));
      const px = (pt: number): number => (pt * 4 * scale) / 3;
      assert.ok(Math.abs(png.width - px(Number(size[1]))) <= 1, `width at scale ${scale}`);
      assert.ok(Math.abs(png.height - px(Number(size[2]))) <= 1, `height at scale ${scale}`);
      // Inside each ellipse, away from its outline, the only ink is the label's text.
      for (const node of nodes.filter((n) => Number.isFinite(n.cx))) {
        let dark = 0;
        for (let y = Math.round(px(node.cy + ty - 8)); y <= px(node.cy + ty + 6); y++) {
          for (let x = Math.round(px(node.cx + tx - 18)); x <= px(node.cx + tx + 18); x++) {
            const at = (y * png.width + x) * 4;
            if ((png.data[at] ?? 255) < 128 && (png.data[at + 3] ?? 0) > 128) dark++;
          }
        }
        const what = `text of ${JSON.stringify(node.title)} has ink (${dark} px)`;
        assert.ok(dark > 10 * scale * scale, what);
      }
    }
  });

  it('is byte-identical across renders and honours the background', async () => {
    const svg = await renderSvg(writeDot('G', (g) => g.edge('conv1', 'bn_conv1'), {}));
    assert.deepEqual(renderPng(svg), renderPng(svg));
    const clear = writeDot('T', (g) => g.graphAttrs({ bgcolor: 'transparent' }));
    const transparent = await renderSvg(clear);
    const png = PNG.sync.read(renderPng(transparent, { background: '#ff0000' }));
    assert.deepEqual([...png.data.subarray(0, 4)], [255, 0, 0, 255]);
  });

  it('rejects bad options and bad SVG with typed errors', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>';
    assert.throws(() => renderPng(svg, { scale: 0 }), { name: 'RenderError', code: 'BAD_OPTION' });
    assert.throws(() => renderPng(svg, { background: 'no-such' }), { code: 'BAD_OPTION' });
    assert.throws(() => renderPng('not svg'), { name: 'RenderError', code: 'SVG_INVALID' });
  });

  it('renders a 200-node layer graph', async () => {
    const svg = await renderSvg(chainDot(200));
    const png = PNG.sync.read(renderPng(svg));
    assert.ok(png.height > 2000 && png.width > 100);
  });
});

/** A ResNet-like chain with a skip edge every third node, labelled like the layer view. */
function chainDot(count: number): string {
  return writeDot('layers', (g) => {
    g.nodeDefaults({ shape: 'box', style: 'rounded' });
    for (let i = 0; i < count; i++) {
      g.node(`layer_${i}`, { label: html(`<B>layer_${i}</B><BR/>Conv2D 3x3, 64`) });
      if (i > 0) g.edge(`layer_${i - 1}`, `layer_${i}`, { label: '(None, 16, 16, 64)' });
      if (i > 2 && i % 3 === 0) g.edge(`layer_${i - 3}`, `layer_${i}`);
    }
  });
}
