/**
 * Reads a Graphviz SVG the way a viewer sees it: the node, cluster and edge groups with their
 * titles, visible text lines (entities decoded) and boxes, so tests can assert on what is
 * drawn and where, not on DOT text.
 */
import assert from 'node:assert/strict';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One `<g class="node|cluster|edge">` of the SVG. */
export interface SvgElement {
  readonly kind: 'node' | 'cluster' | 'edge';
  /** The `<title>`: the DOT ID (`a->b` for edges), decoded. */
  readonly title: string;
  /** Every `<text>` piece inside, decoded and trimmed, in document order. */
  readonly texts: readonly string[];
  /** Bounding box of the element's coordinates (SVG units, y grows downward). */
  readonly box: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

/** The parsed drawing. */
export interface SvgDrawing {
  readonly width: number;
  readonly height: number;
  readonly elements: readonly SvgElement[];
  /** Text lines outside any node, cluster or edge (the graph title). */
  readonly titleTexts: readonly string[];
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(\w+));/g;

/** Decodes entities in one pass (numeric ones included) and Graphviz's non-breaking spaces. */
export function decode(text: string): string {
  return text
    .replace(ENTITY, (whole, dec?: string, hex?: string, name = '') => {
      if (dec !== undefined) return String.fromCodePoint(Number(dec));
      if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
      return XML_ENTITIES[name] ?? whole;
    })
    .replace(/\u00A0/g, ' ');
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  trimValues: false,
  parseTagValue: false,
  processEntities: false,
  isArray: (name) => ['g', 'text', 'path', 'polygon', 'ellipse', 'a'].includes(name),
});

function list(value: unknown): XmlNode[] {
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return decode(value);
  const record = value as XmlNode;
  return typeof record['#text'] === 'string' ? decode(record['#text']) : '';
}

/** Texts and coordinates anywhere under a group (links `<a>` and nested `<g>` included). */
function collect(g: XmlNode, texts: string[], coords: number[][]): void {
  for (const t of list(g['text'])) {
    // Graphviz writes the spaces between two runs of a line as their own padding; trim them.
    texts.push(textOf(t).trim());
    coords.push([Number(t['@_x']), Number(t['@_y'])]);
  }
  for (const shape of [...list(g['path']), ...list(g['polygon'])]) {
    const d = String(shape['@_d'] ?? shape['@_points'] ?? '');
    for (const m of d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) coords.push([Number(m[1]), Number(m[2])]);
  }
  for (const e of list(g['ellipse'])) {
    const [cx, cy, rx, ry] = ['cx', 'cy', 'rx', 'ry'].map((k) => Number(e[`@_${k}`]));
    coords.push([cx! - rx!, cy! - ry!], [cx! + rx!, cy! + ry!]);
  }
  for (const inner of [...list(g['g']), ...list(g['a'])]) collect(inner, texts, coords);
}

/** Parses and checks an SVG from `renderSvg`: well-formed XML 1.0, one root graph group. */
export function readSvg(svg: string): SvgDrawing {
  assert.equal(XMLValidator.validate(svg), true, 'the SVG is well-formed XML');
  assert.doesNotMatch(svg, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/, 'no characters XML 1.0 forbids');
  const doc = parser.parse(svg) as XmlNode;
  const root = doc['svg'] as XmlNode;
  const graph = list(root['g'])[0]!;
  const elements: SvgElement[] = [];
  for (const g of list(graph['g'])) {
    const kind = g['@_class'];
    if (kind !== 'node' && kind !== 'cluster' && kind !== 'edge') continue;
    const texts: string[] = [];
    const coords: number[][] = [];
    collect(g, texts, coords);
    const xs = coords.map((c) => c[0]!).filter(Number.isFinite);
    const ys = coords.map((c) => c[1]!).filter(Number.isFinite);
    const box = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
    elements.push({ kind, title: textOf(g['title']), texts, box });
  }
  const size = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg);
  assert.ok(size, 'the SVG states its size');
  return { width: Number(size[1]), height: Number(size[2]), elements, titleTexts: list(graph['text']).map(textOf) };
}

/** The elements of one kind. */
export function ofKind(drawing: SvgDrawing, kind: SvgElement['kind']): SvgElement[] {
  return drawing.elements.filter((e) => e.kind === kind);
}

/** The first element of a kind whose text lines include `line`. */
export function findByText(drawing: SvgDrawing, kind: SvgElement['kind'], line: string): SvgElement | undefined {
  return drawing.elements.find((e) => e.kind === kind && e.texts.includes(line));
}
