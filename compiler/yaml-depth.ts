/**
 * A linear pre-scan of YAML text for nesting depth. The `yaml` package composes recursively, so
 * a 500,000-deep flow sequence (`[[[[...`) or a long compact block sequence (`- - - - x`)
 * exhausts its stack after many seconds; this scan finds such nesting in one pass, before the
 * parser runs, so the limit is reported at the place it is crossed.
 *
 * It reads just enough YAML lexically to stay correct on ordinary files: quoted scalars and
 * comments are skipped, and a bracket or dash counts only where YAML could start a collection
 * (after an indicator or at the start of a line), so `name: conv[1]` is not nesting.
 */

/** Where the text first nests deeper than allowed. */
export interface DepthExcess {
  /** Offset of the opening that crosses the limit. */
  readonly offset: number;
}

/** Characters after which a `[`, `{` or quote may start a new node. */
const NODE_START = new Set(['[', '{', ',', ':', '-', '?', '\n', '']);

/** Finds the first place where the text nests deeper than `limit`, or null. Linear time. */
export function findExcessNesting(text: string, limit: number): DepthExcess | null {
  let flow = 0;
  let lineDepth = 0;
  let atLineStart = true;
  let previous = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      atLineStart = true;
      lineDepth = 0;
      previous = '\n';
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    const canStart = NODE_START.has(previous);
    if ((c === '"' || c === "'") && canStart) {
      i = skipQuoted(text, i, c);
      previous = c;
      atLineStart = false;
      continue;
    }
    if ((c === '[' || c === '{') && canStart) {
      if (++flow + lineDepth > limit) return { offset: i };
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
    else if (c === '-' && flow === 0 && (atLineStart || previous === '-') && /[ \t]/.test(text[i + 1] ?? '')) {
      // A compact block sequence: every `- ` on one line opens one more level.
      if (++lineDepth + flow > limit) return { offset: i };
      previous = '-';
      continue;
    }
    atLineStart = false;
    previous = c;
  }
  return null;
}

/** The index of the closing quote of a quoted scalar starting at `i` (or the text's end). */
function skipQuoted(text: string, i: number, quote: string): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (quote === '"' && c === '\\') j++;
    else if (c === quote) {
      if (quote === "'" && text[j + 1] === "'") j++;
      else return j;
    }
  }
  return text.length;
}
