/**
 * `graphc predict MODEL --input IMAGE|FOLDER|DATA --top K`: the seed's last step (predict the
 * class of one picture), for one PNG/JPEG, every image under a folder, or every sample of a data
 * file. Prints the K most likely classes with their names (saved by `graphc train` from the
 * training data: list_classes or the class folder names).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { modelOptionsOf } from '../model-options.js';
import { dataKeysOf, dataOptionsOf, printable, report, reportTrainError, type DataCommandOptions } from '../train-options.js';
import { intOption } from '../run-settings.js';
import { openUsableModel } from './use-model-option.js';
import type { Dataset } from '../../data/dataset.js';

/** Options of `graphc predict`. */
export interface PredictOptions extends DataCommandOptions {
  readonly input: string;
  readonly top?: string;
}

const IMAGE = /\.(png|jpe?g)$/i;

/** Every image file under `dir`, sorted by path (bounded depth: class folders and one more level). */
function imagesUnder(dir: string, depth = 0): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory() && depth < 2) out.push(...imagesUnder(path, depth + 1));
    else if (st.isFile() && IMAGE.test(name)) out.push(path);
  }
  return out;
}

/** A data set of image files (unlabelled), decoded to the model's input size. */
async function imageFiles(files: readonly string[], shape: readonly (number | null)[], inputName: string): Promise<Dataset> {
  const { loadImageDecoders, decodeImage } = await import('../../data/image-folder.js');
  const { dataError, formatDims } = await import('../../data/dataset.js');
  await loadImageDecoders();
  const [h, w, c] = [shape[0] ?? 0, shape[1] ?? 0, shape[2] ?? 3];
  if (shape.length !== 3 || ![1, 3, 4].includes(c)) throw dataError('GC6001', [files[0] ?? '', `images feed an input of shape [H, W, 1|3|4]; the model's is ${formatDims(shape)}`]);
  return {
    source: files[0] ?? '',
    length: files.length,
    spec: { shape: [h, w, c], dtype: 'uint8', labels: 'none', labelShape: [], classNames: null },
    read(indices) {
      const x = new Float32Array(indices.length * h * w * c);
      indices.forEach((index, at) => {
        let img;
        try {
          img = decodeImage(readFileSync(files[index]!), c);
        } catch (e) {
          throw dataError('GC6008', [files[index]!, 0, `not a readable image (${(e as Error).message.split('\n')[0]})`]);
        }
        if (img.height !== h || img.width !== w) throw dataError('GC6004', [files[index]!, 0, formatDims([img.height, img.width, c]), inputName, formatDims([h, w, c])], );
        x.set(img.data, at * h * w * c);
      });
      return { count: indices.length, x, y: null };
    },
    scan: () => [],
    labelIndices: () => null,
    close: () => undefined,
  };
}

/** Predicts; resolves to the exit code. */
export async function predictCommand(file: string, options: PredictOptions, io: CliIo): Promise<number> {
  const json = options.json === true;
  const top = intOption('top', options.top, 3, 1, 100_000);
  const batchSize = intOption('batch-size', options.batchSize, 32, 1, 65_536);
  let inputIsDir = false;
  try {
    inputIsDir = statSync(options.input).isDirectory();
  } catch {
    throw new UsageError(`--input \`${options.input}\` does not exist`);
  }
  const opened = await openUsableModel(file, options, io, false);
  if (!opened.ok) return opened.code;
  const { tf, usable } = opened;
  try {
    const { DataError } = await import('../../data/dataset.js');
    const { TrainError } = await import('../../train/train.js');
    const { predictDataset } = await import('../../train/evaluate.js');
    let names: string[];
    let rows: Float32Array[];
    try {
      let data: Dataset;
      if (inputIsDir || IMAGE.test(options.input)) {
        const files = inputIsDir ? imagesUnder(options.input) : [options.input];
        if (files.length === 0) throw new UsageError(`--input \`${options.input}\` holds no PNG or JPEG images`);
        names = files;
        data = await imageFiles(files, usable.inputShape, usable.inputName);
      } else {
        const { openDataset } = await import('../../data/open-dataset.js');
        data = await openDataset(options.input, usable.inputShape, dataKeysOf(options));
        names = Array.from({ length: data.length }, (_, i) => `${options.input}[${i}]`);
      }
      const plan = { spec: data.spec, preprocessing: usable.preprocessing, encoding: 'as-is' as const, classes: null };
      try {
        rows = await predictDataset(tf, usable.model, data, batchSize, plan);
      } finally {
        data.close();
      }
    } catch (e) {
      throw e instanceof DataError ? new TrainError([e.diagnostic]) : e;
    }
    const classNames = usable.classNames;
    const results = rows.map((row, i) => {
      const ranked = Array.from(row, (p, k) => ({ k, p })).sort((a, b) => b.p - a.p || a.k - b.k).slice(0, top);
      return { input: names[i]!, top: ranked.map(({ k, p }) => ({ class: k, name: classNames?.[k] ?? String(k), probability: p })) };
    });
    if (json) report(io, { predictions: results });
    else {
      for (const r of results) io.out(`${printable(r.input)}: ${r.top.map((t) => `${printable(t.name)} ${t.probability.toFixed(4)}`).join(', ')}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    return reportTrainError(e, io, json);
  } finally {
    usable.model.dispose();
  }
}

/** Registers `predict`. */
export function registerPredict(program: Command, io: CliIo, setCode: (code: number) => void): void {
  dataOptionsOf(modelOptionsOf(program.command('predict').description('name the classes of images (or data samples) with a trained model').argument('<model>', 'a folder graphc train wrote, or a model file (with --weights)')))
    .requiredOption('--input <path>', 'a PNG/JPEG image, a folder of images, or a data file (.h5, .npz, .npy)')
    .option('--top <k>', 'classes to print per input (default 3)')
    .option('--batch-size <n>', 'inputs per forward pass (default 32)')
    .action(async (file: string, opts: PredictOptions) => {
      setCode(await predictCommand(file, opts, io));
    });
}
