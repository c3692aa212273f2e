/**
 * Writes a set of files so that none is ever half-written: each goes to a temporary file in its
 * final folder, and only when all are written are they renamed into place (rename is atomic on
 * one file system). On any error, or on Ctrl-C, the temporary files are removed.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OutputFile } from '../backends/target.js';

/** Writes every file under `dir`; returns the final paths. Throws after cleaning up on failure. */
export function writeFilesAtomically(dir: string, files: readonly OutputFile[]): string[] {
  const temps: string[] = [];
  const cleanup = (): void => {
    for (const t of temps) rmSync(t, { force: true });
  };
  const onSignal = (): void => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    // A folder where a file should go would fail at rename time, after other files moved into
    // place: refuse before writing anything.
    for (const f of files) {
      const final = join(dir, f.path);
      if (existsSync(final) && statSync(final).isDirectory()) throw new Error(`${final} is a folder`);
    }
    const planned = files.map((f, i) => {
      const final = join(dir, f.path);
      mkdirSync(dirname(final), { recursive: true });
      const temp = join(dirname(final), `.${i}.graphc-${process.pid}.tmp`);
      return { final, temp, data: f.data };
    });
    for (const p of planned) {
      temps.push(p.temp);
      writeFileSync(p.temp, p.data);
    }
    for (const p of planned) renameSync(p.temp, p.final);
    temps.length = 0;
    return planned.map((p) => p.final);
  } catch (e) {
    cleanup();
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
