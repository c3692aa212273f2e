/**
 * Reproducible builds: an initializer given without a seed (`he_normal`, Keras's default
 * `glorot_uniform`) gets one derived from the layer's final name and the attribute, so two
 * builds of the same file give byte-identical weights. Derived here, in the compiler, so every
 * backend sees the same seed: the tfjs model and its ONNX export read it from the graph, and
 * the generated TypeScript computes the same function of the same name at run time.
 */
import type { Value } from './ir.js';
import { INITIALIZERS } from './ops/attrs.js';
import { OPS } from './ops/registry.js';
import { setKey } from './expr/helpers.js';
import type { LinkedGraph, LinkedNode } from './checks/linked.js';

/**
 * The seed of attribute `key` of layer `name`: FNV-1a (32-bit) of `name/key`, masked to 31 bits
 * so it is a non-negative int32 in every runtime. The generated TypeScript has a copy of this
 * function (`layerSeed`); a test holds the two together.
 */
export function layerSeed(name: string, key: string): number {
  let h = 0x811c9dc5;
  const text = `${name}/${key}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}

/** The initializers by Keras class name. */
const BY_CLASS_NAME = new Map(Object.values(INITIALIZERS).map((d) => [d.className, d]));

/**
 * The initializer with a seed filled in, when its class takes one and none is given; else itself.
 * `seed` may be a function, called only when a seed is needed.
 */
export function seededInitializer(v: Value, seed: number | (() => number)): Value {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const { class_name: className, config } = v as { class_name?: Value; config?: Value };
  const def = typeof className === 'string' ? BY_CLASS_NAME.get(className) : undefined;
  if (!def || !def.keys.includes('seed') || config === null || typeof config !== 'object' || Array.isArray(config)) return v;
  const given = config as { readonly [k: string]: Value };
  if (given['seed'] !== undefined && given['seed'] !== null) return v;
  // Keys in the initializer's own order, as the attribute normalizer writes them.
  const ordered: { [k: string]: Value } = {};
  for (const k of def.keys) {
    if (k === 'seed') setKey(ordered, k, typeof seed === 'number' ? seed : seed());
    else if (given[k] !== undefined) setKey(ordered, k, given[k]!);
  }
  return { class_name: className as string, config: ordered };
}

/** Each op's initializer attributes, found once per op rather than once per layer. */
const initializerKeys = new Map<string, readonly string[]>();

function initializerKeysOf(op: string): readonly string[] {
  let keys = initializerKeys.get(op);
  if (keys === undefined) {
    const def = OPS.get(op);
    keys = def ? Object.entries(def.attrs).filter(([, spec]) => spec.type === 'initializer').map(([key]) => key) : [];
    initializerKeys.set(op, keys);
  }
  return keys;
}

function seedNode(node: LinkedNode): LinkedNode {
  let attrs: { [k: string]: Value } | null = null;
  for (const key of initializerKeysOf(node.op)) {
    if (!Object.hasOwn(node.attrs, key)) continue;
    const before = node.attrs[key]!;
    const after = seededInitializer(before, () => layerSeed(node.name, key));
    if (after === before) continue;
    attrs ??= { ...node.attrs };
    setKey(attrs, key, after);
  }
  return attrs ? { ...node, attrs } : node;
}

/** Gives every unseeded random initializer of every layer its derived seed. */
export function seedInitializers(graph: LinkedGraph): LinkedGraph {
  return { ...graph, nodes: graph.nodes.map(seedNode) };
}
