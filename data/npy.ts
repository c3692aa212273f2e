/**
 * NumPy `.npy` arrays (format 1.0-3.0) and `.npz` archives of them. A `.npy` file is read lazily:
 * the header gives dtype and shape, and a batch reads just its rows at their byte offsets. A
 * `.npz` is a zip (read with fflate); its members are inflated into memory when opened, since a
 * compressed member cannot be read at an offset.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { dataError, type DataDtype } from './dataset.js';

/** One array: dtype, shape, and row access. */
export interface NpyArray {
  readonly dtype: DataDtype;
  readonly shape: readonly number[];
  /** Rows `[start, start + count)` along the first axis, as float32. */
  rows(start: number, count: number): Float32Array;
  close(): void;
}

interface Descr {
  readonly dtype: DataDtype;
  readonly bytes: number;
  readonly convert: (view: DataView, at: number) => number;
}

// Little-endian (or byte-order-free) element types; int64 and bool are widened on read.
const DESCRS: Record<string, Descr> = {
  '|u1': { dtype: 'uint8', bytes: 1, convert: (v, at) => v.getUint8(at) },
  '|i1': { dtype: 'int8', bytes: 1, convert: (v, at) => v.getInt8(at) },
  '|b1': { dtype: 'uint8', bytes: 1, convert: (v, at) => v.getUint8(at) },
  '<u2': { dtype: 'uint16', bytes: 2, convert: (v, at) => v.getUint16(at, true) },
  '<i2': { dtype: 'int16', bytes: 2, convert: (v, at) => v.getInt16(at, true) },
  '<i4': { dtype: 'int32', bytes: 4, convert: (v, at) => v.getInt32(at, true) },
  '<u4': { dtype: 'int32', bytes: 4, convert: (v, at) => v.getUint32(at, true) },
  '<i8': { dtype: 'int32', bytes: 8, convert: (v, at) => Number(v.getBigInt64(at, true)) },
  '<u8': { dtype: 'int32', bytes: 8, convert: (v, at) => Number(v.getBigUint64(at, true)) },
  '<f4': { dtype: 'float32', bytes: 4, convert: (v, at) => v.getFloat32(at, true) },
  '<f8': { dtype: 'float64', bytes: 8, convert: (v, at) => v.getFloat64(at, true) },
};

/** Parses the header at the start of `head`; returns descr, shape and where the data starts. */
export function parseNpyHeader(name: string, head: Uint8Array): { descr: Descr; shape: number[]; offset: number } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (head.length < 10 || !magic.every((b, i) => head[i] === b)) throw dataError('GC6001', [name, 'not a .npy file (no \\x93NUMPY magic)']);
  const major = head[6]!;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  const len = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  if (start + len > head.length) throw dataError('GC6001', [name, 'the .npy header is cut short']);
  const text = new TextDecoder('latin1').decode(head.subarray(start, start + len));
  const descrText = /'descr':\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descrText === undefined || fortran === undefined || shapeText === undefined) throw dataError('GC6001', [name, 'the .npy header is malformed']);
  const descr = DESCRS[descrText.replace(/^=/, '<')];
  if (!descr) throw dataError('GC6001', [name, `element type ${descrText} is not supported (little-endian numbers only)`]);
  if (fortran === 'True') throw dataError('GC6001', [name, 'Fortran-ordered arrays are not supported; save with np.ascontiguousarray']);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw dataError('GC6001', [name, 'the .npy shape is malformed']);
  return { descr, shape, offset: start + len };
}

function rowsOf(shape: readonly number[]): number {
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

function decode(descr: Descr, bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / descr.bytes);
  for (let i = 0; i < out.length; i++) out[i] = descr.convert(view, i * descr.bytes);
  return out;
}

/** Opens a `.npy` file for lazy row reads. */
export function openNpy(path: string): NpyArray {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw dataError('GC6001', [path, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message]);
  }
  const size = fstatSync(fd).size;
  const head = Buffer.alloc(Math.min(size, 65536 + 12));
  readSync(fd, head, 0, head.length, 0);
  let parsed: ReturnType<typeof parseNpyHeader>;
  try {
    parsed = parseNpyHeader(path, head);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  const { descr, shape, offset } = parsed;
  const rowBytes = rowsOf(shape) * descr.bytes;
  const expected = offset + (shape[0] ?? 1) * rowBytes;
  if (size < expected) {
    closeSync(fd);
    throw dataError('GC6001', [path, `the file is ${size} bytes; its header promises ${expected} (truncated?)`]);
  }
  return {
    dtype: descr.dtype,
    shape,
    rows(start, count) {
      const buf = Buffer.alloc(count * rowBytes);
      readSync(fd, buf, 0, buf.length, offset + start * rowBytes);
      return decode(descr, buf);
    },
    close: () => closeSync(fd),
  };
}

/** The arrays of a `.npz` archive by member name (without `.npy`). */
export async function openNpz(path: string): Promise<Map<string, NpyArray>> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw dataError('GC6001', [path, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message]);
  }
  const { unzipSync } = await import('fflate');
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, { filter: (f) => f.name.endsWith('.npy') });
  } catch (e) {
    throw dataError('GC6001', [path, `not a readable .npz (zip) archive: ${(e as Error).message}`]);
  }
  const out = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(members)) {
    const member = `${path}:${name}`;
    const { descr, shape, offset } = parseNpyHeader(member, data);
    const rowBytes = rowsOf(shape) * descr.bytes;
    if (data.length < offset + (shape[0] ?? 1) * rowBytes) throw dataError('GC6001', [member, 'the member is shorter than its header says']);
    out.set(name.replace(/\.npy$/, ''), {
      dtype: descr.dtype,
      shape,
      rows: (start, count) => decode(descr, data.subarray(offset + start * rowBytes, offset + (start + count) * rowBytes)),
      close: () => undefined,
    });
  }
  return out;
}
