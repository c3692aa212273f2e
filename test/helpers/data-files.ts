/** Small data files for the data and training tests: .npy bytes, .npz archives, HDF5 files, images. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A `.npy` (format 1.0) of `descr` ('<f4', '|u1', '<i8', ...) holding `values` in `shape`. */
export function npyBytes(descr: string, shape: readonly number[], values: ArrayLike<number>): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = `${header}${' '.repeat(pad % 64)}\n`;
  const size = Number(descr.slice(2));
  const body = new Uint8Array(values.length * size);
  const view = new DataView(body.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (descr === '|u1') view.setUint8(i, v);
    else if (descr === '<f4') view.setFloat32(i * 4, v, true);
    else if (descr === '<i8') view.setBigInt64(i * 8, BigInt(v), true);
    else if (descr === '<i4') view.setInt32(i * 4, v, true);
    else throw new Error(`npyBytes: ${descr} not supported`);
  }
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(head.buffer).setUint16(8, header.length, true);
  head.set(new TextEncoder().encode(header), 10);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** Writes a file, creating its folder. */
export function put(path: string, data: Uint8Array | string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return path;
}

/** Writes an HDF5 file with the given datasets (uint8 samples, int64 labels/classes). */
export async function writeH5(path: string, sets: Record<string, { data: Uint8Array | BigInt64Array | Float32Array; shape: number[]; dtype?: string }>): Promise<string> {
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  mkdirSync(dirname(path), { recursive: true });
  const f = new h5wasm.File(path, 'w');
  try {
    for (const [name, s] of Object.entries(sets)) f.create_dataset({ name, data: s.data, shape: s.shape, ...(s.dtype ? { dtype: s.dtype } : {}) });
  } finally {
    f.close();
  }
  return path;
}

/** A PNG of `w`×`h` RGB pixels from a function of (x, y) → [r, g, b]. */
export async function pngBytes(w: number, h: number, colour: (x: number, y: number) => [number, number, number]): Promise<Uint8Array> {
  const { PNG } = await import('pngjs');
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const [r, g, b] = colour(x, y);
    png.data.set([r, g, b, 255], 4 * (y * w + x));
  }
  return PNG.sync.write(png);
}

/** A JPEG (quality 100) of `w`×`h` pixels of one colour. */
export async function jpegBytes(w: number, h: number, rgb: [number, number, number]): Promise<Uint8Array> {
  const jpeg = (await import('jpeg-js')).default;
  const data = Buffer.alloc(w * h * 4);
  for (let p = 0; p < w * h; p++) data.set([...rgb, 255], 4 * p);
  return jpeg.encode({ width: w, height: h, data }, 100).data;
}
