/**
 * Keras HDF5 weights, read with h5wasm (HDF5 compiled to WebAssembly, loaded only when a file
 * needs it). Two layouts:
 *
 * - Keras 2 (`model.save_weights('x.h5')`, and full-model `.h5` files, whose weights sit in the
 *   `model_weights` group): the root's `layer_names` attribute lists the layers, each layer
 *   group's `weight_names` attribute lists its datasets (`conv1/kernel:0`). Long lists are split
 *   into `layer_names0`, `layer_names1`, ... as tf-keras's `save_attributes_to_hdf5_group` does.
 * - Keras 3 (`x.weights.h5`, and `model.weights.h5` inside a `.keras` archive):
 *   `layers/<layer>/vars/0, 1, ...` in Keras weight order; the `vars` group carries the layer's
 *   name as an attribute in recent versions, older ones name the group after the class.
 */
import type * as H5 from 'h5wasm/node';
import { type Checkpoint, CheckpointReadError, type CheckpointTensor, halfToFloat } from './checkpoint.js';

type H5Module = typeof H5.default;

let loaded: Promise<H5Module> | null = null;

/** h5wasm, loaded and initialized once. */
export async function h5wasm(): Promise<H5Module> {
  loaded ??= import('h5wasm/node').then(async (m) => {
    await m.default.ready;
    return m.default;
  });
  return loaded;
}

/** A string-list attribute, joined from Keras's numbered chunks when it was split. */
export function stringsAttr(obj: H5.Group, name: string): string[] | null {
  const attrs = obj.attrs;
  const one = (a: H5.Attribute | undefined): string[] | null => {
    if (!a) return null;
    const v = a.value;
    // An empty Python list is saved as numpy's empty float64 array.
    if (ArrayBuffer.isView(v) && !(v instanceof Uint8Array)) return [];
    const list = Array.isArray(v) ? v : [v];
    return list.map((x) => (x instanceof Uint8Array ? new TextDecoder().decode(x) : String(x)));
  };
  if (name in attrs) return one(attrs[name]);
  if (!(`${name}0` in attrs)) return null;
  const out: string[] = [];
  for (let i = 0; `${name}${i}` in attrs; i++) out.push(...(one(attrs[`${name}${i}`]) ?? []));
  return out;
}

/** A dataset's values as float32, or null for a non-float dataset. */
function floatsOf(ds: H5.Dataset): { dtype: string; data: Float32Array | null } {
  const meta = ds.metadata;
  const value = ds.value;
  // H5T_FLOAT is class 1; widths 2, 4 and 8 are half, single and double.
  if (meta.type !== 1) return { dtype: `${meta.signed ? 'int' : 'uint'}${meta.size * 8}`, data: null };
  const dtype = `float${meta.size * 8}`;
  if (value instanceof Float32Array) return { dtype, data: Float32Array.from(value) };
  if (value instanceof Float64Array) return { dtype, data: Float32Array.from(value) };
  if (value instanceof Uint16Array) return { dtype, data: Float32Array.from(value, halfToFloat) };
  if (typeof value === 'number') return { dtype, data: Float32Array.of(value) };
  return { dtype, data: null };
}

/** h5wasm's object kind (`Dataset`, `Group`, ...); references carry none. */
const kindOf = (e: H5.Entity | null): string | undefined => (e as { type?: string } | null)?.type;

function tensorOf(key: string, entity: H5.Entity | null, path: string): CheckpointTensor {
  if (kindOf(entity) !== 'Dataset') throw new CheckpointReadError(`\`${path}\` is listed but is not a dataset`);
  const ds = entity as H5.Dataset;
  const { dtype, data } = floatsOf(ds);
  return { key, dtype, shape: ds.shape ?? [], data };
}

const isGroup = (e: H5.Entity | null): e is H5.Group => kindOf(e) === 'Group';

/** Keras 2: `layer_names` → each layer's `weight_names`; keys `layer/kernel`. */
function readKeras2(root: H5.Group, layers: readonly string[]): Map<string, CheckpointTensor> {
  const tensors = new Map<string, CheckpointTensor>();
  for (const layer of layers) {
    const g = root.get(layer);
    if (!isGroup(g)) throw new CheckpointReadError(`layer \`${layer}\` is listed in layer_names but has no group`);
    for (const name of stringsAttr(g, 'weight_names') ?? []) {
      // `conv1/kernel:0` (or `model/conv1/kernel:0` from a nested scope): the last part names it.
      const short = name.slice(name.lastIndexOf('/') + 1).replace(/:\d+$/, '');
      const key = `${layer}/${short}`;
      tensors.set(key, tensorOf(key, g.get(name), `${layer}/${name}`));
    }
  }
  return tensors;
}

/** Keras 3: `layers/<name>/vars/<i>`; keys `<name>/<i>`. */
function readKeras3(layersGroup: H5.Group): { tensors: Map<string, CheckpointTensor>; byClassName: boolean } {
  const tensors = new Map<string, CheckpointTensor>();
  let byClassName = false;
  for (const path of layersGroup.keys()) {
    const g = layersGroup.get(path);
    const vars = isGroup(g) ? g.get('vars') : null;
    if (!isGroup(vars)) continue;
    const recorded = stringsAttr(vars, 'name')?.[0];
    if (recorded === undefined) byClassName = true;
    const layer = recorded ?? path;
    const indices = vars.keys().filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
    for (const i of indices) tensors.set(`${layer}/${i}`, tensorOf(`${layer}/${i}`, vars.get(i), `layers/${path}/vars/${i}`));
  }
  return { tensors, byClassName };
}

/** Reads a Keras HDF5 weights file (any of the layouts above) from disk. */
export async function readKerasH5(path: string, format: 'keras-h5' | 'keras-archive' = 'keras-h5'): Promise<Checkpoint> {
  const h5 = await h5wasm();
  let file: H5.File;
  try {
    file = new h5.File(path, 'r');
  } catch (e) {
    throw new CheckpointReadError(`not an HDF5 file h5wasm can open (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    const weightsGroup = file.get('model_weights');
    const root = isGroup(weightsGroup) ? weightsGroup : file;
    const layers = stringsAttr(root, 'layer_names');
    if (layers) return { format, layout: 'keras', tensors: readKeras2(root, layers) };
    const k3 = file.get('layers') ?? file.get('_layer_checkpoint_dependencies');
    if (isGroup(k3)) {
      const { tensors, byClassName } = readKeras3(k3);
      return { format, layout: 'keras3', tensors, byClassName };
    }
    throw new CheckpointReadError('an HDF5 file without Keras weights: no `layer_names` attribute (Keras 2) and no `layers` group (Keras 3)');
  } finally {
    file.close();
  }
}
