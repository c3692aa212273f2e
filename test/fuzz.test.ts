/**
 * Fuzz test (issue 15 item 0): arbitrary YAML trees with hostile keys (`__proto__`,
 * `constructor`, ...) in every user-keyed place (variants, params, blocks, attrs, tables,
 * `let`), hostile expressions and cyclic or huge `--set` values. Whatever the input, the
 * compiler answers with a graph or diagnostics: nothing leaves through the internal-error path
 * (a thrown exception, exit 70 in the CLI). Kept to a few hundred runs so it stays fast.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Document } from 'yaml';
import { runCli } from '../cli/main.js';
import { compileSource, type Override } from '../compiler/pipeline.js';
import { diagnosticToJson, renderDiagnostics } from '../compiler/diagnostics/render.js';
import { formatSummary } from '../compiler/summary.js';
import type { Value } from '../compiler/ir.js';

const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const KEYS = [...HOSTILE, 'name', 'params', 'type', 'default', 'input', 'inputs', 'as', 'if', 'let', 'body', 'filters', 'units', 'Dense', 'Conv2D', 'Add', 'repeat', 'do', 'for', 'in', 'stages', 'shape'];
const SCALARS: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, 1, -1, 3, 1e308, -1e308, 2 ** 53, 0.5, true, false, null, 'relu', 'same', ''),
  fc.constantFrom('$__proto__', '$constructor', '$x', '$shape(input)', '$shape(_)[1]', '$[1] * 100000', '$range(10 ** 9)', '{__proto__}', '$a.__proto__', '$len(__proto__)', '$toString()', '$constructor.name', '$1e308 * 10'),
  fc.string({ maxLength: 6 }),
);

/** A random YAML value; maps are JS Maps so hostile keys survive into the YAML text. */
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, SCALARS, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie('node')), { maxLength: 4, selector: ([k]) => k }).map((entries) => new Map(entries)),
})).node;

/** Where a mutation lands in the valid base model: every table whose keys the user chooses. */
const SECTIONS = ['params', 'variants', 'variant-params', 'let', 'row', 'defaults', 'blocks', 'block-params', 'block-let', 'attrs', 'call-args', 'inputs'] as const;
const mutation = fc.record({ where: fc.constantFrom(...SECTIONS), key: fc.constantFrom(...HOSTILE), value: fc.oneof(SCALARS, tree) });

/** A valid model with one to three hostile entries inserted, so that later stages are reached. */
function modelText(mutations: readonly { where: (typeof SECTIONS)[number]; key: string; value: unknown }[]): string {
  const m = (entries: [string, unknown][]): Map<string, unknown> => new Map(entries);
  const row = m([['u', 2]]);
  const variantParams = m([['n', 1]]);
  const blockParams = m([['f', m([['type', 'int'], ['default', 1]])]]);
  const blockLet = m([['g', '$f * 2']]);
  const attrs = m([['units', '$g']]);
  const callArgs = m([['f', 2]]);
  const input = m([['shape', [4]]]);
  const sections = {
    params: m([['n', m([['type', 'int'], ['default', 2]])]]),
    variants: m([['small', m([['params', variantParams]])]]),
    'variant-params': variantParams,
    let: m([['rows', [row, m([['u', 3]])]]]),
    row,
    defaults: m([['Dense', m([['use_bias', true]])]]),
    blocks: m([['blk', m([['params', blockParams], ['let', blockLet], ['body', [m([['Dense', attrs]])]]])]]),
    'block-params': blockParams,
    'block-let': blockLet,
    attrs,
    'call-args': callArgs,
    inputs: input,
  };
  for (const { where, key, value } of mutations) sections[where].set(key, value);
  const doc = m([
    ['graphc', 1],
    ['name', 'Fuzz'],
    ['params', sections.params],
    ['variants', sections.variants],
    ['default_variant', 'small'],
    ['let', sections.let],
    ['defaults', sections.defaults],
    ['blocks', sections.blocks],
    ['inputs', [input]],
    ['body', [m([['blk', callArgs]]), m([['for', 'r'], ['in', '$rows'], ['do', [m([['Dense', m([['units', '$r.u']])]])]]]), m([['Dense', m([['units', '$n']])]])]],
  ]);
  return new Document(doc).toString();
}

function assertAnswers(text: string, overrides: readonly Override[] = []): void {
  const r = compileSource('fuzz.yaml', text, { overrides });
  if (!r.graph) assert.ok(r.diagnostics.some((d) => d.severity === 'error'), 'no graph and no error');
  renderDiagnostics(r.diagnostics, r.files);
  r.diagnostics.forEach((d) => JSON.stringify(diagnosticToJson(d, r.files)));
  if (r.graph) {
    formatSummary(r.graph);
    assert.ok(Number.isSafeInteger(r.graph.totals.params) && Number.isSafeInteger(r.graph.totals.macs), 'counts are exact integers');
  }
}

test('fuzz: arbitrary YAML trees with hostile keys never take the internal-error path', () => {
  fc.assert(fc.property(tree, (t) => assertAnswers(new Document(t).toString())), { numRuns: 200, seed: 15 });
});

test('fuzz: hostile keys in params, variants, let, blocks and attrs give diagnostics, not crashes', () => {
  fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => assertAnswers(modelText(ms))), { numRuns: 300, seed: 15 });
});

test('fuzz: cyclic, deep and huge override values are refused with a diagnostic', () => {
  const text = 'graphc: 1\nname: T\nparams:\n  xs: { type: list, default: [1] }\n  n: { type: int, default: 1 }\ninputs: [{ shape: [4] }]\nbody:\n  - Dense: { units: 2 }\n';
  const cyclic: unknown[] = [];
  cyclic.push(cyclic, [cyclic]);
  const cyclicMap: Record<string, unknown> = {};
  cyclicMap['self'] = cyclicMap;
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const hostile = [cyclic, cyclicMap, deep, Number.NaN, Infinity, new Array(2_000_000).fill(1), JSON.parse('{"__proto__": [1]}') as unknown];
  fc.assert(fc.property(fc.constantFrom(...hostile), fc.constantFrom('xs', 'n', '__proto__'), (value, key) => {
    const r = compileSource('t.yaml', text, { overrides: [{ key, value: value as Value }] });
    assert.equal(r.graph, null);
    assert.ok(r.diagnostics.some((d) => d.code === 'GC3102' || d.code === 'GC3101'), r.diagnostics.map((d) => d.message).join('; '));
  }), { numRuns: 40, seed: 15 });
});

test('fuzz: the CLI turns self-referencing --set aliases into a diagnostic (exit 2 or 1, never 70)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-fuzz-'));
  try {
    const file = join(dir, 'm.yaml');
    writeFileSync(file, 'graphc: 1\nname: T\nparams:\n  xs: { type: list, default: [1] }\ninputs: [{ shape: [4] }]\nbody:\n  - Dense: { units: 2 }\n');
    for (const set of ['xs=&a [*a]', 'xs=&a [1, [*a]]', 'xs=&a {k: *a}', 'xs=[.inf]']) {
      let err = '';
      const code = await runCli(['validate', file, '--set', set], { out: () => {}, err: (t) => (err += t) });
      assert.equal(code, 1, `${set}: ${err}`);
      assert.match(err, /GC3102/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
