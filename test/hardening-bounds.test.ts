/**
 * Issue 15 items 0 and 9: inputs that used to crash (stack overflows, out of memory, a cyclic
 * value reaching JSON.stringify) or run for minutes each get their own diagnostic, fast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSource } from '../compiler/pipeline.js';

const HEAD = 'graphc: 1\nname: T\ninputs: [{ shape: [4] }]\n';

function codes(text: string): string[] {
  return compileSource('t.yaml', text).diagnostics.map((d) => d.code);
}

test('a 500,000-deep flow sequence is a depth diagnostic at the place it crosses the limit, not a syntax error', () => {
  const text = `${HEAD}let:\n  a: ${'['.repeat(500_000)}${']'.repeat(500_000)}\nbody:\n  - Dense: { units: 2 }\n`;
  const r = compileSource('t.yaml', text);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['GC1004']);
  assert.equal(r.diagnostics[0]!.span!.start, text.indexOf('a: [') + 3 + 200);
});

test('YAML nested deeper than 200 without aliases is not reported as an alias bomb', () => {
  // Block nesting the pre-scan does not count: each level a new indented mapping.
  const lines = Array.from({ length: 205 }, (_, i) => `${' '.repeat(i)}k${i}:`);
  const text = `${HEAD}let:\n  deep:\n${lines.map((l) => `   ${l}`).join('\n')} 1\nbody:\n  - Dense: { units: 2 }\n`;
  assert.deepEqual(codes(text), ['GC1004']);
  assert.deepEqual(codes(`${HEAD}let:\n  a: ${'['.repeat(150)}${']'.repeat(150)}\nbody:\n  - Dense: { units: 2 }\n`), []);
});

test('brackets inside names, strings and comments are not nesting', () => {
  const text = `${HEAD}let:\n  s: "${'['.repeat(300)}"\n  t: '${'{'.repeat(300)}'\n  # ${'['.repeat(300)}\nbody:\n  - Dense: { units: 2, name: "x${'['.repeat(250)}" }\n`;
  assert.deepEqual(codes(text), []);
});

test('deep values built by chained lets are refused by the value budget, not a stack overflow', () => {
  const lets = Array.from({ length: 3000 }, (_, i) => `  v${i + 1}: $[v${i}]`).join('\n');
  assert.deepEqual(codes(`${HEAD}let:\n  v0: 1\n${lets}\nbody:\n  - Dense: { units: 2 }\n`), ['GC3011']);
});

test('doubling a string 40 times or a list 25 times in let is a size diagnostic', () => {
  const strings = Array.from({ length: 40 }, (_, i) => `  s${i + 1}: $s${i} + s${i}`).join('\n');
  assert.deepEqual(codes(`${HEAD}let:\n  s0: ab\n${strings}\nbody:\n  - Dense: { units: 2 }\n`), ['GC3010']);
  const lists = Array.from({ length: 25 }, (_, i) => `  l${i + 1}: $l${i} + l${i}`).join('\n');
  assert.deepEqual(codes(`${HEAD}let:\n  l0: [1, 2]\n${lists}\nbody:\n  - Dense: { units: 2 }\n`), ['GC3010']);
  const nested = Array.from({ length: 30 }, (_, i) => `  n${i + 1}: $[n${i}, n${i}]`).join('\n');
  assert.deepEqual(codes(`${HEAD}let:\n  n0: [1]\n${nested}\nbody:\n  - Dense: { units: 2 }\n`), ['GC3010']);
  const text = Array.from({ length: 22 }, (_, i) => `  t${i + 1}: "{t${i}}{t${i}}"`).join('\n');
  assert.deepEqual(codes(`${HEAD}let:\n  t0: abc\n${text}\nbody:\n  - Dense: { units: 2 }\n`), ['GC3010']);
});

test('a layer whose input names itself, with $shape in the file, is a cycle diagnostic, not a stack overflow', () => {
  const text = `${HEAD}body:\n  - Dense: { units: 2, name: fc, input: fc }\n  - Dense: { units: "$shape(_)[1]" }\n`;
  const r = compileSource('t.yaml', text);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['GC4003']);
  assert.match(r.diagnostics[0]!.related.map((x) => x.message).join('\n'), /the shape of `_` is not known/);
});

test('a cycle of calls through 1,000 different blocks hits the call-depth limit', () => {
  const blocks = Array.from({ length: 1000 }, (_, i) => `  b${i}:\n    body:\n      - b${(i + 1) % 1000}`).join('\n');
  assert.deepEqual(codes(`${HEAD}blocks:\n${blocks}\nbody:\n  - b0\n`), ['GC3008']);
});

test('1,000 blocks each calling the next two are refused by a budget, not a stack overflow', () => {
  const blocks = Array.from({ length: 1000 }, (_, i) => `  b${i}:\n    body:\n      - b${i + 1}\n      - b${i + 1}`).join('\n');
  const leaf = '  b1000:\n    body:\n      - Dense: { units: 2 }';
  const found = codes(`${HEAD}blocks:\n${blocks}\n${leaf}\nbody:\n  - b0\n`);
  assert.equal(found.length, 1);
  assert.ok(['GC3008', 'GC3009', 'GC3206'].includes(found[0]!), found[0]);
  const wide = Array.from({ length: 20 }, (_, i) => `  w${i}:\n    body:\n      - w${i + 1}\n      - w${i + 1}`).join('\n');
  assert.deepEqual(codes(`${HEAD}blocks:\n${wide}\n  w20:\n    body: []\nbody:\n  - w0\n  - Dense: { units: 2 }\n`), ['GC3009']);
});

test('a mapping with 120,000 keys parses (the duplicate-key check is linear) and duplicates are still found', () => {
  const keys = Array.from({ length: 120_000 }, (_, i) => `  k${i}: ${i}`).join('\n');
  assert.deepEqual(codes(`${HEAD}let:\n${keys}\nbody:\n  - Dense: { units: 2 }\n`), []);
  const r = compileSource('t.yaml', `${HEAD}let:\n  a: 1\n  b: 2\n  a: 3\nbody:\n  - Dense: { units: 2 }\n`);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.message, d.related.length]), [['GC1001', 'YAML syntax error: Map keys must be unique', 1]]);
});

test('numbers past what a backend holds are diagnostics, not `Total params: ∞`', () => {
  const model = (shape: string, units: string): string => `graphc: 1\nname: T\ninputs: [{ shape: ${shape} }]\nbody:\n  - Flatten\n  - Dense: { units: ${units} }\n`;
  assert.deepEqual(codes(model('[4]', '1e308')), ['GC5005']);
  assert.deepEqual(codes(model('[100000, 100000, 3]', '10')), ['GC5005']);
  assert.deepEqual(codes(model('[32768, 32768]', '1073741824')), ['GC5006']);
  assert.deepEqual(codes(model('[4]', '10')), []);
});

test('the weight budget refuses a model before any backend allocates, and can be raised', () => {
  const text = 'graphc: 1\nname: Big\ninputs: [{ shape: [30000] }]\nbody:\n  - Dense: { units: 30000 }\n';
  const r = compileSource('t.yaml', text);
  assert.equal(r.graph, null);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.message]), [['GC5007', 'the weights take 3.35 GiB (900,030,000 parameters), over the budget of 2 GiB']]);
  assert.ok(compileSource('t.yaml', text, { maxWeightBytes: 4 * 1024 ** 3 }).graph);
  assert.deepEqual(compileSource('t.yaml', text.replace('30000 }', '30 }'), { maxWeightBytes: 1000 }).diagnostics.map((d) => d.code), ['GC5007']);
});

test('--max-weights takes bytes or sizes with units', async () => {
  const { parseByteSize } = await import('../cli/model-options.js');
  assert.equal(parseByteSize('512MiB'), 512 * 1024 ** 2);
  assert.equal(parseByteSize('8GiB'), 8 * 1024 ** 3);
  assert.equal(parseByteSize('1.5GB'), 1.5e9);
  assert.equal(parseByteSize('1000'), 1000);
  for (const bad of ['lots', '-1', '0', '1XB', '', 'Infinity']) assert.equal(parseByteSize(bad), null, bad);
});
