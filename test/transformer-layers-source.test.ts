/**
 * The TypeScript backend's copy of graphc's own tfjs layers (backends/typescript/transformer-layers.ts)
 * is exactly what `npm run gen:transformer-layers` renders from backends/tfjs/custom/, so a generated model
 * builds the layers the tfjs backend builds; and each layer op is covered by one piece.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { transformerLayersText } from '../scripts/gen-transformer-layers.js';
import { TRANSFORMER_LAYER_SOURCES } from '../backends/typescript/transformer-layers.js';
import { TRANSFORMER_LAYER_RULES } from '../backends/tfjs/transformer-rules.js';

test('backends/typescript/transformer-layers.ts is up to date (npm run gen:transformer-layers)', () => {
  assert.equal(readFileSync('backends/typescript/transformer-layers.ts', 'utf8'), transformerLayersText());
});

test('every op graphc builds with its own tfjs layer has an embedded piece, with no imports left in it', () => {
  const own = Object.entries(TRANSFORMER_LAYER_RULES).map(([op]) => op).filter((op) => op !== 'LayerNormalization' && op !== 'Embedding');
  assert.deepEqual(Object.values(TRANSFORMER_LAYER_SOURCES).map((s) => s.op).filter((op) => op !== null).sort(), own.sort());
  for (const [helper, piece] of Object.entries(TRANSFORMER_LAYER_SOURCES)) {
    assert.doesNotMatch(piece.code, /^(import|export) /m, helper);
    assert.ok(piece.deps.every((d) => Object.hasOwn(TRANSFORMER_LAYER_SOURCES, d)), helper);
    if (piece.op !== null) assert.ok(piece.declares.includes(helper) && piece.declares.includes(piece.op), helper);
  }
});
