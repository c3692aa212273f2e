/**
 * Worker entry of `bench/wasm-threads.ts`: prepares tfjs-backend-wasm's threading settings, then
 * either reports whether the backend came up (`probe`) or serves the usual worker protocol
 * (`serve`), so the threaded backend can be timed like any other runtime.
 *
 * argv: NAME MODE ROUTE THREADS, where MODE is `probe` or `serve`, ROUTE is `default` (`setThreadsCount` only),
 * `flag` (the supported settings: `tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true)` and
 * `setThreadsCount`) or `shim` (the flag plus the unsupported patches of `wasm-threads-shim.ts`).
 */
import { installWasmThreadsShim } from './wasm-threads-shim.js';

/** What a probe reports. */
export interface ProbeResult {
  readonly route: string;
  readonly requested: number;
  /** The flag's value as tfjs evaluates it before anything is set. */
  readonly flagDefault: boolean;
  readonly backendReady: boolean;
  /** `getThreadsCount()` after init, when the backend came up. */
  readonly threads: number | null;
  /** The first line of each warning or error tfjs printed while initialising. */
  readonly messages: string[];
}

const [, , , mode = 'probe', route = 'default', threadsText = '2'] = process.argv;
const threads = Number(threadsText);
const cleanup = route === 'shim' ? installWasmThreadsShim() : () => undefined;
process.on('exit', cleanup);

const tf = await import('@tensorflow/tfjs');
const wasm = await import('@tensorflow/tfjs-backend-wasm');
const flagDefault = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
if (route !== 'default') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
wasm.setThreadsCount(threads);

if (mode === 'serve') {
  await import('./worker.js');
} else {
  const messages: string[] = [];
  const capture = (...args: unknown[]): void => {
    for (const a of args) {
      const text = a instanceof Error ? `${a.name}: ${a.message}` : String(a);
      messages.push(text.split('\n')[0] ?? text);
    }
  };
  console.warn = capture;
  console.error = capture;
  const { requireRuntime } = await import('../../backends/tfjs/runtime.js');
  let backendReady = false;
  let count: number | null = null;
  try {
    await requireRuntime('wasm', { quiet: false });
    backendReady = true;
    count = wasm.getThreadsCount();
  } catch (error) {
    capture(error);
  }
  const result: ProbeResult = { route, requested: threads, flagDefault, backendReady, threads: count, messages };
  process.send?.(result);
  process.disconnect?.();
  // The threaded backend keeps its pthread pool alive: end the process explicitly.
  setTimeout(() => process.exit(0), 200);
}
