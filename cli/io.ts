/**
 * What a command may touch of the outside world: its output streams. The CLI is a function
 * `(argv, io) => exit code`, so tests run it in-process and read what it printed.
 *
 * This is also the output edge: {@link terminalSafe} is the one function that makes text safe
 * to print, and {@link edgeIo} applies it (then colour, when asked) to everything a command
 * writes, so no command can forget it.
 */
import { paintLines } from './colour.js';
import type { JsonReport } from './json-report.js';

/** Output sinks of one CLI run. */
export interface CliIo {
  /** Writes to standard output (results). */
  readonly out: (text: string) => void;
  /** Writes to standard error (diagnostics, progress). */
  readonly err: (text: string) => void;
  /** Whether each stream is a terminal (colour is only ever on for a terminal or FORCE_COLOR). */
  readonly tty?: { readonly out: boolean; readonly err: boolean };
  /** Environment read for NO_COLOR / FORCE_COLOR / TERM; defaults to none (tests stay plain). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Set when the run has `--json`: commands give it their result and diagnostics instead of printing. */
  readonly report?: JsonReport;
  /** Ends a `--watch` run (tests run watches in-process; the CLI process ends on Ctrl-C instead). */
  readonly stop?: AbortSignal;
}

/**
 * Exit codes: 0 success, 1 the model is invalid (or a build failed), 2 bad usage, 70 an internal
 * error (a graphc bug); 130 after Ctrl-C (SIGINT) and 143 after SIGTERM, the shell's 128 + signal
 * number.
 */
export const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 70, interrupted: 130, terminated: 143 } as const;

/** The process's own streams. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  tty: { out: process.stdout.isTTY === true, err: process.stderr.isTTY === true },
  env: process.env,
};

/** Raised inside a command for bad usage; the runner prints it and exits with 2. */
export class UsageError extends Error {}

/**
 * Characters a terminal may act on rather than show: C0 controls except newline and tab
 * (ESC starts escape sequences, BEL rings, CR overwrites the line, BS erases), DEL, C1 controls
 * (U+009B is a one-byte CSI), lone surrogates, and the format characters (category Cf): bidi
 * embeddings, overrides and isolates (U+202A-202E, U+2066-2069), marks (U+200E/F, U+061C),
 * zero-width space, BOM, interlinear annotations and tag characters, which reorder or hide text
 * ("Trojan Source"). Zero-width (non-)joiners stay: emoji and Indic scripts need them and they
 * cannot reorder anything. Line and paragraph separators (U+2028/9) break lines in some terminals.
 */
const UNSAFE = /(?![\n\t\u200c\u200d])[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;
const PRINTABLE_ASCII = /^[\x20-\x7e\n\t]*$/;

/**
 * Makes text safe for a terminal: every unsafe character becomes `\uXXXX` (beyond the BMP, its
 * surrogate pair as two such escapes, so JSON stays valid). Backslashes are left
 * alone, so JSON text stays JSON: inside a JSON string the escape means the same character.
 * Idempotent: the output contains no unsafe character.
 */
export function terminalSafe(text: string): string {
  // Printable ASCII is safe as it is; the Unicode-class pattern costs milliseconds to compile,
  // a noticeable part of a short command's start-up.
  if (PRINTABLE_ASCII.test(text)) return text;
  return text.replace(UNSAFE, (c) => {
    let out = '';
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

/** How colour was asked for on the command line. */
export type ColourFlag = 'auto' | 'never' | 'always';

/**
 * Whether to colour a stream: `--no-color` and a non-empty `NO_COLOR` (no-color.org) win, then
 * `--color` and `FORCE_COLOR` (other than `0`/`false`), then a terminal that is not `TERM=dumb`.
 */
export function colourEnabled(flag: ColourFlag, isTty: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (flag === 'never' || (env['NO_COLOR'] ?? '') !== '') return false;
  const force = env['FORCE_COLOR'];
  if (flag === 'always' || (force !== undefined && force !== '0' && force !== 'false')) return true;
  return isTty && env['TERM'] !== 'dumb';
}

/**
 * The io a command writes to: everything escaped by {@link terminalSafe}, then coloured per
 * stream when colour is on. With a JSON `report`, stdout is never coloured (the document stays plain).
 */
export function edgeIo(io: CliIo, flag: ColourFlag, report: JsonReport | undefined): CliIo {
  const env = io.env ?? {};
  const colourOut = report === undefined && colourEnabled(flag, io.tty?.out ?? false, env);
  const colourErr = colourEnabled(flag, io.tty?.err ?? false, env);
  return {
    out: (text) => io.out(colourOut ? paintLines(terminalSafe(text)) : terminalSafe(text)),
    err: (text) => io.err(colourErr ? paintLines(terminalSafe(text)) : terminalSafe(text)),
    tty: { out: colourOut, err: colourErr },
    env,
    ...(report ? { report } : {}),
    ...(io.stop ? { stop: io.stop } : {}),
  };
}
