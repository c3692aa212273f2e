/**
 * Reading a training output folder's checkpoint pointer (`OUT/checkpoint.json`, written by
 * train/checkpoint-store.ts): which checkpoint folder is current and which holds the best epoch.
 * Here, below train/ and weights/, because both follow it: `evaluate`, `predict`, `--resume`, and
 * every command's `--weights OUT`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The pointer file, in the output folder. */
export const POINTER_FILE = 'checkpoint.json';
/** The folder of checkpoint folders, in the output folder. */
export const CHECKPOINTS_FOLDER = 'checkpoints';

/** `checkpoint.json`: which checkpoint folder is current, and which holds the best epoch. */
export interface CheckpointPointer {
  readonly format: 'graphc-checkpoints';
  readonly version: 1;
  /** Folder name under `checkpoints/` of the latest complete checkpoint. */
  readonly current: string;
  /** Folder name of the best epoch's checkpoint, or null before any epoch ended. */
  readonly best: string | null;
}

/** Names graphc gives checkpoint folders (what may be removed when unreferenced). */
export const CHECKPOINT_NAME = /^epoch-\d+(?:-batch-\d+)?(?:-\d+)?$/;

/** Reads `out`'s pointer; null when there is none; throws a one-line reason when it is damaged. */
export function readPointer(out: string): CheckpointPointer | null {
  const path = join(out, POINTER_FILE);
  if (!existsSync(path)) return null;
  let pointer: CheckpointPointer;
  try {
    pointer = JSON.parse(readFileSync(path, 'utf8')) as CheckpointPointer;
  } catch (e) {
    throw new Error(`${POINTER_FILE} is not valid JSON (${(e as Error).message})`);
  }
  const named = (n: unknown): boolean => typeof n === 'string' && CHECKPOINT_NAME.test(n);
  if (typeof pointer !== 'object' || pointer === null || pointer.format !== 'graphc-checkpoints' || pointer.version !== 1 || !named(pointer.current) || !(pointer.best === null || named(pointer.best))) {
    throw new Error(`${POINTER_FILE} is not a graphc checkpoint pointer of version 1`);
  }
  return pointer;
}

/** The folder of `out`'s current checkpoint, or null when `out` has no pointer. */
export function currentCheckpointFolder(out: string): string | null {
  const pointer = readPointer(out);
  return pointer ? join(out, CHECKPOINTS_FOLDER, pointer.current) : null;
}

/** The folder of `out`'s best epoch, or null. */
export function bestCheckpointFolder(out: string): string | null {
  const best = readPointer(out)?.best;
  return best ? join(out, CHECKPOINTS_FOLDER, best) : null;
}

/** The folder a trained model is read from: `path` itself when it holds the files, else through its pointer. */
export function trainedModelFolder(path: string): string {
  if (existsSync(join(path, 'graphc.json'))) return path;
  return currentCheckpointFolder(path) ?? path;
}

