/**
 * The layers graphc adds to TensorFlow.js where tfjs 4.22 lacks a Keras layer or setting
 * (`Subtract`, `SpatialDropout2D`, `GRU` with `reset_after`, `ELU` alpha, `Softmax` axis), created once per tfjs instance and registered
 * under Keras's class names, so that models graphc saves load back through `loadSavedModel`.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { type ActivationLayerArgs, eluClass, softmaxClass } from './activations.js';
import { gruClass, type GruArgs } from './gru.js';
import { spatialDropout2dClass, type SpatialDropout2DArgs } from './spatial-dropout2d.js';
import { subtractClass } from './subtract.js';
import { customLayers as resampleLayers } from '../custom-layers.js';

type Tf = typeof TfModule;
type Layer = TfModule.layers.Layer;

/** Constructors of graphc's own tfjs layers. */
export interface CustomLayers {
  readonly Subtract: new (args: { name?: string; trainable?: boolean }) => Layer;
  readonly SpatialDropout2D: new (args: SpatialDropout2DArgs) => Layer;
  readonly GRU: new (args: GruArgs) => Layer;
  readonly ELU: new (args: ActivationLayerArgs) => Layer;
  readonly Softmax: new (args: ActivationLayerArgs) => Layer;
}

const cache = new WeakMap<Tf, CustomLayers>();

/** graphc's custom layers for this tfjs instance, registered for deserialization on first use. */
export function customLayers(tf: Tf): CustomLayers {
  const found = cache.get(tf);
  if (found) return found;
  // The resampling and normalization layers (issue 10 part A) register alongside, so one call
  // prepares tfjs to load any model graphc saves.
  resampleLayers(tf);
  const made: CustomLayers = { Subtract: subtractClass(tf), SpatialDropout2D: spatialDropout2dClass(tf), GRU: gruClass(tf), ELU: eluClass(tf), Softmax: softmaxClass(tf) };
  for (const cls of Object.values(made)) tf.serialization.registerClass(cls as unknown as TfModule.serialization.SerializableConstructor<TfModule.serialization.Serializable>);
  cache.set(tf, made);
  return made;
}
