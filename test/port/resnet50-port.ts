/**
 * A hand-written TensorFlow.js port of the seed's Keras ResNet-50 (`identity_block`,
 * `convolutional_block`, `ResNet50`), line for line, as the reference the compiler's tfjs
 * backend is checked against. It is deliberately not generated: if graphc and this file agree,
 * they agree with the seed for independent reasons.
 *
 * Layers the seed leaves unnamed get `<keras_snake_case_class>_<n>` names, counted per class from
 * 1 in construction order (`input_1`, `zero_padding2d_1`, `activation_1`, `add_1`, ...), the scheme
 * the compiler uses too. The counter lives in one build, so the names never depend on tfjs's global
 * name counters or on how many models the process built before.
 */
import type * as TfModule from '@tensorflow/tfjs';

/** The `@tensorflow/tfjs` namespace; passed in so the caller picks the backend first. */
export type Tf = typeof TfModule;
type SymbolicTensor = TfModule.SymbolicTensor;
type Layer = TfModule.layers.Layer;

/** The seed's `ResNet50(input_shape, classes)` parameters. */
export interface ResNet50PortOptions {
  /** Height, width, channels; the seed's default is (64, 64, 3). */
  readonly inputShape?: readonly [number, number, number];
  /** Output classes; the seed's default is 6. The head is named `fc{classes}`. */
  readonly classes?: number;
}

/** Names for layers the seed leaves unnamed, counted per Keras class within one build. */
class LayerNamer {
  private readonly counts = new Map<string, number>();

  next(kerasClass: string): string {
    const n = (this.counts.get(kerasClass) ?? 0) + 1;
    this.counts.set(kerasClass, n);
    return `${kerasClass}_${n}`;
  }
}

/** What the seed's functions close over: the tf namespace and one build's layer namer. */
export interface PortContext {
  readonly tf: Tf;
  readonly names: { next(kerasClass: string): string };
}

/** A fresh context: counters start at 1, so the first Activation is `activation_1`. */
export function createPortContext(tf: Tf): PortContext {
  return { tf, names: new LayerNamer() };
}

type Ctx = PortContext;

function apply(ctx: Ctx, layer: Layer, input: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
  const out = layer.apply(input);
  if (!(out instanceof ctx.tf.SymbolicTensor)) throw new Error(`${layer.name} did not return one symbolic tensor`);
  return out;
}

/** `Conv2D(..., kernel_initializer=glorot_uniform(seed=0))`, as every conv in the seed. */
function conv2D(ctx: Ctx, x: SymbolicTensor, filters: number, kernel: number, strides: number,
  padding: 'valid' | 'same', name: string): SymbolicTensor {
  const kernelInitializer = ctx.tf.initializers.glorotUniform({ seed: 0 });
  return apply(ctx, ctx.tf.layers.conv2d({ filters, kernelSize: kernel, strides, padding, name, kernelInitializer }), x);
}

function batchNorm(ctx: Ctx, x: SymbolicTensor, name: string): SymbolicTensor {
  return apply(ctx, ctx.tf.layers.batchNormalization({ axis: 3, name }), x);
}

function relu(ctx: Ctx, x: SymbolicTensor): SymbolicTensor {
  return apply(ctx, ctx.tf.layers.activation({ activation: 'relu', name: ctx.names.next('activation') }), x);
}

function add(ctx: Ctx, a: SymbolicTensor, b: SymbolicTensor): SymbolicTensor {
  return apply(ctx, ctx.tf.layers.add({ name: ctx.names.next('add') }), [a, b]);
}

/** The seed's `identity_block(X, f, filters, stage, block)`. */
export function identityBlock(ctx: Ctx, input: SymbolicTensor, f: number, filters: readonly [number, number, number],
  stage: number, block: string): SymbolicTensor {
  const convNameBase = `res${stage}${block}_branch`;
  const bnNameBase = `bn${stage}${block}_branch`;
  const [F1, F2, F3] = filters;
  const shortcut = input;

  let X = conv2D(ctx, input, F1, 1, 1, 'valid', `${convNameBase}2a`);
  X = batchNorm(ctx, X, `${bnNameBase}2a`);
  X = relu(ctx, X);

  X = conv2D(ctx, X, F2, f, 1, 'same', `${convNameBase}2b`);
  X = batchNorm(ctx, X, `${bnNameBase}2b`);
  X = relu(ctx, X);

  X = conv2D(ctx, X, F3, 1, 1, 'valid', `${convNameBase}2c`);
  X = batchNorm(ctx, X, `${bnNameBase}2c`);

  X = add(ctx, X, shortcut);
  return relu(ctx, X);
}

/** The seed's `convolutional_block(X, f, filters, stage, block, s = 2)`. */
export function convolutionalBlock(ctx: Ctx, input: SymbolicTensor, f: number,
  filters: readonly [number, number, number], stage: number, block: string, s = 2): SymbolicTensor {
  const convNameBase = `res${stage}${block}_branch`;
  const bnNameBase = `bn${stage}${block}_branch`;
  const [F1, F2, F3] = filters;

  // Main path first, shortcut after, as the seed constructs them (it fixes the counters' order).
  let X = conv2D(ctx, input, F1, 1, s, 'valid', `${convNameBase}2a`);
  X = batchNorm(ctx, X, `${bnNameBase}2a`);
  X = relu(ctx, X);

  X = conv2D(ctx, X, F2, f, 1, 'same', `${convNameBase}2b`);
  X = batchNorm(ctx, X, `${bnNameBase}2b`);
  X = relu(ctx, X);

  X = conv2D(ctx, X, F3, 1, 1, 'valid', `${convNameBase}2c`);
  X = batchNorm(ctx, X, `${bnNameBase}2c`);

  let shortcut = conv2D(ctx, input, F3, 1, s, 'valid', `${convNameBase}1`);
  shortcut = batchNorm(ctx, shortcut, `${bnNameBase}1`);

  X = add(ctx, X, shortcut);
  return relu(ctx, X);
}

/**
 * The seed's `ResNet50(input_shape = (64, 64, 3), classes = 6)`, a `tf.LayersModel` named
 * `ResNet50` with 177 layers. Builds on whatever backend `tf` has active.
 */
export function buildResNet50Port(tf: Tf, options: ResNet50PortOptions = {}): TfModule.LayersModel {
  const inputShape = options.inputShape ?? [64, 64, 3];
  const classes = options.classes ?? 6;
  const ctx = createPortContext(tf);

  const input = tf.input({ shape: [...inputShape], name: ctx.names.next('input') });
  let X = apply(ctx, tf.layers.zeroPadding2d({ padding: 3, name: ctx.names.next('zero_padding2d') }), input);

  // Stage 1
  X = conv2D(ctx, X, 64, 7, 2, 'valid', 'conv1');
  X = batchNorm(ctx, X, 'bn_conv1');
  X = relu(ctx, X);
  X = apply(ctx, tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: ctx.names.next('max_pooling2d') }), X);

  // Stage 2
  X = convolutionalBlock(ctx, X, 3, [64, 64, 256], 2, 'a', 1);
  X = identityBlock(ctx, X, 3, [64, 64, 256], 2, 'b');
  X = identityBlock(ctx, X, 3, [64, 64, 256], 2, 'c');

  // Stage 3
  X = convolutionalBlock(ctx, X, 3, [128, 128, 512], 3, 'a', 2);
  for (const block of ['b', 'c', 'd']) X = identityBlock(ctx, X, 3, [128, 128, 512], 3, block);

  // Stage 4
  X = convolutionalBlock(ctx, X, 3, [256, 256, 1024], 4, 'a', 2);
  for (const block of ['b', 'c', 'd', 'e', 'f']) X = identityBlock(ctx, X, 3, [256, 256, 1024], 4, block);

  // Stage 5
  X = convolutionalBlock(ctx, X, 3, [512, 512, 2048], 5, 'a', 2);
  X = identityBlock(ctx, X, 3, [512, 512, 2048], 5, 'b');
  X = identityBlock(ctx, X, 3, [512, 512, 2048], 5, 'c');

  X = apply(ctx, tf.layers.averagePooling2d({ poolSize: 2, name: 'avg_pool' }), X);

  // Output layer
  X = apply(ctx, tf.layers.flatten({ name: ctx.names.next('flatten') }), X);
  const kernelInitializer = tf.initializers.glorotUniform({ seed: 0 });
  X = apply(ctx, tf.layers.dense({ units: classes, activation: 'softmax', name: `fc${classes}`, kernelInitializer }), X);

  return tf.model({ inputs: input, outputs: X, name: 'ResNet50' });
}
