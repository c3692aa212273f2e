/**
 * PyTorch `.safetensors` files (huggingface/safetensors): an 8-byte little-endian header length,
 * a JSON header `{key: {dtype, shape, data_offsets: [begin, end]}, __metadata__: {...}}`, then
 * the raw little-endian tensor bytes. Parsed strictly, as the format's own validator does: a
 * bounded header, known dtypes, offsets inside the file, each tensor's size exactly its shape's,
 * and the tensors tiling the data area without gaps or overlaps.
 */
import { type Checkpoint, CheckpointReadError, type CheckpointTensor, decodeFloats, elementCount } from './checkpoint.js';

/** The format's own header limit (safetensors refuses larger ones too). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

// safetensors dtype names to graphc's and their widths in bytes.
const DTYPES: Readonly<Record<string, readonly [string, number]>> = {
  F64: ['float64', 8], F32: ['float32', 4], F16: ['float16', 2], BF16: ['bfloat16', 2],
  I64: ['int64', 8], I32: ['int32', 4], I16: ['int16', 2], I8: ['int8', 1], U8: ['uint8', 1], BOOL: ['bool', 1],
  U16: ['uint16', 2], U32: ['uint32', 4], U64: ['uint64', 8], F8_E4M3: ['float8_e4m3', 1], F8_E5M2: ['float8_e5m2', 1],
};

interface HeaderEntry {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data_offsets: readonly [number, number];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function entryOf(key: string, v: unknown): HeaderEntry {
  const bad = (why: string): never => {
    throw new CheckpointReadError(`header entry \`${key}\` ${why}`);
  };
  if (!isRecord(v)) return bad('is not an object');
  const { dtype, shape, data_offsets: offsets } = v;
  if (typeof dtype !== 'string' || !(dtype in DTYPES)) return bad(`has an unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) return bad('has an invalid shape');
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) return bad('has invalid data_offsets');
  return { dtype, shape: shape as number[], data_offsets: [offsets[0] as number, offsets[1] as number] };
}

/** Reads a safetensors file's bytes. Throws {@link CheckpointReadError} for anything malformed. */
export function readSafetensors(bytes: Uint8Array): Checkpoint {
  if (bytes.length < 8) throw new CheckpointReadError('the file is shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new CheckpointReadError(`the header length ${headerLength} is over ${bytes.length - 8 < MAX_HEADER_BYTES ? 'the file size' : `the limit of ${MAX_HEADER_BYTES} bytes`}`);
  }
  const start = 8 + Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, start)));
  } catch (e) {
    throw new CheckpointReadError(`the header is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(header)) throw new CheckpointReadError('the header is not a JSON object');
  const entries = Object.entries(header).filter(([k]) => k !== '__metadata__').map(([k, v]) => [k, entryOf(k, v)] as const);
  const dataLength = bytes.length - start;
  // The tensors must tile the data area exactly, as safetensors' own validator requires.
  const byOffset = [...entries].sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
  let expected = 0;
  for (const [key, e] of byOffset) {
    const [begin, end] = e.data_offsets;
    const size = elementCount(e.shape, key) * DTYPES[e.dtype]![1];
    if (begin !== expected) throw new CheckpointReadError(`tensor \`${key}\` starts at byte ${begin}, expected ${expected} (a gap or an overlap)`);
    if (end - begin !== size) throw new CheckpointReadError(`tensor \`${key}\` has ${end - begin} bytes; its dtype and shape need ${size}`);
    if (end > dataLength) throw new CheckpointReadError(`tensor \`${key}\` ends at byte ${end}, past the end of the file (${dataLength} data bytes)`);
    expected = end;
  }
  if (expected !== dataLength) throw new CheckpointReadError(`${dataLength - expected} bytes after the last tensor`);
  const tensors = new Map<string, CheckpointTensor>();
  for (const [key, e] of entries) {
    const dtype = DTYPES[e.dtype]![0];
    const raw = bytes.subarray(start + e.data_offsets[0], start + e.data_offsets[1]);
    tensors.set(key, { key, dtype, shape: e.shape, data: decodeFloats(raw, dtype, elementCount(e.shape, key)) });
  }
  return { format: 'safetensors', layout: 'torch', tensors };
}

/** One tensor to write. */
export interface TensorOut {
  readonly key: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
  /** Written as I64 (whole numbers), e.g. PyTorch's `num_batches_tracked`. */
  readonly int64?: boolean;
}

/**
 * A safetensors file of float32 (or flagged int64) tensors, in the given order, with PyTorch's `format: pt`
 * metadata; the header is padded with spaces to 8 bytes so the data is aligned.
 */
export function writeSafetensors(tensors: readonly TensorOut[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt', ...metadata } };
  let offset = 0;
  for (const t of tensors) {
    const size = t.data.length * (t.int64 ? 8 : 4);
    header[t.key] = { dtype: t.int64 ? 'I64' : 'F32', shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((Buffer.byteLength(json) + 8) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of tensors) {
    if (t.int64) for (let i = 0; i < t.data.length; i++) view.setBigInt64(at + i * 8, BigInt(Math.round(t.data[i]!)), true);
    else for (let i = 0; i < t.data.length; i++) view.setFloat32(at + i * 4, t.data[i]!, true);
    at += t.data.length * (t.int64 ? 8 : 4);
  }
  return out;
}
