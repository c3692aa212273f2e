/**
 * The expression translation means what graphc's evaluator means: every expression below is
 * translated to TypeScript, the translations are type-checked strictly as one module, run, and
 * each result compared with `evaluateValue`. Values typed only at run time (`dyn_*`) go through
 * the checked helpers; the others through plain operators.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import vm from 'node:vm';
import ts from 'typescript';
import { DiagnosticSink } from '../compiler/diagnostics/diagnostic.js';
import { analyzeString } from '../compiler/expr/computed.js';
import { evaluateValue, Scope } from '../compiler/expr/evaluate.js';
import { HELPERS } from '../compiler/expr/helpers.js';
import type { Value } from '../compiler/ir.js';
import { valueCode } from '../backends/typescript/code.js';
import { emitComputed, type ExprContext } from '../backends/typescript/expr.js';
import { RUNTIME } from '../backends/typescript/runtime.js';
import { renderType, T, typeOfValue, type TsType } from '../backends/typescript/types.js';

const HOSTILE = 'a"b\\c`d${e}*/\u2028ü\n';

/** Values in scope; names starting with `dyn_` are typed `Value` (known only at run time). */
const VARS: Record<string, Value> = {
  a: 7, b: -3, c: 2.5, i: 1, n: 0, s: 'same', t: '', flag: true, off: false, none: null,
  xs: [1, 2, 3], strs: ['a', 'b'], m: { k: 1, 'odd key': 2 }, rows: [{ n: 1, name: 'x' }, { n: 2, name: 'y' }],
  mixed: [1, 'two', null], hostile: HOSTILE,
  dyn_num: 3, dyn_str: 'abc', dyn_list: [4, 5, 6], dyn_map: { k: 'v', n: 2 }, dyn_rows: [{ n: 3 }, { n: 4 }], dyn_bool: true,
};

const EXPRESSIONS = [
  // arithmetic, Python's // and % with negative operands, ** and unary minus
  '$a + b * c', '$(a + b) * c', '$a - b - i', '$a / 2', '$a // 2', '$b // 2', '$-a // 2', '$a % 3', '$b % 3', '$a % -3', '$c % 1',
  '$2 ** 10', '$-a ** 2', '$2 ** -1', '$a ** 2 ** i', '$-(-a)', '$- -a', '$s + "!"', '$xs + [4]', '$xs * 2', '$strs + strs',
  // comparisons and logic, with Python's `and`/`or` returning operands
  '$a > b', '$a <= 7', '$s == "same"', '$s != t', '$xs == [1, 2, 3]', '$m == m', '$1 == True', '$none == null', '$"a" < "b"',
  '$a and b', '$t or "fallback"', '$n or none', '$flag and a > 1', '$not xs', '$not flag', '$off or flag', '$xs and strs',
  '$2 in xs', '$"a" in strs', '$"am" in s', '$"k" in m', '$"z" in m',
  // conditionals
  '$"same" if s == "same" else "valid"', '$a if flag else b', '$xs if t else strs',
  // indexing and slicing, negative indices, maps by key and by attribute
  '$xs[0]', '$xs[-1]', '$xs[i]', '$xs[b + 3]', '$s[-1]', '$s[i]', '$m["k"]', '$m["odd key"]', '$m.k', '$rows[1].name', '$rows[-1]["n"]',
  '$xs[1:]', '$xs[:-1]', '$xs[:i]', '$xs[i:]', '$s[1:3]', '$strs[:]',
  // slices with steps (issue 15 item 19) and reversed()
  '$xs[::-1]', '$xs[::2]', '$xs[1::2]', '$xs[2:0:-1]', '$xs[-1:-4:-1]', '$xs[10:-10:-1]', '$xs[:1:-1]', '$s[::-1]', '$dyn_list[::-1]', '$dyn_str[::-2]',
  '$xs[i::a]', '$reversed(xs)', '$reversed(s)', '$reversed(dyn_list)', '$rows[::-1][0].name',
  // helpers
  '$len(xs)', '$len(s)', '$len(m)', '$str(a)', '$str(c)', '$str(flag)', '$str(none)', '$str(xs)', '$str(mixed)', '$str(m)',
  '$int(c)', '$int(-2.5)', '$int("42")', '$int(flag)', '$float("2.5")', '$float(a)', '$round(2.5)', '$round(3.5)', '$round(-2.5)',
  '$round(2.675, 2)', '$floor(-1.5)', '$ceil(1.2)', '$abs(b)', '$min(3, 1, 2)', '$max(xs)', '$min(a, c)', '$sum(xs)',
  '$range(3)', '$range(1, 7, 2)', '$range(5, 0, -2)', '$letter(0)', '$letter(25)', '$letter(26)', '$letter(701)',
  '$make_divisible(32 * 0.35, 8)', '$make_divisible(1280 * 1.3, 8)', '$make_divisible(10, 8, 16)',
  '$join(strs, "-")', '$join(xs)', '$join(mixed, ", ")', '$column(rows, "n")', '$sum(column(rows, "n"))',
  // values typed only at run time
  '$dyn_num + 1', '$dyn_num * a', '$dyn_str + "!"', '$dyn_list[0]', '$dyn_list[-1] + 1', '$dyn_map["k"]', '$dyn_map.n * 2',
  '$len(dyn_list)', '$len(dyn_map)', '$dyn_list + [7]', '$dyn_num == 3', '$dyn_num < a', '$dyn_bool and a', '$not dyn_list',
  '$3 in dyn_list', '$"k" in dyn_map', '$dyn_list[1:]', '$str(dyn_map)', '$column(dyn_rows, "n")', '$max(dyn_list)',
  '$"x" if dyn_bool else "y"', '$mixed[1]', '$mixed[-1] == none',
  // hostile strings
  '$hostile', '$hostile + hostile', '$len(hostile)', '$hostile[-2]', '$hostile == "a\\"b\\\\c`d${e}*/\u2028ü\\n"',
  // templates: text parts and str() of every type
  'res{a}{s}_branch', '{xs}|{flag}|{none}|{c}|{m}', 'plain text', '`{hostile}`${{e}}*/', '{dyn_num}-{dyn_list}',
];

/** Expressions the evaluator rejects at run time: the generated code must throw too. */
const FAILING = ['$xs[-4]', '$xs[b - 1]', '$a % 0', '$letter(-1)', '$dyn_str + 1', '$dyn_map["nope"]', '$m[dyn_num]', '$int("x")', '$range(1, 2, 0)'];

function typeOf(name: string, v: Value): TsType {
  return name.startsWith('dyn_') ? T.value : typeOfValue(v);
}

function translate(source: string, helpers: Set<string>): string {
  const sink = new DiagnosticSink();
  const c = analyzeString(source, { span: { file: 'expr', start: 0, end: source.length }, textStart: null }, sink);
  assert.ok(c, `${source} does not parse`);
  const ctx: ExprContext = {
    lookup: (name) => (Object.hasOwn(VARS, name) ? { ident: name, type: typeOf(name, VARS[name]!) } : undefined),
    tensor: () => undefined,
    helper: (h) => (helpers.add(h), h),
    fail: (m) => assert.fail(`${source}: ${m}`),
  };
  return emitComputed(c, ctx).text;
}

function evaluate(source: string): Value | undefined {
  const sink = new DiagnosticSink();
  const c = analyzeString(source, { span: { file: 'expr', start: 0, end: source.length }, textStart: null }, sink)!;
  return evaluateValue(c, Scope.root(VARS), sink, []);
}

function closure(used: Set<string>): string[] {
  const all = new Set<string>(['Value']);
  const visit = (h: string): void => {
    if (all.has(h)) return;
    all.add(h);
    RUNTIME[h]!.deps.forEach(visit);
  };
  used.forEach(visit);
  RUNTIME['Value']!.deps.forEach(visit);
  return Object.keys(RUNTIME).filter((h) => all.has(h));
}

/** One module: the scope as typed constants, each translation as a function, the helpers used. */
function moduleText(sources: readonly string[]): string {
  const helpers = new Set<string>();
  const bodies = sources.map((s) => translate(s, helpers));
  const decls = Object.entries(VARS).map(([k, v]) => `const ${k}: ${renderType(typeOf(k, v))} = ${valueCode(v).text};`);
  const fns = bodies.map((b) => `  () => ${b},`);
  const runtime = closure(helpers).map((h) => RUNTIME[h]!.code);
  return [...decls, `export const results: (() => Value)[] = [\n${fns.join('\n')}\n];`, ...runtime].join('\n\n');
}

function typeCheck(text: string): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) => (name === 'exprs.ts' ? ts.createSourceFile(name, text, lang) : read(name, lang));
  return ts.getPreEmitDiagnostics(ts.createProgram(['exprs.ts'], options, host));
}

function run(text: string): (() => unknown)[] {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} as { results?: (() => unknown)[] } };
  vm.runInNewContext(js, { module, exports: module.exports });
  return module.exports.results!;
}

describe('expressions in generated TypeScript', () => {
  it('covers every helper of the language', () => {
    const called = new Set([...EXPRESSIONS, ...FAILING].flatMap((e) => [...e.matchAll(/([a-z_]+)\(/g)].map((m) => m[1]!)));
    for (const name of Object.keys(HELPERS)) assert.ok(called.has(name), `no test calls ${name}()`);
  });

  it('type-checks strictly and computes what the evaluator computes', () => {
    const text = moduleText(EXPRESSIONS);
    const diagnostics = typeCheck(text);
    assert.equal(diagnostics.length, 0, ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => '', getNewLine: () => '\n' }));
    const results = run(text);
    EXPRESSIONS.forEach((source, k) => {
      const expected = evaluate(source);
      assert.notEqual(expected, undefined, `the evaluator rejects ${source}`);
      assert.equal(JSON.stringify(results[k]!()), JSON.stringify(expected), `${source}  →  ${translate(source, new Set())}`);
    });
  });

  it('fails where the evaluator fails', () => {
    const results = run(moduleText(FAILING));
    FAILING.forEach((source, k) => {
      assert.equal(evaluate(source), undefined, `the evaluator accepts ${source}`);
      assert.throws(() => results[k]!(), `${source}  →  ${translate(source, new Set())}`);
    });
  });
});
