/**
 * What graphc's own tfjs layers share: an initializer argument given as a tfjs initializer or as
 * its serialized `{className, config}` (what `tf.loadLayersModel` hands a layer's constructor),
 * and its serialized form for `getConfig()`. This file, like every file in this folder, imports
 * only tfjs: the TypeScript backend copies it verbatim into generated models.
 */
import * as tf from '@tensorflow/tfjs';

/** A tfjs initializer. */
export type Initializer = ReturnType<typeof tf.initializers.ones>;

/** An initializer, or its serialized form from a saved model. */
export type InitializerArg = Initializer | tf.serialization.ConfigDict;

/** The arguments every layer takes (`name`, `trainable`, ...). */
export type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The initializer an argument names; `fallback` when it is absent. */
export function toInitializer(arg: InitializerArg | undefined, fallback: () => Initializer): Initializer {
  if (arg === undefined) return fallback();
  if (arg instanceof tf.serialization.Serializable) return arg as Initializer;
  const className = arg['className'];
  const entry = typeof className === 'string' ? tf.serialization.SerializationMap.getMap().classNameMap[className] : undefined;
  if (entry === undefined) throw new Error('unknown initializer ' + JSON.stringify(className));
  const config = arg['config'];
  const [cls, fromConfig] = entry;
  return fromConfig(cls, (config ?? {}) as tf.serialization.ConfigDict) as Initializer;
}

/** An initializer as `getConfig()` writes it (tfjs turns the keys into Keras's snake_case). */
export function initializerConfig(init: Initializer): tf.serialization.ConfigDict {
  return { className: init.getClassName(), config: init.getConfig() };
}
