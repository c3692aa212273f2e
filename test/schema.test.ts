/** The published JSON Schema: in sync with the op registry, documented, and used by editors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { schemaText } from '../scripts/gen-schema.js';

test('spec/graphc.schema.json is up to date (npm run gen:schema)', () => {
  assert.equal(readFileSync('spec/graphc.schema.json', 'utf8'), schemaText());
});

test('every property of the schema has a description', () => {
  const schema = JSON.parse(schemaText()) as Record<string, unknown>;
  const missing: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${path}/${i}`));
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    const props = obj['properties'];
    if (props && typeof props === 'object') {
      for (const [k, v] of Object.entries(props as Record<string, unknown>)) {
        const d = v as Record<string, unknown>;
        if (typeof d['description'] !== 'string' && typeof d['$ref'] !== 'string') missing.push(`${path}/properties/${k}`);
      }
    }
    for (const [k, v] of Object.entries(obj)) walk(v, `${path}/${k}`);
  };
  walk(schema, '#');
  assert.deepEqual(missing, []);
  assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
});

test('every shipped architecture names the schema for editors', () => {
  for (const f of readdirSync('architectures').filter((f) => f.endsWith('.yaml'))) {
    const first = readFileSync(`architectures/${f}`, 'utf8').split('\n')[0];
    assert.equal(first, '# yaml-language-server: $schema=../spec/graphc.schema.json', f);
  }
});
