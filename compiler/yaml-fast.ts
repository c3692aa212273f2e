/**
 * Stage 1's fast path: js-yaml's event stream (source offsets, no tree) composed straight into
 * the located tree, about ten times faster than the `yaml` package's document composer.
 *
 * It takes the YAML that model files are written in — block and flow collections, plain, quoted
 * and block scalars, comments — and declines everything else by returning `undefined`: a syntax
 * error, anchors and aliases, tags, directives or document markers, more than one document, a
 * duplicate, empty or non-scalar key, tabs, a carriage return, a byte-order mark, nesting or size
 * past the limits. {@link parseYaml} then composes the text with the `yaml` package, which
 * reports every error as before, so the fast path changes no diagnostic.
 *
 * Spans are the `yaml` package's node ranges, rule for rule (where a scalar starts and ends, where
 * an empty value sits, which trailing comment lines a block collection takes in); the differential
 * test (test/yaml-fast.test.ts) composes every YAML file of the repository, and thousands of
 * variants of them, both ways and requires equal trees.
 */
import { getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import type { YEntry, YMap, YNode, YScalar, YSeq } from './parse.js';

/** js-yaml's event, scalar-style, collection-style and chomping codes (its EVENT_ID & co.). */
const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const POP = 6;
const PLAIN = 1;
const SINGLE_QUOTED = 2;
const DOUBLE_QUOTED = 3;
const FLOW = 2;
const KEEP = 3;

/** Thrown inside the composer to hand the text to the `yaml` package; never escapes. */
const DECLINE = Symbol('decline');

/** A composed node with the two ends the `yaml` package keeps: value end and node end. */
interface Built {
  readonly node: YNode;
  /** Where a parent's next token may begin: after trailing spaces, a comment and the newline. */
  readonly nodeEnd: number;
  /** True when indented comment lines right after the node belong to it (its `end` tokens). */
  readonly glue: boolean;
}

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;

class Composer {
  private i = 0;
  private count = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly events: readonly Event[],
    private readonly maxNodes: number,
    private readonly maxDepth: number,
  ) {}

  document(): YNode {
    const doc = this.next();
    if (doc.type !== DOCUMENT || doc.explicitStart || doc.explicitEnd || doc.directives.length > 0) throw DECLINE;
    if (this.peek().type === POP) throw DECLINE; // empty document: GC1003 from the slow path
    const root = this.compose(this.skipTrivia(0), 0, false).node;
    if (this.next().type !== POP || this.i !== this.events.length) throw DECLINE;
    return root;
  }

  private next(): Event {
    const e = this.events[this.i++];
    if (e === undefined) throw DECLINE;
    return e;
  }

  private peek(): Event {
    const e = this.events[this.i];
    if (e === undefined) throw DECLINE;
    return e;
  }

  /**
   * Composes the node whose events start here. `at` is where a value token in this slot would
   * begin (after its indicator and spaces): an empty scalar sits there, a block scalar's header
   * must start there.
   */
  private compose(at: number, depth: number, inFlow: boolean): Built {
    // Nodes are counted as the full composer counts them: values and collections, not keys.
    if (++this.count > this.maxNodes || depth > this.maxDepth) throw DECLINE;
    const e = this.next();
    if (e.type === SCALAR) return this.scalar(e, at, inFlow);
    if (e.type !== MAPPING && e.type !== SEQUENCE) throw DECLINE; // an alias
    if (e.anchorStart !== -1 || e.tagStart !== -1) throw DECLINE;
    if (e.style === FLOW) return this.flow(e.type === MAPPING, e.start, depth, inFlow);
    return e.type === MAPPING ? this.blockMap(e.start, depth) : this.blockSeq(e.start, depth);
  }

  private scalar(e: ScalarEvent, at: number, inFlow: boolean): Built {
    if (e.anchorStart !== -1 || e.tagStart !== -1) throw DECLINE;
    const { text, file } = this;
    const start = e.valueStart;
    const end = e.valueEnd;
    if (e.style === PLAIN) {
      if (start === -1) {
        // An empty value: null, placed after the indicator and its spaces. Comment lines before
        // the next token are the node's own (up to that token), when there are any.
        const span = { file, start: at, end: at };
        const node: YScalar = { kind: 'scalar', value: null, span, contentStart: at, verbatim: true };
        return { node, nodeEnd: inFlow ? at : this.commentsUpTo(at), glue: false };
      }
      const source = getScalarValue(text, e);
      const value = resolvePlain(source);
      const verbatim = typeof value !== 'string' || text.slice(start, end) === value;
      const node: YScalar = { kind: 'scalar', value, span: { file, start, end }, contentStart: start, verbatim };
      return { node, nodeEnd: inFlow ? end : this.lineTrail(end), glue: !inFlow };
    }
    if (e.style === SINGLE_QUOTED || e.style === DOUBLE_QUOTED) {
      const quote = e.style === SINGLE_QUOTED ? "'" : '"';
      if (text[start - 1] !== quote || text[end] !== quote) throw DECLINE;
      const value = getScalarValue(text, e);
      const span = { file, start: start - 1, end: end + 1 };
      const node: YScalar = { kind: 'scalar', value, span, contentStart: start, verbatim: text.slice(start, end) === value };
      return { node, nodeEnd: inFlow ? span.end : this.lineTrail(span.end), glue: !inFlow };
    }
    // A block scalar: from its header's indicator to the end of its last kept line. An explicit
    // indentation indicator (`|2`) is declined (the parsers differ on its trailing blank lines),
    // as is keep chomping (`|+`) running to the end of the text.
    const indicator = text[at];
    if (inFlow || (indicator !== '|' && indicator !== '>')) throw DECLINE;
    if (/^[|>][-+]?[0-9]/.test(text.slice(at, at + 3))) throw DECLINE;
    if (e.chomping === KEEP && this.skipBlank(end) === text.length) throw DECLINE;
    const value = getScalarValue(text, e);
    if (value === '') throw DECLINE;
    // Without `+`, trailing lines of at most the block's indentation in spaces are not its own.
    let nl = text.charCodeAt(end - 1) === NEWLINE ? end - 1 : end;
    if (e.chomping !== KEEP) {
      for (;;) {
        let i = nl - 1;
        const lastChar = i;
        while (text.charCodeAt(i) === SPACE) i--;
        if (text.charCodeAt(i) === NEWLINE && i >= start && lastChar - i <= e.indent) nl = i;
        else break;
      }
    }
    const stop = Math.min(nl + 1, text.length);
    const node: YScalar = { kind: 'scalar', value, span: { file, start: at, end: stop }, contentStart: at, verbatim: false };
    return { node, nodeEnd: stop, glue: false };
  }

  private blockMap(start: number, depth: number): Built {
    const { text, file } = this;
    const indent = this.column(start);
    const entries: YEntry[] = [];
    const seen = new Set<string>();
    let last: Built | null = null;
    while (this.peek().type !== POP) {
      const keyEvent = this.next();
      if (keyEvent.type !== SCALAR || keyEvent.valueStart === -1) throw DECLINE;
      const key = this.scalar(keyEvent, keyEvent.valueStart, true).node as YScalar;
      if (key.span.start < (last?.nodeEnd ?? start)) throw DECLINE;
      const name = String(key.value);
      if (seen.has(name)) throw DECLINE; // the slow path reports it, with the first place
      seen.add(name);
      let at = this.skipSpaces(key.span.end);
      // The `:` of an implicit key must be within 1024 characters of the key's start (an error).
      if (text.charCodeAt(at) !== 58 /* : */ || at - key.span.start > 1024) throw DECLINE;
      at = this.skipSpaces(at + 1);
      last = this.compose(at, depth + 1, false);
      entries.push({ key: name, keySpan: key.span, value: last.node });
    }
    this.i++;
    if (last === null) throw DECLINE;
    const end = last.glue ? this.glueIndented(last.nodeEnd, indent) : last.nodeEnd;
    const node: YMap = { kind: 'map', entries, span: { file, start, end } };
    return { node, nodeEnd: this.trailing(end, indent), glue: false };
  }

  private blockSeq(start: number, depth: number): Built {
    const { text, file } = this;
    const indent = this.column(start);
    const items: YNode[] = [];
    let last: Built | null = null;
    let dash = start;
    while (this.peek().type !== POP) {
      const from = last === null ? start : last.nodeEnd;
      if (last !== null) dash = this.skipTrivia(from);
      if (text.charCodeAt(dash) !== 45 /* - */) throw DECLINE;
      const at = this.skipSpaces(dash + 1);
      // An empty item with a comment line before its `-` takes trivia by rules not reproduced.
      const next = this.peek();
      if (next.type === SCALAR && next.valueStart === -1 && this.hasComment(from, this.skipTrivia(at))) throw DECLINE;
      last = this.compose(at, depth + 1, false);
      items.push(last.node);
    }
    this.i++;
    if (last === null) throw DECLINE;
    const end = last.glue ? this.glueIndented(last.nodeEnd, indent) : last.nodeEnd;
    const node: YSeq = { kind: 'seq', items, span: { file, start, end } };
    return { node, nodeEnd: this.trailing(end, indent), glue: false };
  }

  /** A flow mapping or sequence: from its opening bracket to just after the closing one. */
  private flow(isMap: boolean, start: number, depth: number, inFlow: boolean): Built {
    const { text, file } = this;
    if (text[start] !== (isMap ? '{' : '[')) throw DECLINE;
    const entries: YEntry[] = [];
    const items: YNode[] = [];
    const seen = new Set<string>();
    let p = start + 1;
    while (this.peek().type !== POP) {
      p = this.skipComma(p);
      if (isMap) {
        const keyEvent = this.next();
        if (keyEvent.type !== SCALAR || keyEvent.valueStart === -1 || keyEvent.style > DOUBLE_QUOTED) throw DECLINE;
        const key = this.scalar(keyEvent, keyEvent.valueStart, true).node as YScalar;
        if (key.span.start !== p) throw DECLINE;
        const name = String(key.value);
        if (seen.has(name)) throw DECLINE;
        seen.add(name);
        const colon = this.skipTrivia(key.span.end);
        if (text.charCodeAt(colon) !== 58 /* : */) throw DECLINE; // a key without a value
        const value = this.compose(this.skipSpaces(colon + 1), depth + 1, true).node;
        entries.push({ key: name, keySpan: key.span, value });
        p = value.span.end;
      } else {
        const item = this.compose(p, depth + 1, true).node;
        if (item.span.start !== p) throw DECLINE; // an implicit single-pair mapping or the like
        items.push(item);
        p = item.span.end;
      }
    }
    this.i++;
    const close = this.skipComma(p);
    if (text[close] !== (isMap ? '}' : ']')) throw DECLINE;
    const span = { file, start, end: close + 1 };
    const node: YNode = isMap ? { kind: 'map', entries, span } : { kind: 'seq', items, span };
    return { node, nodeEnd: inFlow ? span.end : this.lineTrail(span.end), glue: !inFlow };
  }

  /** The next token's offset when comments come before it (else `p`). */
  private commentsUpTo(p: number): number {
    const next = this.skipTrivia(p);
    return this.hasComment(p, next) ? next : p;
  }

  /** Whether trivia in `[from, to)` holds a comment (a search bounded by the range). */
  private hasComment(from: number, to: number): boolean {
    for (let p = from; p < to; p++) if (this.text.charCodeAt(p) === HASH) return true;
    return false;
  }

  /** Skips spaces and newlines. */
  private skipBlank(p: number): number {
    const { text } = this;
    for (let c = text.charCodeAt(p); c === SPACE || c === NEWLINE; c = text.charCodeAt(++p));
    return p;
  }

  /** The end of the line `p` is on: its newline's offset, or the end of the text. */
  private lineEnd(p: number): number {
    const nl = this.text.indexOf('\n', p);
    return nl === -1 ? this.text.length : nl;
  }

  /** Column of an offset (spaces only: the fast path declines tabs). */
  private column(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  private skipSpaces(p: number): number {
    while (this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** Skips spaces, newlines and comments. */
  private skipTrivia(p: number): number {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === SPACE || c === NEWLINE) p++;
      else if (c === HASH) p = this.lineEnd(p);
      else return p;
    }
  }

  /** Skips trivia and at most one comma (between flow items). */
  private skipComma(p: number): number {
    p = this.skipTrivia(p);
    return this.text.charCodeAt(p) === 44 /* , */ ? this.skipTrivia(p + 1) : p;
  }

  /** After a node on its line: spaces, a comment, and the newline. */
  private lineTrail(p: number): number {
    const { text } = this;
    p = this.skipSpaces(p);
    if (text.charCodeAt(p) === HASH) p = this.lineEnd(p);
    return text.charCodeAt(p) === NEWLINE ? p + 1 : p;
  }

  /**
   * Comment lines indented deeper than the collection, right after its last value (blank lines
   * between allowed), join that value, as the `yaml` parser attaches them.
   */
  private glueIndented(end: number, indent: number): number {
    const { text } = this;
    let p = end;
    for (;;) {
      const first = this.skipSpaces(p);
      const c = text.charCodeAt(first);
      if (c === NEWLINE) p = first + 1;
      else if (c === HASH && first - p > indent) p = end = Math.min(this.lineEnd(first) + 1, text.length);
      else return end;
    }
  }

  /**
   * The end a parent sees after a block collection: the comment lines (and blank ones) that
   * follow it up to the next token when one of them is at least as indented as the collection,
   * else nothing (they go to the parent). A collection at column 0 never takes them.
   */
  private trailing(end: number, indent: number): number {
    if (indent === 0) return end;
    const { text } = this;
    let p = end;
    let takes = false;
    for (;;) {
      const first = this.skipSpaces(p);
      const c = text.charCodeAt(first);
      if (c === NEWLINE) p = first + 1;
      else if (c === HASH) {
        if (first - p >= indent) takes = true;
        const nl = this.lineEnd(first);
        if (nl === text.length) return takes ? text.length : end;
        p = nl + 1;
      } else return takes ? first : end;
    }
  }
}

/** A plain scalar's value under the YAML 1.2 core schema, as the `yaml` package resolves it. */
export function resolvePlain(s: string): string | number | boolean | null {
  const c = s.charCodeAt(0);
  // Only null, booleans and numbers resolve; each starts with one of these characters.
  if (!(s === '' || c === 126 /* ~ */ || c === 46 /* . */ || c === 43 || c === 45 || (c >= 48 && c <= 57) || 'nNtTfF'.includes(s[0]!))) return s;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return c === 116 || c === 84;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : c === 45 ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/**
 * The located tree of `text`, or `undefined` when the text needs the full composer (see the
 * module comment). Never throws.
 */
export function composeFast(file: string, text: string, maxNodes: number, maxDepth: number): YNode | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: maxDepth + 1 });
  } catch {
    return undefined;
  }
  try {
    return new Composer(file, text, events, maxNodes, maxDepth).document();
  } catch {
    // A decline, or a case the composer does not foresee: the full composer decides.
    return undefined;
  }
}
