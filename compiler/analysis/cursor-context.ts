/**
 * Where the cursor is, read from the raw text (which is often broken YAML while someone types):
 * at a step's key, at an attribute key of a layer or block call (block style or inside `{ }`), or
 * at the value of a key. Only the current line and the lines above it are read, a bounded amount.
 */

/** What the cursor is on. */
export type CursorContext =
  | { readonly kind: 'step'; readonly prefix: string }
  | { readonly kind: 'key'; readonly owner: string; readonly section: Section; readonly present: readonly string[]; readonly prefix: string }
  | { readonly kind: 'value'; readonly owner: string | null; readonly section: Section; readonly key: string; readonly prefix: string; readonly inList: boolean }
  | { readonly kind: 'top'; readonly prefix: string }
  | { readonly kind: 'none' };

/** The part of the file a mapping belongs to. */
export type Section = 'body' | 'defaults' | 'params' | 'top' | 'other';

/** How far back a flow collection is looked for. */
const MAX_SCAN = 4000;
/** How many lines above are read to find a block-style parent. */
const MAX_LINES_UP = 400;

const IDENT = /[A-Za-z_][A-Za-z0-9_]*$/;

interface Line {
  readonly text: string;
  readonly indent: number;
}

function linesAbove(text: string, offset: number): Line[] {
  const out: Line[] = [];
  let end = text.lastIndexOf('\n', offset - 1);
  while (end >= 0 && out.length < MAX_LINES_UP) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    out.push({ text: line, indent: line.length - line.trimStart().length });
  }
  return out;
}

/** The section a line at this indentation belongs to, from the nearest top-level key above. */
function sectionOf(lines: readonly Line[]): Section {
  for (const l of lines) {
    if (l.indent !== 0) continue;
    const m = /^([A-Za-z_]+):/.exec(l.text);
    if (!m) return 'other';
    if (m[1] === 'body' || m[1] === 'blocks') return 'body';
    if (m[1] === 'defaults') return 'defaults';
    if (m[1] === 'params') return 'params';
    return 'other';
  }
  return 'top';
}

/** The innermost unclosed `{` or `[` before the offset (ignoring quoted text), or -1. */
function openFlow(text: string, offset: number, open: '{' | '['): number {
  let depthBrace = 0;
  let depthBracket = 0;
  const stop = Math.max(0, offset - MAX_SCAN);
  for (let i = offset - 1; i >= stop; i--) {
    const c = text[i]!;
    if (c === '\n') {
      // A flow collection started on an earlier line counts only while lines keep continuing it.
      const prev = text.lastIndexOf('\n', i - 1);
      const line = text.slice(prev + 1, i);
      if (!/[{[,]\s*$/.test(line) && depthBrace === 0 && depthBracket === 0) return -1;
    }
    if (c === '}') depthBrace++;
    else if (c === ']') depthBracket++;
    else if (c === '{') {
      if (depthBrace === 0) return open === '{' && depthBracket === 0 ? i : -1;
      depthBrace--;
    } else if (c === '[') {
      if (depthBracket === 0) {
        if (open === '[' && depthBrace === 0) return i;
      } else depthBracket--;
    }
  }
  return -1;
}

/** Keys already written in a flow mapping's text. */
function flowKeys(body: string): string[] {
  return [...body.matchAll(/(?:^|[{,])\s*([A-Za-z_][A-Za-z0-9_]*)\s*:/g)].map((m) => m[1]!);
}

/** The owner (op or block name) of a mapping opened right after `- Name:` or `Name:`. */
function ownerBefore(textBefore: string): string | null {
  const m = /(?:^|\s|-)\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*$/.exec(textBefore);
  return m ? m[1]! : null;
}

/** Reads the cursor's context. */
export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return { kind: 'none' };
  const above = linesAbove(text, lineStart);
  const section = sectionOf(before.trim() === '' ? above : [{ text: before, indent: before.length - before.trimStart().length }, ...above]);

  // Inside `{ ... }`: a key or a value of that mapping.
  const brace = openFlow(text, offset, '{');
  if (brace >= 0) {
    const braceLineStart = text.lastIndexOf('\n', brace - 1) + 1;
    const owner = ownerBefore(text.slice(braceLineStart, brace));
    const flowSection = sectionOfOwner(text, braceLineStart, section);
    // `{ inputs: [main, |] }`: a list value inside the mapping.
    const list = openFlow(text, offset, '[');
    if (list > brace) {
      const keyMatch = /([A-Za-z_][A-Za-z0-9_]*)\s*:\s*$/.exec(text.slice(brace + 1, list));
      const item = text.slice(Math.max(list, text.lastIndexOf(',', offset - 1)) + 1, offset);
      return { kind: 'value', owner, section: flowSection, key: keyMatch?.[1] ?? '', prefix: item.trim().replace(/^["']/, ''), inList: true };
    }
    const inner = text.slice(brace + 1, offset);
    const lastSep = Math.max(inner.lastIndexOf(','), -1);
    const segment = inner.slice(lastSep + 1);
    const colon = segment.indexOf(':');
    if (colon < 0) {
      return { kind: 'key', owner: owner ?? '', section: flowSection, present: flowKeys(inner), prefix: (IDENT.exec(segment) ?? [''])[0] };
    }
    const key = segment.slice(0, colon).trim();
    const valueText = segment.slice(colon + 1);
    const bracket = valueText.lastIndexOf('[');
    const inList = bracket >= 0 && valueText.indexOf(']', bracket) < 0;
    const partial = inList ? valueText.slice(Math.max(bracket, valueText.lastIndexOf(',')) + 1) : valueText;
    return { kind: 'value', owner, section: flowSection, key, prefix: partial.trim().replace(/^["']/, ''), inList };
  }

  const indent = before.length - before.trimStart().length;
  const trimmed = before.trimStart();
  // `- Conv2D` at a step position.
  const stepKey = /^-\s*([A-Za-z_][A-Za-z0-9_]*)?$/.exec(trimmed);
  if (stepKey) return section === 'params' || section === 'other' ? { kind: 'none' } : { kind: 'step', prefix: stepKey[1] ?? '' };
  // `- Activation: re` — the shorthand value of a layer.
  const shorthand = /^-\s*([A-Za-z_][A-Za-z0-9_]*):\s*(\S*)$/.exec(trimmed);
  if (shorthand) return { kind: 'value', owner: shorthand[1]!, section, key: '', prefix: shorthand[2]!, inList: false };
  // `inputs: [main, ` — a flow list value of a block-style key.
  const bracket = openFlow(text, offset, '[');
  const keyValue = /^(?:-\s*)?([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$/.exec(trimmed);
  const parentAt = above.findIndex((l) => l.indent < indent);
  const parent = parentAt >= 0 ? above[parentAt]! : null;
  const owner = parent ? ownerOfLine(parent.text) : null;
  if (keyValue) {
    const valueText = keyValue[2]!;
    const inList = bracket >= 0;
    const partial = inList ? valueText.slice(Math.max(valueText.lastIndexOf('['), valueText.lastIndexOf(',')) + 1) : valueText;
    return { kind: 'value', owner, section, key: keyValue[1]!, prefix: partial.trim().replace(/^["']/, ''), inList };
  }
  const word = /^([A-Za-z_][A-Za-z0-9_]*)?$/.exec(trimmed);
  if (!word) return { kind: 'none' };
  if (indent === 0) return { kind: 'top', prefix: word[1] ?? '' };
  if (!parent) return { kind: 'none' };
  if (section === 'defaults' && parent.indent === 0) return { kind: 'step', prefix: word[1] ?? '' };
  const present = above
    .slice(0, parentAt)
    .filter((l) => l.indent === indent)
    .map((l) => /^([A-Za-z_][A-Za-z0-9_]*):/.exec(l.text.trimStart())?.[1] ?? '')
    .filter((k) => k !== '');
  return { kind: 'key', owner: owner ?? '', section, present, prefix: word[1] ?? '' };
}

/** `- Conv2D:` or `Conv2D:` → `Conv2D`. */
function ownerOfLine(line: string): string | null {
  const m = /^\s*(?:-\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*:/.exec(line);
  return m ? m[1]! : null;
}

/** The section of a flow mapping that opens on the line starting at `lineStart`. */
function sectionOfOwner(text: string, lineStart: number, fallback: Section): Section {
  const line = text.slice(lineStart, text.indexOf('\n', lineStart) < 0 ? text.length : text.indexOf('\n', lineStart));
  if (/^[A-Za-z_]/.test(line)) return 'top';
  return fallback;
}
