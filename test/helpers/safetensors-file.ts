/**
 * A minimal safetensors writer for tests, independent of weights/safetensors.ts so the reader is
 * checked against the format rather than against itself: header JSON, then little-endian data.
 */

/** One tensor: float32 values, or whole numbers written as int64 (`I64`). */
export interface TestTensor {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
  readonly dtype?: 'F32' | 'I64' | 'F16';
}

/** The bytes of a safetensors file holding `tensors` in insertion order. */
export function safetensorsBytes(tensors: Readonly<Record<string, TestTensor>>): Uint8Array {
  const header: Record<string, unknown> = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [key, t] of Object.entries(tensors)) {
    const dtype = t.dtype ?? 'F32';
    const width = dtype === 'I64' ? 8 : dtype === 'F16' ? 2 : 4;
    const buf = Buffer.alloc(t.data.length * width);
    for (let i = 0; i < t.data.length; i++) {
      if (dtype === 'I64') buf.writeBigInt64LE(BigInt(t.data[i]!), i * 8);
      else if (dtype === 'F16') buf.writeUInt16LE(t.data[i]!, i * 2); // raw half bits
      else buf.writeFloatLE(t.data[i]!, i * 4);
    }
    header[key] = { dtype, shape: t.shape, data_offsets: [offset, offset + buf.length] };
    offset += buf.length;
    chunks.push(buf);
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([len, json, ...chunks]));
}
