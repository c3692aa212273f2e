/**
 * Property tests: whatever text arrives, the compiler reports and never throws, and every
 * diagnostic is well-formed (a catalogue code, a span inside the file, renderable).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { compileSource } from '../compiler/pipeline.js';
import { CATALOGUE } from '../compiler/diagnostics/catalogue.js';
import { renderDiagnostics } from '../compiler/diagnostics/render.js';

const ARCHITECTURES = readdirSync('architectures').filter((f) => f.endsWith('.yaml')).sort();
const TEXTS = ARCHITECTURES.map((f) => readFileSync(`architectures/${f}`, 'utf8'));

function check(text: string): void {
  const r = compileSource('fuzz.yaml', text);
  for (const d of r.diagnostics) {
    assert.ok(Object.hasOwn(CATALOGUE, d.code), d.code);
    if (d.span) {
      assert.ok(d.span.start >= 0 && d.span.start <= text.length, `${d.code} start ${d.span.start}`);
      assert.ok(d.span.end >= d.span.start, `${d.code} end`);
    }
  }
  assert.equal(typeof renderDiagnostics(r.diagnostics, r.files), 'string');
  assert.equal(r.graph === null, r.diagnostics.some((d) => d.severity === 'error'));
}

test('arbitrary strings never make the compiler throw', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300, unit: 'binary' }), check), { numRuns: 300, seed: 42 });
});

test('YAML-shaped noise never makes the compiler throw', () => {
  const token = fc.constantFrom('graphc: 1\n', 'name: x\n', 'inputs:\n', '  - { shape: [4] }\n', 'body:\n', '  - Dense: 4\n', '  - repeat: 3\n', '    do:\n', '      - Add: {}\n', '&a [1]', '*a', '$x', '{', '}', '[', ']', ': ', '- ', '\n', '  ', 'blocks:\n', '  b:\n', '    body: []\n', '  - b: {}\n', '"{x}"', '$shape(_)');
  fc.assert(fc.property(fc.array(token, { maxLength: 40 }), (parts) => check(parts.join(''))), { numRuns: 300, seed: 7 });
});

/** A random edit of a text: delete, insert, duplicate or swap lines, or change a number or word. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('dupLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.constant(0), fc.constant(1e9)) }),
  fc.record({ kind: fc.constant('word' as const), at: fc.nat(), value: fc.constantFrom('Conv2D', 'input', '_', 'main', '$index', 'null', '[]', '{}', 'identity_block', 'Add', 'if', '$shape(input)', 'true') }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'delete': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'dupLine': {
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    case 'swapLines': {
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'number': {
      const matches = [...text.matchAll(/\b\d+\b/g)];
      if (matches.length === 0) return text;
      const hit = matches[m.at % matches.length]!;
      return text.slice(0, hit.index) + String(m.value) + text.slice(hit.index! + hit[0].length);
    }
    case 'word': {
      const matches = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
      const hit = matches[m.at % matches.length]!;
      return text.slice(0, hit.index) + m.value + text.slice(hit.index! + hit[0].length);
    }
  }
}

test('randomly mutated copies of the shipped architectures are reported, never thrown', () => {
  const arb = fc.tuple(fc.nat({ max: TEXTS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }));
  fc.assert(
    fc.property(arb, ([which, ms]) => check(ms.reduce(mutate, TEXTS[which]!))),
    { numRuns: 150, seed: 2026 },
  );
});
