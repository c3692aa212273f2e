/**
 * Checkpoints: after every epoch (and when Ctrl-C stops a run mid-epoch) a checkpoint folder with
 * the model (`model.json`, `weights.bin`), the optimizer state, `graphc.json` and the run's record
 * (`state.json`: where to continue, the history so far, the best epoch, sha256 digests of the
 * binary files), switched to in one atomic step by checkpoint-store.ts; the pointer also names the
 * best epoch's folder. The digests stay as a second check that a folder is whole.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { modelFiles } from '../backends/tfjs/save.js';
import type { OutputFile } from '../backends/target.js';
import type { Callback, EpochLogs, Position } from './callbacks.js';
import { CHECKPOINTS_FOLDER, commitCheckpoint, POINTER_FILE, readPointer } from './checkpoint-store.js';
import type { Best, EpochRecord, History } from './history.js';
import { optimizerFiles, type OptimizerManifest } from './optimizer-state.js';

type Tf = typeof TfModule;

/** `state.json`: what `--resume` needs besides the weights. */
export interface CheckpointState {
  readonly format: 'graphc-checkpoint';
  readonly version: 1;
  readonly position: Position;
  readonly epochs: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly history: readonly EpochRecord[];
  readonly best: Best | null;
  /** sha256 of each binary file of the checkpoint, hex. */
  readonly digests: Readonly<Record<string, string>>;
}

const digest = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

const number = (n: number): string => String(n).padStart(4, '0');

/** Writes checkpoints under `dir`; `meta` files (graphc.json) go into each one. */
export class Checkpoint implements Callback {
  constructor(
    private readonly tf: Tf,
    private readonly model: TfModule.LayersModel,
    private readonly dir: string,
    private readonly history: History,
    private readonly run: { readonly epochs: number; readonly seed: number; readonly batchSize: number },
    private readonly meta: readonly OutputFile[],
  ) {}

  async onEpochEnd(epoch: number, _logs: EpochLogs): Promise<void> {
    await this.save({ epoch: epoch + 1, batch: 0, sums: {}, seen: 0 }, `epoch-${number(epoch + 1)}`, this.history.improved ? 'this' : this.history.best ? 'previous' : null);
  }

  async onInterrupt(position: Position): Promise<void> {
    // An epoch boundary was already saved by onEpochEnd; mid-epoch needs its own checkpoint.
    if (position.batch > 0) {
      await this.save(position, `epoch-${number(position.epoch + 1)}-batch-${number(position.batch)}`, this.history.best ? 'previous' : null);
    }
  }

  private async save(position: Position, name: string, best: 'this' | 'previous' | null): Promise<void> {
    const model = await modelFiles(this.tf, this.model, 'graphc');
    const optimizer = await optimizerFiles(this.model.optimizer);
    const binaries = [...model, ...optimizer].filter((f) => f.data instanceof Uint8Array);
    const state: CheckpointState = {
      format: 'graphc-checkpoint',
      version: 1,
      position,
      epochs: this.run.epochs,
      seed: this.run.seed,
      batchSize: this.run.batchSize,
      history: this.history.epochs,
      best: this.history.best,
      digests: Object.fromEntries(binaries.map((f) => [f.path, digest(f.data)])),
    };
    commitCheckpoint(this.dir, name, [...model, ...optimizer, ...this.meta, { path: 'state.json', data: `${JSON.stringify(state, null, 2)}\n` }], best);
  }
}

/** A checkpoint read back for `--resume`. */
export interface LoadedCheckpoint {
  /** The checkpoint's folder (the current one the pointer names). */
  readonly dir: string;
  readonly state: CheckpointState;
  readonly optimizer: { readonly manifest: OptimizerManifest; readonly bin: Uint8Array };
}

/** Reads the current checkpoint of output folder `out`; throws with a one-line reason when it is missing or inconsistent. */
export function readCheckpoint(out: string): LoadedCheckpoint {
  const pointer = readPointer(out);
  if (pointer === null) throw new Error(`there is no checkpoint (${join(out, POINTER_FILE)} is missing); train without --resume first`);
  const dir = join(out, CHECKPOINTS_FOLDER, pointer.current);
  const statePath = join(dir, 'state.json');
  if (!existsSync(statePath)) throw new Error(`the current checkpoint is incomplete (${statePath} is missing)`);
  let state: CheckpointState;
  try {
    state = JSON.parse(readFileSync(statePath, 'utf8')) as CheckpointState;
  } catch (e) {
    throw new Error(`state.json is not valid JSON (${(e as Error).message})`);
  }
  if (state.format !== 'graphc-checkpoint' || state.version !== 1) throw new Error('state.json is not a graphc checkpoint of version 1');
  for (const [file, want] of Object.entries(state.digests)) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`${file} is missing`);
    if (digest(readFileSync(path)) !== want) throw new Error(`${file} does not belong to this checkpoint (its digest differs from state.json's)`);
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'optimizer.json'), 'utf8')) as OptimizerManifest;
  return { dir, state, optimizer: { manifest, bin: readFileSync(join(dir, 'optimizer.bin')) } };
}
