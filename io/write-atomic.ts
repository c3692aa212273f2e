/**
 * Writes a set of files so that none is ever half-written: each goes to a temporary file in its
 * final folder, is flushed to disk (fsync), and only when all are written are they renamed into
 * place (rename is atomic on one file system), then the folders are flushed so the renames
 * survive a crash. On any error, Ctrl-C or SIGTERM the temporary files are removed.
 *
 * Temporaries are named `.graphc-<pid>.<n>.tmp`: a process killed with -9 cannot clean up, so
 * the next write into that folder removes the temporaries of processes that no longer run.
 * Every path is checked to stay inside the output folder, whatever the model is called.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { OutputFile } from '../backends/target.js';
import { onInterrupt } from './interrupts.js';

/** Temporaries of this and earlier versions: `.graphc-<pid>.<n>.tmp` and `.<n>.graphc-<pid>.tmp`. */
const TEMP_NAME = /^\.(?:\d+\.)?graphc-(\d+)(?:\.\d+)?\.tmp$/;

/** True when `path` lies strictly inside `dir` (both resolved; `..`, absolute paths and `dir` itself are not). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(dir, path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Whether a process with this id runs (EPERM: it runs, as another user). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes graphc temporaries in `folder` whose process is gone; returns the names removed. */
export function removeStaleTemporaries(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    const pid = m ? Number(m[1]) : NaN;
    if (!m || pid === process.pid || processRuns(pid)) continue;
    rmSync(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function writeDurably(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'w', 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let done = 0;
    while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a folder's entries (renames into it) to disk; a no-op where folders cannot be synced. */
export function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms (Windows) cannot open or fsync a folder; the files themselves are synced.
  }
}

/** Writes every file under `dir`; returns the final paths. Throws after cleaning up on failure. */
export function writeFilesAtomically(dir: string, files: readonly OutputFile[]): string[] {
  const temps: string[] = [];
  const cleanup = (): void => {
    for (const t of temps) rmSync(t, { force: true });
    temps.length = 0;
  };
  const unregister = onInterrupt(cleanup);
  try {
    for (const f of files) {
      if (f.path.includes('\0') || !isInside(dir, f.path)) throw new Error(`\`${f.path}\` would be written outside the output folder`);
    }
    // A folder where a file should go would fail at rename time, after other files moved into
    // place: refuse before writing anything.
    for (const f of files) {
      const final = join(dir, f.path);
      if (existsSync(final) && statSync(final).isDirectory()) throw new Error(`${final} is a folder`);
    }
    const folders = new Set<string>();
    const planned = files.map((f, i) => {
      const final = join(dir, f.path);
      const folder = dirname(final);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        // A symbolic link inside the output folder must not lead the write elsewhere.
        if (folder !== dir && !isInside(realpathSync(dir), realpathSync(folder))) throw new Error(`\`${folder}\` leads outside the output folder`);
        removeStaleTemporaries(folder);
        folders.add(folder);
      }
      return { final, temp: join(folder, `.graphc-${process.pid}.${i}.tmp`), data: f.data };
    });
    for (const p of planned) {
      temps.push(p.temp);
      writeDurably(p.temp, p.data);
    }
    for (const p of planned) renameSync(p.temp, p.final);
    temps.length = 0;
    for (const folder of folders) syncFolder(folder);
    return planned.map((p) => p.final);
  } catch (e) {
    cleanup();
    throw e;
  } finally {
    unregister();
  }
}
