/** Every construct of the language, one test each, checked on the expanded graph. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileBad, compileOk } from './helpers/compile.js';

const HEAD = 'graphc: 1\nname: T\n';

test('layer defaults apply per op and a layer may override them', () => {
  const g = compileOk(`${HEAD}defaults:
  Conv2D: { kernel_initializer: { class_name: GlorotUniform, config: { seed: 0 } }, use_bias: false }
inputs: [{ shape: [8, 8, 3] }]
body:
  - Conv2D: { filters: 4, kernel_size: 3 }
  - Conv2D: { filters: 4, kernel_size: 3, use_bias: true }
`);
  const [a, b] = g.nodes.filter((n) => n.op === 'Conv2D');
  assert.deepEqual(a!.attrs['kernel_initializer'], { class_name: 'GlorotUniform', config: { seed: 0 } });
  assert.equal(a!.attrs['use_bias'], false);
  assert.equal(b!.attrs['use_bias'], true);
  assert.deepEqual(a!.attrs['kernel_size'], [3, 3]);
  assert.deepEqual(a!.attrs['strides'], [1, 1]);
  assert.equal(a!.params.trainable, 3 * 3 * 3 * 4);
  assert.equal(b!.params.trainable, 3 * 3 * 4 * 4 + 4);
});

test('block templates: typed parameters, defaults, let, labels, input and named tensors', () => {
  const g = compileOk(`${HEAD}blocks:
  twin:
    params: { width: int, stride: { type: int, default: 2 }, tag: str }
    let: { base: "t{tag}" }
    label: "twin_{tag}"
    body:
      - Conv2D: { filters: $width, kernel_size: 1, strides: $stride, name: "{base}_a", as: left }
      - Conv2D: { input: input, filters: $width, kernel_size: 1, strides: $stride, name: "{base}_b" }
      - Concatenate: { inputs: [left, _], name: "{base}_cat" }
inputs: [{ shape: [8, 8, 3] }]
body:
  - twin: { width: 4, tag: x }
  - twin: { width: 2, stride: 1, tag: y }
`);
  const names = g.nodes.map((n) => n.name);
  assert.deepEqual(names, ['input_1', 'tx_a', 'tx_b', 'tx_cat', 'ty_a', 'ty_b', 'ty_cat']);
  assert.deepEqual(g.nodes.find((n) => n.name === 'tx_cat')!.shape, [null, 4, 4, 8]);
  assert.deepEqual(g.nodes.find((n) => n.name === 'ty_cat')!.shape, [null, 4, 4, 4]);
  assert.deepEqual(g.nodes.find((n) => n.name === 'ty_b')!.inputs, ['tx_cat']);
  const scope = g.nodes.find((n) => n.name === 'ty_a')!.scope;
  assert.deepEqual(scope, [{ kind: 'block', template: 'twin', label: 'twin_y', args: { width: 2, stride: 1, tag: 'y' } }]);
  assert.equal(g.nodes.find((n) => n.name === 'ty_a')!.origin.trace[0]!.template, 'twin');
});

test('repeat gives index and letter; for walks a table; group labels scopes', () => {
  const g = compileOk(`${HEAD}params:
  stages: { type: list, default: [{ n: 2, w: 4 }, { n: 3, w: 8 }] }
inputs: [{ shape: [16] }]
body:
  - for: st
    in: $stages
    group: "stage{index + 1}"
    do:
      - repeat: $st.n
        do:
          - Dense: { units: $st.w, name: "d{st.w}{letter}{index}" }
`);
  assert.deepEqual(g.nodes.slice(1).map((n) => n.name), ['d4a0', 'd4b1', 'd8a0', 'd8b1', 'd8c2']);
  assert.deepEqual(g.nodes[4]!.scope, [{ kind: 'group', label: 'stage2' }]);
});

test('if on a step, and if/then/else', () => {
  const text = (flag: boolean): string => `${HEAD}params: { residual: { type: bool, default: ${flag} } }
inputs: [{ shape: [4] }]
body:
  - Dense: { units: 4, name: a }
  - Add: { inputs: [a, input], if: $residual, name: sum }
  - if: $residual
    then: [{ Activation: relu }]
    else: [{ Activation: tanh }]
`;
  const on = compileOk(text(true));
  assert.deepEqual(on.nodes.map((n) => n.op), ['Input', 'Dense', 'Add', 'Activation']);
  assert.equal(on.nodes[3]!.attrs['activation'], 'relu');
  const off = compileOk(text(false));
  assert.deepEqual(off.nodes.map((n) => n.op), ['Input', 'Dense', 'Activation']);
  assert.equal(off.nodes[2]!.attrs['activation'], 'tanh');
});

test('several inputs and outputs; graphs that are not a chain', () => {
  const g = compileOk(`${HEAD}inputs:
  - { shape: [8], name: image_features, as: img }
  - { shape: [4], name: meta }
body:
  - Dense: { input: img, units: 4, name: img_dense }
  - Concatenate: { inputs: [img_dense, meta], name: joined }
  - Dense: { units: 2, activation: softmax, name: head_a }
  - Dense: { input: joined, units: 1, activation: sigmoid, name: head_b }
outputs: [head_a, head_b]
`);
  assert.deepEqual(g.inputs, ['image_features', 'meta']);
  assert.deepEqual(g.outputs, ['head_a', 'head_b']);
  assert.deepEqual(g.nodes.find((n) => n.name === 'joined')!.shape, [null, 8]);
});

test('variants and overrides resolve in order: default < variant < --set', () => {
  const text = `${HEAD.replace('name: T', 'name: "Net{depth}"')}params:
  depth: { type: int, default: 1, choices: [1, 2, 3] }
  width: { type: int, default: 4 }
variants:
  small: { params: { depth: 1 } }
  big: { name: BigNet, params: { depth: 3, width: 8 } }
default_variant: small
inputs: [{ shape: [4] }]
body:
  - repeat: $depth
    do: [{ Dense: $width }]
`;
  assert.equal(compileOk(text).name, 'Net1');
  const big = compileOk(text, { variant: 'big' });
  assert.equal(big.name, 'BigNet');
  assert.equal(big.nodes.length, 4);
  const set = compileOk(text, { variant: 'big', overrides: [{ key: 'width', value: 2 }] });
  assert.deepEqual(set.nodes.at(-1)!.shape, [null, 2]);
  const bad = compileBad(text, { overrides: [{ key: 'depth', value: 7 }] });
  assert.equal(bad.diagnostics[0]!.code, 'GC3102');
});

test('training settings are carried to the graph', () => {
  const g = compileOk(`${HEAD}inputs: [{ shape: [4] }]
body: [{ Dense: 2 }]
training: { optimizer: adam, loss: categorical_crossentropy, metrics: [accuracy] }
`);
  assert.deepEqual(g.training, { optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
});

test('unnamed layers get per-class counters that skip names the file uses', () => {
  const g = compileOk(`${HEAD}inputs: [{ shape: [4] }]
body:
  - Dense: { units: 4, name: dense_1 }
  - Dense: 4
  - Activation: relu
  - Dense: 4
`);
  assert.deepEqual(g.nodes.map((n) => n.name), ['input_1', 'dense_1', 'dense_2', 'activation_1', 'dense_3']);
  assert.deepEqual(g.nodes.map((n) => n.explicitName), [false, true, false, false, false]);
});

test('shape(x) gives the inferred shape of a tensor during expansion', () => {
  const g = compileOk(`${HEAD}blocks:
  maybe_residual:
    params: { filters: int }
    let: { in_channels: "$shape(input)[-1]" }
    body:
      - Conv2D: { filters: $filters, kernel_size: 1 }
      - Add: { inputs: [_, input], if: $in_channels == filters }
inputs: [{ shape: [4, 4, 8] }]
body:
  - maybe_residual: { filters: 8 }
  - maybe_residual: { filters: 16 }
`);
  assert.deepEqual(g.nodes.map((n) => n.op), ['Input', 'Conv2D', 'Add', 'Conv2D']);
});

test('a recursive block stops with if', () => {
  const g = compileOk(`${HEAD}blocks:
  tower:
    params: { depth: int }
    body:
      - Dense: 2
      - tower: { depth: $depth - 1, if: $depth > 1 }
inputs: [{ shape: [4] }]
body: [{ tower: { depth: 5 } }]
`);
  assert.equal(g.nodes.length, 6);
});

test('every op kind compiles with its Keras shape rule', () => {
  const g = compileOk(`${HEAD}inputs: [{ shape: [32, 32, 3] }]
body:
  - ZeroPadding2D: [[1, 2], [3, 4]]
  - Conv2D: { filters: 8, kernel_size: 3, strides: 2, padding: same }
  - DepthwiseConv2D: { kernel_size: 3, depth_multiplier: 2 }
  - SeparableConv2D: { filters: 8, kernel_size: 3, padding: same }
  - BatchNormalization: {}
  - ReLU: 6
  - Activation: swish
  - MaxPooling2D: 2
  - AveragePooling2D: { pool_size: 2, strides: 1, padding: same, as: pooled }
  - GlobalMaxPooling2D: { input: pooled, as: gmax }
  - GlobalAveragePooling2D: { input: pooled, as: gavg }
  - Multiply: { inputs: [gmax, gavg] }
  - Reshape: [2, -1]
  - Flatten
  - Dropout: 0.5
  - Dense: 3
`);
  const shapes = Object.fromEntries(g.nodes.map((n) => [n.op, n.shape]));
  assert.deepEqual(shapes['ZeroPadding2D'], [null, 35, 39, 3]);
  assert.deepEqual(shapes['Conv2D'], [null, 18, 20, 8]);
  assert.deepEqual(shapes['DepthwiseConv2D'], [null, 16, 18, 16]);
  assert.deepEqual(shapes['SeparableConv2D'], [null, 16, 18, 8]);
  assert.deepEqual(shapes['MaxPooling2D'], [null, 8, 9, 8]);
  assert.deepEqual(shapes['AveragePooling2D'], [null, 8, 9, 8]);
  assert.deepEqual(shapes['Multiply'], [null, 8]);
  assert.deepEqual(shapes['Reshape'], [null, 2, 4]);
  assert.deepEqual(shapes['Dense'], [null, 3]);
  const params = Object.fromEntries(g.nodes.map((n) => [n.op, n.params.trainable + n.params.nonTrainable]));
  assert.equal(params['DepthwiseConv2D'], 3 * 3 * 8 * 2 + 16);
  assert.equal(params['SeparableConv2D'], 3 * 3 * 16 + 16 * 8 + 8);
  assert.equal(params['BatchNormalization'], 32);
});

test('shape(x) also follows references by layer name', () => {
  const g = compileOk(`${HEAD}inputs: [{ shape: [4, 4, 8] }]
body:
  - Conv2D: { filters: 8, kernel_size: 1, name: side }
  - Add: { inputs: [side, input], as: sum }
  - Dense: { units: "$shape(sum)[-1] * 2" }
`);
  assert.deepEqual(g.nodes.at(-1)!.shape, [null, 4, 4, 16]);
});
