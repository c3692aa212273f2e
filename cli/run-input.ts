/**
 * The input of `graphc run`: seeded random tensors, or a file. A `.json` file holds one tensor as a
 * nested array (batch first) or as `{ "shape": [...], "data": [...] }`; a model with several inputs
 * takes an object with one such entry per input name. A `.png` image feeds a model with one NHWC
 * image input of the same height and width, as Keras's `load_img` + `img_to_array` would: values
 * 0-255, RGB (alpha dropped), or luma for one channel.
 */
import { extname } from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Graph, Shape } from '../compiler/ir.js';
import { DEFAULT_BOUND, indexBound } from '../compiler/index-bound.js';
import { readUserFile } from './read-regular-file.js';
import { mulberry32 } from '../data/batch-order.js';

/** One input tensor, row-major, batch first. */
export interface InputTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: Float32Array | Int32Array;
}

/** The tensors, or the diagnostics (and exit code) that stop the run. */
export type InputResult =
  | { readonly ok: true; readonly tensors: readonly InputTensor[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly usage: boolean };

/** Largest input file read, in bytes (a 224x224x3 batch of 32 as JSON is about 50 MB). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** One input a model takes: its name, its shape with `null` for unknown dimensions (the batch first), its dtype. */
export interface ModelInput {
  readonly name: string;
  readonly shape: Shape;
  readonly dtype: 'float32' | 'int32';
  /** For an int32 input: one past its largest valid value (the Embeddings it feeds); default 10. */
  readonly bound?: number;
}

/** The inputs of a compiled graph. */
export function graphInputs(graph: Graph): ModelInput[] {
  return graph.inputs.map((name) => {
    const node = graph.nodes.find((n) => n.name === name)!;
    return node.attrs['dtype'] === 'int32'
      ? { name, shape: node.shape ?? [null], dtype: 'int32', bound: indexBound(graph, name) }
      : { name, shape: node.shape ?? [null], dtype: 'float32' };
  });
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const shapeText = (shape: readonly (number | null)[]): string => `[${shape.map((d) => (d === null ? 'N' : String(d))).join(', ')}]`;

/**
 * Random inputs for a batch: float32 uniform in [0, 1) (an image scaled to [0, 1], as the seed's
 * data is), int32 uniform below {@link indexBound} (valid ids for the Embeddings the input feeds,
 * else 0..9). Unknown dimensions other than the batch become 1.
 */
export function randomInputs(inputs: readonly ModelInput[], batch: number, seed: number): InputTensor[] {
  const next = mulberry32(seed);
  return inputs.map((input) => {
    const shape = [batch, ...input.shape.slice(1).map((d) => d ?? 1)];
    const n = size(shape);
    if (input.dtype === 'int32') {
      const bound = input.bound ?? DEFAULT_BOUND;
      return { name: input.name, shape, dtype: 'int32', data: Int32Array.from({ length: n }, () => Math.floor(next() * bound)) };
    }
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = next();
    return { name: input.name, shape, dtype: 'float32', data };
  });
}

class InputProblem extends Error {}

/** The shape of a nested array, checking that it is rectangular and all numbers. */
function nestedShape(value: unknown, path: string): number[] {
  if (!Array.isArray(value)) {
    if (typeof value === 'number' && Number.isFinite(value)) return [];
    throw new InputProblem(`\`${path}\` is ${JSON.stringify(value)?.slice(0, 40) ?? 'undefined'}, not a finite number or an array`);
  }
  if (value.length === 0) throw new InputProblem(`\`${path}\` is an empty array`);
  const first = nestedShape(value[0], `${path}[0]`);
  for (let i = 1; i < value.length; i++) {
    const s = nestedShape(value[i], `${path}[${i}]`);
    if (s.join() !== first.join()) throw new InputProblem(`\`${path}\` is ragged: \`${path}[0]\` has shape ${shapeText(first)}, \`${path}[${i}]\` has ${shapeText(s)}`);
  }
  return [value.length, ...first];
}

/** One tensor from its JSON form: a nested array, or `{ shape, data }`. */
function tensorFromJson(value: unknown, path: string): { shape: number[]; values: number[] } {
  if (Array.isArray(value)) {
    const shape = nestedShape(value, path);
    return { shape, values: (value as unknown[]).flat(Infinity) as number[] };
  }
  if (typeof value === 'object' && value !== null && 'shape' in value && 'data' in value) {
    const { shape, data } = value as { shape: unknown; data: unknown };
    if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isSafeInteger(d) && (d as number) > 0)) {
      throw new InputProblem(`\`${path}.shape\` must be a non-empty list of positive integers`);
    }
    if (!Array.isArray(data) || !data.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new InputProblem(`\`${path}.data\` must be a flat list of finite numbers`);
    }
    const n = size(shape as number[]);
    if (data.length !== n) throw new InputProblem(`\`${path}.data\` has ${data.length} values; shape ${shapeText(shape as number[])} needs ${n}`);
    return { shape: shape as number[], values: data as number[] };
  }
  throw new InputProblem(`\`${path}\` must be a nested array or an object { "shape": [...], "data": [...] }`);
}

/** The diagnostics for a tensor whose shape the model does not take (the batch may be any size). */
function shapeProblem(input: ModelInput, shape: readonly number[]): Diagnostic | null {
  const expected = input.shape;
  const fits = shape.length === expected.length && expected.every((d, i) => i === 0 || d === null || d === shape[i]);
  if (fits) return null;
  const sample = expected.slice(1);
  const missingBatch = shape.length === sample.length && sample.every((d, i) => d === null || d === shape[i]);
  return makeDiagnostic('GC0007', [input.name, shapeText(shape), shapeText(expected)], null, {
    hint: missingBatch ? 'add the batch dimension: wrap the array in one more [ ]' : 'N, the batch, may be any size; the other dimensions must match',
  });
}

function fromJsonFile(path: string, text: string, inputs: readonly ModelInput[]): { name: string; shape: number[]; values: number[] }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InputProblem(`not valid JSON (${(e as Error).message})`);
  }
  const names = inputs.map((i) => i.name);
  const keyed = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !('shape' in parsed && 'data' in parsed);
  if (inputs.length > 1 || keyed) {
    if (!keyed) throw new InputProblem(`the model has ${inputs.length} inputs: give an object with one entry per input (${names.join(', ')})`);
    const obj = parsed as Record<string, unknown>;
    const unknown = Object.keys(obj).filter((k) => !names.includes(k));
    const missing = names.filter((n) => !(n in obj));
    if (unknown.length > 0 || missing.length > 0) {
      throw new InputProblem(`the entries must be the model's inputs (${names.join(', ')})${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`);
    }
    return inputs.map((i) => ({ name: i.name, ...tensorFromJson(obj[i.name], i.name) }));
  }
  return [{ name: inputs[0]!.name, ...tensorFromJson(parsed, inputs[0]!.name) }];
}

async function fromPngFile(bytes: Buffer, inputs: readonly ModelInput[]): Promise<{ name: string; shape: number[]; values: Float32Array }[]> {
  const image = inputs[0]!;
  if (inputs.length !== 1 || image.shape.length !== 4 || ![1, 3, 4].includes(image.shape[3] ?? -1)) {
    throw new InputProblem('a PNG feeds a model with one image input of 1, 3 or 4 channels (NHWC)');
  }
  const { PNG } = await import('pngjs');
  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(bytes);
  } catch (e) {
    throw new InputProblem(`not a readable PNG (${(e as Error).message})`);
  }
  const channels = image.shape[3]!;
  const values = new Float32Array(png.width * png.height * channels);
  for (let p = 0; p < png.width * png.height; p++) {
    const [r, g, b, a] = [png.data[4 * p]!, png.data[4 * p + 1]!, png.data[4 * p + 2]!, png.data[4 * p + 3]!];
    // PIL's convert('L'), which Keras's load_img(color_mode='grayscale') uses: ITU-R 601-2 luma.
    if (channels === 1) values[p] = Math.floor((r * 299 + g * 587 + b * 114) / 1000);
    else values.set(channels === 3 ? [r, g, b] : [r, g, b, a], p * channels);
  }
  return [{ name: image.name, shape: [1, png.height, png.width, channels], values }];
}

/** Reads and checks an input file against the model's inputs. Never throws for a bad file. */
export async function readInputFile(path: string, inputs: readonly ModelInput[]): Promise<InputResult> {
  const fail = (d: Diagnostic, usage = false): InputResult => ({ ok: false, diagnostics: [d], usage });
  const file = readUserFile(path, MAX_INPUT_BYTES, (n) => makeDiagnostic('GC0006', [path, `the file is ${n} bytes, over the limit of ${MAX_INPUT_BYTES}`], null));
  if (!file.ok) return fail(file.diagnostic, file.usage);
  const bytes = file.bytes;
  const ext = extname(path).toLowerCase();
  let read: { name: string; shape: number[]; values: ArrayLike<number> }[];
  try {
    if (ext === '.json') read = fromJsonFile(path, bytes.toString('utf8'), inputs);
    else if (ext === '.png') read = await fromPngFile(bytes, inputs);
    else throw new InputProblem('graphc reads .json and .png inputs');
  } catch (e) {
    if (!(e instanceof InputProblem)) throw e;
    return fail(makeDiagnostic('GC0006', [path, e.message], null));
  }
  const problems = read.map((t, i) => shapeProblem(inputs[i]!, t.shape)).filter((d): d is Diagnostic => d !== null);
  if (problems.length > 0) return { ok: false, diagnostics: problems, usage: false };
  const batches = new Set(read.map((t) => t.shape[0]));
  if (batches.size > 1) return fail(makeDiagnostic('GC0006', [path, `the inputs have different batch sizes (${[...batches].join(', ')})`], null));
  return {
    ok: true,
    tensors: read.map((t, i) => {
      const dtype = inputs[i]!.dtype;
      return { name: t.name, shape: t.shape, dtype, data: dtype === 'int32' ? Int32Array.from(t.values, Math.trunc) : Float32Array.from(t.values) };
    }),
  };
}
