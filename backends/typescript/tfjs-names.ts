/**
 * Keras names and their tfjs spellings, for the attribute values whose spelling differs
 * (`hard_sigmoid` → `hardSigmoid`, `GlorotUniform` → `tf.initializers.glorotUniform`). Used at
 * generation time for constants and copied into the generated file's run-time conversions for
 * computed values, so both always agree.
 */
import type { Value } from '../../compiler/ir.js';
import { INITIALIZERS } from '../../compiler/ops/attrs.js';

/** Keras activation names → tfjs `ActivationIdentifier`, null where tfjs has none. */
export const TFJS_ACTIVATIONS: { readonly [keras: string]: string | null } = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'hardSigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  swish: 'swish',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  gelu: 'gelu',
  exponential: null,
  // tfjs 4.22 names the tanh approximation of GELU `gelu_new` (its `gelu` is the exact, erf form).
  gelu_approximate: 'gelu_new',
};

/** Keras `VarianceScaling` modes → tfjs. */
export const TFJS_FAN_MODES: { readonly [keras: string]: string } = { fan_in: 'fanIn', fan_out: 'fanOut', fan_avg: 'fanAvg' };

/**
 * Keras `VarianceScaling` distributions → tfjs, as the tfjs backend maps them. tfjs's `normal`
 * is a truncated normal (Keras's `truncated_normal`, and its old `normal`); its
 * `truncatedNormal` would sample uniformly (VarianceScaling tests only for `normal`), and it
 * has no untruncated normal, which therefore maps to `normal` too.
 */
export const TFJS_DISTRIBUTIONS: { readonly [keras: string]: string } = {
  normal: 'normal',
  truncated_normal: 'normal',
  untruncated_normal: 'normal',
  uniform: 'uniform',
};

/** The `tf.initializers` factory of a Keras initializer class (`GlorotUniform` → `glorotUniform`). */
export function initializerFactory(className: string): string {
  return className.charAt(0).toLowerCase() + className.slice(1);
}

/** True for initializer classes whose tfjs factory takes no argument (`zeros()`, `ones()`). */
export function takesNoArgs(className: string): boolean {
  const keys = Object.values(INITIALIZERS).find((d) => d.className === className)?.keys;
  return keys !== undefined && keys.length === 0;
}

/** A config value in tfjs spelling (`fan_in` → `fanIn` for `mode`, ...). */
export function tfjsConfigValue(key: string, v: Value): Value {
  if (key === 'mode' && typeof v === 'string') return TFJS_FAN_MODES[v] ?? v;
  if (key === 'distribution' && typeof v === 'string') return TFJS_DISTRIBUTIONS[v] ?? v;
  return v;
}
