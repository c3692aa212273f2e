/**
 * One-line summaries of a layer's settings ("64, 7×7, stride 2"). The same rules serve concrete
 * layers (attribute values) and template steps, where a setting may be an expression shown as
 * text ("F1, f×f, stride s"), so the block figures and the layer graph read alike. The rules
 * are keyed by attribute name, not op, so a new op with Keras-named attributes needs no change.
 */
import type { Value } from '../../../compiler/ir.js';
import { activationTitle, opTitle } from './style.js';

/** A setting as a diagram shows it: a value, or the text of the expression computing it. */
export type Shown =
  | { readonly kind: 'value'; readonly value: Value }
  | { readonly kind: 'expr'; readonly text: string; readonly atomic: boolean };

/** Reads one setting of a step; undefined when it is not set. */
export type ReadSetting = (key: string) => Shown | undefined;

/** Title and detail line of a step. */
export interface Description {
  readonly title: string;
  readonly detail: string;
}

/** How much to say. */
export interface DescribeOptions {
  /** Show the stride even when it is 1, as the seed's prose does for every CONV2D. */
  readonly alwaysStride?: boolean;
}

function numbers(v: Value): number[] | null {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v) && v.every((x): x is number => typeof x === 'number')) return v;
  return null;
}

/** `3×3` from 3, [3, 3] or an expression `f` (`f×f`); `(k+1)×(k+1)` for compound ones. */
function windowText(s: Shown): string {
  if (s.kind === 'expr') {
    const t = s.atomic ? s.text : `(${s.text})`;
    return `${t}×${t}`;
  }
  const ns = numbers(s.value);
  if (ns === null) return JSON.stringify(s.value);
  const [a, b] = ns.length === 1 ? [ns[0]!, ns[0]!] : ns;
  return `${a}×${b ?? a}`;
}

/** `2` from 2 or [2, 2]; `2×1` when the dimensions differ; the text of an expression. */
function strideText(s: Shown): string {
  if (s.kind === 'expr') return s.text;
  const ns = numbers(s.value);
  if (ns === null) return JSON.stringify(s.value);
  return ns.every((n) => n === ns[0]) ? String(ns[0]) : ns.join('×');
}

function isOnes(s: Shown | undefined): boolean {
  if (s === undefined) return true;
  if (s.kind === 'expr') return false;
  const ns = numbers(s.value);
  return ns !== null && ns.every((n) => n === 1);
}

function sameAs(a: Shown | undefined, b: Shown | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === 'expr' || b.kind === 'expr') return a.kind === 'expr' && b.kind === 'expr' && a.text === b.text;
  return strideText(a) === strideText(b);
}

/** Plain text of a setting. */
function shownText(s: Shown): string {
  if (s.kind === 'expr') return s.text;
  return typeof s.value === 'string' ? s.value : JSON.stringify(s.value);
}

function paddingText(s: Shown): string {
  if (s.kind === 'expr') return `pad ${s.text}`;
  const v = s.value;
  if (Array.isArray(v) && v.length === 2 && v.every((p) => Array.isArray(p) && p.length === 2)) {
    const [[t, b], [l, r]] = v as [[number, number], [number, number]];
    if (t === b && l === r) return t === l ? `pad ${t}` : `pad ${t}×${l}`;
  }
  return `pad ${windowText(s)}`;
}

/**
 * Describes a step from its settings. Defaults are left out (stride 1, `valid` padding,
 * `linear` activation) unless asked for: the figure should show what distinguishes a layer.
 */
export function describeStep(op: string, read: ReadSetting, options: DescribeOptions = {}): Description {
  const parts: string[] = [];
  const act = read('activation');
  const actName = act?.kind === 'value' && typeof act.value === 'string' ? act.value : undefined;
  const count = read('filters') ?? read('units');
  if (count) parts.push(shownText(count));
  const window = read('kernel_size') ?? read('pool_size');
  if (window) parts.push(windowText(window));
  const depth = read('depth_multiplier');
  if (depth && !isOnes(depth)) parts.push(`× ${shownText(depth)}`);
  const strides = read('strides');
  // Pooling strides default to the pool size; repeating them says nothing.
  const redundant = read('pool_size') !== undefined && sameAs(strides, read('pool_size'));
  if (strides && !redundant && (options.alwaysStride === true || !isOnes(strides))) parts.push(`stride ${strideText(strides)}`);
  const padding = read('padding');
  if (padding) {
    if (op === 'ZeroPadding2D' || op === 'ZeroPadding1D') parts.push(paddingText(padding));
    else if (padding.kind === 'expr') parts.push(`padding ${padding.text}`);
    else if (padding.value === 'same') parts.push('same');
  }
  const size = read('size');
  if (size) parts.push(`×${strideText(size)}`);
  const interpolation = read('interpolation');
  if (interpolation && !(interpolation.kind === 'value' && interpolation.value === 'nearest')) parts.push(shownText(interpolation));
  const cropping = read('cropping');
  if (cropping) parts.push(paddingText(cropping).replace(/^pad/, 'crop'));
  if (op === 'Rescaling') {
    // BatchNormalization's `scale` is a flag; only Rescaling's is a factor.
    const scale = read('scale');
    if (scale) parts.push(`×${shownText(scale)}`);
    const offset = read('offset');
    if (offset && !(offset.kind === 'value' && offset.value === 0)) parts.push(`+${shownText(offset)}`);
  }
  // Transformer layers: heads × head size, table sizes, positions, the index taken, the scale.
  const heads = read('num_heads');
  const keyDim = read('key_dim');
  if (heads && keyDim) parts.push(`${shownText(heads)} heads × ${shownText(keyDim)}`);
  const vocabulary = read('input_dim');
  const width = read('output_dim');
  if (vocabulary && width) parts.push(`${shownText(vocabulary)} → ${shownText(width)}`);
  const positions = read('sequence_length');
  if (positions) parts.push(`${shownText(positions)} positions`);
  const index = read('indices');
  if (index) parts.push(`index ${shownText(index)}`);
  const init = read('init_values');
  if (init) parts.push(`init ${shownText(init)}`);
  const max = read('max_value');
  if (max && !(max.kind === 'value' && max.value === null)) parts.push(`max ${shownText(max)}`);
  const rate = read('rate');
  if (rate) parts.push(`rate ${shownText(rate)}`);
  const target = read('target_shape');
  if (target) parts.push(target.kind === 'value' && Array.isArray(target.value) ? `→ ${target.value.join('×')}` : `→ ${shownText(target)}`);
  const axis = read('axis');
  if (axis && op !== 'BatchNormalization' && !(axis.kind === 'value' && axis.value === -1)) parts.push(`axis ${shownText(axis)}`);
  // Issue 10 part C: the settings that distinguish these layers.
  const slope = read('negative_slope') ?? (op === 'ELU' ? read('alpha') : undefined);
  if (slope && !(op === 'ELU' && slope.kind === 'value' && slope.value === 1)) parts.push(`α ${shownText(slope)}`);
  const dims = read('dims');
  if (dims) parts.push(dims.kind === 'value' && Array.isArray(dims.value) ? `→ ${dims.value.join(',')}` : `→ ${shownText(dims)}`);
  const n = read('n');
  if (n) parts.push(`× ${shownText(n)}`);
  const axes = read('axes');
  if (axes) parts.push(`axes ${shownText(axes)}`);
  const normalize = read('normalize');
  if (normalize?.kind === 'value' && normalize.value === true) parts.push('cosine');
  const sequences = read('return_sequences');
  if (sequences && !(sequences.kind === 'value' && sequences.value === false)) parts.push('sequences');
  // The recurrent layers' tanh is Keras's default, as linear is for the others.
  if ((op === 'LSTM' || op === 'GRU') && act?.kind === 'value' && act.value === 'tanh') return { title: opTitle(op), detail: parts.join(', ') };
  if (op === 'Activation') {
    const title = actName !== undefined ? activationTitle(actName) : act ? `Activation ${shownText(act)}` : 'Activation';
    return { title, detail: parts.join(', ') };
  }
  if (act && !(act.kind === 'value' && act.value === 'linear')) parts.push(actName ?? shownText(act));
  return { title: opTitle(op), detail: parts.join(', ') };
}

/** Describes a concrete layer from its normalized attributes. */
export function describeLayer(op: string, attrs: { readonly [key: string]: Value }, options: DescribeOptions = {}): Description {
  return describeStep(op, (key) => (Object.hasOwn(attrs, key) ? { kind: 'value', value: attrs[key]! } : undefined), options);
}
