/**
 * Normalizes attribute values to the form Keras's `get_config()` uses: `kernel_size: 3` becomes
 * `[3, 3]`, `padding: 3` on ZeroPadding2D becomes `[[3, 3], [3, 3]]`, an initializer name becomes
 * `{class_name, config}`. Each attribute type is one case here; ops only name the type.
 */
import type { Value } from '../ir.js';
import { isListValue, isMapValue } from '../expr/helpers.js';
import type { AttrSpec } from './types.js';

/** The activations Keras names in `activation=` and `Activation(...)`. */
export const ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'hard_sigmoid', 'tanh', 'softmax', 'swish', 'elu', 'selu', 'softplus', 'softsign', 'gelu', 'exponential',
  // GELU's tanh approximation: Keras's `gelu(x, approximate=True)`, which has no name of its own.
  'gelu_approximate',
] as const;

/** Initializers by Keras's snake_case alias, with the config keys each accepts. */
export const INITIALIZERS: { readonly [alias: string]: { readonly className: string; readonly keys: readonly string[] } } = {
  glorot_uniform: { className: 'GlorotUniform', keys: ['seed'] },
  glorot_normal: { className: 'GlorotNormal', keys: ['seed'] },
  he_uniform: { className: 'HeUniform', keys: ['seed'] },
  he_normal: { className: 'HeNormal', keys: ['seed'] },
  lecun_uniform: { className: 'LeCunUniform', keys: ['seed'] },
  lecun_normal: { className: 'LeCunNormal', keys: ['seed'] },
  zeros: { className: 'Zeros', keys: [] },
  ones: { className: 'Ones', keys: [] },
  constant: { className: 'Constant', keys: ['value'] },
  random_normal: { className: 'RandomNormal', keys: ['mean', 'stddev', 'seed'] },
  random_uniform: { className: 'RandomUniform', keys: ['minval', 'maxval', 'seed'] },
  truncated_normal: { className: 'TruncatedNormal', keys: ['mean', 'stddev', 'seed'] },
  variance_scaling: { className: 'VarianceScaling', keys: ['scale', 'mode', 'distribution', 'seed'] },
  // Keras's default recurrent kernel initializer (LSTM, GRU).
  orthogonal: { className: 'Orthogonal', keys: ['gain', 'seed'] },
};

const BY_CLASS = new Map(Object.entries(INITIALIZERS).map(([alias, v]) => [v.className, alias]));

/** The result of normalizing: the value, or what it should have been. */
export type Normalized = { readonly value: Value } | { readonly expected: string };

function isInt(v: Value): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function inRange(n: number, spec: AttrSpec): boolean {
  return (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
}

function bounds(spec: AttrSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` in [${spec.min}, ${spec.max}]`;
  if (spec.min !== undefined) return ` >= ${spec.min}`;
  if (spec.max !== undefined) return ` <= ${spec.max}`;
  return '';
}

function pair(v: Value, spec: AttrSpec): readonly [number, number] | null {
  if (isInt(v) && inRange(v, spec)) return [v, v];
  if (isListValue(v) && v.length === 2 && v.every((x) => isInt(x) && inRange(x, spec))) return [v[0] as number, v[1] as number];
  return null;
}

// Built once: initializer() runs for every Conv2D and Dense, and almost always succeeds.
const INITIALIZER_EXPECTED = `an initializer: one of ${Object.keys(INITIALIZERS).join(', ')}, or {class_name: ..., config: {...}}`;

function initializer(v: Value): Normalized {
  const expected = INITIALIZER_EXPECTED;
  let alias: string | undefined;
  let config: { readonly [key: string]: Value } = {};
  if (typeof v === 'string') alias = INITIALIZERS[v] ? v : BY_CLASS.get(v);
  else if (isMapValue(v) && typeof v['class_name'] === 'string') {
    const name = v['class_name'];
    alias = Object.hasOwn(INITIALIZERS, name) ? name : BY_CLASS.get(name);
    const c = v['config'] ?? {};
    if (!isMapValue(c)) return { expected };
    config = c;
    if (Object.keys(v).some((k) => k !== 'class_name' && k !== 'config')) return { expected };
  }
  if (!alias || !Object.hasOwn(INITIALIZERS, alias)) return { expected };
  const def = INITIALIZERS[alias]!;
  const bad = Object.keys(config).find((k) => !def.keys.includes(k));
  if (bad !== undefined) return { expected: `an initializer whose config has only ${def.keys.join(', ') || 'no keys'} (not \`${bad}\`)` };
  const seed = config['seed'];
  if (seed !== undefined && seed !== null && !isInt(seed)) return { expected: 'an initializer with an integer seed' };
  const ordered: Record<string, Value> = {};
  for (const k of def.keys) if (config[k] !== undefined) ordered[k] = config[k] as Value;
  return { value: { class_name: def.className, config: ordered } };
}

/** Normalizes one attribute value, or says what was expected. */
export function normalizeAttr(spec: AttrSpec, v: Value): Normalized {
  switch (spec.type) {
    case 'int':
      return isInt(v) && inRange(v, spec) ? { value: v } : { expected: `an integer${bounds(spec)}` };
    case 'number':
      return typeof v === 'number' && inRange(v, spec) ? { value: v } : { expected: `a number${bounds(spec)}` };
    case 'number_or_null':
      return v === null || (typeof v === 'number' && inRange(v, spec)) ? { value: v } : { expected: `a number${bounds(spec)} or null` };
    case 'bool':
      return typeof v === 'boolean' ? { value: v } : { expected: 'true or false' };
    case 'string':
      return typeof v === 'string' ? { value: v } : { expected: 'a string' };
    case 'enum':
    case 'activation': {
      const values = spec.type === 'activation' ? ACTIVATIONS : spec.values ?? [];
      return typeof v === 'string' && values.includes(v) ? { value: v } : { expected: `one of ${values.join(', ')}` };
    }
    case 'int_pair': {
      const p = pair(v, spec);
      return p ? { value: p } : { expected: `an integer${bounds(spec)} or a list of two` };
    }
    case 'padding2d': {
      const flat = pair(v, { ...spec, min: 0 });
      if (flat) return { value: [[flat[0], flat[0]], [flat[1], flat[1]]] };
      if (isListValue(v) && v.length === 2) {
        const a = pair(v[0] as Value, { ...spec, min: 0 });
        const b = pair(v[1] as Value, { ...spec, min: 0 });
        if (a && b && isListValue(v[0] as Value) && isListValue(v[1] as Value)) return { value: [a, b] };
      }
      return { expected: 'an integer >= 0, [rows, cols], or [[top, bottom], [left, right]]' };
    }
    case 'shape':
      return isListValue(v) && v.length > 0 && v.every((x) => x === null || (isInt(x) && x > 0))
        ? { value: v }
        : { expected: 'a shape: a non-empty list of positive integers (null for unknown)' };
    case 'int_list':
      return isListValue(v) && v.every((x) => isInt(x) && inRange(x, spec)) ? { value: v } : { expected: `a list of integers${bounds(spec)}` };
    case 'numbers':
      return typeof v === 'number' || (isListValue(v) && v.length > 0 && v.every((x) => typeof x === 'number')) ? { value: v } : { expected: 'a number or a list of numbers' };
    case 'axis':
      return isInt(v) || (isListValue(v) && v.length > 0 && v.every(isInt)) ? { value: v } : { expected: 'an integer axis or a list of them' };
    case 'initializer':
      return initializer(v);
  }
}
