/**
 * graphc's own weights folder (`graphc build --target tfjs`): a tfjs layers-model `model.json`
 * whose `weightsManifest` lists each weight (`conv1/kernel`, shape, dtype) and the binary files
 * holding them back to back. Read directly, without loading TensorFlow.js.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type Checkpoint, CheckpointReadError, type CheckpointTensor, decodeFloats, elementCount } from './checkpoint.js';

interface ManifestEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: unknown;
}

const WIDTHS: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/** Reads a folder (or its `model.json`) that tfjs's layers-model format wrote. */
export function readTfjsFolder(path: string): Checkpoint {
  const json = statSync(path).isDirectory() ? join(path, 'model.json') : path;
  const dir = dirname(json);
  let manifest: { paths: string[]; weights: ManifestEntry[] }[];
  try {
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as { weightsManifest?: unknown };
    if (!Array.isArray(parsed.weightsManifest)) throw new Error('it has no weightsManifest');
    manifest = parsed.weightsManifest as typeof manifest;
  } catch (e) {
    throw new CheckpointReadError(`${basename(json)} is not a tfjs model: ${e instanceof Error ? e.message : String(e)}`);
  }
  const tensors = new Map<string, CheckpointTensor>();
  for (const group of manifest) {
    // Shard paths are relative file names next to model.json; anything else is refused.
    const parts = group.paths.map((p) => {
      if (typeof p !== 'string' || p.includes('/') || p.includes('\\') || p.startsWith('.')) throw new CheckpointReadError(`weights path ${JSON.stringify(p)} is not a file name next to model.json`);
      return readFileSync(join(dir, p));
    });
    const bytes = Buffer.concat(parts);
    let at = 0;
    for (const w of group.weights) {
      if (w.quantization) throw new CheckpointReadError(`weight \`${w.name}\` is quantized; save the model without quantization`);
      const width = WIDTHS[w.dtype];
      if (!width) throw new CheckpointReadError(`weight \`${w.name}\` has dtype ${String(w.dtype)}`);
      const n = elementCount(w.shape, w.name);
      if (at + n * width > bytes.length) throw new CheckpointReadError(`weight \`${w.name}\` runs past the end of ${group.paths.join(', ')}`);
      const data = decodeFloats(bytes.subarray(at, at + n * width), w.dtype, n);
      tensors.set(w.name, { key: w.name, dtype: w.dtype, shape: w.shape, data });
      at += n * width;
    }
  }
  return { format: 'tfjs', layout: 'keras', tensors };
}
