/**
 * The two gradients of a depthwise convolution for the wasm backend, which tfjs 4.22 does not
 * ship (`Kernel 'DepthwiseConv2dNativeBackpropInput' not registered for backend 'wasm'`): without
 * them MobileNet-style networks (architectures/mobilenetv2.yaml) cannot train on wasm. Both are
 * composed of wasm kernels, the heavy part being the wasm backend's own (XNNPACK)
 * `DepthwiseConv2dNative`, as conv2DBackpropFilterWasm does for the ordinary convolution.
 *
 * Dilation 1 only: tfjs's gradient of depthwiseConv2d itself refuses dilation rates above 1,
 * so no training step asks for more.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { fitRowsAndColumns, KernelRunner, spreadByStrides, wasmBackendOf, type KernelParams } from './wasm-kernel-runner.js';

type Shape4 = [number, number, number, number];

function depthwiseInfo(name: string, xShape: Shape4, filterShape: Shape4, attrs: tf.DepthwiseConv2dNativeBackpropInputAttrs | tf.DepthwiseConv2dNativeBackpropFilterAttrs): tf.backend_util.Conv2DInfo {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error(`wasm ${name} supports dilation 1 only (as tfjs's depthwiseConv2d gradient does)`);
  return info;
}

/**
 * dx[n, ih, iw, c] = Σ_{kh, kw, m} dy[n, (ih + pt − kh)/sh, (iw + pl − kw)/sw, c·M + m] · W[kh, kw, c, m]
 * (only where the division is exact): dy spread onto every stride-th position, padded so that a
 * stride-1 'valid' depthwise convolution with the spatially flipped filter (C·M channels,
 * multiplier 1) lands on the input's grid, then the M products of each input channel summed.
 */
export function depthwiseConv2dNativeBackpropInputWasm(params: KernelParams): TensorInfo {
  const { dy, filter } = params.inputs;
  if (dy === undefined || filter === undefined) throw new Error('DepthwiseConv2dNativeBackpropInput needs inputs dy and filter');
  const backend = wasmBackendOf(params, 'DepthwiseConv2dNativeBackpropInput');
  const attrs = params.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  const [fh, fw, channels, multiplier] = filter.shape as Shape4;
  const info = depthwiseInfo('DepthwiseConv2dNativeBackpropInput', attrs.inputShape, [fh, fw, channels, multiplier], attrs);
  const { inHeight, inWidth, batchSize, padInfo } = info;
  return KernelRunner.compose(backend, (k) => {
    const spread = spreadByStrides(k, dy, info.strideHeight, info.strideWidth);
    const padded = fitRowsAndColumns(k, spread, fh - 1 - padInfo.top, fw - 1 - padInfo.left, inHeight + fh - 1, inWidth + fw - 1);
    const flipped = k.run('Reverse', { x: filter }, { dims: [0, 1] });
    const perChannel = k.run('Reshape', { x: flipped }, { shape: [fh, fw, channels * multiplier, 1] });
    const products = k.run('DepthwiseConv2dNative', { x: padded, filter: perChannel }, { strides: [1, 1], pad: 'valid', dilations: [1, 1], dimRoundingMode: 'floor' });
    if (multiplier === 1) return products;
    const split = k.run('Reshape', { x: products }, { shape: [batchSize, inHeight, inWidth, channels, multiplier] });
    return k.run('Sum', { x: split }, { axis: [4], keepDims: false });
  });
}

/**
 * dW[kh, kw, c, m] = Σ_{n, oh, ow} xPadded[n, oh·sh + kh, ow·sw + kw, c] · dy[n, oh, ow, c·M + m]:
 * itself a depthwise convolution when batch and channels are merged into N·C channels of one
 * image (x as [1, H, W, N·C]) and dy is the filter ([OH, OW, N·C, M], dilated by the forward
 * stride); the result [1, KH, KW, N·C·M] is then summed over the batch.
 */
export function depthwiseConv2dNativeBackpropFilterWasm(params: KernelParams): TensorInfo {
  const { x, dy } = params.inputs;
  if (x === undefined || dy === undefined) throw new Error('DepthwiseConv2dNativeBackpropFilter needs inputs x and dy');
  const backend = wasmBackendOf(params, 'DepthwiseConv2dNativeBackpropFilter');
  const attrs = params.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const filterShape = attrs.filterShape as Shape4;
  const [fh, fw, channels, multiplier] = filterShape;
  const info = depthwiseInfo('DepthwiseConv2dNativeBackpropFilter', x.shape as Shape4, filterShape, attrs);
  const { batchSize: n, inHeight, inWidth, outHeight, outWidth, strideHeight: sh, strideWidth: sw, padInfo } = info;
  return KernelRunner.compose(backend, (k) => {
    const xT = k.run('Transpose', { x }, { perm: [1, 2, 0, 3] });
    const image = k.run('Reshape', { x: xT }, { shape: [1, inHeight, inWidth, n * channels] });
    const dyT = k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const taps = k.run('Reshape', { x: dyT }, { shape: [outHeight, outWidth, n * channels, multiplier] });
    // Exactly the rows and columns the forward pass read, padding included: the result is KH x KW.
    const read = fitRowsAndColumns(k, image, padInfo.top, padInfo.left, fh + (outHeight - 1) * sh, fw + (outWidth - 1) * sw);
    const perImage = k.run('DepthwiseConv2dNative', { x: read, filter: taps }, { strides: [1, 1], pad: 'valid', dilations: [sh, sw], dimRoundingMode: 'floor' });
    const byImage = k.run('Reshape', { x: perImage }, { shape: [fh, fw, n, channels * multiplier] });
    const summed = n === 1 ? byImage : k.run('Sum', { x: byImage }, { axis: [2], keepDims: false });
    return k.run('Reshape', { x: summed }, { shape: filterShape });
  });
}
