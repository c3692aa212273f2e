/** The published JSON Schema: in sync with the op registry, documented, and used by editors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { SCHEMA_FILE, schemaText, VALIDATOR_FILE, validatorText } from '../scripts/gen-schema.js';

// assert.ok rather than assert.equal: a 350 KB diff would bury the one line that matters.
test('spec/graphc.schema.json is up to date (npm run gen:schema)', () => {
  assert.ok(readFileSync(SCHEMA_FILE, 'utf8') === schemaText(), `${SCHEMA_FILE} is stale: run \`npm run gen:schema\``);
});

test('the generated schema validator is up to date (npm run gen:schema)', () => {
  assert.ok(readFileSync(VALIDATOR_FILE, 'utf8') === validatorText(), `${VALIDATOR_FILE} is stale: run \`npm run gen:schema\``);
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
