/**
 * Shape arithmetic as Keras does it, in small pure functions; unknown dimensions pass through
 * as null.
 */
import type { Shape } from '../ir.js';

/** Keras `conv_output_length`: output length of a convolution or pooling window. */
export function convOutputLength(length: number | null, kernel: number, padding: string, stride: number, dilation = 1): number | null {
  if (length === null) return null;
  const dilated = kernel + (kernel - 1) * (dilation - 1);
  const out = padding === 'same' ? length : length - dilated + 1;
  return Math.floor((out + stride - 1) / stride);
}

/**
 * Output `[batch, h, w]` of a 2-D window op over an NHWC input, or the offending dims when one
 * is not positive.
 */
export function windowOutput(
  input: Shape,
  kernel: readonly number[],
  strides: readonly number[],
  padding: string,
  dilation: readonly number[] = [1, 1],
): { dims: [number | null, number | null] } | { bad: [number | null, number | null] } {
  const h = convOutputLength(input[1] ?? null, kernel[0]!, padding, strides[0]!, dilation[0]);
  const w = convOutputLength(input[2] ?? null, kernel[1]!, padding, strides[1]!, dilation[1]);
  if ((h !== null && h <= 0) || (w !== null && w <= 0)) return { bad: [h, w] };
  return { dims: [h, w] };
}

/**
 * Keras's element-wise merge rule for two shapes (`Merge._compute_elemwise_op_output_shape`):
 * the batch dimensions must agree; the other dimensions are aligned from the right (Keras
 * expands the lower-rank input at axis 1 before the op), and each pair must be equal, or one of
 * them 1 or unknown. Returns the merged shape or a description of the first mismatch.
 */
export function broadcastShapes(a: Shape, b: Shape): { shape: Shape } | { mismatch: string } {
  const batchA = a[0] ?? null;
  const batchB = b[0] ?? null;
  if (batchA !== null && batchB !== null && batchA !== batchB) return { mismatch: `batch size ${batchA} vs ${batchB}` };
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const offset = long.length - short.length;
  const out: (number | null)[] = [batchA ?? batchB, ...long.slice(1, offset + 1)];
  for (let i = Math.max(1, offset + 1); i < long.length; i++) {
    const x = long[i] ?? null;
    const y = short[i - offset] ?? null;
    if (x === null || y === null) out.push(null);
    else if (x === 1) out.push(y);
    else if (y === 1 || x === y) out.push(x);
    else return { mismatch: `dimension ${i} is ${a === long ? x : y} vs ${a === long ? y : x}` };
  }
  return { shape: out };
}

/** Formats a shape as Keras prints it: `(None, 64, 64, 3)`. */
export function formatShape(shape: Shape | null): string {
  if (shape === null) return '?';
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}
