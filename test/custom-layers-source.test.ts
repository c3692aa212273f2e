/**
 * The TypeScript backend's copy of graphc's own tfjs layers (backends/typescript/custom-layers.ts)
 * is exactly what `npm run gen:layers` renders from backends/tfjs/custom/, so a generated model
 * builds the layers the tfjs backend builds; and each layer op is covered by one piece.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { customLayersText } from '../scripts/gen-custom-layers.js';
import { CUSTOM_LAYER_SOURCES } from '../backends/typescript/custom-layers.js';
import { TRANSFORMER_LAYER_RULES } from '../backends/tfjs/transformer-rules.js';

test('backends/typescript/custom-layers.ts is up to date (npm run gen:layers)', () => {
  assert.equal(readFileSync('backends/typescript/custom-layers.ts', 'utf8'), customLayersText());
});

test('every op graphc builds with its own tfjs layer has an embedded piece, with no imports left in it', () => {
  const own = Object.entries(TRANSFORMER_LAYER_RULES).map(([op]) => op).filter((op) => op !== 'LayerNormalization' && op !== 'Embedding');
  assert.deepEqual(Object.values(CUSTOM_LAYER_SOURCES).map((s) => s.op).filter((op) => op !== null).sort(), own.sort());
  for (const [helper, piece] of Object.entries(CUSTOM_LAYER_SOURCES)) {
    assert.doesNotMatch(piece.code, /^(import|export) /m, helper);
    assert.ok(piece.deps.every((d) => Object.hasOwn(CUSTOM_LAYER_SOURCES, d)), helper);
    if (piece.op !== null) assert.ok(piece.declares.includes(helper) && piece.declares.includes(piece.op), helper);
  }
});
