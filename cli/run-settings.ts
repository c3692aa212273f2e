/**
 * The options of `graphc run`, checked before anything loads: a typo in `--runtime` or
 * `--batch` is a usage error (exit 2) that does not wait for TensorFlow.js or the model.
 */
import type { RuntimeRequest } from '../backends/tfjs/runtime.js';
import type { ModelOptions } from './load-model.js';
import { UsageError } from './io.js';
import type { WeightsRequest } from '../weights/apply-tfjs.js';
import { weightsRequestOf, type WeightsOptions } from './run-weights.js';

/** Options of `graphc run`, as commander hands them over (numbers still text). */
export interface RunOptions extends ModelOptions, WeightsOptions {
  readonly input?: string;
  readonly runtime?: string;
  readonly backend?: string;
  readonly optimize?: string;
  readonly batch?: string;
  readonly repeat?: string;
  readonly threads?: string;
  readonly seed?: string;
  readonly output?: string;
}

/** The runtimes `--runtime` accepts. */
export const RUN_RUNTIMES = ['tfjs', 'onnx'] as const;

// runtime.ts's own list, repeated so that a usage error does not wait for TensorFlow.js to load.
const BACKENDS: readonly RuntimeRequest[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const isBackend = (text: string): text is RuntimeRequest => (BACKENDS as readonly string[]).includes(text);

/** A whole number option within bounds, or a usage error naming the option. */
export function intOption(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got \`${text}\``);
  }
  return n;
}

/** The options after checking, numbers parsed. */
export interface RunSettings {
  readonly runtime: (typeof RUN_RUNTIMES)[number];
  readonly backend: RuntimeRequest;
  readonly optimize: boolean;
  readonly source: string;
  readonly batch: number;
  readonly repeat: number;
  readonly seed: number;
  readonly threads: number | undefined;
  readonly weights: WeightsRequest | undefined;
  /** Whether `--runtime` was given (a built folder holding both models follows it). */
  readonly runtimeGiven: boolean;
}

/** Checks the options; throws {@link UsageError} for a bad one (exit code 2). */
export function settingsOf(options: RunOptions): RunSettings {
  const runtime = options.runtime ?? 'tfjs';
  if (runtime !== 'tfjs' && runtime !== 'onnx') throw new UsageError(`unknown runtime \`${runtime}\`; the runtimes are ${RUN_RUNTIMES.join(' and ')}`);
  const backend = options.backend ?? 'auto';
  if (!isBackend(backend)) throw new UsageError(`--backend must be ${BACKENDS.join(', ')}, got \`${backend}\``);
  const optimize = options.optimize ?? 'none';
  if (optimize !== 'none' && optimize !== 'inference') throw new UsageError(`--optimize must be none or inference, got \`${optimize}\``);
  const source = options.input ?? 'random';
  if (source !== 'random' && options.batch !== undefined) throw new UsageError('--batch applies to --input random; an input file gives its own batch');
  return {
    runtime,
    backend,
    optimize: optimize === 'inference',
    source,
    batch: intOption('batch', options.batch, 1, 1, 4096),
    repeat: intOption('repeat', options.repeat, 10, 0, 100_000),
    seed: intOption('seed', options.seed, 0, 0, 2 ** 32 - 1),
    threads: options.threads === undefined ? undefined : intOption('threads', options.threads, 1, 1, 256),
    weights: weightsRequestOf(options).request,
    runtimeGiven: options.runtime !== undefined,
  };
}

