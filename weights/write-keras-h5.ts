/**
 * Writes Keras 2's `save_weights` HDF5 layout, the one `model.load_weights('x.h5')` reads in
 * tf-keras and Keras 3 alike: the root's `layer_names` (every layer, in model order), `backend`
 * and `keras_version` attributes; one group per layer (created in name order, as tf-keras does)
 * with a `weight_names` attribute and its datasets at `<layer>/<layer>/<weight>:0`. Strings are
 * fixed-length byte strings, as numpy writes them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as H5 from 'h5wasm/node';
import { h5wasm } from './keras-h5.js';

/** A layer and its weights, in Keras order. */
export interface KerasLayerOut {
  readonly name: string;
  readonly weights: readonly { readonly name: string; readonly shape: readonly number[]; readonly data: Float32Array }[];
}

/** tf-keras's HDF5_OBJECT_HEADER_LIMIT: longer attributes are split into numbered chunks. */
const HEADER_LIMIT = 64512;

/** A list of strings as a fixed-length byte-string attribute, chunked as tf-keras does. */
function writeStrings(obj: H5.Group, name: string, values: readonly string[]): void {
  if (values.length === 0) {
    // numpy's empty list: a float64 array of length 0, which Keras reads as "no weights".
    obj.create_attribute(name, new Float64Array(0), [0]);
    return;
  }
  const width = Math.max(1, ...values.map((v) => Buffer.byteLength(v)));
  let chunks = 1;
  while (Math.ceil(values.length / chunks) * width > HEADER_LIMIT) chunks++;
  if (chunks === 1) {
    obj.create_attribute(name, [...values], [values.length], `S${width}`);
    return;
  }
  const size = Math.ceil(values.length / chunks);
  for (let c = 0; c < chunks; c++) {
    const part = values.slice(c * size, (c + 1) * size);
    obj.create_attribute(`${name}${c}`, [...part], [part.length], `S${width}`);
  }
}

/**
 * The HDF5 file's bytes. HDF5 records creation times in object headers; h5wasm's clock is pinned
 * to 0 while writing (the write is synchronous) so the same weights give byte-identical files.
 */
export async function writeKerasH5(layers: readonly KerasLayerOut[], kerasVersion = '2.15.0'): Promise<Uint8Array> {
  const h5 = await h5wasm();
  const dir = mkdtempSync(join(tmpdir(), 'graphc-h5-'));
  const path = join(dir, 'weights.h5');
  const now = Date.now;
  try {
    Date.now = () => 0;
    const file = new h5.File(path, 'w');
    try {
      writeStrings(file, 'layer_names', layers.map((l) => l.name));
      file.create_attribute('backend', 'tensorflow', null, `S${'tensorflow'.length}`);
      file.create_attribute('keras_version', kerasVersion, null, `S${kerasVersion.length}`);
      for (const layer of [...layers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const g = file.create_group(layer.name);
        writeStrings(g, 'weight_names', layer.weights.map((w) => `${layer.name}/${w.name}:0`));
        if (layer.weights.length === 0) continue;
        const inner = g.create_group(layer.name);
        for (const w of layer.weights) inner.create_dataset({ name: `${w.name}:0`, data: w.data, shape: [...w.shape], dtype: '<f' });
      }
    } finally {
      file.close();
    }
    Date.now = now;
    return new Uint8Array(readFileSync(path));
  } finally {
    Date.now = now;
    rmSync(dir, { recursive: true, force: true });
  }
}
