/**
 * Issue 15 item 19: Python-style slices with steps and reversed(), checked against what
 * CPython prints for the same expressions (a decoder walks the encoder's widths backwards).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../compiler/diagnostics/diagnostic.js';
import { analyzeString } from '../compiler/expr/computed.js';
import { evaluateValue, Scope } from '../compiler/expr/evaluate.js';
import { compileSource } from '../compiler/pipeline.js';
import type { Value } from '../compiler/ir.js';

function run(text: string): { value: Value | undefined; codes: string[] } {
  const sink = new DiagnosticSink();
  const c = analyzeString(text, { span: { file: 'x', start: 0, end: text.length }, textStart: 0 }, sink);
  const value = c ? evaluateValue(c, Scope.root({ w: [64, 128, 256, 512], s: 'abcdef' }), sink, []) : undefined;
  return { value, codes: sink.all().map((d) => d.code) };
}

test('slices with steps mean what Python means', () => {
  // Expected values from CPython 3: w = [64, 128, 256, 512]; s = 'abcdef'.
  const cases: [string, Value][] = [
    ['$w[::-1]', [512, 256, 128, 64]], ['$w[::2]', [64, 256]], ['$w[1::2]', [128, 512]], ['$w[2:0:-1]', [256, 128]],
    ['$w[-1:-3:-1]', [512, 256]], ['$w[10:-10:-1]', [512, 256, 128, 64]], ['$w[:1:-1]', [512, 256]], ['$w[-2::-1]', [256, 128, 64]],
    ['$w[1:3:]', [128, 256]], ['$w[::-3]', [512, 64]], ['$w[0:0:-1]', []], ['$s[::-2]', 'fdb'], ['$s[4:1:-1]', 'edc'],
    ['$reversed(w)', [512, 256, 128, 64]], ['$reversed(s)', 'fedcba'], ['$reversed(w)[0]', 512], ['$w[:-1][::-1]', [256, 128, 64]],
  ];
  for (const [text, expected] of cases) assert.deepEqual(run(text), { value: expected, codes: [] }, text);
});

test('a zero step and a non-integer step are diagnostics', () => {
  assert.deepEqual(run('$w[::0]').codes, ['GC3005']);
  assert.deepEqual(run('$w[::0.5]').codes, ['GC3003']);
  assert.deepEqual(run('$reversed(3)').codes, ['GC3003']);
});

test('a decoder can walk the encoder widths backwards in a for loop', () => {
  const text = 'graphc: 1\nname: T\nlet:\n  widths: [4, 8, 16]\ninputs: [{ shape: [8, 8, 3] }]\nbody:\n  - for: f\n    in: $widths[::-1]\n    do:\n      - Conv2D: { filters: $f, kernel_size: 1 }\n';
  const r = compileSource('t.yaml', text);
  assert.deepEqual(r.graph?.nodes.filter((n) => n.op === 'Conv2D').map((n) => n.attrs['filters']), [16, 8, 4]);
});
