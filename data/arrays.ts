/**
 * A data set from arrays read by rows (a `.npy` pair, the members of a `.npz`): `x` [N, ...]
 * samples, optional `y` [N] class numbers or [N, K] rows, optional class names.
 */
import { checkLabelRange, dataError, type Dataset, type Samples } from './dataset.js';
import { openNpy, openNpz, type NpyArray } from './npy.js';

/** Names inside a `.npz` (or, for a `.npy`, the labels' file); defaults guess `x`/`x_train`, `y`/`y_train`. */
export interface ArrayKeys {
  readonly x?: string;
  readonly y?: string;
  readonly classes?: string;
}

/** A data set over row-readable arrays; checks that x and y have the same length. */
export function arrayDataset(source: string, x: NpyArray, y: NpyArray | null, classNames: readonly string[] | null, close: () => void): Dataset {
  const n = x.shape[0] ?? 0;
  if (x.shape.length < 2) throw dataError('GC6001', [source, `the samples have shape [${x.shape.join(', ')}]; they need a batch dimension first`]);
  if (y && y.shape[0] !== n) throw dataError('GC6003', [source, n, y.shape[0] ?? 0]);
  let yShape = y ? y.shape.slice(1) : [];
  if (yShape.length === 1 && yShape[0] === 1) yShape = [];
  const size = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const labelSize = yShape.reduce((a, b) => a * b, 1);
  // Labels are small next to the samples: read once, for range checks and the confusion matrix.
  const labels = y ? y.rows(0, n) : null;
  return {
    source,
    length: n,
    spec: { shape: x.shape.slice(1), dtype: x.dtype, labels: labels === null ? 'none' : yShape.length === 0 ? 'index' : 'vector', labelShape: yShape, classNames },
    read(indices): Samples {
      const out = new Float32Array(indices.length * size);
      indices.forEach((index, at) => out.set(x.rows(index, 1), at * size));
      let ys: Float32Array | null = null;
      if (labels) {
        ys = new Float32Array(indices.length * labelSize);
        indices.forEach((index, at) => ys!.set(labels.subarray(index * labelSize, (index + 1) * labelSize), at * labelSize));
      }
      return { count: indices.length, x: out, y: ys };
    },
    scan: (limit, { classes }) => (labels && yShape.length === 0 && classes !== null ? checkLabelRange(source, labels, classes, limit) : []),
    labelIndices: () => (labels && yShape.length === 0 ? Int32Array.from(labels) : null),
    close,
  };
}

/** The one name in `names` among `candidates`, in candidate order. */
function pick(names: readonly string[], candidates: readonly string[]): string | undefined {
  return candidates.find((c) => names.includes(c));
}

/** Opens a `.npz` archive: `x`/`x_train`/`train_set_x`..., labels likewise. */
export async function openNpzDataset(path: string, keys: ArrayKeys = {}): Promise<Dataset> {
  const arrays = await openNpz(path);
  const names = [...arrays.keys()];
  const hint = `the archive holds ${names.map((k) => `\`${k}\``).join(', ') || 'no arrays'}; choose with --x-key / --y-key`;
  const xKey = keys.x ?? pick(names, ['x', 'x_train', 'train_set_x', 'images']) ?? names.find((k) => k.endsWith('_x')) ?? 'x';
  const x = arrays.get(xKey);
  if (!x) throw dataError('GC6002', [path, xKey], hint);
  const yKey = keys.y ?? pick(names, ['y', 'y_train', 'train_set_y', 'labels']) ?? names.find((k) => k.endsWith('_y'));
  const y = yKey === undefined ? null : arrays.get(yKey) ?? null;
  if (keys.y !== undefined && !y) throw dataError('GC6002', [path, keys.y], hint);
  const classArray = arrays.get(keys.classes ?? 'list_classes');
  const classNames = classArray ? Array.from(classArray.rows(0, classArray.shape[0] ?? 0), String) : null;
  return arrayDataset(path, x, y, classNames, () => undefined);
}

/** Opens a `.npy` of samples, with labels from the `.npy` that `keys.y` names (none otherwise). */
export function openNpyDataset(path: string, keys: ArrayKeys = {}): Dataset {
  const x = openNpy(path);
  let y: NpyArray | null = null;
  try {
    y = keys.y === undefined ? null : openNpy(keys.y);
    return arrayDataset(path, x, y, null, () => {
      x.close();
      y?.close();
    });
  } catch (e) {
    x.close();
    y?.close();
    throw e;
  }
}
