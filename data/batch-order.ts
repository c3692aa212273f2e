/**
 * The order samples are visited in: a seeded shuffle derived from (seed, epoch) alone, so epoch
 * 2 of a resumed run visits the same samples in the same order as epoch 2 of an unbroken one.
 */

/** A 32-bit hash mixing seed and epoch (splitmix-style), never zero-state for mulberry32. */
function mix(seed: number, epoch: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = (h + Math.imul(epoch + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; plenty for shuffling (and synthetic data). */
export function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The indices 0..n-1 in epoch `epoch`'s order (Fisher-Yates), or in order when `shuffle` is false. */
export function epochOrder(n: number, seed: number, epoch: number, shuffle = true): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (!shuffle) return order;
  const random = mulberry32(mix(seed, epoch));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** The batches of one epoch: slices of `order` of `batchSize` (the last may be shorter). */
export function batchesOf(order: Int32Array, batchSize: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(Array.from(order.subarray(i, i + batchSize)));
  return out;
}

/** Keras's validation_split: the last `fraction` of the samples (before any shuffling). */
export function splitIndices(n: number, fraction: number): { train: number[]; validation: number[] } {
  const cut = Math.floor(n * (1 - fraction));
  return { train: Array.from({ length: cut }, (_, i) => i), validation: Array.from({ length: n - cut }, (_, i) => cut + i) };
}
