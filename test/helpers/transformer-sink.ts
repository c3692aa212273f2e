/**
 * A small model using every transformer op (issue 10 part B), shared by the backend tests:
 * patches (NCHW inside ONNX) with LayerScale and a two-axis LayerNormalization, class token and
 * position embedding, self-attention reading one tensor twice, both GELUs, int32 ids through
 * Embedding, cross-attention with its own key, value_dim and output_shape, Take from both ends.
 *
 * The text is the TypeScript backend's fixture test/golden/typescript/transformers/model.yaml.
 */
import { readFileSync } from 'node:fs';

/** The model's YAML. */
export const TRANSFORMER_SINK = readFileSync('test/golden/typescript/transformers/model.yaml', 'utf8');
