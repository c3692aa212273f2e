/**
 * `graphc run --output FILE`: the output values of the first run, as JSON (`{ "<output name>":
 * { "shape": [...], "data": [...] } }`, one entry per model output, the shape `--input` reads
 * back) or as NumPy's `.npy` (one float32 array; `numpy.load` reads it). The NPY v1.0 header is
 * small enough to write here: magic, version, a little-endian header length, then a Python dict
 * literal padded with spaces so the data starts on a 64-byte boundary.
 */
import { extname } from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { OutputData } from './run-report.js';

/** The formats `--output` writes, by file extension. */
export const OUTPUT_FORMATS = ['.json', '.npy'] as const;

/** The format of an `--output` path, or the diagnostic (a usage error) for an extension graphc does not write. */
export function outputFormat(path: string): { ok: true; format: (typeof OUTPUT_FORMATS)[number] } | { ok: false; diagnostic: Diagnostic } {
  const ext = extname(path).toLowerCase();
  const format = OUTPUT_FORMATS.find((f) => f === ext);
  if (format) return { ok: true, format };
  return { ok: false, diagnostic: makeDiagnostic('GC0021', [path, `graphc writes ${OUTPUT_FORMATS.join(' and ')} files, not \`${ext || '(no extension)'}\``], null, { hint: 'name the file out.json or out.npy' }) };
}

/** NPY v1.0 bytes of one float32 array in C order. */
export function encodeNpy(shape: readonly number[], data: Float32Array): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  // 6 magic bytes + 2 version + 2 length, then the header ending in '\n', all a multiple of 64.
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += `${' '.repeat(pad % 64)}\n`;
  const bytes = new Uint8Array(10 + header.length + data.length * 4);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  const view = new DataView(bytes.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  const start = 10 + header.length;
  for (let i = 0; i < data.length; i++) view.setFloat32(start + i * 4, data[i]!, true);
  return bytes;
}

/** The file's contents for the outputs, or the diagnostic when the format cannot hold them. */
export function encodeOutputs(path: string, format: (typeof OUTPUT_FORMATS)[number], outputs: readonly OutputData[]): { ok: true; data: string | Uint8Array } | { ok: false; diagnostic: Diagnostic } {
  if (format === '.json') {
    const doc: Record<string, { shape: readonly number[]; data: number[] }> = {};
    for (const o of outputs) doc[o.name] = { shape: o.shape, data: Array.from(o.data) };
    return { ok: true, data: `${JSON.stringify(doc)}\n` };
  }
  if (outputs.length !== 1) {
    return { ok: false, diagnostic: makeDiagnostic('GC0021', [path, `a .npy file holds one array and this model has ${outputs.length} outputs`], null, { hint: 'use a .json file: it holds every output by name' }) };
  }
  return { ok: true, data: encodeNpy(outputs[0]!.shape, outputs[0]!.data) };
}
