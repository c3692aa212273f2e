/**
 * Safe construction of Graphviz DOT text. Every ID and attribute value goes through `quoteId`
 * (or is an explicit HTML label built with `htmlEscape`), so a layer called `graph`, `a"b` or
 * `x\N` can never change the structure of the document or the meaning of a label.
 *
 * Why `quoteId` doubles backslashes: DOT's lexer keeps `\\` as two characters and only turns
 * `\"` into `"`, so there is no way to write an ID that ends in a single backslash. Labels (and
 * the default label `\N`, which shows the node's ID) then read their text as an escString where
 * `\\` means `\` and `\N`, `\G`, `\E`, `\T`, `\H`, `\n`, `\l`, `\r` have meanings. Doubling every
 * backslash is therefore both necessary for the parser and exactly what makes a label show the
 * literal text. The price: the stored ID (and the SVG `<title>`) holds the doubled form.
 *
 * Why `quoteId` turns `&` into `&amp;`: Graphviz decodes entities (`&amp;`, `&#60;`) in plain
 * labels, and its SVG writer leaves anything that looks like an entity unescaped, so a layer
 * named `&amp;` would otherwise show as `&`, in the label and in the `<title>` alike.
 */

/** The font family every diagram uses: Graphviz knows its metrics and `render.ts` ships it. */
export const DIAGRAM_FONT_FAMILY = 'DejaVu Sans';

/** A value that is emitted as an HTML-like label (`<...>`) instead of a quoted string. */
export interface HtmlLabel {
  /** Markup for Graphviz's HTML-like labels; user text inside it must pass `htmlEscape`. */
  readonly html: string;
}

/** An attribute value; `undefined` entries are skipped so optional attributes read naturally. */
export type DotValue = string | number | boolean | HtmlLabel;

/** Attributes, written in insertion order (keep keys non-numeric: JS puts integer keys first). */
export type DotAttrs = Readonly<Record<string, DotValue | undefined>>;

/** A compass point for an edge end. */
export type Compass = 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'nw' | 'c' | '_';

/** An edge end: a node ID, or a node with a port (an HTML `PORT` or record field) and side. */
export type EndPoint =
  | string
  | { readonly node: string; readonly port?: string; readonly compass?: Compass };

/** Options of a whole graph. */
export interface GraphOptions {
  /** `digraph` (default) or undirected `graph`. */
  readonly directed?: boolean;
  /** Emit `strict`, which merges parallel edges. */
  readonly strict?: boolean;
  /** Font for graph, node and edge text; `null` leaves Graphviz's default (Times). */
  readonly fontname?: string | null;
}

// Characters that break Graphviz or the SVG it writes: C0 controls other than tab and newline
// (NUL ends a C string mid-ID, the rest are not allowed in XML 1.0), the XML non-characters
// U+FFFE/U+FFFF, and lone surrogates, which have no UTF-8 encoding.
const UNSAFE_CHARS = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  ].join('|'),
  'g',
);

function replaceUnsafe(s: string): string {
  return s.replace(UNSAFE_CHARS, '\uFFFD');
}

/**
 * Quotes any string as a DOT ID or label: always double-quoted, backslashes doubled, `"` and `&`
 * escaped, line breaks (LF, CRLF, CR) turned into the label line break `\n`, and characters
 * Graphviz or XML cannot carry replaced by U+FFFD. Used as a label the result shows `s` exactly.
 * (Meant for IDs and labels; a URL attribute would keep the `&amp;`.)
 */
export function quoteId(s: string): string {
  const body = replaceUnsafe(s)
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/"/g, '\\"')
    .replace(/\r\n?|\n/g, '\\n');
  return `"${body}"`;
}

/** Options of `htmlEscape`. */
export interface HtmlEscapeOptions {
  /** The text goes into an attribute value (`TITLE="..."`), where `<BR/>` is not allowed. */
  readonly inAttribute?: boolean;
}

/**
 * Escapes text for a Graphviz HTML-like label so it shows literally. Besides the five XML
 * specials: a bare `&` or a control character makes Graphviz drop the whole label with only a
 * warning; raw newlines and tabs are silently deleted, so newlines become `<BR/>` (a space
 * inside attributes) and tabs a space; and Graphviz substitutes `\N`, `\G`, `\E`, `\T`, `\H`
 * in HTML text too (after decoding entities, so `&#92;` does not help) while reading `\\` as
 * `\`, so backslashes are doubled.
 */
export function htmlEscape(s: string, options: HtmlEscapeOptions = {}): string {
  const escaped = replaceUnsafe(s)
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\t/g, ' ');
  return escaped.replace(/\r\n?|\n/g, options.inAttribute ? ' ' : '<BR/>');
}

/** Marks markup as an HTML-like label; user text inside it must already be `htmlEscape`d. */
export function html(markup: string): HtmlLabel {
  return { html: markup };
}

/** Formats one attribute value as DOT. */
export function formatValue(value: DotValue): string {
  if (typeof value === 'object') return `<${value.html}>`;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RangeError(`DOT attribute value must be a finite number, got ${value}`);
  }
  return quoteId(String(value));
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['graph', 'node', 'edge', 'digraph', 'subgraph', 'strict']);

function formatKey(key: string): string {
  // Attribute names stay bare for readable golden files; anything odd is quoted all the same.
  return PLAIN_KEY.test(key) && !KEYWORDS.has(key.toLowerCase()) ? key : quoteId(key);
}

/** Formats an attribute list as ` [k="v", ...]`, or `''` when nothing is set. */
export function formatAttrs(attrs: DotAttrs = {}): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined) parts.push(`${formatKey(key)}=${formatValue(value)}`);
  }
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`;
}

function formatEndPoint(end: EndPoint): string {
  if (typeof end === 'string') return quoteId(end);
  let out = quoteId(end.node);
  if (end.port !== undefined) out += `:${quoteId(end.port)}`;
  if (end.compass !== undefined) out += `:${end.compass}`;
  return out;
}

const INDENT = '  ';

/**
 * Writes the statements of one graph or subgraph body. Obtain one from `writeDot`; nested
 * bodies come from `cluster` and `subgraph`, whose braces are closed by construction.
 */
export class DotWriter {
  /** @internal Use `writeDot`. */
  constructor(
    private readonly lines: string[],
    private readonly depth: number,
    private readonly edgeOp: '->' | '--',
  ) {}

  private line(text: string): this {
    this.lines.push(INDENT.repeat(this.depth) + text);
    return this;
  }

  /** Sets attributes of this graph or subgraph (`graph [...]`). */
  graphAttrs(attrs: DotAttrs): this {
    const list = formatAttrs(attrs);
    return list === '' ? this : this.line(`graph${list};`);
  }

  /** Sets default attributes for nodes declared after this point in this scope. */
  nodeDefaults(attrs: DotAttrs): this {
    const list = formatAttrs(attrs);
    return list === '' ? this : this.line(`node${list};`);
  }

  /** Sets default attributes for edges declared after this point in this scope. */
  edgeDefaults(attrs: DotAttrs): this {
    const list = formatAttrs(attrs);
    return list === '' ? this : this.line(`edge${list};`);
  }

  /** Declares a node (its label defaults to its ID, shown literally). */
  node(id: string, attrs?: DotAttrs): this {
    return this.line(`${quoteId(id)}${formatAttrs(attrs)};`);
  }

  /** Declares an edge; both ends are created if they do not exist yet. */
  edge(from: EndPoint, to: EndPoint, attrs?: DotAttrs): this {
    const ends = `${formatEndPoint(from)} ${this.edgeOp} ${formatEndPoint(to)}`;
    return this.line(`${ends}${formatAttrs(attrs)};`);
  }

  /** A cluster (drawn as a box): a subgraph whose ID is `cluster_` + `id`. */
  cluster(id: string, attrs: DotAttrs, body: (w: DotWriter) => void): this {
    return this.subgraph(`cluster_${id}`, attrs, body);
  }

  /** A subgraph, for example `{ rank: 'same' }` groups; `id` is used exactly as given. */
  subgraph(id: string, attrs: DotAttrs, body: (w: DotWriter) => void): this {
    this.line(`subgraph ${quoteId(id)} {`);
    const inner = new DotWriter(this.lines, this.depth + 1, this.edgeOp);
    inner.graphAttrs(attrs);
    body(inner);
    return this.line('}');
  }

  /** A `//` comment; each line of `text` gets its own, so no text can end the comment early. */
  comment(text: string): this {
    for (const part of replaceUnsafe(text).split(/\r\n?|\n/)) this.line(`// ${part}`.trimEnd());
    return this;
  }
}

/**
 * Builds a complete DOT document. Output is deterministic: statements in call order, attributes
 * in insertion order, two-space indentation, one trailing newline. Unless `fontname` is `null`,
 * graph, node and edge defaults set `DIAGRAM_FONT_FAMILY` so layout metrics match the PNG font.
 */
export function writeDot(
  name: string,
  body: (w: DotWriter) => void,
  options: GraphOptions = {},
): string {
  const directed = options.directed ?? true;
  const keyword = `${options.strict === true ? 'strict ' : ''}${directed ? 'digraph' : 'graph'}`;
  const lines = [`${keyword} ${quoteId(name)} {`];
  const writer = new DotWriter(lines, 1, directed ? '->' : '--');
  const font = options.fontname === undefined ? DIAGRAM_FONT_FAMILY : options.fontname;
  if (font !== null) {
    writer.graphAttrs({ fontname: font });
    writer.nodeDefaults({ fontname: font });
    writer.edgeDefaults({ fontname: font });
  }
  body(writer);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
