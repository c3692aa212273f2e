/**
 * `graphc lsp --stdio` driven over stdio by a real LSP client library: open a file, break an
 * `Add` and receive the shape diagnostic at the right range with both shapes; hover, completion
 * in `{ }`, definition, quick fixes, outline, inlay hints; random edits never crash it.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { startLsp, type LspSession } from './helpers/lsp-client.js';

const FILE = resolve('architectures/resnet50.yaml');
const URI = pathToFileURL(FILE).href;
const TEXT = readFileSync(FILE, 'utf8');

let lsp: LspSession;
let version = 1;

before(async () => {
  lsp = await startLsp({ debounceMs: 0 });
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version, text: TEXT } });
});
after(async () => {
  await lsp.close();
});

/** Replaces the whole text (a full-document change) and waits for its diagnostics. */
async function setText(text: string): Promise<{ message: string; code: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; data?: { instances: number } }[]> {
  version++;
  const wait = lsp.diagnostics(URI, version);
  await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text }] });
  return (await wait).diagnostics as never;
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

test('opening the seed model publishes no diagnostics', async () => {
  const p = await lsp.diagnostics(URI, 1);
  assert.deepEqual(p.diagnostics, []);
});

test('an edit that breaks an Add gets the shape diagnostic at the Add, with both shapes', async () => {
  // The identity block's last convolution gets F2 filters: its output no longer matches the shortcut.
  const broken = TEXT.replace('{ filters: "$filters[2]", kernel_size: 1, strides: 1, padding: valid, name: "{conv_name_base}2c" }', '{ filters: "$filters[1]", kernel_size: 1, strides: 1, padding: valid, name: "{conv_name_base}2c" }');
  assert.notEqual(broken, TEXT);
  const ds = await setText(broken);
  const add = ds.find((d) => d.code === 'GC5001');
  assert.ok(add, JSON.stringify(ds));
  assert.match(add.message, /\(None, 15, 15, 64\).*\(None, 15, 15, 256\)/);
  const addAt = broken.indexOf('- Add: { inputs: [main, input] }') + 2;
  assert.deepEqual(add.range.start, position(broken, addAt));
  assert.deepEqual(add.range.end, position(broken, addAt + 'Add'.length));
  assert.equal((await setText(TEXT)).length, 0);
});

test('a misspelled op inside a block called 12 times is one diagnostic with a quick fix', async () => {
  const bad = TEXT.replace('- Conv2D: { filters: "$filters[1]", kernel_size: $f, strides: 1, padding: same, name: "{conv_name_base}2b" }', '- Conv2d: { filters: "$filters[1]", kernel_size: $f, strides: 1, padding: same, name: "{conv_name_base}2b" }');
  const ds = await setText(bad);
  const unknown = ds.filter((d) => d.code === 'GC3201');
  assert.equal(unknown.length, 1);
  assert.match(unknown[0]!.message, /in 12 instances/);
  assert.equal(unknown[0]!.data?.instances, 12);
  const actions = (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: unknown[0]!.range, context: { diagnostics: unknown } })) as { title: string; edit: { changes: Record<string, { newText: string; range: unknown }[]> } }[];
  assert.equal(actions.length, 1);
  assert.equal(actions[0]!.edit.changes[URI]![0]!.newText, 'Conv2D');
  assert.deepEqual(actions[0]!.edit.changes[URI]![0]!.range, unknown[0]!.range);
  await setText(TEXT);
});

test('hover on a layer line shows its output shape and parameters', async () => {
  const at = TEXT.indexOf('Conv2D: { filters: 64') + 2;
  const h = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: position(TEXT, at) })) as { contents: { value: string } };
  assert.match(h.contents.value, /`conv1` \(Conv2D\) → `\(None, 32, 32, 64\)`/);
  assert.match(h.contents.value, /params: 9,472/);
});

test('completion offers Conv2D at a step and its attributes inside { }', async () => {
  const text = TEXT.replace('  - Flatten\n', '  - Flatten\n  - Conv\n  - Conv2D: {  }\n');
  await setText(text);
  const step = (await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: position(text, text.indexOf('  - Conv\n') + 8) })) as { label: string }[];
  assert.ok(step.some((c) => c.label === 'Conv2D'));
  const attrs = (await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: position(text, text.indexOf('Conv2D: {  }') + 10) })) as { label: string; detail: string }[];
  assert.ok(attrs.some((c) => c.label === 'filters') && attrs.some((c) => c.label === 'kernel_size' && /int_pair/.test(c.detail)), JSON.stringify(attrs.slice(0, 4)));
  await setText(TEXT);
});

test('definition jumps from a block call to its block', async () => {
  const at = TEXT.indexOf('- identity_block: {') + 4;
  const loc = (await lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri: URI }, position: position(TEXT, at) })) as { uri: string; range: { start: { line: number; character: number } } };
  assert.equal(loc.uri, URI);
  assert.deepEqual(loc.range.start, position(TEXT, TEXT.indexOf('  identity_block:\n') + 2));
});

test('outline and inlay hints', async () => {
  const symbols = (await lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } })) as { name: string }[];
  assert.ok(['identity_block', 'convolutional_block', 'body'].every((n) => symbols.some((s) => s.name === n)));
  const hints = (await lsp.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } })) as { label: string; position: { line: number } }[];
  const conv1Line = position(TEXT, TEXT.indexOf('name: conv1')).line;
  assert.equal(hints.find((h) => h.position.line === conv1Line)?.label, ' → (None, 32, 32, 64)');
});

test('a YAML file without a graphc: key gets no diagnostics', async () => {
  const uri = 'file:///tmp/workflow.yaml';
  const wait = lsp.diagnostics(uri, 1);
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'on: push\njobs: {}\n' } });
  assert.deepEqual((await wait).diagnostics, []);
});

test('random edits never crash the server or hang a request', async () => {
  // A seeded generator: the same edits every run.
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pieces = ['{', '}', '[', ']', ':', '- ', '\n', '  ', '$', '"', "'", '&a ', '*a', '#', 'Conv2D', 'input', '{x}', '$shape(input)', '\t', '\u202e', '0', '-1', 'null', '\\'];
  let text = TEXT;
  for (let i = 0; i < 150; i++) {
    const at = rand(text.length + 1);
    if (rand(3) === 0) text = text.slice(0, at) + text.slice(at + rand(40));
    else text = text.slice(0, at) + pieces[rand(pieces.length)]! + text.slice(at);
    await setText(text);
    const pos = position(text, rand(text.length + 1));
    await Promise.all([
      lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: pos }),
      lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: pos }),
      lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri: URI }, position: pos }),
    ]);
  }
  assert.equal(lsp.child.exitCode, null);
  assert.doesNotMatch(lsp.stderr(), /failed:/);
  assert.deepEqual(await setText(TEXT), []);
});

test('a burst of edits is compiled once at its end; an edit after a quiet spell at once', async () => {
  const session = await startLsp({ debounceMs: 300 });
  try {
    const uri = 'file:///tmp/burst.yaml';
    const first = session.diagnostics(uri, 1);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: TEXT } });
    await first;
    const last = session.diagnostics(uri, 6);
    for (let v = 2; v <= 6; v++) {
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: TEXT.replace('default: 6', `default: ${v}`) }] });
    }
    await last;
    const count = session.publishCount(uri);
    assert.ok(count <= 2, `${count} publishes for 1 open + 5 quick edits`);
  } finally {
    await session.close();
  }
});
