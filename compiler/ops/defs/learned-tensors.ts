/**
 * Learned tensors of vision transformers and ConvNeXt, under the names their reference code
 * uses: `ClassToken` (vit-keras: a learned [1, 1, D] vector `cls` prepended to the sequence),
 * `PositionEmbedding` (KerasHub: a learned [sequence_length, D] table `embeddings`, returned at
 * the input's shape, to be added) and `LayerScale` (keras.applications.convnext: a per-channel
 * scale `gamma` initialized to `init_values`).
 */
import { expectRank, type OpDef, owned } from '../types.js';

const last = (shape: readonly (number | null)[]): number | null => shape[shape.length - 1] ?? null;

/** vit-keras's `ClassToken`. */
export const ClassToken: OpDef = {
  name: 'ClassToken',
  description: 'Prepends a learned class token (weight `cls`, shape [1, 1, features]) to a [batch, positions, features] sequence.',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    initializer: { type: 'initializer', default: { class_name: 'Zeros', config: {} }, description: 'Initializer of the token (vit-keras: zeros).' },
  },
  inferShape({ inputs }) {
    const problem = expectRank(inputs, 3);
    if (problem) return { problem };
    const [b, t, d] = inputs[0]! as [number | null, number | null, number | null];
    if (d === null) return { problem: { kind: 'other', detail: 'the feature (last) axis of its input must be known' } };
    return { shape: [b, t === null ? null : t + 1, d] };
  },
  countParams: ({ inputs, attrs }) => owned(attrs, last(inputs[0]!) ?? 0),
};

/** KerasHub's `PositionEmbedding`. */
export const PositionEmbedding: OpDef = {
  name: 'PositionEmbedding',
  description: 'A learned position embedding (KerasHub): its table `embeddings` [sequence_length, features], the first `positions` rows broadcast to the input\'s shape. Add it to the input.',
  arity: { min: 1, max: 1 },
  weighted: true,
  positional: 'sequence_length',
  attrs: {
    sequence_length: { type: 'int', min: 1, description: 'The largest sequence length the table covers.' },
    initializer: { type: 'initializer', default: { class_name: 'GlorotUniform', config: {} }, description: 'Initializer of the table (KerasHub: glorot_uniform).' },
  },
  inferShape({ inputs, attrs }) {
    const problem = expectRank(inputs, 3);
    if (problem) return { problem };
    const input = inputs[0]!;
    const length = attrs['sequence_length'] as number;
    if (input[2] === null) return { problem: { kind: 'other', detail: 'the feature (last) axis of its input must be known' } };
    if (input[1] !== null && input[1]! > length) {
      return { problem: { kind: 'other', detail: `the input has ${input[1]} positions, more than sequence_length ${length}` } };
    }
    return { shape: input };
  },
  countParams: ({ inputs, attrs }) => owned(attrs, (attrs['sequence_length'] as number) * (last(inputs[0]!) ?? 0)),
};

/** Keras ConvNeXt's `LayerScale`. */
export const LayerScale: OpDef = {
  name: 'LayerScale',
  description: 'Multiplies each channel (last axis) by a learned scale `gamma` initialized to `init_values` (Keras ConvNeXt, CaiT).',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    init_values: { type: 'number', description: 'Initial value of every scale (ConvNeXt: 1e-6).' },
    projection_dim: { type: 'int', min: 1, description: 'Number of channels: the size of the input\'s last axis.' },
  },
  inferShape({ inputs, attrs }) {
    const input = inputs[0]!;
    if (input.length < 2) return { problem: { kind: 'rank', expected: 'at least 2', input: 0 } };
    const c = last(input);
    if (c !== null && c !== attrs['projection_dim']) {
      return { problem: { kind: 'other', detail: `projection_dim ${String(attrs['projection_dim'])} does not match the input's ${c} channels` } };
    }
    return { shape: input };
  },
  countParams: ({ attrs }) => owned(attrs, attrs['projection_dim'] as number),
  countMacs: ({ inputs }) => inputs[0]!.slice(1).reduce<number>((p, d) => p * (d ?? 1), 1),
};
