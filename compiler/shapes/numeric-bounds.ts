/**
 * Numbers a backend can hold. Shape rules compute in doubles, so `classes: 1e308` or a
 * 100000×100000 input give dimensions, parameter counts and MACs that no runtime can allocate
 * and that print as `∞` or as silently rounded integers. Each layer is checked as it is
 * inferred; the totals and the weight budget once at the end.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type { Origin, ParamCount, Shape, SourceSpan } from '../ir.js';
import { formatCount } from '../summary.js';

/** Largest tensor dimension: tfjs and ONNX Runtime index with 32-bit signed integers. */
export const MAX_DIMENSION = 2 ** 31 - 1;
/** Largest number of elements in one tensor (batch excluded): tfjs's typed arrays take no more. */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;
/** Default weight budget: 2 GiB, 536,870,912 float32 parameters, what a laptop holds twice over. */
export const DEFAULT_MAX_WEIGHT_BYTES = 2 * 1024 ** 3;
/** Bytes per parameter (float32). */
export const BYTES_PER_PARAM = 4;

/** A count for a message: digits grouped while exact, else JavaScript's exponent form (`1e+308`). */
function big(n: number): string {
  return Number.isSafeInteger(n) ? formatCount(n) : String(n);
}

const LIMIT_HINT = 'the tfjs and ONNX runtimes index tensors with 32-bit integers; check the sizes in the parameters and `--set` values';

/** A layer as far as the checks need it. */
interface Layer {
  readonly op: string;
  readonly name: string;
  readonly opSpan: SourceSpan;
  readonly origin: Origin;
}

/** Checks one layer's output shape and counts; false (after reporting) when out of bounds. */
export function checkLayerNumbers(layer: Layer, shape: Shape, params: ParamCount, macs: number, sink: DiagnosticSink): boolean {
  // One pass over the dimensions (once per layer: no intermediate arrays).
  let elements = 1;
  for (let i = 1; i < shape.length; i++) {
    const d = shape[i];
    if (d === null || d === undefined) continue;
    if (!Number.isFinite(d) || d > MAX_DIMENSION) {
      sink.report('GC5005', [layer.op, layer.name, 'an output dimension of', big(d), formatCount(MAX_DIMENSION)], layer.opSpan, { trace: layer.origin.trace, hint: LIMIT_HINT });
      return false;
    }
    elements *= d;
  }
  if (elements > MAX_TENSOR_ELEMENTS) {
    sink.report('GC5005', [layer.op, layer.name, 'an output of', `${big(elements)} elements per sample`, formatCount(MAX_TENSOR_ELEMENTS)], layer.opSpan, { trace: layer.origin.trace, hint: LIMIT_HINT });
    return false;
  }
  const total = params.trainable + params.nonTrainable;
  if (Number.isSafeInteger(total) && Number.isSafeInteger(macs)) return true;
  for (const [what, n] of [['parameters', total], ['multiply-accumulates', macs]] as const) {
    if (!Number.isSafeInteger(n)) {
      sink.report('GC5006', [`${layer.op} \`${layer.name}\``, Number.isFinite(n) ? big(n) : 'infinitely many', what], layer.opSpan, { trace: layer.origin.trace });
      return false;
    }
  }
  return true;
}

/** Checks the model's totals; false (after reporting) when a total is not exact. */
export function checkTotals(totals: { readonly params: number; readonly macs: number }, at: SourceSpan | null, sink: DiagnosticSink): boolean {
  for (const [what, n] of [['parameters', totals.params], ['multiply-accumulates', totals.macs]] as const) {
    if (!Number.isSafeInteger(n)) {
      sink.report('GC5006', ['the model', Number.isFinite(n) ? big(n) : 'infinitely many', what], at);
      return false;
    }
  }
  return true;
}

/** `2 GiB`, `512 MiB`, `1,024 bytes`. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${formatCount(n)} bytes` : `${Number(v.toFixed(2))} ${units[i]}`;
}

/** Refuses a model whose float32 weights exceed the budget, before any backend allocates them. */
export function checkWeightBudget(params: number, budget: number, at: SourceSpan | null, sink: DiagnosticSink): boolean {
  const bytes = params * BYTES_PER_PARAM;
  if (bytes <= budget) return true;
  sink.report('GC5007', [formatBytes(bytes), big(params), formatBytes(budget)], at, {
    hint: `building it would allocate ${formatBytes(bytes)}; if the machine has the memory, raise the budget with --max-weights (e.g. --max-weights ${formatBytes(2 ** Math.ceil(Math.log2(bytes))).replace(' ', '')})`,
  });
  return false;
}
