/**
 * Robust summaries of timing samples: medians and quartiles (a shared 2-core machine has long
 * upper tails; a mean would report the neighbours' load, the median reports the code), plus the
 * number formats the tables use.
 */

/** The median and quartiles of some samples. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
}

/** The q-quantile of sorted values, linearly interpolated (q in [0, 1]). */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

/** Median, quartiles and minimum of `values` (NaN for no values). */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0] ?? Number.NaN,
  };
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return summarize(values).median;
}

/**
 * Per-round ratios a[i] / b[i] of two interleaved series (same length, same rounds). The two
 * samples of a round ran back to back, so their ratio cancels most of the load drift that a ratio
 * of two medians would keep.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(a[i]! / b[i]!);
  return out;
}

/** Milliseconds with precision that suits their size: 0.123, 12.3, 1234. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 1000) return ms.toFixed(0);
  if (ms >= 100) return ms.toFixed(1);
  if (ms >= 10) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** `median [p25–p75]` in milliseconds. */
export function formatSummary(s: Summary): string {
  return `${formatMs(s.median)} [${formatMs(s.p25)}–${formatMs(s.p75)}]`;
}

/** A ratio to two decimals (`1.03`), or `–`. */
export function formatRatio(r: number): string {
  return Number.isFinite(r) ? r.toFixed(2) : '–';
}

/** A fraction as a percentage (`41%`, `3.2%`). */
export function formatPercent(f: number): string {
  if (!Number.isFinite(f)) return '–';
  const p = f * 100;
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** A maximum absolute difference in scientific notation (`2.4e-7`), `0` or `–`. */
export function formatDiff(d: number | undefined): string {
  if (d === undefined || !Number.isFinite(d)) return '–';
  return d === 0 ? '0' : d.toExponential(1);
}
