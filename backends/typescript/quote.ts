/**
 * The only way user text reaches generated TypeScript. String literals are `JSON.stringify`
 * output; template-literal text is `JSON.stringify` output with the two characters a template
 * literal adds to a string's syntax (backtick and `$`) escaped on top; comments get text that
 * cannot end them. ts-morph's `writer.quote()` is never used: it does not escape backslashes.
 *
 * Why U+2028 and U+2029 are escaped although ES2019 allows them in string literals: they end a
 * `//` comment, editors show them as line breaks, and older tools still reject them.
 */

const LINE_SEPARATORS = /[\u2028\u2029]/g;

function escapeSeparators(text: string): string {
  return text.replace(LINE_SEPARATORS, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

/** A double-quoted TypeScript string literal whose value is exactly `text`. */
export function quoteString(text: string): string {
  return escapeSeparators(JSON.stringify(text));
}

/**
 * The characters between backticks of a template literal whose cooked value is `text`.
 * JSON escapes every backslash, quote and control character; after that no backslash in the
 * output starts anything but a JSON escape, so escaping backtick and `$` cannot be undone.
 */
export function templateText(text: string): string {
  const json = JSON.stringify(text).slice(1, -1);
  return escapeSeparators(json.replace(/`/g, '\\`').replace(/\$/g, '\\$'));
}

// C0/C1 controls, line and paragraph separators, BOM, and lone surrogates: anything that could end
// a comment line, confuse an editor, or has no UTF-8 encoding.
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for a `//` comment: one line, nothing that ends the comment early. */
export function lineCommentText(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029\t]/g, ' ').replace(UNPRINTABLE, '\uFFFD').trim();
}

/**
 * Text for a JSDoc comment, as lines: `*\/` cannot close the comment, line breaks of every kind
 * become real line breaks, and `@` after a space cannot turn prose into a tag.
 */
export function docLines(text: string, tags = false): string[] {
  const clean = text
    .replace(/\r\n|[\r\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(UNPRINTABLE, '\uFFFD')
    .replace(/\*\//g, '*\\/');
  return clean.split('\n').map((line) => {
    const trimmed = line.replace(/\s+$/, '');
    return tags ? trimmed : trimmed.replace(/(^|\s)@/g, '$1\\@');
  });
}

/** Breaks a long line of prose at spaces so that it fits `width` columns. */
function wrapProse(line: string, width: number): string[] {
  if (line.length <= width || line.startsWith('@') || /^\s/.test(line)) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(current);
  return out;
}

/**
 * The text of a JSDoc comment, without its delimiters: paragraphs separated by blank lines. A
 * paragraph given as a list of lines is graphc's own tag lines (`@param x - ...`), which may
 * embed user text: it is cleaned the same way but keeps its leading `@`.
 */
export function docText(paragraphs: readonly (string | readonly string[])[], width = 96): string {
  const lines: string[] = [];
  for (const p of paragraphs) {
    const body = (typeof p === 'string' ? docLines(p) : p.flatMap((l) => docLines(l, true))).flatMap((l) => wrapProse(l, width));
    if (body.length === 0 || body.every((l) => l === '')) continue;
    if (lines.length > 0) lines.push('');
    lines.push(...body);
  }
  return lines.join('\n');
}

/** A JSDoc block (indentation is left to the formatter). */
export function docComment(paragraphs: readonly (string | readonly string[])[]): string {
  const lines = docText(paragraphs).split('\n');
  if (lines.length === 1) return `/** ${lines[0]} */`;
  return ['/**', ...lines.map((l) => (l ? ` * ${l}` : ' *')), ' */'].join('\n');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * An object-literal key or type member name for `key`: bare when it is an identifier, quoted
 * otherwise. `__proto__` is written as a computed key: as a plain key it would set the
 * prototype instead of creating a property.
 */
export function propertyKey(key: string): string {
  if (key === '__proto__') return `[${quoteString(key)}]`;
  return IDENTIFIER.test(key) ? key : quoteString(key);
}

/** A type member name for `key` (in a type, `__proto__` is an ordinary member). */
export function memberName(key: string): string {
  return IDENTIFIER.test(key) ? key : quoteString(key);
}

/** Reads property `key` of the expression `object` (which must already be a primary expression). */
export function propertyAccess(object: string, key: string): string {
  return IDENTIFIER.test(key) && key !== '__proto__' ? `${object}.${key}` : `${object}[${quoteString(key)}]`;
}
