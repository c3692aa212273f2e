/**
 * The layout change per op kind, said once: how each graphc (Keras) weight of a layer is named
 * and arranged in a checkpoint of a given storage layout. PyTorch keeps convolution kernels as
 * OIHW (Keras: HWIO), Dense weights as [out, in] (Keras: [in, out]), depthwise kernels as
 * [C*M, 1, H, W] (Keras: [H, W, C, M]), and BatchNorm statistics as running_mean/running_var
 * beside a `num_batches_tracked` counter that has no Keras counterpart.
 */
import type { StorageLayout } from './checkpoint.js';

/** One graphc weight as a checkpoint stores it. */
export interface WeightForm {
  /** Appended to the layer's key: `.weight`, `/kernel`, `/0`. */
  readonly suffix: string;
  /** Axis order: the checkpoint's axis `i` is graphc's axis `perm[i]`; absent: the same. */
  readonly perm?: readonly number[];
  /** Depthwise kernels: PyTorch's [C*M, 1, H, W] is [C, M, H, W] with the two first axes merged. */
  readonly mergeDepthwise?: boolean;
  /**
   * A second checkpoint tensor of the same shape that adds to this one: PyTorch's LSTM keeps
   * `bias_ih` and `bias_hh` where Keras has one bias. Read as the sum; written as (value, zeros).
   */
  readonly addend?: string;
}

/** A weight name and shape of a graphc layer, in Keras order. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

const OIHW = [3, 2, 0, 1];
const CONV_HWIO: Readonly<Record<string, WeightForm>> = { kernel: { suffix: 'weight', perm: OIHW }, bias: { suffix: 'bias' } };
const DEPTHWISE: WeightForm = { suffix: 'weight', perm: [2, 3, 0, 1], mergeDepthwise: true };

// PyTorch module layouts per Keras op; an op missing here cannot be loaded from or written to a
// torch-layout file (GC7010) rather than being guessed.
const TORCH: Readonly<Record<string, Readonly<Record<string, WeightForm>>>> = {
  Conv2D: CONV_HWIO,
  // Keras [H, W, out, in] and PyTorch ConvTranspose2d [in, out, H, W]: the same permutation.
  Conv2DTranspose: CONV_HWIO,
  Conv1D: { kernel: { suffix: 'weight', perm: [2, 1, 0] }, bias: { suffix: 'bias' } },
  DepthwiseConv2D: { depthwise_kernel: DEPTHWISE, bias: { suffix: 'bias' } },
  // nn.Sequential-style submodules, as depthwise-separable blocks are written in PyTorch.
  SeparableConv2D: { depthwise_kernel: { ...DEPTHWISE, suffix: 'depthwise.weight' }, pointwise_kernel: { suffix: 'pointwise.weight', perm: OIHW }, bias: { suffix: 'pointwise.bias' } },
  Dense: { kernel: { suffix: 'weight', perm: [1, 0] }, bias: { suffix: 'bias' } },
  BatchNormalization: { gamma: { suffix: 'weight' }, beta: { suffix: 'bias' }, moving_mean: { suffix: 'running_mean' }, moving_variance: { suffix: 'running_var' } },
  LayerNormalization: { gamma: { suffix: 'weight' }, beta: { suffix: 'bias' } },
  GroupNormalization: { gamma: { suffix: 'weight' }, beta: { suffix: 'bias' } },
  Embedding: { embeddings: { suffix: 'weight' } },
  // nn.LSTM (one layer): Keras's gate order i, f, c, o is PyTorch's i, f, g, o, so the kernels
  // only transpose; the two PyTorch biases add up to Keras's one.
  LSTM: { kernel: { suffix: 'weight_ih_l0', perm: [1, 0] }, recurrent_kernel: { suffix: 'weight_hh_l0', perm: [1, 0] }, bias: { suffix: 'bias_ih_l0', addend: 'bias_hh_l0' } },
};

// graphc's ONNX export: OIHW convolutions (ONNX Conv's layout), everything else as Keras has it.
const GRAPHC_ONNX: Readonly<Record<string, Readonly<Record<string, WeightForm>>>> = {
  Conv2D: { kernel: { suffix: 'kernel', perm: OIHW } },
  // exported through the same Conv rule as Conv2D, so named `kernel`
  DepthwiseConv2D: { depthwise_kernel: { ...DEPTHWISE, suffix: 'kernel' } },
  SeparableConv2D: { depthwise_kernel: { ...DEPTHWISE, suffix: 'depthwise_kernel' }, pointwise_kernel: { suffix: 'pointwise_kernel', perm: OIHW } },
};

/** Checkpoint-only tensors each torch module may carry, never loaded. */
export const TORCH_IGNORED: Readonly<Record<string, readonly string[]>> = { BatchNormalization: ['num_batches_tracked'] };

/** The separator between a layer key and a weight suffix. */
export function separatorOf(layout: StorageLayout): string {
  return layout === 'torch' ? '.' : '/';
}

/**
 * The forms of a layer's weights in a layout, aligned with `weights`; null when the layout has
 * no form for this op kind.
 */
export function layerForms(layout: StorageLayout, op: string, weights: readonly WeightSpec[]): WeightForm[] | null {
  if (layout === 'keras') return weights.map((w) => ({ suffix: w.name }));
  if (layout === 'keras3') return weights.map((_, i) => ({ suffix: String(i) }));
  const table = layout === 'torch' ? TORCH[op] : GRAPHC_ONNX[op];
  if (layout === 'graphc-onnx') return weights.map((w) => table?.[w.name] ?? { suffix: w.name });
  if (!table) return null;
  const forms = weights.map((w) => table[w.name]);
  return forms.every((f) => f !== undefined) ? (forms as WeightForm[]) : null;
}

/** The shape a checkpoint of this form stores a graphc weight of `shape` in. */
export function checkpointShape(form: WeightForm, shape: readonly number[]): number[] {
  if (!form.perm || form.perm.length !== shape.length) return [...shape];
  const permuted = form.perm.map((a) => shape[a]!);
  return form.mergeDepthwise ? [permuted[0]! * permuted[1]!, 1, permuted[2]!, permuted[3]!] : permuted;
}

/** Moves row-major `data` of `shape` into axis order `perm` (out axis i = in axis perm[i]). */
export function permute(data: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  if (shape.length > 4) throw new Error(`invariant: permute of rank ${shape.length}`);
  // Padded to rank 4 so one set of tight nested loops serves every layout (ResNet-50's 25M weights).
  const pad = 4 - shape.length;
  const dims = [...new Array<number>(pad).fill(1), ...shape];
  const axes = [...Array.from({ length: pad }, (_, i) => i), ...perm.map((a) => a + pad)];
  const strides = [dims[1]! * dims[2]! * dims[3]!, dims[2]! * dims[3]!, dims[3]!, 1];
  const [n0, n1, n2, n3] = axes.map((a) => dims[a]!) as [number, number, number, number];
  const [s0, s1, s2, s3] = axes.map((a) => strides[a]!) as [number, number, number, number];
  const out = new Float32Array(data.length);
  let o = 0;
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        const base = i0 * s0 + i1 * s1 + i2 * s2;
        for (let i3 = 0; i3 < n3; i3++) out[o++] = data[base + i3 * s3]!;
      }
    }
  }
  return out;
}

/** The permutation that undoes `perm`. */
function inverse(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((a, i) => (inv[a] = i));
  return inv;
}

/** Graphc's values of a weight from the checkpoint's (already checked to have the form's shape). */
export function toGraphc(form: WeightForm, data: Float32Array, shape: readonly number[]): Float32Array {
  if (!form.perm || form.perm.length !== shape.length) return data;
  return permute(data, form.perm.map((a) => shape[a]!), inverse(form.perm));
}

/** The checkpoint's values of a graphc weight of `shape`. */
export function fromGraphc(form: WeightForm, data: Float32Array, shape: readonly number[]): Float32Array {
  if (!form.perm || form.perm.length !== shape.length) return data;
  return permute(data, shape, form.perm);
}
