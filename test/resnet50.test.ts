/** The seed's ResNet-50, compiled from architectures/resnet50.yaml: the reference facts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFileOk } from './helpers/compile.js';
import { formatSummary, summaryJson } from '../compiler/summary.js';
import { expectGolden } from './helpers/golden.js';

const FILE = 'architectures/resnet50.yaml';
const graph = compileFileOk(FILE);

test('177 layers, 23,600,006 parameters, output (None, 6)', () => {
  assert.equal(graph.name, 'ResNet50');
  assert.equal(graph.nodes.length, 177);
  assert.deepEqual(graph.totals, { params: 23_600_006, trainable: 23_546_886, nonTrainable: 53_120, macs: graph.totals.macs });
  assert.deepEqual(graph.nodes.at(-1)!.shape, [null, 6]);
  assert.deepEqual(graph.outputs, ['fc6']);
  assert.deepEqual(graph.training, { optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
});

test('at 224x224x3 with 1000 classes: 42,020,712 parameters', () => {
  const big = compileFileOk(FILE, { overrides: [{ key: 'input_shape', value: [224, 224, 3] }, { key: 'classes', value: 1000 }] });
  assert.equal(big.totals.params, 42_020_712);
  assert.equal(big.nodes.at(-1)!.name, 'fc1000');
});

test('layer names follow the seed', () => {
  const names = new Set(graph.nodes.map((n) => n.name));
  const expected = ['conv1', 'bn_conv1', 'avg_pool', 'fc6'];
  const blocks: Record<number, string> = { 2: 'abc', 3: 'abcd', 4: 'abcdef', 5: 'abc' };
  for (const [stage, letters] of Object.entries(blocks)) {
    for (const b of letters) {
      for (const branch of ['2a', '2b', '2c']) expected.push(`res${stage}${b}_branch${branch}`, `bn${stage}${b}_branch${branch}`);
      if (b === 'a') expected.push(`res${stage}a_branch1`, `bn${stage}a_branch1`);
    }
  }
  for (const name of expected) assert.ok(names.has(name), name);
  const conv = graph.nodes.filter((n) => n.op === 'Conv2D');
  assert.equal(conv.length, 53);
  assert.equal(graph.nodes.filter((n) => n.op === 'BatchNormalization').length, 53);
  assert.equal(graph.nodes.filter((n) => n.op === 'Add').length, 16);
});

test('initializers, strides and BatchNormalization settings match the seed', () => {
  for (const n of graph.nodes) {
    if (n.op === 'Conv2D' || n.op === 'Dense') {
      assert.deepEqual(n.attrs['kernel_initializer'], { class_name: 'GlorotUniform', config: { seed: 0 } }, n.name);
      assert.equal(n.attrs['use_bias'], true, n.name);
    }
    if (n.op === 'BatchNormalization') {
      assert.equal(n.attrs['axis'], 3);
      assert.equal(n.attrs['momentum'], 0.99);
      assert.equal(n.attrs['epsilon'], 0.001);
    }
  }
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  assert.deepEqual(byName.get('res3a_branch2a')!.attrs['strides'], [2, 2]);
  assert.deepEqual(byName.get('res3a_branch1')!.attrs['strides'], [2, 2]);
  assert.deepEqual(byName.get('res3a_branch2b')!.attrs['strides'], [1, 1]);
  assert.deepEqual(byName.get('res2a_branch1')!.attrs['strides'], [1, 1]);
  assert.equal(byName.get('res2b_branch2b')!.attrs['padding'], 'same');
  assert.deepEqual(byName.get('zero_padding2d_1')!.attrs['padding'], [[3, 3], [3, 3]]);
  assert.deepEqual(byName.get('max_pooling2d_1')!.attrs, { pool_size: [3, 3], strides: [2, 2], padding: 'valid', trainable: true });
  assert.deepEqual(byName.get('avg_pool')!.attrs['pool_size'], [2, 2]);
  assert.deepEqual(byName.get('fc6')!.attrs['activation'], 'softmax');
});

test('the convolutional block wires its shortcut from the block input', () => {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const add = graph.nodes.find((n) => n.op === 'Add' && n.inputs[0] === 'bn3a_branch2c')!;
  assert.deepEqual(add.inputs, ['bn3a_branch2c', 'bn3a_branch1']);
  assert.deepEqual(byName.get('res3a_branch1')!.inputs, byName.get('res3a_branch2a')!.inputs);
  const idAdd = graph.nodes.find((n) => n.op === 'Add' && n.inputs[0] === 'bn3b_branch2c')!;
  assert.deepEqual(idAdd.inputs[1], byName.get('res3b_branch2a')!.inputs[0]);
});

test('summary table and JSON are golden', () => {
  expectGolden('test/golden/resnet50/summary.txt', `${formatSummary(graph)}\n`);
  expectGolden('test/golden/resnet50/summary.json', `${JSON.stringify(summaryJson(graph), null, 2)}\n`);
  const json = summaryJson(graph);
  assert.equal(json.layers[0]!.class_name, 'InputLayer');
  assert.deepEqual(json.layers[0]!.output_shape, [null, 64, 64, 3]);
  assert.deepEqual(Object.keys(json), ['name', 'layers', 'total_params', 'trainable_params', 'non_trainable_params', 'macs']);
});

test('compiling twice gives identical graphs', () => {
  assert.deepEqual(compileFileOk(FILE), graph);
});
