/**
 * Reads a file the user named, refusing anything that is not a regular file before reading a
 * byte: a FIFO nobody writes would block forever, `/dev/zero` and `/dev/urandom` never end, and a
 * folder or socket is a mistake worth saying so. The file is opened non-blocking (opening a FIFO
 * for reading otherwise waits for a writer), checked with `fstat` on the open descriptor (so a
 * swap between check and read is caught), and read in chunks up to the size limit plus one byte:
 * a file that grows while it is read is still refused at the limit, never read without end.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';

/** The file's bytes, or why they were not read. */
export type ReadResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly kind: 'not-regular'; readonly what: string }
  | { readonly ok: false; readonly kind: 'too-large'; readonly size: number }
  | { readonly ok: false; readonly kind: 'error'; readonly code: string | undefined; readonly message: string };

/** What a non-regular file is, in words for a diagnostic. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const CHUNK = 1 << 20;

/** Reads at most `maxBytes` of a regular file; anything else, or more, is refused. */
export function readRegularFile(path: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, kind: 'error', code: err.code, message: err.code === 'ENOENT' ? 'no such file' : err.message };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, kind: 'not-regular', what: fileKind(st) };
    if (st.size > maxBytes) return { ok: false, kind: 'too-large', size: st.size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > maxBytes) return { ok: false, kind: 'too-large', size: total };
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, kind: 'error', code: err.code, message: err.message };
  } finally {
    closeSync(fd);
  }
}

/** A read turned into what a command reports: the bytes, or one diagnostic and whether it is a usage error. */
export type UserFile = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly diagnostic: Diagnostic; readonly usage: boolean };

/**
 * Reads a file named on the command line: a missing or unreadable file is GC0002, a special file
 * GC0020 (both usage errors, exit 2), one over `maxBytes` the caller's `tooLarge` diagnostic.
 */
export function readUserFile(path: string, maxBytes: number, tooLarge: (size: number) => Diagnostic): UserFile {
  const r = readRegularFile(path, maxBytes);
  if (r.ok) return r;
  if (r.kind === 'too-large') return { ok: false, diagnostic: tooLarge(r.size), usage: false };
  if (r.kind === 'not-regular') {
    return { ok: false, diagnostic: makeDiagnostic('GC0020', [path, r.what], null, { hint: 'graphc reads regular files only: give the path of a file' }), usage: true };
  }
  return { ok: false, diagnostic: makeDiagnostic('GC0002', [path, r.message], null), usage: true };
}
