/**
 * The fast YAML path against the `yaml` package's composer (compiler/yaml-fast.ts): wherever the
 * fast path composes a text, the full composer must accept the same text and build the same
 * located tree — values, keys, every span, `verbatim` and `contentStart`. Run over every YAML file
 * in the repository and over thousands of deterministic mutations of them (lines dropped,
 * duplicated, re-indented, comments and blank lines inserted at every indentation, characters
 * replaced by YAML indicators, texts cut short).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../compiler/diagnostics/diagnostic.js';
import { MAX_YAML_DEPTH, MAX_YAML_NODES, parseSlow, parseYaml, type YMap, type YNode, type YScalar } from '../compiler/parse.js';
import { composeFast, resolvePlain } from '../compiler/yaml-fast.js';

const ROOT = join(import.meta.dirname, '..');

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** Composes both ways; returns whether the fast path took the text. Fails on any difference. */
function agree(file: string, text: string): boolean {
  const fast = composeFast(file, text, MAX_YAML_NODES, MAX_YAML_DEPTH);
  if (fast === undefined) return false;
  const sink = new DiagnosticSink();
  const slow = parseSlow(file, text, sink);
  assert.deepEqual(sink.all().map((d) => d.message), [], `${file}: the fast path took a text the full composer rejects:\n${text}`);
  const where = firstDifference(fast, slow, '');
  if (where !== null && process.env.DUMP) writeFileSync("/tmp/mutant.yaml", text);
  if (where !== null) assert.fail(`${file}: trees differ at ${where} for:\n${text}`);
  return true;
}

/** The path of the first difference between two trees, with both values, or null. */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? null : `${path}: fast ${JSON.stringify(a)}, full ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INDICATORS = [':', '-', '#', '[', ']', '{', '}', ',', "'", '"', '|', '>', '?', ' ', '\n', 'x', '0'];

function mutate(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const at = Math.floor(rnd() * lines.length);
  const pick = (xs: readonly string[]): string => xs[Math.floor(rnd() * xs.length)]!;
  switch (Math.floor(rnd() * 8)) {
    case 0:
      lines.splice(at, 1);
      break;
    case 1:
      lines.splice(at, 0, lines[at] ?? '');
      break;
    case 2:
      lines.splice(at, 0, `${' '.repeat(Math.floor(rnd() * 9))}# comment ${at}`);
      break;
    case 3:
      lines.splice(at, 0, ' '.repeat(Math.floor(rnd() * 5)));
      break;
    case 4:
      lines[at] = rnd() < 0.5 ? ` ${lines[at] ?? ''}` : (lines[at] ?? '').replace(/^ /, '');
      break;
    case 5: {
      const line = lines[at] ?? '';
      const col = Math.floor(rnd() * (line.length + 1));
      lines[at] = line.slice(0, col) + pick(INDICATORS) + line.slice(col + 1);
      break;
    }
    case 6: {
      const line = lines[at] ?? '';
      const col = Math.floor(rnd() * (line.length + 1));
      lines[at] = line.slice(0, col) + pick(INDICATORS) + line.slice(col);
      break;
    }
    default:
      return text.slice(0, Math.floor(rnd() * text.length));
  }
  return lines.join('\n');
}

const files = yamlFiles(ROOT);
const MUTANTS = Number(process.env.YAML_FUZZ_MUTANTS ?? 2000);

describe('fast YAML path', () => {
  it('takes every shipped architecture and example, with the trees of the full composer', () => {
    for (const path of files) {
      const name = relative(ROOT, path);
      const took = agree(name, readFileSync(path, 'utf8'));
      if (name.startsWith('architectures/') || name.startsWith('examples/')) assert.ok(took, `${name}: declined by the fast path`);
    }
  });

  it('agrees with the full composer on 2,000 mutated texts (YAML_FUZZ_MUTANTS, YAML_FUZZ_SEED for more)', () => {
    const rnd = random(Number(process.env.YAML_FUZZ_SEED ?? 12));
    const sources = files.filter((f) => /^(architectures|examples)\//.test(relative(ROOT, f))).map((f) => readFileSync(f, 'utf8'));
    let took = 0;
    for (let n = 0; n < MUTANTS; n++) {
      let text = sources[n % sources.length]!;
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) text = mutate(text, rnd);
      if (agree(`mutant-${n}.yaml`, text)) took++;
    }
    // Most mutants are still valid YAML: a fast path that declined them all would prove nothing.
    assert.ok(took > MUTANTS / 3, `the fast path took only ${took} of ${MUTANTS}`);
    if (process.env.YAML_FUZZ_SEED) console.log(`fast path took ${took} of ${MUTANTS}`);
  });

  it('places empty values, block scalars and trailing comments as the full composer does', () => {
    const cases = [
      'a: 1\nb:\n  - x\n  - "q\\"z"  # c\n  - \'it\'\'s\'\nc: >-\n  folded\n  text\n\nd: { e: [1, 2 ], f: }\ng:\nh: plain\n  multi\n# end\n',
      'a:\n  b: 1\n  # trailing comment\n\nc: |+\n  keep\n\nd: |\n  clip\n\n\n# c2\ne:   # cm\n  - \n  -\n  - >\n    z\nf: 2 # x',
      'a:\n  b:\n    c: 1\n    # cmt\n  d: 2\ne:\n  - x\n      # deep\n\n     # deep2\n  - y\n    # same\ng: 1\n',
      '- a: 1\n  b: [1]\n-   - x\n    - y\n- {q: 1}\n',
      'k:   # cm\nj: [a, {x: 1}]   # c\n',
      'a:\n  b:\n',
      'x: [ 1, 2,\n  3 ]\ny: { p: "s",\n  q: [ ] }\n',
    ];
    for (const text of cases) assert.ok(agree('case.yaml', text), `declined:\n${text}`);
  });

  it('hands anchors, tags, duplicate keys and syntax errors to the full composer', () => {
    // Found by review: cases whose values or spans the two parsers would differ on, and an error
    // only the full composer reports (a `:` more than 1024 characters after its key's start).
    for (const text of ['a: |2\n    x\n   \n', '- |1\n   x\n  \n', 'a: |+\n x\n ', '- x\n# c\n-\n', 'a:\n  - x\n  # c\n  -\n', `${'k'.repeat(1000)}${' '.repeat(25)}: 1\n`]) {
      assert.equal(composeFast('x.yaml', text, MAX_YAML_NODES, MAX_YAML_DEPTH), undefined, JSON.stringify(text));
    }
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: 1\na: 2\n', '%YAML 1.2\n---\na: 1\n', 'a: [1\n', '---\na: 1\n---\nb: 2\n', 'a:\tb\n', '']) {
      assert.equal(composeFast('x.yaml', text, MAX_YAML_NODES, MAX_YAML_DEPTH), undefined, text);
    }
    const sink = new DiagnosticSink();
    parseYaml('x.yaml', 'a: 1\na: 2\n', sink);
    assert.deepEqual(sink.all().map((d) => d.code), ['GC1001']);
  });

  it('counts nodes as the full composer does (values and collections, not keys)', () => {
    // 150,000 keys with their values: 150,001 nodes by the full composer's count, under the limit.
    const text = Array.from({ length: 150_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const root = composeFast('keys.yaml', text, MAX_YAML_NODES, MAX_YAML_DEPTH);
    assert.equal(root?.kind === 'map' ? root.entries.length : -1, 150_000);
    assert.equal(composeFast('keys.yaml', text, 150_000, MAX_YAML_DEPTH), undefined, 'one node over the budget is declined');
    assert.notEqual(composeFast('keys.yaml', text, 150_001, MAX_YAML_DEPTH), undefined);
  });

  it('marks a string verbatim only when its source text is the string itself', () => {
    // Offsets into a verbatim string are source offsets (expression diagnostics point inside it).
    const text = 'a: "x\\ty {m}"\nb: "plain {m}"\nc: one\n  two\nd: \'it\'\'s\'\ne: word\n';
    const verbatim = (root: YNode | null | undefined): Record<string, boolean> =>
      Object.fromEntries((root as YMap).entries.map((e) => [e.key, (e.value as YScalar).verbatim]));
    const expected = { a: false, b: true, c: false, d: false, e: true };
    assert.deepEqual(verbatim(composeFast('v.yaml', text, MAX_YAML_NODES, MAX_YAML_DEPTH)), expected);
    assert.deepEqual(verbatim(parseSlow('v.yaml', text, new DiagnosticSink())), expected);
  });

  it('resolves plain scalars by the YAML 1.2 core schema', () => {
    const cases: [string, unknown][] = [
      ['', null], ['~', null], ['Null', null], ['NULL', null], ['nul', 'nul'], ['true', true], ['False', false], ['tRUE', 'tRUE'],
      ['0o17', 15], ['0x1F', 31], ['-0x1', '-0x1'], ['+12', 12], ['007', 7], ['1_000', '1_000'], ['1.', 1], ['.5', 0.5],
      ['-.inf', -Infinity], ['.NaN', NaN], ['1e3', 1000], ['-1.5E-2', -0.015], ['1e', '1e'], ['v1', 'v1'], ['.', '.'],
    ];
    for (const [s, v] of cases) assert.deepEqual(resolvePlain(s), v, s);
  });
});
