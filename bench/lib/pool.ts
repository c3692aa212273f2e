/**
 * The driver's side of a worker process: fork, typed calls, clean shutdown. Workers inherit the
 * driver's `execArgv` (tsx's loader), write their own output to the driver's stderr, and exchange
 * messages with structured clone (`serialization: 'advanced'`) so Float32Arrays cross intact.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Op, Operations, Request, Response } from './protocol.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

interface Pending {
  readonly resolve: (value: Operations[Op]['result']) => void;
  readonly reject: (error: Error) => void;
}

/** One worker process. */
export class WorkerClient {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: string | null = null;

  private constructor(readonly name: string, entry: string, args: readonly string[]) {
    this.child = fork(entry, [name, ...args], {
      // The worker's stdout would mix into the table on our stdout: send it to stderr.
      stdio: ['ignore', 2, 2, 'ipc'],
      serialization: 'advanced',
    });
    this.child.on('message', (message: Response) => this.settle(message));
    this.child.on('exit', (code, signal) => {
      this.exited = `worker ${name} exited (${signal ?? `code ${code}`})`;
      for (const p of this.pending.values()) p.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  /**
   * Forks a worker; `name` shows in its messages. `entry` replaces the worker script with one that
   * prepares the process and then imports `worker.ts` (the wasm-threads experiment does).
   */
  static spawn(name: string, options: { entry?: string; args?: readonly string[] } = {}): WorkerClient {
    return new WorkerClient(name, options.entry ?? WORKER, options.args ?? []);
  }

  /** Sends one request and waits for its answer. */
  call<K extends Op>(op: K, args: Operations[K]['args']): Promise<Operations[K]['result']> {
    if (this.exited !== null) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    const request = { id, op, args } as Request;
    return new Promise<Operations[K]['result']>((resolve, reject) => {
      // The map holds answers of every op; the id pairs this one with its own op's result type.
      this.pending.set(id, { resolve: resolve as (v: Operations[Op]['result']) => void, reject });
      this.child.send(request);
    });
  }

  /** Ends the worker (disconnecting lets it exit once its work is done). */
  async close(): Promise<void> {
    if (this.exited !== null) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  }

  private settle(message: Response): void {
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    if (message.ok) p.resolve(message.result);
    else p.reject(new Error(`worker ${this.name}: ${message.error}`));
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
