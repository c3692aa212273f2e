/** `Embedding`: looks integer indices up in a learned table. */
import { type OpDef, owned } from '../types.js';

/** Keras `Embedding`. */
export const Embedding: OpDef = {
  name: 'Embedding',
  description: 'Turns integer indices (0 <= index < input_dim) into learned vectors of size output_dim; the output has one more axis than the input.',
  arity: { min: 1, max: 1 },
  weighted: true,
  attrs: {
    input_dim: { type: 'int', min: 1, description: 'Size of the vocabulary: the largest index plus one.' },
    output_dim: { type: 'int', min: 1, description: 'Size of each embedding vector.' },
    embeddings_initializer: {
      type: 'initializer',
      default: { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } },
      description: 'Initializer of the embedding table (Keras\'s `uniform`: RandomUniform(-0.05, 0.05)).',
    },
  },
  // A lookup multiplies nothing: no countMacs.
  inferShape: ({ inputs, attrs }) => ({ shape: [...inputs[0]!, attrs['output_dim'] as number] }),
  countParams: ({ attrs }) => owned(attrs, (attrs['input_dim'] as number) * (attrs['output_dim'] as number)),
};
