/**
 * Chooses the TensorFlow.js backend graphc runs on in Node: `tensorflow` (native libtensorflow,
 * from the optional `@tensorflow/tfjs-node`), else `wasm` (XNNPACK, shipped in
 * `@tensorflow/tfjs-backend-wasm`), else `cpu` (plain JS, always there, 20-30x slower than wasm).
 *
 * tfjs keeps its engine and kernel registry in process-global state, so a selection is for the
 * whole process; a test that needs another backend runs in another process (node --test does).
 * Nothing here touches the network: the wasm binaries are read from node_modules.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmTrainingKernels } from './wasm-grad.js';

/** A tfjs backend graphc can run on. */
export type RuntimeName = 'tensorflow' | 'wasm' | 'cpu';
/** What a caller may ask for: one runtime, or the fastest that loads. */
export type RuntimeRequest = RuntimeName | 'auto';
/** The `@tensorflow/tfjs` namespace, handed to code that builds models. */
export type TfNamespace = typeof tf;

/** Order `auto` tries, fastest first. */
export const RUNTIME_NAMES: readonly RuntimeName[] = ['tensorflow', 'wasm', 'cpu'];

/** Why a runtime could not be used. */
export type RuntimeErrorCode = 'RUNTIME_NOT_INSTALLED' | 'RUNTIME_WASM_BINARY_MISSING' | 'RUNTIME_INIT_FAILED';

/** One runtime that did not load, as a one-line message (never a stack trace). */
export interface RuntimeFailure {
  readonly runtime: RuntimeName;
  readonly code: RuntimeErrorCode;
  readonly message: string;
}

/** A runtime that is now the active tfjs backend. */
export interface SelectedRuntime {
  readonly ok: true;
  readonly name: RuntimeName;
  readonly tf: TfNamespace;
  /** For the user: what was skipped on the way and what this runtime costs. */
  readonly note?: string;
  /** Runtimes `auto` tried before this one. */
  readonly skipped: readonly RuntimeFailure[];
}

/** No requested runtime loaded; the active backend is unchanged. */
export interface RuntimeUnavailable {
  readonly ok: false;
  readonly requested: RuntimeRequest;
  readonly failures: readonly RuntimeFailure[];
  readonly message: string;
}

/** The result of {@link selectRuntime}. */
export type RuntimeSelection = SelectedRuntime | RuntimeUnavailable;

/** Options of {@link selectRuntime}. */
export interface SelectRuntimeOptions {
  /** Folder holding the `.wasm` binaries; defaults to the installed package's `dist/`. */
  readonly wasmDir?: string;
  /**
   * Silence tfjs's own console advice (the cpu backend's "install tfjs-node" banner, backend
   * init warnings): the selection's `note` says the same once. Default true.
   */
  readonly quiet?: boolean;
  /** Register the training kernels the wasm backend lacks. Default true. */
  readonly trainingKernels?: boolean;
}

/** Thrown by {@link requireRuntime}; `message` is meant to be printed as is. */
export class RuntimeLoadError extends Error {
  /** Each runtime that was tried and why it failed. */
  readonly failures: readonly RuntimeFailure[];

  constructor(unavailable: RuntimeUnavailable) {
    super(unavailable.message);
    this.name = 'RuntimeLoadError';
    this.failures = unavailable.failures;
  }
}

/** True when `text` names a runtime or `auto` (for CLI flags and `--set`). */
export function isRuntimeRequest(text: string): text is RuntimeRequest {
  return text === 'auto' || (RUNTIME_NAMES as readonly string[]).includes(text);
}

/**
 * Makes `preferred` the active tfjs backend; `auto` takes the first of tensorflow, wasm, cpu
 * that loads. Never throws and never prints a stack: failures come back as data. Calling it
 * again with the same request is cheap and returns the same runtime.
 */
export async function selectRuntime(
  preferred: RuntimeRequest = 'auto',
  options: SelectRuntimeOptions = {},
): Promise<RuntimeSelection> {
  if (options.quiet !== false) tf.enableProdMode();
  const candidates = preferred === 'auto' ? RUNTIME_NAMES : [preferred];
  const failures: RuntimeFailure[] = [];
  for (const name of candidates) {
    const failure = await activate(name, options);
    if (failure === undefined) return selected(name, failures);
    failures.push(failure);
  }
  const tried = failures.map((f) => `${f.runtime}: ${f.message}`).join('; ');
  const message = preferred === 'auto'
    ? `no TensorFlow.js runtime could be loaded (${tried})`
    : `the ${preferred} runtime cannot be loaded: ${failures[0]?.message ?? 'unknown reason'}`;
  return { ok: false, requested: preferred, failures, message };
}

/** Like {@link selectRuntime}, but throws a {@link RuntimeLoadError} when nothing loads. */
export async function requireRuntime(
  preferred: RuntimeRequest = 'auto',
  options: SelectRuntimeOptions = {},
): Promise<SelectedRuntime> {
  const selection = await selectRuntime(preferred, options);
  if (!selection.ok) throw new RuntimeLoadError(selection);
  return selection;
}

function selected(name: RuntimeName, skipped: RuntimeFailure[]): SelectedRuntime {
  const notes = skipped.map((f) => `${f.runtime} skipped: ${f.message}`);
  if (name === 'cpu' && skipped.length > 0) notes.push('using cpu, 20-30x slower than wasm');
  if (name === 'wasm') notes.push('using wasm (one thread: Node has no wasm threads here)');
  const base = { ok: true as const, name, tf, skipped };
  return notes.length > 0 ? { ...base, note: notes.join('; ') } : base;
}

/** The process events whose handlers Emscripten replaces. */
const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Runs `work`, then removes the `uncaughtException` / `unhandledRejection` handlers it added.
 * tfjs-backend-wasm's Emscripten module installs handlers that rethrow from inside its own
 * minified source, so Node prints 30 KB of it before a user's stack trace; its own attempt to
 * remove them afterwards never matches anything. The process's exception handling is left as
 * it was found, handlers added by anyone else in the meantime included.
 */
async function keepingProcessHandlers<T>(work: () => Promise<T>): Promise<T> {
  // As a plain emitter: Node's typings overload `listeners` per event, which a loop cannot name.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(PROCESS_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  try {
    return await work();
  } finally {
    for (const event of PROCESS_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}

async function activate(name: RuntimeName, options: SelectRuntimeOptions): Promise<RuntimeFailure | undefined> {
  return name === 'wasm' ? keepingProcessHandlers(() => activateOnce(name, options)) : activateOnce(name, options);
}

async function activateOnce(name: RuntimeName, options: SelectRuntimeOptions): Promise<RuntimeFailure | undefined> {
  try {
    const failure = name === 'tensorflow' ? await loadTensorflow() : name === 'wasm' ? await loadWasm(options) : undefined;
    if (failure !== undefined) return failure;
    // setBackend is a no-op for an initialised backend. tf.getBackend() is avoided on purpose: with
    // no backend set it initialises the highest-priority one (wasm) before setWasmPaths ran.
    if (!(await tf.setBackend(name))) return fail(name, 'RUNTIME_INIT_FAILED', 'the backend failed to initialise');
    if (name === 'wasm' && options.trainingKernels !== false) registerWasmTrainingKernels();
    return undefined;
  } catch (error) {
    return fail(name, 'RUNTIME_INIT_FAILED', firstLine(error));
  }
}

/** Importing tfjs-node registers the `tensorflow` backend in the shared (global) tfjs engine. */
async function loadTensorflow(): Promise<RuntimeFailure | undefined> {
  // A variable specifier keeps TypeScript from requiring the optional package's types.
  const specifier: string = '@tensorflow/tfjs-node';
  try {
    await import(specifier);
    return undefined;
  } catch (error) {
    const missing = errorCode(error) === 'ERR_MODULE_NOT_FOUND' && firstLine(error).includes(specifier);
    if (!missing) return fail('tensorflow', 'RUNTIME_INIT_FAILED', `${specifier} failed to load: ${firstLine(error)}`);
    const why = 'an optional peer dependency: its install downloads libtensorflow';
    return fail('tensorflow', 'RUNTIME_NOT_INSTALLED', `${specifier} is not installed (${why})`);
  }
}

const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const;

async function loadWasm(options: SelectRuntimeOptions): Promise<RuntimeFailure | undefined> {
  const dir = options.wasmDir ?? installedWasmDir();
  if (dir === undefined) return fail('wasm', 'RUNTIME_NOT_INSTALLED', '@tensorflow/tfjs-backend-wasm is not installed');
  // Checked up front because a failed init aborts inside Emscripten, which prints to stderr and
  // poisons the backend for the rest of the process (setWasmPaths then throws).
  const missing = WASM_BINARIES.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) return fail('wasm', 'RUNTIME_WASM_BINARY_MISSING', `${missing.join(', ')} not found in ${dir}`);
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // A plain directory path ending in a separator: Emscripten reads it with fs. A path without
  // the separator is concatenated into a wrong file name, and usePlatformFetch=true hands the
  // path (or a file: URL) to Node's fetch, which rejects it and crashes the process.
  wasm.setWasmPaths(dir.endsWith(sep) || dir.endsWith('/') ? dir : dir + sep);
  return undefined;
}

function installedWasmDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + sep;
  } catch {
    return undefined;
  }
}

function fail(runtime: RuntimeName, code: RuntimeErrorCode, message: string): RuntimeFailure {
  return { runtime, code, message };
}

function errorCode(error: unknown): string | undefined {
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'object' && error !== null
    ? String(Reflect.get(error, 'message') ?? error) : String(error);
  return text.split('\n')[0] ?? text;
}
