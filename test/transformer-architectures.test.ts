/**
 * vit.yaml and bert.yaml reproduce the published parameter counts exactly (torchvision's ViTs,
 * Hugging Face's BERTs), the tables in their headers are the compiled figures, and their
 * structure is the papers': class token first, pre-norm (ViT) or post-norm (BERT) blocks,
 * integer inputs, Keras's attention sizes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Graph, GraphNode } from '../compiler/ir.js';
import { compileFileOk } from './helpers/compile.js';

const graphs = new Map<string, Graph>();
function graph(file: string, variant: string): Graph {
  const key = `${file}:${variant}`;
  if (!graphs.has(key)) graphs.set(key, compileFileOk(`architectures/${file}`, { variant }));
  return graphs.get(key)!;
}
const node = (g: Graph, name: string): GraphNode => {
  const n = g.nodes.find((x) => x.name === name);
  assert.ok(n, `${g.name} has no layer ${name}`);
  return n;
};

test('vit.yaml: torchvision\'s vit_b_16 and vit_l_16 counts, and the timm Ti/S figures', () => {
  const published = { vit_ti16: 5_717_416, vit_s16: 22_050_664, vit_b16: 86_567_656, vit_l16: 304_326_632 };
  for (const [v, total] of Object.entries(published)) {
    const g = graph('vit.yaml', v);
    assert.equal(g.totals.params, total, v);
    assert.equal(g.totals.nonTrainable, 0, v);
  }
});

test('bert.yaml: bert-base-uncased, bert-large-uncased and bert-tiny counts', () => {
  const published = { bert_tiny: 4_385_920, bert_base: 109_482_240, bert_large: 335_141_888 };
  for (const [v, total] of Object.entries(published)) assert.equal(graph('bert.yaml', v).totals.params, total, v);
});

test('the tables in the headers of vit.yaml and bert.yaml are the compiled totals', () => {
  for (const file of ['vit.yaml', 'bert.yaml']) {
    const rows = [...readFileSync(`architectures/${file}`, 'utf8').matchAll(/^# {3}(\w+) +([\d,]+) +\(/gm)];
    assert.ok(rows.length >= 3, file);
    for (const [, v, total] of rows) assert.equal(graph(file, v!).totals.params.toLocaleString('en-US'), total, `${file} ${v}`);
  }
});

test('ViT-B/16: patches, class token first, position embedding over 197 positions, pre-norm blocks', () => {
  const g = graph('vit.yaml', 'vit_b16');
  assert.deepEqual(node(g, 'conv_proj').shape, [null, 14, 14, 768]);
  assert.deepEqual(node(g, 'class_token').shape, [null, 197, 768]);
  assert.equal(node(g, 'pos_embedding').attrs['sequence_length'], 197);
  const attention = node(g, 'encoder_layer_0_self_attention');
  assert.deepEqual([attention.attrs['num_heads'], attention.attrs['key_dim']], [12, 64]);
  assert.deepEqual(attention.inputs, ['encoder_layer_0_ln_1', 'encoder_layer_0_ln_1'], 'pre-norm: attention reads the LayerNorm');
  assert.deepEqual(node(g, 'encoder_layer_0_add_1').inputs, ['embedded', 'encoder_layer_0_self_attention']);
  assert.equal(node(g, 'encoder_layer_0_mlp_0').attrs['activation'], 'gelu');
  assert.ok(g.nodes.filter((n) => n.op === 'LayerNormalization').every((n) => n.attrs['epsilon'] === 1e-6));
  assert.deepEqual(node(g, 'class_token_output').shape, [null, 768]);
  assert.deepEqual(g.outputs, ['heads_head']);
  assert.equal(g.nodes.filter((n) => n.op === 'MultiHeadAttention').length, 12);
});

test('BERT-base: int32 token and segment ids, summed embeddings, post-norm blocks, tanh pooler on the first token', () => {
  const g = graph('bert.yaml', 'bert_base');
  assert.deepEqual(g.inputs, ['token_ids', 'segment_ids']);
  for (const name of g.inputs) assert.equal(node(g, name).attrs['dtype'], 'int32');
  assert.deepEqual(node(g, 'embeddings_add').inputs, ['token_embedding', 'position_embedding', 'segment_embedding']);
  assert.equal(node(g, 'position_embedding').attrs['sequence_length'], 512);
  assert.deepEqual(node(g, 'position_embedding').shape, [null, 128, 768]);
  assert.deepEqual(node(g, 'transformer_layer_0_self_attention_layer_norm').inputs, ['transformer_layer_0_self_attention_add'], 'post-norm');
  assert.ok(g.nodes.filter((n) => n.op === 'LayerNormalization').every((n) => n.attrs['epsilon'] === 1e-12));
  assert.deepEqual(node(g, 'pooled_dense').inputs, ['first_token']);
  assert.equal(node(g, 'pooled_dense').attrs['activation'], 'tanh');
  assert.deepEqual(g.outputs, ['transformer_layer_11_feedforward_layer_norm', 'pooled_dense']);
});
