/**
 * The measurement loop: every subject runs once per round, rounds rotate the order, so a drift
 * in the machine's load (the neighbours' tests) hits all subjects alike and no subject always
 * follows the same other one. Warm-up rounds come first and are discarded. A subject with fewer
 * repeats (tfjs-cpu) takes part in rounds spread evenly over the loop.
 */
import { sleep, type WorkerClient } from './pool.js';
import type { TimeResult } from './protocol.js';

/** One subject to time, in the worker that holds it. */
export interface TimedSubject {
  readonly key: string;
  readonly client: WorkerClient;
  readonly repeats: number;
  readonly warmup: number;
}

/** Options of {@link interleave}. */
export interface InterleaveOptions {
  /** Idle time between two timed runs, so one runtime's spinning threads settle before the next runs. */
  readonly gapMs: number;
  /** Progress lines (to stderr). */
  readonly log?: (line: string) => void;
  /** Prefix of the progress lines. */
  readonly label?: string;
}

/** Whether a subject with `repeats` runs takes part in round `r` of `rounds`. */
function takesPart(repeats: number, rounds: number, r: number): boolean {
  return Math.floor(((r + 1) * repeats) / rounds) > Math.floor((r * repeats) / rounds);
}

/** Times every subject, interleaved; returns each subject's samples in round order. */
export async function interleave(subjects: readonly TimedSubject[], options: InterleaveOptions): Promise<Map<string, TimeResult>> {
  const out = new Map<string, TimeResult>(subjects.map((s) => [s.key, { wall: [], cpu: [] }]));
  const warmRounds = Math.max(0, ...subjects.map((s) => s.warmup));
  for (let w = 0; w < warmRounds; w++) {
    for (const s of subjects) {
      if (w >= s.warmup) continue;
      await s.client.call('time', { key: s.key, runs: 1 });
      await sleep(options.gapMs);
    }
  }
  const rounds = Math.max(0, ...subjects.map((s) => s.repeats));
  let lastLog = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < subjects.length; i++) {
      const s = subjects[(i + r) % subjects.length]!;
      if (!takesPart(s.repeats, rounds, r)) continue;
      const t = await s.client.call('time', { key: s.key, runs: 1 });
      const samples = out.get(s.key)!;
      samples.wall.push(...t.wall);
      samples.cpu.push(...t.cpu);
      await sleep(options.gapMs);
    }
    if (options.log && (Date.now() - lastLog > 5000 || r === rounds - 1)) {
      lastLog = Date.now();
      options.log(`${options.label ?? 'timing'}: round ${r + 1}/${rounds}`);
    }
  }
  return out;
}

/** The largest absolute difference between two outputs (Infinity when their lengths differ). */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
