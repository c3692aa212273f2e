/**
 * The benchmark cases: ResNet-50 of `architectures/resnet50.yaml` at an input size and batch,
 * compiled through graphc's own pipeline with `--set`-style overrides, and the deterministic
 * input every runtime gets (so outputs can be compared across processes).
 */
import { readFileSync } from 'node:fs';
import type { Graph } from '../../compiler/ir.js';
import { compileSource } from '../../compiler/pipeline.js';

/** The architecture the benches compile. */
export const RESNET50_YAML = 'architectures/resnet50.yaml';

/** One measured configuration of the model: square input `size`, `batch` images, `classes`. */
export interface CaseSpec {
  readonly size: number;
  readonly batch: number;
  readonly classes: number;
}

/**
 * Classes per input size: the seed's 6 at 64x64, ImageNet's 1000 at 224x224 (with the seed's
 * AveragePooling2D(2,2) head: 42,020,712 parameters). The head is under 0.5% of the MACs.
 */
export function defaultClasses(size: number): number {
  return size === 64 ? 6 : 1000;
}

/** `64x64 b32`. */
export function caseLabel(c: CaseSpec): string {
  return `${c.size}x${c.size} b${c.batch}`;
}

/** `64x32`: the form `--cases` takes. */
export function caseId(c: CaseSpec): string {
  return `${c.size}x${c.batch}`;
}

/** The same model (size and classes) regardless of batch: models are built once per model key. */
export function modelKey(c: CaseSpec): string {
  return `${c.size}/${c.classes}`;
}

/**
 * Parses `64x1,64x32,224x1` (size x batch). `classes` overrides {@link defaultClasses}.
 * Throws with a usage message on a malformed list.
 */
export function parseCases(text: string, classes?: number): CaseSpec[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((s) => {
    const m = /^(\d+)x(\d+)$/.exec(s);
    if (!m) throw new Error(`bad case \`${s}\`: expected SIZExBATCH, e.g. 64x1 or 224x1`);
    const size = Number(m[1]);
    const batch = Number(m[2]);
    if (size < 32 || batch < 1) throw new Error(`bad case \`${s}\`: size must be at least 32 and batch at least 1`);
    return { size, batch, classes: classes ?? defaultClasses(size) };
  });
}

/** Compiles ResNet-50 for a case (input shape and classes as `--set` overrides). Throws on diagnostics. */
export function compileCase(c: Pick<CaseSpec, 'size' | 'classes'>, file = RESNET50_YAML, text = readFileSync(file, 'utf8')): Graph {
  const result = compileSource(file, text, {
    overrides: [{ key: 'input_shape', value: [c.size, c.size, 3] }, { key: 'classes', value: c.classes }],
  });
  if (!result.graph) {
    const first = result.diagnostics[0];
    throw new Error(`${file} did not compile for ${c.size}x${c.size}, ${c.classes} classes: ${first ? first.message : 'unknown error'}`);
  }
  return result.graph;
}

/** The input every runtime gets for a case: NHWC, uniform in [-1, 1), from a fixed LCG seed. */
export function caseInput(c: CaseSpec): { data: Float32Array; dims: [number, number, number, number] } {
  const dims: [number, number, number, number] = [c.batch, c.size, c.size, 3];
  const data = new Float32Array(dims[0] * dims[1] * dims[2] * dims[3]);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = (s / 4294967296) * 2 - 1;
  }
  return { data, dims };
}
