/**
 * HTML-like label fragments shared by the views. Every piece of user text (layer names, group
 * labels, template names) passes `htmlEscape` here, so a view never concatenates raw text into
 * markup: a name like `<B>` or `a&b` shows literally.
 */
import { html, htmlEscape, type HtmlLabel } from '../dot.js';
import { MUTED } from './style.js';

/** Escaped text. */
export function text(s: string): string {
  return htmlEscape(s);
}

/** Escaped text in bold. */
export function bold(s: string): string {
  return `<B>${htmlEscape(s)}</B>`;
}

/** Escaped text, smaller and greyed: names under a title, shapes, counts. */
export function muted(s: string, size = 10): string {
  return `<FONT POINT-SIZE="${size}" COLOR="${MUTED}">${htmlEscape(s)}</FONT>`;
}

/** Escaped text at a given size. */
export function sized(s: string, size: number): string {
  return `<FONT POINT-SIZE="${size}">${htmlEscape(s)}</FONT>`;
}

/**
 * Lines of markup (already escaped) stacked into one label, one table row each. Not `<BR/>`:
 * Graphviz spaces `<BR/>` lines by its own font estimate, so the underscore of a bold name
 * (`block1a_expand_conv`) touched the line below and showed as a stray tick in the PNGs; a row
 * per line with a pixel of padding keeps the lines apart.
 */
export function stack(lines: readonly string[]): HtmlLabel {
  const shown = lines.filter((l) => l !== '');
  if (shown.length <= 1) return html(shown[0] ?? '');
  const rows = shown.map((l) => `<TR><TD>${l}</TD></TR>`).join('');
  return html(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">${rows}</TABLE>`);
}

/** Lines of markup (already escaped), each flush left: for cluster titles. */
export function stackLeft(lines: readonly string[]): HtmlLabel {
  const rows = lines.filter((l) => l !== '').map((l) => `<TR><TD ALIGN="LEFT">${l}</TD></TR>`);
  return html(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">${rows.join('')}</TABLE>`);
}

/** A step box's label: bold title, then an optional detail line and an optional muted line. */
export function stepLabel(title: string, detail: string, note = ''): HtmlLabel {
  return stack([bold(title), detail === '' ? '' : sized(detail, 10), note === '' ? '' : muted(note, 8)]);
}

/** A small muted edge label (tensor shapes), or undefined when there is nothing to say. */
export function edgeLabel(s: string | null): HtmlLabel | undefined {
  return s === null ? undefined : html(muted(s, 9));
}

/** One table cell. `markup` must be escaped already. */
export function cell(markup: string, attrs: { readonly align?: 'LEFT' | 'RIGHT' | 'CENTER'; readonly bgcolor?: string; readonly colspan?: number } = {}): string {
  const parts: string[] = [];
  if (attrs.align) parts.push(`ALIGN="${attrs.align}"`);
  if (attrs.bgcolor) parts.push(`BGCOLOR="${attrs.bgcolor}"`);
  if (attrs.colspan) parts.push(`COLSPAN="${attrs.colspan}"`);
  return `<TD${parts.length > 0 ? ` ${parts.join(' ')}` : ''}>${markup}</TD>`;
}

/** A table of rows (each a list of cells from `cell`). */
export function table(rows: readonly (readonly string[])[]): HtmlLabel {
  const body = rows.map((r) => `<TR>${r.join('')}</TR>`).join('');
  return html(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="4">${body}</TABLE>`);
}
