/**
 * Stage 1: YAML text to a located tree. Every node keeps its source span, so later stages can
 * point at the exact key or value they complain about. Aliases are expanded here, against a
 * budget, so an alias bomb is a diagnostic instead of an out-of-memory crash.
 *
 * Two composers build the same tree: the fast path (./yaml-fast.ts, js-yaml's event stream) takes
 * the plain YAML model files are written in; whatever it declines — errors, anchors, tags and the
 * rest — goes to the `yaml` package's composer below, which reports every diagnostic.
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { SourceSpan } from './ir.js';
import type { DiagnosticSink } from './diagnostics/diagnostic.js';
import { findExcessNesting } from './yaml-depth.js';
import { setKey } from './expr/helpers.js';
import { composeFast } from './yaml-fast.js';

/** Largest number of nodes a document may have once aliases are expanded. */
export const MAX_YAML_NODES = 200_000;
/** Deepest nesting of collections accepted. */
export const MAX_YAML_DEPTH = 200;

const DEPTH_HINT = 'a model needs a few levels of nesting; flatten the structure or give a value by reference (`let`)';

/** A scalar with its span; `quoted` tells a YAML string `"1"` from the number `1`. */
export interface YScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  readonly span: SourceSpan;
  /** Offset of the scalar's first content character (after an opening quote). */
  readonly contentStart: number;
  /** True when the source text equals the value, so offsets inside the value map 1:1. */
  readonly verbatim: boolean;
}

/** A sequence with its span. */
export interface YSeq {
  readonly kind: 'seq';
  readonly items: readonly YNode[];
  readonly span: SourceSpan;
}

/** One `key: value` entry of a mapping. */
export interface YEntry {
  readonly key: string;
  readonly keySpan: SourceSpan;
  readonly value: YNode;
}

/** A mapping with its entries in source order. */
export interface YMap {
  readonly kind: 'map';
  readonly entries: readonly YEntry[];
  readonly span: SourceSpan;
}

/** A located YAML node. */
export type YNode = YScalar | YSeq | YMap;

/** The value of a mapping's key, if present. */
export function getEntry(map: YMap, key: string): YEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

/** Plain JSON-like data of a located tree, for schema validation. */
export function toPlain(node: YNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      // Own properties: a user key `__proto__` is data, never the object's prototype.
      const out: Record<string, unknown> = {};
      for (const e of node.entries) setKey(out, e.key, toPlain(e.value));
      return out;
    }
  }
}

/** Per-parse state: the document (to resolve aliases) and the node budget. */
interface Context {
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly sink: DiagnosticSink;
  count: number;
  exceeded: boolean;
  /** True once an alias was expanded: a budget overrun is then the aliases' doing. */
  aliased: boolean;
  /** The first node nested past {@link MAX_YAML_DEPTH}, if any. */
  tooDeep: SourceSpan | null;
}

function spanOf(file: string, node: YamlNode): SourceSpan {
  const range = node.range ?? [0, 0, 0];
  return { file, start: range[0], end: range[1] };
}

function convert(ctx: Context, node: YamlNode | null, at: SourceSpan, depth: number): YNode {
  const file = ctx.file;
  ctx.count++;
  if (ctx.count > MAX_YAML_NODES || depth > MAX_YAML_DEPTH) {
    if (depth > MAX_YAML_DEPTH) ctx.tooDeep ??= node?.range ? spanOf(file, node) : at;
    else ctx.exceeded = true;
    return { kind: 'scalar', value: null, span: at, contentStart: at.start, verbatim: false };
  }
  if (node === null) return { kind: 'scalar', value: null, span: at, contentStart: at.start, verbatim: false };
  if (isAlias(node)) {
    ctx.aliased = true;
    // The alias's own span is kept so diagnostics point at the use, not the anchor.
    const resolved = (node.resolve(ctx.doc) as YamlNode | undefined) ?? null;
    const use = spanOf(file, node);
    const inner = convert(ctx, resolved, use, depth + 1);
    return inner.kind === 'scalar' ? { ...inner, span: use, contentStart: use.start, verbatim: false } : { ...inner, span: use };
  }
  const span = node.range ? spanOf(file, node) : at;
  if (isScalar(node)) {
    const raw = node.value;
    const value = raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const plain = node.type === 'PLAIN';
    // Verbatim when the text between the quotes (or the plain text) is the string itself: no
    // escape, no folded line break.
    const source = ctx.text.slice(span.start + (quoted ? 1 : 0), span.end - (quoted ? 1 : 0));
    const verbatim = (plain && typeof value !== 'string') || ((plain || quoted) && source === value);
    return { kind: 'scalar', value, span, contentStart: span.start + (quoted ? 1 : 0), verbatim };
  }
  if (isSeq(node)) {
    const items = node.items.map((item) => convert(ctx, item as YamlNode | null, span, depth + 1));
    return { kind: 'seq', items, span };
  }
  if (isMap(node)) {
    const entries: YEntry[] = [];
    // Duplicate keys are found here with a set: the parser's own check is quadratic.
    const seen = new Map<string, SourceSpan>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const keySpan = keyNode && keyNode.range ? spanOf(file, keyNode) : span;
      let key: string;
      if (keyNode && isScalar(keyNode)) key = String(keyNode.value);
      else {
        ctx.sink.report('GC2002', ['a mapping key', 'a plain string'], keySpan);
        continue;
      }
      const first = seen.get(key);
      if (first) {
        ctx.sink.report('GC1001', ['Map keys must be unique'], keySpan, { related: [{ span: first, message: `\`${key}\` is first given here` }] });
        continue;
      }
      seen.set(key, keySpan);
      entries.push({ key, keySpan, value: convert(ctx, pair.value as YamlNode | null, keySpan, depth + 1) });
    }
    return { kind: 'map', entries, span };
  }
  return { kind: 'scalar', value: null, span, contentStart: span.start, verbatim: false };
}

/**
 * Parses YAML text into a located tree, reporting syntax errors (GC1001), alias explosions
 * (GC1002) and an empty document (GC1003). Never throws for any input string.
 */
export function parseYaml(file: string, text: string, sink: DiagnosticSink): YNode | null {
  // The fast path bounds depth and size itself and declines past them; the full composer needs
  // the pre-scan first (it recurses).
  const fast = composeFast(file, text, MAX_YAML_NODES, MAX_YAML_DEPTH);
  if (fast !== undefined) return fast;
  const deep = findExcessNesting(text, MAX_YAML_DEPTH);
  if (deep) {
    sink.report('GC1004', [MAX_YAML_DEPTH], { file, start: deep.offset, end: deep.offset + 1 }, { hint: DEPTH_HINT });
    return null;
  }
  return parseSlow(file, text, sink);
}

/**
 * The `yaml` package's composer: every document the fast path declines, errors included. Needs
 * the nesting pre-scan first ({@link parseYaml}).
 */
export function parseSlow(file: string, text: string, sink: DiagnosticSink): YNode | null {
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true });
  } catch (e) {
    // The pre-scan bounds nesting; a stack overflow that still happens is nesting it cannot see.
    if (e instanceof RangeError) sink.report('GC1004', [MAX_YAML_DEPTH], { file, start: 0, end: Math.min(1, text.length) }, { hint: DEPTH_HINT });
    else sink.report('GC1001', [e instanceof Error ? e.message : String(e)], { file, start: 0, end: 0 });
    return null;
  }
  for (const err of doc.errors) {
    const [start, end] = err.pos;
    const message = err.message.split('\n')[0] ?? err.message;
    sink.report('GC1001', [message.replace(/ at line \d+, column \d+:?$/, '')], { file, start, end: Math.max(end, start + 1) });
  }
  if (doc.errors.length > 0) return null;
  if (doc.contents === null) {
    sink.report('GC1003', [], { file, start: 0, end: Math.min(1, text.length) });
    return null;
  }
  const ctx: Context = { file, text, doc, sink, count: 0, exceeded: false, aliased: false, tooDeep: null };
  const root = convert(ctx, doc.contents as YamlNode, { file, start: 0, end: 0 }, 0);
  if (ctx.exceeded && !ctx.aliased) {
    sink.report('GC1005', [MAX_YAML_NODES], { file, start: 0, end: Math.min(1, text.length) }, { hint: 'split the model, or compute repeated parts with `repeat`/`for`' });
    return null;
  }
  if (ctx.exceeded) {
    sink.report('GC1002', [MAX_YAML_NODES], { file, start: 0, end: Math.min(1, text.length) }, {
      hint: 'aliases (*name) copy whole subtrees; use fewer of them',
    });
    return null;
  }
  if (ctx.tooDeep) {
    sink.report('GC1004', [MAX_YAML_DEPTH], ctx.tooDeep, { hint: DEPTH_HINT });
    return null;
  }
  if (sink.hasErrors()) return null;
  return root;
}
