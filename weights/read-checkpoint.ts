/**
 * Detects a checkpoint's format from the file itself (magic bytes first, the extension where the
 * bytes cannot tell) and reads it with the matching reader. PyTorch pickles (`.pt`, `.pth`,
 * `.bin`, `.ckpt`) are refused: unpickling runs code the file chooses.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { trainedModelFolder } from '../io/checkpoint-pointer.js';
import { type Checkpoint, CheckpointReadError } from './checkpoint.js';

/** Largest checkpoint file read (Node reads a file into one buffer of at most 2 GiB). */
export const MAX_CHECKPOINT_BYTES = 2 ** 31 - 1;

/** A file of a kind graphc deliberately does not read (GC7002). */
export class UnsupportedCheckpoint extends Error {
  constructor(readonly kind: string, readonly reason: string) {
    super(reason);
  }
}

/** The path is not there at all (a usage error, GC0002). */
export class MissingCheckpoint extends Error {}

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const PICKLE = 'PyTorch pickle';
const PICKLE_REASON = 'loading a pickle executes code the file chooses; convert it to safetensors in Python: `from safetensors.torch import save_file; save_file(torch.load(path, weights_only=True), "model.safetensors")`';

function head(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

const starts = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);

/** Reads any supported checkpoint. Throws {@link MissingCheckpoint}, {@link UnsupportedCheckpoint} or a CheckpointReadError. */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  if (!existsSync(path)) throw new MissingCheckpoint(path);
  const stat = statSync(path);
  if (stat.isDirectory()) {
    // A `graphc train` output folder stands for its current checkpoint (the rule train/ uses too).
    let folder: string;
    try {
      folder = trainedModelFolder(path);
    } catch (e) {
      throw new CheckpointReadError(`a training output folder whose ${(e as Error).message}`);
    }
    if (!existsSync(join(folder, 'model.json'))) throw new CheckpointReadError('a folder without model.json (graphc reads tfjs weight folders written by `graphc build --target tfjs` or `graphc train`)');
    return (await import('./tfjs-folder.js')).readTfjsFolder(folder);
  }
  if (!stat.isFile()) throw new CheckpointReadError('not a regular file');
  if (stat.size > MAX_CHECKPOINT_BYTES) throw new CheckpointReadError(`the file is ${stat.size} bytes, over the limit of ${MAX_CHECKPOINT_BYTES}`);
  const ext = extname(path).toLowerCase();
  const magic = head(path, 16);
  if (['.pt', '.pth', '.bin', '.ckpt', '.pkl'].includes(ext)) throw new UnsupportedCheckpoint(PICKLE, PICKLE_REASON);
  if (starts(magic, HDF5_MAGIC)) return (await import('./keras-h5.js')).readKerasH5(path);
  if (starts(magic, ZIP_MAGIC)) {
    if (ext === '.npz') throw new UnsupportedCheckpoint('NumPy .npz', 'save the weights as safetensors or Keras HDF5');
    return (await import('./keras-archive.js')).readKerasArchive(path);
  }
  if (ext === '.json') return (await import('./tfjs-folder.js')).readTfjsFolder(path);
  if (ext === '.onnx') return (await import('./onnx-initializers.js')).readOnnxInitializers(readFileSync(path));
  // safetensors: an 8-byte length, then the JSON header's `{`.
  if (ext === '.safetensors' || magic[8] === 0x7b) return (await import('./safetensors.js')).readSafetensors(readFileSync(path));
  if (magic[0] === 0x80) throw new UnsupportedCheckpoint(PICKLE, PICKLE_REASON);
  throw new UnsupportedCheckpoint(`\`${ext || 'extensionless'}\``, 'the formats are a tfjs folder, Keras .h5 / .weights.h5 / .keras, .safetensors and .onnx');
}
