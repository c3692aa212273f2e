/**
 * Checkpoints: after every epoch (and when Ctrl-C stops a run) the output folder gets the model
 * (`model.json`, `weights.bin`), the optimizer state, the run's record (`state.json`: where to
 * continue, the history so far, the best epoch, digests of the binary files) and, when the
 * epoch is the best so far by the monitored figure, a copy in `best/`. Every file is written
 * through `writeFilesAtomically`; `state.json` goes last and names the digests of the files it
 * belongs to, so `--resume` can tell a complete checkpoint from a mixed one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { modelFiles } from '../backends/tfjs/save.js';
import type { OutputFile } from '../backends/target.js';
import { writeFilesAtomically } from '../io/write-atomic.js';
import type { Callback, EpochLogs, Position } from './callbacks.js';
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

/** Writes checkpoints into `dir`; `meta` files (graphc.json) are rewritten with each one. */
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
    const files = await this.save({ epoch: epoch + 1, batch: 0, sums: {}, seen: 0 });
    if (this.history.improved) writeFilesAtomically(join(this.dir, 'best'), [...files.model, ...this.meta]);
  }

  async onInterrupt(position: Position): Promise<void> {
    // An epoch boundary was already saved by onEpochEnd; mid-epoch needs its own checkpoint.
    if (position.batch > 0) await this.save(position);
  }

  private async save(position: Position): Promise<{ model: OutputFile[] }> {
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
    writeFilesAtomically(this.dir, [...model, ...optimizer, ...this.meta, { path: 'state.json', data: `${JSON.stringify(state, null, 2)}\n` }]);
    return { model };
  }
}

/** A checkpoint read back for `--resume`. */
export interface LoadedCheckpoint {
  readonly state: CheckpointState;
  readonly optimizer: { readonly manifest: OptimizerManifest; readonly bin: Uint8Array };
}

/** Reads `dir`'s checkpoint record; throws with a one-line reason when it is missing or inconsistent. */
export function readCheckpoint(dir: string): LoadedCheckpoint {
  const statePath = join(dir, 'state.json');
  if (!existsSync(statePath)) throw new Error(`there is no checkpoint (${statePath} is missing); train without --resume first`);
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
  return { state, optimizer: { manifest, bin: readFileSync(join(dir, 'optimizer.bin')) } };
}
