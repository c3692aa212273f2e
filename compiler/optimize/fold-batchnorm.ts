/**
 * BatchNormalization folding arithmetic: y = gamma * (x - mean) / sqrt(var + eps) + beta applied
 * to a layer's output equals the layer with each output channel's kernel scaled by
 * s = gamma / sqrt(var + eps) and bias b' = (b - mean) * s + beta. Computed in float64.
 */
import type { Value } from '../ir.js';
import type { WeightTensor } from '../weights.js';

/** The layers a BatchNormalization can fold into. */
export type Foldable = 'Conv2D' | 'DepthwiseConv2D' | 'SeparableConv2D' | 'Dense';

function get(ws: readonly WeightTensor[], name: string): WeightTensor | undefined {
  return ws.find((w) => w.name === name);
}

/** The kernel whose last axis (or, for depthwise, last two axes) are the output channels. */
function outputKernel(op: Foldable, ws: readonly WeightTensor[]): WeightTensor {
  const name = op === 'DepthwiseConv2D' ? 'depthwise_kernel' : op === 'SeparableConv2D' ? 'pointwise_kernel' : 'kernel';
  const k = get(ws, name);
  if (!k) throw new Error(`invariant: ${op} has no ${name}`);
  return k;
}

/** The layer's weights with the BatchNormalization folded in (kernel scaled, bias added). */
export function foldBatchNorm(
  op: Foldable,
  layerAttrs: { readonly [key: string]: Value },
  layerWeights: readonly WeightTensor[],
  bnAttrs: { readonly [key: string]: Value },
  bnWeights: readonly WeightTensor[],
): WeightTensor[] {
  const mean = get(bnWeights, 'moving_mean')!.data;
  const variance = get(bnWeights, 'moving_variance')!.data;
  const channels = mean.length;
  const gamma = bnAttrs['scale'] ? get(bnWeights, 'gamma')!.data : new Float32Array(channels).fill(1);
  const beta = bnAttrs['center'] ? get(bnWeights, 'beta')!.data : new Float32Array(channels);
  const eps = bnAttrs['epsilon'] as number;
  const scale = Array.from({ length: channels }, (_, c) => gamma[c]! / Math.sqrt(variance[c]! + eps));

  const kernel = outputKernel(op, layerWeights);
  // Output channels are the kernel's last axis for every foldable layer; for a depthwise kernel
  // [kh, kw, cin, multiplier] the output channel of (ci, m) is ci * multiplier + m, which is the
  // flattened index of the last two axes.
  const data = new Float32Array(kernel.data.length);
  for (let i = 0; i < data.length; i++) data[i] = kernel.data[i]! * scale[i % channels]!;
  const oldBias = layerAttrs['use_bias'] ? get(layerWeights, 'bias')?.data : undefined;
  const bias = new Float32Array(channels);
  for (let c = 0; c < channels; c++) bias[c] = ((oldBias?.[c] ?? 0) - mean[c]!) * scale[c]! + beta[c]!;

  const out: WeightTensor[] = [];
  for (const w of layerWeights) {
    if (w.name === 'bias') continue;
    out.push(w === kernel ? { ...w, data } : w);
  }
  out.push({ name: 'bias', shape: [channels], data: bias });
  return out;
}
