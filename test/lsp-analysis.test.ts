/**
 * The analysis API behind the language server, tested with fixtures that mark the cursor with
 * `$0` in the source text (as rust-analyzer does): completion, hover, definition, outline,
 * inlay hints, quick fixes and diagnostic folding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, variantDirective } from '../compiler/analysis/analyze.js';
import { completeAt } from '../compiler/analysis/completion.js';
import { hoverAt } from '../compiler/analysis/hover.js';
import { definitionAt, documentSymbols } from '../compiler/analysis/navigate.js';
import { quickFixOf, shapeHints } from '../compiler/analysis/hints.js';
import { LineIndex } from '../compiler/analysis/line-index.js';

const RESNET50 = readFileSync('architectures/resnet50.yaml', 'utf8');

/** Text with `$0` removed, and the cursor offset where it stood. */
function fixture(text: string): { text: string; offset: number } {
  const offset = text.indexOf('$0');
  assert.ok(offset >= 0, 'fixture has no $0');
  return { text: text.slice(0, offset) + text.slice(offset + 2), offset };
}

/** ResNet-50's text with `marker` replaced by `replacement` (which holds the `$0`). */
function edited(marker: string, replacement: string): { text: string; offset: number } {
  assert.ok(RESNET50.includes(marker), `marker ${marker} not in resnet50.yaml`);
  return fixture(RESNET50.replace(marker, replacement));
}

/** The analysis of the text as it was before the edit (what the server keeps as the last good one). */
const GOOD = analyze('m.yaml', RESNET50);
const labels = (text: string, offset: number, before = GOOD): string[] => completeAt(analyze('m.yaml', text), offset, before).map((c) => c.label);

test('completion inside an empty { } offers the op\'s attributes with types and defaults', () => {
  const { text, offset } = edited('  - Flatten\n', '  - Flatten\n  - Conv2D: { $0 }\n');
  const items = completeAt(analyze('m.yaml', text), offset);
  const names = items.map((c) => c.label);
  for (const k of ['filters', 'kernel_size', 'strides', 'padding', 'activation', 'use_bias', 'name', 'input']) assert.ok(names.includes(k), k);
  const detail = (k: string): string => items.find((c) => c.label === k)!.detail;
  assert.equal(detail('padding'), 'valid | same = "valid"');
  assert.equal(detail('filters'), 'int (required)');
  assert.match(items.find((c) => c.label === 'filters')!.documentation, /\S/);
});

test('completion skips attributes already written and filters by the typed prefix', () => {
  const { text, offset } = edited('  - Flatten\n', '  - Flatten\n  - Conv2D: { filters: 8, ker$0 }\n');
  assert.deepEqual(labels(text, offset), ['kernel_size', 'kernel_initializer']);
});

test('completion at a step offers ops, blocks and constructs', () => {
  const { text, offset } = edited('  - Flatten\n', '  - Flatten\n  - $0\n');
  const names = labels(text, offset);
  for (const k of ['Conv2D', 'Dense', 'identity_block', 'convolutional_block', 'repeat', 'for']) assert.ok(names.includes(k), k);
  assert.ok(!names.includes('Input'));
  const partial = edited('  - Flatten\n', '  - Flatten\n  - Conv$0\n');
  const conv = labels(partial.text, partial.offset);
  assert.ok(conv.includes('Conv2D') && conv.includes('SeparableConv2D') && conv.includes('convolutional_block'), conv.join());
  assert.ok(!conv.includes('Dense'));
});

test('completion of a shorthand value and an enum value', () => {
  const a = edited('      - Activation: relu\n      - Conv2D: { filters: "$filters[1]", kernel_size: $f, strides: 1, padding: same', '      - Activation: rel$0\n      - Conv2D: { filters: "$filters[1]", kernel_size: $f, strides: 1, padding: same');
  assert.deepEqual(labels(a.text, a.offset), ['relu', 'relu6']);
  const b = edited('kernel_size: 1, strides: 1, padding: valid, name: "{conv_name_base}2a" }', 'kernel_size: 1, strides: 1, padding: $0, name: "{conv_name_base}2a" }');
  assert.deepEqual(labels(b.text, b.offset), ['valid', 'same']);
});

test('completion of block-call parameters and of the labels an inputs: list can read', () => {
  const a = edited('  - Flatten\n', '  - Flatten\n  - identity_block: { $0 }\n');
  assert.deepEqual(labels(a.text, a.offset), ['f', 'filters', 'stage', 'block', 'input', 'inputs', 'as', 'if']);
  const b = edited('- Add: { inputs: [main, shortcut] }', '- Add: { inputs: [main, $0] }');
  const refs = labels(b.text, b.offset);
  assert.ok(refs.includes('shortcut') && refs.includes('main') && refs.includes('input'), refs.join());
});

test('completion of variant names and block-style attribute keys', () => {
  const family = readFileSync('architectures/resnet.yaml', 'utf8');
  const v = fixture(family.replace(/^default_variant: .*$/m, 'default_variant: $0'));
  assert.deepEqual(labels(v.text, v.offset, analyze('resnet.yaml', family)), ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152']);
  const { text, offset } = edited('  - Flatten\n', '  - Flatten\n  - Dense:\n      units: 4\n      $0\n');
  const names = labels(text, offset);
  assert.ok(names.includes('activation') && !names.includes('units'), names.join());
});

test('hover on a layer inside a loop lists every instance, folded by shape', () => {
  const at = RESNET50.indexOf('- Conv2D: { filters: "$filters[0]", kernel_size: 1, strides: 1') + 4;
  const h = hoverAt(analyze('m.yaml', RESNET50), at)!;
  assert.match(h.markdown, /12 instances/);
  assert.match(h.markdown, /`res2b_branch2a` … `res2c_branch2a` \(×2\) \| `\(None, 15, 15, 64\)` \| 16,448/);
});

test('hover on a single layer shows its shape, parameters and MACs', () => {
  const h = hoverAt(analyze('m.yaml', RESNET50), RESNET50.indexOf('Conv2D: { filters: 64') + 2)!;
  assert.match(h.markdown, /`conv1` \(Conv2D\) → `\(None, 32, 32, 64\)`/);
  assert.match(h.markdown, /params: 9,472/);
  assert.match(h.markdown, /MACs: 9,633,792/);
});

test('hover on a block call and on a $param', () => {
  const a = analyze('m.yaml', RESNET50);
  const call = hoverAt(a, RESNET50.indexOf('- convolutional_block: {') + 4)!;
  assert.match(call.markdown, /block `convolutional_block`/);
  assert.match(call.markdown, /`s`: `int` = `2`/);
  const param = hoverAt(a, RESNET50.indexOf('units: $classes') + 9)!;
  assert.match(param.markdown, /\*\*classes\*\*: `int`/);
  assert.match(param.markdown, /value: `6`/);
  const local = hoverAt(a, RESNET50.indexOf('kernel_size: $f') + 14)!;
  assert.match(local.markdown, /parameter of block `identity_block`/);
});

test('hover shows the value in the variant a directive selects', () => {
  const family = `# graphc: variant=resnet152\n${readFileSync('architectures/resnet.yaml', 'utf8')}`;
  assert.equal(variantDirective(family), 'resnet152');
  const a = analyze('resnet.yaml', family);
  assert.equal(a.result.graph?.variant, 'resnet152');
  assert.equal(a.result.diagnostics.filter((d) => d.severity === 'error').length, 0);
});

test('definition: block call → block, label → the layer that sets it, $param → its declaration', () => {
  const a = analyze('m.yaml', RESNET50);
  const block = definitionAt(a, RESNET50.indexOf('- convolutional_block: {') + 4)!;
  assert.equal(RESNET50.slice(block.start, block.start + 'convolutional_block'.length), 'convolutional_block');
  const use = RESNET50.indexOf('inputs: [main, shortcut]') + 'inputs: [main, '.length + 2;
  const label = definitionAt(a, use)!;
  assert.match(RESNET50.slice(label.start, label.end), /as: shortcut/);
  const param = definitionAt(a, RESNET50.indexOf('units: $classes') + 9)!;
  assert.equal(RESNET50.slice(param.start, param.start + 7), 'classes');
});

test('outline lists blocks with their steps, then the body', () => {
  const symbols = documentSymbols(analyze('m.yaml', RESNET50));
  const names = symbols.map((s) => s.name);
  assert.ok(names.includes('identity_block') && names.includes('convolutional_block') && names.includes('body'));
  assert.equal(symbols.find((s) => s.name === 'identity_block')!.children.length, 10);
});

test('inlay hints carry each layer\'s output shape at the end of its line', () => {
  const a = analyze('m.yaml', RESNET50);
  const hints = shapeHints(a, 0, RESNET50.length);
  const conv1 = hints.find((h) => RESNET50.lastIndexOf('\n', h.offset - 1) < RESNET50.indexOf('name: conv1') && h.offset > RESNET50.indexOf('name: conv1'))!;
  assert.equal(conv1.label, '→ (None, 32, 32, 64)');
  assert.equal(RESNET50[conv1.offset], '\n');
});

test('a mistake repeated by a loop is one diagnostic with its instance count', () => {
  // The identity block's 2b convolution, misspelled: the block is called 12 times (2 + 3 + 5 + 2).
  const text = RESNET50.replace('- Conv2D: { filters: "$filters[1]", kernel_size: $f, strides: 1, padding: same, name: "{conv_name_base}2b" }', '- Conv2d: { filters: "$filters[1]", kernel_size: $f, strides: 1, padding: same, name: "{conv_name_base}2b" }');
  const unknown = analyze('m.yaml', text).result.diagnostics.filter((d) => d.code === 'GC3201');
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0]!.instances, 12);
  const fix = quickFixOf(unknown[0]!, text)!;
  assert.deepEqual([fix.newText, text.slice(fix.span.start, fix.span.end)], ['Conv2D', 'Conv2d']);
});

test('line index converts offsets and positions both ways (CRLF too)', () => {
  const idx = new LineIndex('ab\r\ncd\ne');
  assert.deepEqual(idx.position(5), { line: 1, character: 1 });
  assert.equal(idx.offset({ line: 2, character: 0 }), 7);
  assert.equal(idx.offset({ line: 0, character: 99 }), 2);
  assert.equal(idx.lineCount, 3);
});

test('with a shape error, hover still shows the shapes of the layers inference reached', () => {
  const text = RESNET50.replace('{ filters: "$filters[2]", kernel_size: 1, strides: 1, padding: valid, name: "{conv_name_base}2c" }', '{ filters: "$filters[1]", kernel_size: 1, strides: 1, padding: valid, name: "{conv_name_base}2c" }');
  const a = analyze('m.yaml', text);
  assert.equal(a.result.graph, null);
  assert.ok(a.result.diagnostics.some((d) => d.code === 'GC5001'));
  const h = hoverAt(a, text.indexOf('Conv2D: { filters: 64') + 2)!;
  assert.match(h.markdown, /`conv1` \(Conv2D\) → `\(None, 32, 32, 64\)`/);
});
