/**
 * Where checkpoints live in an output folder, and the one step that switches to a new one.
 *
 *   OUT/checkpoint.json          {"current": "epoch-0002", "best": "epoch-0001", ...}
 *   OUT/checkpoints/epoch-0002/  model.json weights.bin optimizer.json optimizer.bin graphc.json state.json
 *   OUT/checkpoints/epoch-0001/  kept while it is the best epoch
 *
 * A checkpoint is written whole into a temporary sibling folder (every file fsynced), renamed to
 * its name under `checkpoints/` (still unreferenced), and only then made current by replacing
 * `checkpoint.json` — one atomic rename. A crash at any moment leaves the pointer naming either
 * the old or the new complete checkpoint; what the crash left (a temporary folder, a folder the
 * pointer never named, one it no longer names) is removed by the next save or `--resume`.
 * `--resume`, evaluate, predict and `--weights OUT` all read through the pointer.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputFile } from '../backends/target.js';
import { onInterrupt } from '../io/interrupts.js';
import { processRuns, syncFolder, writeFilesAtomically } from '../io/write-atomic.js';
import { CHECKPOINT_NAME, CHECKPOINTS_FOLDER, POINTER_FILE, readPointer, type CheckpointPointer } from '../io/checkpoint-pointer.js';

// Reading the pointer is io/'s (weights/ follows it too); this module writes and cleans.
export { bestCheckpointFolder, CHECKPOINTS_FOLDER, currentCheckpointFolder, POINTER_FILE, readPointer, trainedModelFolder, type CheckpointPointer } from '../io/checkpoint-pointer.js';

/** Temporary checkpoint folders: `.tmp-<pid>-<name>`. */
const TEMP_FOLDER = /^\.tmp-(\d+)-/;
/** `out`'s pointer, null when there is none, 'damaged' when it cannot be read (a save replaces it). */
function pointerOrDamaged(out: string): CheckpointPointer | null | 'damaged' {
  try {
    return readPointer(out);
  } catch {
    return 'damaged';
  }
}

/**
 * Removes from `out/checkpoints/` what no complete run needs: temporary folders of processes that
 * no longer run (or of this one: a save is synchronous, so none of its own is in progress) and
 * checkpoint folders of graphc's (a folder holding `state.json`) that the pointer does not name.
 * Without a readable pointer nothing says which checkpoints are in use — the pointer is damaged,
 * or missing (deleted, not copied, or `--out` pointed at a folder graphc did not write) — so then
 * only temporary folders go. Returns the names removed.
 */
export function removeLeftoverCheckpoints(out: string): string[] {
  const folder = join(out, CHECKPOINTS_FOLDER);
  if (!existsSync(folder)) return [];
  const pointer = pointerOrDamaged(out);
  const unreferenced = (name: string): boolean =>
    pointer !== null && pointer !== 'damaged' && name !== pointer.current && name !== pointer.best && CHECKPOINT_NAME.test(name) && existsSync(join(folder, name, 'state.json'));
  const removed: string[] = [];
  for (const name of readdirSync(folder)) {
    const temp = TEMP_FOLDER.exec(name);
    const stale = temp ? Number(temp[1]) === process.pid || !processRuns(Number(temp[1])) : unreferenced(name);
    if (!stale) continue;
    rmSync(join(folder, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Writes `files` as the checkpoint `name` and makes it current, as the module comment describes.
 * `best`: 'this' when it is the best epoch, 'previous' to keep the pointer's best (an earlier
 * epoch of the same run), null when the run has no best epoch yet. Returns the checkpoint's folder.
 */
export function commitCheckpoint(out: string, name: string, files: readonly OutputFile[], best: 'this' | 'previous' | null): string {
  if (!CHECKPOINT_NAME.test(name)) throw new Error(`\`${name}\` is not a checkpoint name`);
  // A damaged pointer is replaced: a fresh run may write into a folder whose last save broke.
  const found = pointerOrDamaged(out);
  const previous = found === 'damaged' ? null : found;
  // Leftovers of an earlier crash were removed when the run started (train()); each save removes
  // what it makes unreferenced, below.
  const folder = join(out, CHECKPOINTS_FOLDER);
  const temp = join(folder, `.tmp-${process.pid}-${name}`);
  const unregister = onInterrupt(() => rmSync(temp, { recursive: true, force: true }));
  try {
    writeFilesAtomically(temp, files);
    syncFolder(temp);
    // The best epoch's folder is kept, so the name may be taken: never overwrite a named one.
    let final = name;
    for (let n = 2; existsSync(join(folder, final)); n++) final = `${name}-${n}`;
    renameSync(temp, join(folder, final));
    syncFolder(folder);
    const pointer: CheckpointPointer = { format: 'graphc-checkpoints', version: 1, current: final, best: best === 'this' ? final : best === 'previous' ? (previous?.best ?? null) : null };
    writeFilesAtomically(out, [{ path: POINTER_FILE, data: `${JSON.stringify(pointer, null, 2)}\n` }]);
    removeLeftoverCheckpoints(out);
    return join(folder, final);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  } finally {
    unregister();
  }
}
