/**
 * HDF5 data sets in the seed's (SIGNS) layout: an image dataset `train_set_x` [N, H, W, C]
 * (uint8), labels `train_set_y` [N] (or [1, N], as the course reshapes them) and optional
 * `list_classes` whose values name the classes. Read with h5wasm (libhdf5 compiled to
 * WebAssembly, reading the host file system in Node); images are read per batch as hyperslabs,
 * so only one batch is ever in memory; labels are small and read once.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Dataset as H5Dataset, File as H5File } from 'h5wasm';
import { checkLabelRange, dataError, type DataDtype, type Dataset, type ElementSpec, type Samples } from './dataset.js';

/** Dataset names inside the file; each defaults to what the file holds (`*_x`, `*_y`, `list_classes`). */
export interface Hdf5Keys {
  readonly x?: string;
  readonly y?: string;
  readonly classes?: string;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** True when the file starts (at 0, 512, 1024 or 2048, where HDF5 may put it) with the HDF5 signature. */
function hasSignature(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(8);
    for (const at of [0, 512, 1024, 2048]) {
      if (readSync(fd, buf, 0, 8, at) === 8 && SIGNATURE.every((b, i) => buf[i] === b)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** h5wasm's dtype metadata to ours; null for types a sample cannot be (strings, compounds). */
function dtypeOf(ds: H5Dataset): DataDtype | null {
  const m = ds.metadata;
  if (m.type === 0) {
    const ints: Record<number, DataDtype> = m.signed ? { 1: 'int8', 2: 'int16', 4: 'int32', 8: 'int32' } : { 1: 'uint8', 2: 'uint16', 4: 'int32', 8: 'int32' };
    return ints[m.size] ?? null;
  }
  if (m.type === 1) return m.size === 8 ? 'float64' : 'float32';
  return null;
}

/** Any typed array h5wasm returns (BigInt64 for int64 labels) as float32. */
function toFloat32(values: unknown): Float32Array {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Float32Array.from(values, (v) => Number(v));
  if (ArrayBuffer.isView(values)) return Float32Array.from(values as unknown as ArrayLike<number>);
  if (Array.isArray(values)) return Float32Array.from(values.map(Number));
  return Float32Array.of(Number(values));
}

/** The one key ending in `suffix` (train_set_x, test_set_x), when there is exactly one. */
function guessKey(keys: readonly string[], suffix: string, fallback: string): string {
  const found = keys.filter((k) => k.endsWith(suffix));
  return found.length === 1 ? found[0]! : fallback;
}

/** Opens an HDF5 file; throws a {@link DataError} naming the file and dataset when it cannot be used. */
export async function openHdf5(path: string, keys: Hdf5Keys = {}): Promise<Dataset> {
  if (!hasSignature(path)) throw dataError('GC6001', [path, 'not an HDF5 file (no HDF5 signature)']);
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  let file: H5File;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (e) {
    throw dataError('GC6001', [path, `HDF5 could not open it (${String(e).split('\n')[0]})`]);
  }
  try {
    return fromFile(path, file, keys);
  } catch (e) {
    file.close();
    throw e;
  }
}

function fromFile(path: string, file: H5File, keys: Hdf5Keys): Dataset {
  const names = file.keys();
  const hint = `the file holds ${names.map((k) => `\`${k}\``).join(', ') || 'no datasets'}; choose with --x-key / --y-key`;
  const get = (key: string): H5Dataset => {
    const entity = names.includes(key) ? file.get(key) : null;
    if (entity === null || !('slice' in entity)) throw dataError('GC6002', [path, key], hint);
    return entity as H5Dataset;
  };
  const xKey = keys.x ?? guessKey(names, '_x', 'x');
  const yKey = keys.y ?? guessKey(names, '_y', 'y');
  const x = get(xKey);
  const xShape = x.shape ?? [];
  const dtype = dtypeOf(x);
  if (dtype === null || xShape.length < 2) throw dataError('GC6001', [path, `dataset \`${xKey}\` is not numeric samples (dtype ${String(x.dtype)}, shape [${xShape.join(', ')}])`]);
  const n = xShape[0]!;
  const labelKeyGiven = keys.y !== undefined || names.includes(yKey);
  let labels: Float32Array | null = null;
  let labelShape: number[] = [];
  if (labelKeyGiven) {
    const y = get(yKey);
    let yShape = y.shape ?? [];
    // The course reshapes labels to (1, m); both that and (m, 1) are one class number per sample.
    if (yShape.length === 2 && yShape[0] === 1 && yShape[1] !== 1) yShape = [yShape[1]!];
    if (yShape.length === 2 && yShape[1] === 1) yShape = [yShape[0]!];
    if (dtypeOf(y) === null) throw dataError('GC6001', [path, `dataset \`${yKey}\` is not numeric labels`]);
    if (yShape[0] !== n) throw dataError('GC6003', [path, n, yShape[0] ?? 0], `\`${xKey}\` and \`${yKey}\` must have the same first dimension`);
    labels = toFloat32(y.value);
    labelShape = yShape.slice(1);
  }
  const classKey = keys.classes ?? 'list_classes';
  const classNames = names.includes(classKey) ? Array.from(toFloat32(get(classKey).value), (v) => String(v)) : null;
  const sampleShape = xShape.slice(1);
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const spec: ElementSpec = { shape: sampleShape, dtype, labels: labels === null ? 'none' : labelShape.length === 0 ? 'index' : 'vector', labelShape, classNames };
  const labelSize = labelShape.reduce((a, b) => a * b, 1);
  return {
    source: path,
    length: n,
    spec,
    read(indices): Samples {
      const out = new Float32Array(indices.length * size);
      // Sorted runs of consecutive indices become one hyperslab each.
      const sorted = indices.map((index, at) => ({ index, at })).sort((a, b) => a.index - b.index);
      for (let i = 0; i < sorted.length; ) {
        let j = i + 1;
        while (j < sorted.length && sorted[j]!.index === sorted[j - 1]!.index + 1) j++;
        const start = sorted[i]!.index;
        const run = toFloat32(x.slice([[start, start + (j - i)]]));
        for (let k = i; k < j; k++) out.set(run.subarray((k - i) * size, (k - i + 1) * size), sorted[k]!.at * size);
        i = j;
      }
      let y: Float32Array | null = null;
      if (labels) {
        y = new Float32Array(indices.length * labelSize);
        indices.forEach((index, at) => y!.set(labels.subarray(index * labelSize, (index + 1) * labelSize), at * labelSize));
      }
      return { count: indices.length, x: out, y };
    },
    scan: (limit, { classes }) => (labels && spec.labels === 'index' && classes !== null ? checkLabelRange(`${path}:${yKey}`, labels, classes, limit) : []),
    labelIndices: () => (labels && spec.labels === 'index' ? Int32Array.from(labels) : null),
    close: () => {
      file.close();
    },
  };
}
