/** Stage 1 and 2 in isolation: located YAML trees, alias budgets, and JSON Pointer mapping. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, toPlain, MAX_YAML_NODES, type YMap, type YScalar, type YSeq } from '../compiler/parse.js';
import { describePath, resolvePointer } from '../compiler/validate.js';
import { DiagnosticSink } from '../compiler/diagnostics/diagnostic.js';
import { SourceFiles } from '../compiler/diagnostics/render.js';
import { compileSource } from '../compiler/pipeline.js';

const TEXT = 'a: 1\nb:\n  - "x{y}"\n  - &anchor { k: [1, 2] }\n  - *anchor\n';

test('every node keeps its source span; quoted scalars know where their content starts', () => {
  const sink = new DiagnosticSink();
  const root = parseYaml('t.yaml', TEXT, sink) as YMap;
  assert.equal(sink.all().length, 0);
  assert.deepEqual(toPlain(root), { a: 1, b: ['x{y}', { k: [1, 2] }, { k: [1, 2] }] });
  const b = root.entries[1]!;
  assert.equal(TEXT.slice(b.keySpan.start, b.keySpan.end), 'b');
  assert.equal(b.value.kind, 'seq');
  const quoted = (b.value as YSeq).items[0] as YScalar;
  assert.equal(TEXT[quoted.span.start], '"');
  assert.equal(quoted.contentStart, quoted.span.start + 1);
  const files = new SourceFiles();
  files.add('t.yaml', TEXT);
  assert.deepEqual(files.position('t.yaml', quoted.span.start), { line: 3, col: 5 });
});

test('an alias is expanded and located at its use', () => {
  const root = parseYaml('t.yaml', TEXT, new DiagnosticSink()) as YMap;
  const items = (root.entries[1]!.value as YSeq).items;
  assert.equal(TEXT.slice(items[2]!.span.start, items[2]!.span.start + 7), '*anchor');
});

test('alias expansion is bounded', () => {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 8; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const sink = new DiagnosticSink();
  assert.equal(parseYaml('bomb.yaml', text, sink), null);
  assert.deepEqual(sink.all().map((d) => d.code), ['GC1002']);
  assert.ok(MAX_YAML_NODES < 10 ** 8);
});

test('JSON Pointers map back to nodes and keys', () => {
  const root = parseYaml('t.yaml', TEXT, new DiagnosticSink())!;
  const { node, keySpan } = resolvePointer(root, '/b/1/k');
  assert.deepEqual(toPlain(node), [1, 2]);
  assert.equal(TEXT.slice(keySpan!.start, keySpan!.end), 'k');
  assert.equal(describePath('/body/3/Conv2D/kernel_size'), 'body[3].Conv2D.kernel_size');
  assert.equal(describePath(''), 'the document');
});

test('layers are ordered topologically, ties broken by source order', () => {
  const r = compileSource('t.yaml', `graphc: 1
name: T
inputs: [{ shape: [4], as: x }]
body:
  - Dense: { units: 4, name: late, input: early }
  - Dense: { units: 4, name: early, input: x }
  - Dense: { units: 4, name: other, input: x }
  - Add: { inputs: [late, other], name: sum }
`);
  assert.ok(r.graph);
  assert.deepEqual(r.graph.nodes.map((n) => n.name), ['input_1', 'early', 'late', 'other', 'sum']);
});
