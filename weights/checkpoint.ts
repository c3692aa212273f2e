/**
 * A checkpoint as plain data: a flat map of keys to tensors, whatever file it came from. Readers
 * (one file per format) produce it; {@link fitCheckpoint} matches it against the model. Float
 * tensors of any width are converted to float32 on reading; integer tensors keep only their
 * shape (PyTorch's `num_batches_tracked` is one, and never a weight).
 */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';

/** The file formats graphc reads. */
export type CheckpointFormat = 'tfjs' | 'keras-h5' | 'keras-archive' | 'safetensors' | 'onnx';

/**
 * How a file stores weights: `keras` (HWIO, `layer/kernel`), `keras3` (a `.keras` archive:
 * `layer/0`, `layer/1` in Keras weight order), `torch` (OIHW, `layer.weight`), `graphc-onnx`
 * (graphc's own ONNX export: OIHW convolutions, Keras names).
 */
export type StorageLayout = 'keras' | 'keras3' | 'torch' | 'graphc-onnx';

/** One tensor of a checkpoint. */
export interface CheckpointTensor {
  readonly key: string;
  /** As the file names it: float32, float16, bfloat16, float64, int64, ... */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Row-major float32 values; null for a non-float tensor. */
  readonly data: Float32Array | null;
}

/** A whole checkpoint. */
export interface Checkpoint {
  readonly format: CheckpointFormat;
  readonly layout: StorageLayout;
  /** Keys in file order. */
  readonly tensors: ReadonlyMap<string, CheckpointTensor>;
  /**
   * For `.keras` archives of Keras 3 versions that did not record layer names: keys are
   * `<snake_case class>[_n]/<i>` in model order, and the matcher renames them.
   */
  readonly byClassName?: boolean;
}

/** The key of a build's shared map where `build --weights` leaves its request (weights/apply-tfjs.ts). */
export const WEIGHTS_REQUEST = 'weights-request';

/** Weights that did not fit, carried from a build target to the command that prints them. */
export class WeightsLoadError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[], readonly usage: boolean) {
    super(diagnostics[0]?.message ?? 'the weights do not fit');
  }
}

/** A file that is not a readable checkpoint; the loader turns it into GC7001. */
export class CheckpointReadError extends Error {}

/**
 * A name from a checkpoint as diagnostics may show it: control characters escaped (a hostile file
 * must not drive the terminal) and at most `max` characters.
 */
export function shown(key: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const safe = key.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/** `[3, 3, 64, 64]`, or `[]` for a scalar. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** The number of elements of a shape; throws for a shape no file could hold. */
export function elementCount(shape: readonly number[], key: string): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new CheckpointReadError(`tensor \`${key}\` has an invalid dimension ${String(d)}`);
    n *= d;
    if (n > 2 ** 31) throw new CheckpointReadError(`tensor \`${key}\` has more than 2^31 elements`);
  }
  return n;
}

/** IEEE half precision to float32. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Float tensors' dtypes, as the readers name them. */
export const FLOAT_DTYPES: ReadonlySet<string> = new Set(['float16', 'bfloat16', 'float32', 'float64']);

/**
 * Decodes little-endian bytes of a float dtype to float32; null for any other dtype. `bytes`
 * must hold exactly `count` elements. The result may share `bytes`' memory.
 */
export function decodeFloats(bytes: Uint8Array, dtype: string, count: number): Float32Array | null {
  // Aligned float32 on a little-endian host: a view of the file's bytes, no copy at all.
  if (dtype === 'float32' && LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  switch (dtype) {
    case 'float32':
      if (LITTLE_ENDIAN) {
        // One copy instead of 25M DataView reads for a ResNet-50.
        new Uint8Array(out.buffer).set(bytes.subarray(0, count * 4));
        return out;
      }
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      return out;
    case 'float64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
      return out;
    case 'float16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      return out;
    case 'bfloat16': {
      const u = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) u[i] = view.getUint16(i * 2, true) << 16;
      return out;
    }
    default:
      return null;
  }
}
