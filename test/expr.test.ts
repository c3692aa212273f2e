/** The expression language: parsing, Python-like semantics, helpers, templates and errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression, MAX_EXPR_DEPTH } from '../compiler/expr/parse-expr.js';
import { evaluateComputed, Scope } from '../compiler/expr/evaluate.js';
import { analyzeString } from '../compiler/expr/computed.js';
import { DiagnosticSink } from '../compiler/diagnostics/diagnostic.js';
import { letter, makeDivisible } from '../compiler/expr/helpers.js';
import type { Value } from '../compiler/ir.js';

const origin = { span: { file: 'x.yaml', start: 100, end: 200 }, textStart: 100 };

function run(text: string, vars: Record<string, Value> = {}): { value: Value | undefined; sink: DiagnosticSink } {
  const sink = new DiagnosticSink();
  const c = analyzeString(text, origin, sink);
  const value = c ? evaluateComputed(c, Scope.root(vars), sink, []) : undefined;
  return { value, sink };
}
const ev = (text: string, vars: Record<string, Value> = {}): Value | undefined => run(text, vars).value;

test('arithmetic follows Python precedence and semantics', () => {
  assert.equal(ev('$1 + 2 * 3'), 7);
  assert.equal(ev('$(1 + 2) * 3'), 9);
  assert.equal(ev('$2 ** 3 ** 2'), 512);
  assert.equal(ev('$-2 ** 2'), -4);
  assert.equal(ev('$7 // 2'), 3);
  assert.equal(ev('$-7 // 2'), -4);
  assert.equal(ev('$-7 % 3'), 2);
  assert.equal(ev('$7 / 2'), 3.5);
  assert.equal(ev('$1 < 2 and 3 >= 3'), true);
  assert.equal(ev('$0 or 5'), 5);
  assert.equal(ev('$not 0'), true);
  assert.equal(ev("$'a' if s == 1 else 'b'", { s: 2 }), 'b');
  assert.equal(ev('$2 in [1, 2]'), true);
  assert.equal(ev("$'ab' + 'cd'"), 'abcd');
  assert.deepEqual(ev('$[1, 2] + [3]'), [1, 2, 3]);
  assert.deepEqual(ev('$[0] * 3'), [0, 0, 0]);
});

test('indexing, slicing and map keys', () => {
  const vars = { f: [64, 64, 256], st: { stage: 3, filters: [1, 2] } };
  assert.equal(ev('$f[0]', vars), 64);
  assert.equal(ev('$f[-1]', vars), 256);
  assert.deepEqual(ev('$f[1:]', vars), [64, 256]);
  assert.deepEqual(ev('$f[:2]', vars), [64, 64]);
  assert.equal(ev('$st.stage', vars), 3);
  assert.equal(ev("$st['stage']", vars), 3);
  assert.equal(ev('$st.filters[1]', vars), 2);
});

test('helpers', () => {
  assert.deepEqual([0, 1, 25, 26, 27, 51, 52].map(letter), ['a', 'b', 'z', 'aa', 'ab', 'az', 'ba']);
  assert.equal(makeDivisible(32 * 1.0, 8), 32);
  assert.equal(makeDivisible(16 * 0.35, 8), 8);
  assert.equal(makeDivisible(24 * 0.75, 8), 24);
  assert.equal(ev('$letter(index + 1)', { index: 1 }), 'c');
  assert.equal(ev('$len([1, 2, 3])'), 3);
  assert.equal(ev('$str(3) + str(True)'), '3True');
  assert.equal(ev('$int(3.9) + int("4")'), 7);
  assert.equal(ev('$round(2.5) + round(3.5)'), 6);
  assert.equal(ev('$max(1, 5, 3) - min([4, 2])'), 3);
  assert.equal(ev('$sum(range(4))'), 6);
  assert.deepEqual(ev('$range(1, 7, 2)'), [1, 3, 5]);
  assert.equal(ev("$join(['a', 1, 'b'], '-')"), 'a-1-b');
  assert.equal(ev('$make_divisible(32 * 0.75, 8)'), 24);
  assert.equal(ev('$floor(2.7) + ceil(2.1) + abs(-1)'), 6);
});

test('templates interpolate and escape braces', () => {
  assert.equal(ev('res{stage}{block}_branch2a', { stage: 2, block: 'a' }), 'res2a_branch2a');
  assert.equal(ev('fc{classes}', { classes: 6 }), 'fc6');
  assert.equal(ev('{{literal}} {x}', { x: [1, 2] }), '{literal} [1, 2]');
  assert.equal(ev('$$5'), '$5');
  assert.equal(ev('plain text'), 'plain text');
  assert.equal(ev('$f', { f: [1, 2] }) instanceof Array, true);
});

test('errors carry codes and point at the sub-expression', () => {
  const cases: [string, string, number][] = [
    ['$1 +', 'GC3001', 104],
    ['$clases', 'GC3002', 101],
    ["$'a' + 1", 'GC3003', 101],
    ['$1 // 0', 'GC3005', 101],
    ['$[1][3]', 'GC3005', 101],
    ['$maxx(1)', 'GC3006', 101],
    ['x{1 +}', 'GC3001', 105],
    ['$range(10 ** 9)', 'GC3005', 101],
    ['$len(1, 2)', 'GC3003', 101],
  ];
  for (const [text, code, start] of cases) {
    const { value, sink } = run(text, { classes: 3 });
    assert.equal(value, undefined, text);
    const d = sink.all()[0]!;
    assert.equal(d.code, code, text);
    assert.equal(d.span?.start, start, text);
  }
  assert.match(run('$clases', { classes: 3 }).sink.all()[0]!.hint ?? '', /classes/);
});

test('length and depth are bounded, and parsing never throws', () => {
  assert.equal(parseExpression('1+'.repeat(600) + '1').ok, false);
  const deep = parseExpression('('.repeat(MAX_EXPR_DEPTH + 5) + '1' + ')'.repeat(MAX_EXPR_DEPTH + 5));
  assert.equal(deep.ok, false);
  assert.equal(!deep.ok && deep.error.kind, 'too-deep');
  for (const s of ['', '(', ')', '[', ']', '"', "'", '.', ':', '1 if', 'a.b.', '[1,,2]', '\u0000', '€', 'not', '1 2']) {
    assert.doesNotThrow(() => parseExpression(s), s);
  }
});

test('helpers are a closed table: no access to JavaScript', () => {
  for (const text of ['$constructor', '$__proto__', '$toString()', "$x['constructor']", '$x.constructor']) {
    const { value, sink } = run(text, { x: { a: 1 } });
    assert.equal(value, undefined, text);
    assert.ok(sink.hasErrors(), text);
  }
});
