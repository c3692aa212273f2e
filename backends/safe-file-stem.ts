/**
 * File names made from user text (the model name for `build/<name>/` and `<Name>.ts`, template
 * names for `diagrams/template-<name>.svg`). A model may be named `..`, `../x`, `/etc/x`, `a/b`,
 * `CON`, the empty string, text with NUL bytes, or 10,000 characters: each must still give one
 * plain file name that stays in its folder on every operating system, and the same name must
 * always give the same file name (builds are reproducible). The write itself checks the final
 * path again (`io/write-atomic.ts`), so this is the first of two fences, not the only one.
 */
import { createHash } from 'node:crypto';

/** Longest stem in UTF-8 bytes: file systems allow 255, and suffixes such as `.svg` follow. */
export const MAX_STEM_BYTES = 100;

// Windows refuses these as file names, with any extension and in any case (`con.ts`, `Aux`).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i;

/**
 * A file-name stem for `name`: letters and digits of any script, `_`, `-` and `.` are kept (after
 * NFC normalization, so macOS and Linux agree), everything else (separators, NUL, controls,
 * spaces, `:`) becomes `_`; leading dots and trailing dots become `_` (no hidden files, no `..`,
 * nothing Windows trims), Windows device names get a `_` prefix, the empty result is
 * `fallback`, and a stem longer than {@link MAX_STEM_BYTES} is cut and given 8 hex digits of the
 * full name's SHA-256, so two long names that share a prefix still differ.
 */
export function safeFileStem(name: string, fallback = 'model'): string {
  let stem = name.normalize('NFC').replace(/[^\p{L}\p{N}\p{M}_.-]/gu, '_');
  stem = stem.replace(/^\.+/, (dots) => '_'.repeat(dots.length)).replace(/\.+$/, (dots) => '_'.repeat(dots.length));
  if (stem === '') stem = fallback;
  if (RESERVED.test(stem)) stem = `_${stem}`;
  if (Buffer.byteLength(stem, 'utf8') > MAX_STEM_BYTES) {
    const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8);
    let cut = '';
    for (const ch of stem) {
      if (Buffer.byteLength(cut + ch, 'utf8') > MAX_STEM_BYTES - 9) break;
      cut += ch;
    }
    stem = `${cut}-${hash}`;
  }
  return stem;
}
