/**
 * The architecture library (architectures/*.yaml): every file and variant compiles with no
 * diagnostics at all, its totals are golden, and the figures the literature publishes for it
 * come out exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { compileSource, type Override } from '../compiler/pipeline.js';
import { renderDiagnostics } from '../compiler/diagnostics/render.js';
import type { Graph, GraphNode } from '../compiler/ir.js';
import { EvalError, HELPERS } from '../compiler/expr/helpers.js';
import { expectGolden } from './helpers/golden.js';

/** One compilation of a library file: a variant, maybe with overrides. */
interface Run {
  readonly key: string;
  readonly variant?: string;
  readonly overrides?: readonly Override[];
}

const RESNETS = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152'] as const;
const CIFAR = ['resnet20', 'resnet32', 'resnet44', 'resnet56', 'resnet110'] as const;
const ALPHAS = ['0.35', '0.50', '0.75', '1.00', '1.30', '1.40'] as const;

/** Every run of every file; the golden of a file holds the totals of its runs, in this order. */
const LIBRARY: Readonly<Record<string, readonly Run[]>> = {
  'resnet.yaml': RESNETS.flatMap((v) =>
    (['keras', 'torchvision'] as const).map((c) => ({ key: `${v}/${c}`, variant: v, overrides: [{ key: 'convention', value: c }] })),
  ),
  'cifar_resnet.yaml': CIFAR.flatMap((v) =>
    (['A', 'B'] as const).map((o) => ({ key: `${v}/${o}`, variant: v, overrides: [{ key: 'shortcut', value: o }] })),
  ),
  'vgg16.yaml': [{ key: 'vgg16', variant: 'vgg16' }, { key: 'vgg19', variant: 'vgg19' }],
  'mobilenet_v2.yaml': ALPHAS.map((a) => ({ key: `mobilenetv2_${a}_224`, variant: `mobilenetv2_${a}_224` })),
  'densenet121.yaml': ['densenet121', 'densenet169', 'densenet201'].map((v) => ({ key: v, variant: v })),
  'resnet50.yaml': [{ key: 'seed' }],
  // Wave 2 (issue 10 part A).
  'unet.yaml': [{ key: 'upsample' }, { key: 'transpose', overrides: [{ key: 'upsampling', value: 'transpose' }] }],
  'efficientnet.yaml': [0, 1, 2, 3, 4, 5, 6, 7].map((b) => ({ key: `b${b}`, variant: `efficientnetb${b}` })),
  'text_classifier.yaml': [{ key: 'lstm' }, { key: 'gru', overrides: [{ key: 'cell', value: 'gru' }] }],
  // Transformers (issue 10 part B).
  'vit.yaml': ['vit_ti16', 'vit_s16', 'vit_b16', 'vit_l16'].map((v) => ({ key: v, variant: v })),
  'bert.yaml': ['bert_tiny', 'bert_base', 'bert_large'].map((v) => ({ key: v, variant: v })),
};

const graphs = new Map<string, Graph>();

/** Compiles a run, asserting there is not a single diagnostic (no errors, no warnings). */
function compileRun(file: string, run: Run): Graph {
  const id = `${file}:${run.key}`;
  const cached = graphs.get(id);
  if (cached) return cached;
  const path = `architectures/${file}`;
  const r = compileSource(path, readFileSync(path, 'utf8'), { variant: run.variant ?? null, overrides: run.overrides ?? [] });
  assert.deepEqual(r.diagnostics.map((d) => `${d.severity} ${d.code}`), [], `${id}\n${renderDiagnostics(r.diagnostics, r.files)}`);
  assert.ok(r.graph, id);
  graphs.set(id, r.graph);
  return r.graph;
}

function graphOf(file: string, key: string): Graph {
  const run = LIBRARY[file]!.find((r) => r.key === key);
  assert.ok(run, `${file} has no run ${key}`);
  return compileRun(file, run);
}

function nodeOf(graph: Graph, name: string): GraphNode {
  const node = graph.nodes.find((n) => n.name === name);
  assert.ok(node, `${graph.name} has no layer ${name}`);
  return node;
}

/** `1,234` → 1234, for figures read from the files' comments. */
const count = (text: string): number => Number(text.replaceAll(',', ''));

test('the library is exactly these files, each starting with the schema line', () => {
  const files = readdirSync('architectures').filter((f) => f.endsWith('.yaml')).sort();
  assert.deepEqual(files, Object.keys(LIBRARY).sort());
  for (const file of files) {
    const first = readFileSync(`architectures/${file}`, 'utf8').split('\n')[0];
    assert.equal(first, '# yaml-language-server: $schema=../spec/graphc.schema.json', file);
  }
});

for (const [file, runs] of Object.entries(LIBRARY)) {
  test(`${file}: every variant compiles with no errors or warnings; totals are golden`, () => {
    const totals: Record<string, unknown> = {};
    for (const run of runs) {
      const g = compileRun(file, run);
      totals[run.key] = {
        name: g.name,
        layers: g.nodes.length,
        total_params: g.totals.params,
        trainable_params: g.totals.trainable,
        non_trainable_params: g.totals.nonTrainable,
        macs: g.totals.macs,
      };
    }
    expectGolden(`test/golden/architectures/${file.replace(/\.yaml$/, '')}.totals.json`, `${JSON.stringify(totals, null, 2)}\n`);
  });
}

test('resnet.yaml, keras convention: the Keras applications totals', () => {
  const published = { resnet50: 25_636_712, resnet101: 44_707_176, resnet152: 60_419_944 };
  for (const [v, total] of Object.entries(published)) assert.equal(graphOf('resnet.yaml', `${v}/keras`).totals.params, total, v);
});

test('resnet.yaml, torchvision convention: torchvision parameters and GFLOPS', () => {
  const published: Record<(typeof RESNETS)[number], [number, string]> = {
    resnet18: [11_689_512, '1.814'],
    resnet34: [21_797_672, '3.664'],
    resnet50: [25_557_032, '4.089'],
    resnet101: [44_549_160, '7.801'],
    resnet152: [60_192_808, '11.514'],
  };
  for (const v of RESNETS) {
    const g = graphOf('resnet.yaml', `${v}/torchvision`);
    const [params, gmacs] = published[v];
    // torchvision keeps BatchNorm running statistics as buffers: its count is graphc's trainable one
    assert.equal(g.totals.trainable, params, v);
    assert.equal((g.totals.macs / 1e9).toFixed(3), gmacs, v);
  }
});

test('resnet.yaml: Keras\'s layer counts, and the table stated in the file is the compiled one', () => {
  const layers = { resnet50: 177, resnet101: 347, resnet152: 517 };
  for (const [v, n] of Object.entries(layers)) assert.equal(graphOf('resnet.yaml', `${v}/keras`).nodes.length, n, v);
  const text = readFileSync('architectures/resnet.yaml', 'utf8');
  const rows = [...text.matchAll(/^# {3}(resnet\d+) +([\d,]+) +([\d,]+) +([\d.]+) +([\d,]+) +([\d,]+) +([\d.]+)$/gm)];
  assert.equal(rows.length, RESNETS.length);
  for (const [, v, ...stated] of rows) {
    const figures = (g: Graph): string[] => [g.totals.params.toLocaleString('en-US'), g.totals.trainable.toLocaleString('en-US'), (g.totals.macs / 1e9).toFixed(3)];
    assert.deepEqual([...figures(graphOf('resnet.yaml', `${v}/keras`)), ...figures(graphOf('resnet.yaml', `${v}/torchvision`))], stated, v);
  }
});

test('resnet.yaml: the conventions differ where Keras and torchvision differ, and only there', () => {
  const keras = graphOf('resnet.yaml', 'resnet50/keras');
  const torch = graphOf('resnet.yaml', 'resnet50/torchvision');
  // Keras strides the first 1x1 of a bottleneck block, torchvision the 3x3 (padded like PyTorch)
  assert.deepEqual(nodeOf(keras, 'conv3_block1_1_conv').attrs['strides'], [2, 2]);
  assert.deepEqual(nodeOf(keras, 'conv3_block1_2_conv').attrs['strides'], [1, 1]);
  assert.deepEqual(nodeOf(torch, 'conv3_block1_1_conv').attrs['strides'], [1, 1]);
  assert.deepEqual(nodeOf(torch, 'conv3_block1_2_conv').attrs['strides'], [2, 2]);
  assert.deepEqual(nodeOf(torch, 'conv3_block1_2_pad').attrs['padding'], [[1, 1], [1, 1]]);
  assert.equal(nodeOf(torch, 'conv3_block1_2_conv').attrs['padding'], 'valid');
  for (const [g, bias, epsilon, momentum] of [[keras, true, 1.001e-5, 0.99], [torch, false, 1e-5, 0.9]] as const) {
    for (const n of g.nodes) {
      if (n.op === 'Conv2D') assert.equal(n.attrs['use_bias'], bias, n.name);
      if (n.op === 'BatchNormalization') assert.deepEqual([n.attrs['epsilon'], n.attrs['momentum']], [epsilon, momentum], n.name);
    }
    // the stem's max pooling is padded so that stage conv2 runs at 56x56
    assert.deepEqual(nodeOf(g, 'pool1_pool').shape, [null, 56, 56, 64]);
    assert.deepEqual(nodeOf(g, 'avg_pool').shape, [null, 2048]);
    assert.deepEqual(g.outputs, ['predictions']);
  }
  assert.equal(keras.nodes.length, torch.nodes.length - 3, 'torchvision adds one padding layer per strided stage');
});

test('resnet.yaml: projection shortcuts exactly where the shape changes', () => {
  const projections = (g: Graph): string[] => g.nodes.filter((n) => n.name.endsWith('_0_conv')).map((n) => n.name);
  // ResNet-18/34: conv2 keeps 64 channels at stride 1, so its first block adds the identity
  assert.deepEqual(projections(graphOf('resnet.yaml', 'resnet18/keras')), ['conv3_block1_0_conv', 'conv4_block1_0_conv', 'conv5_block1_0_conv']);
  assert.deepEqual(nodeOf(graphOf('resnet.yaml', 'resnet18/keras'), 'conv2_block1_add').inputs, ['pool1_pool', 'conv2_block1_2_bn']);
  assert.deepEqual(projections(graphOf('resnet.yaml', 'resnet50/keras')), ['conv2_block1_0_conv', 'conv3_block1_0_conv', 'conv4_block1_0_conv', 'conv5_block1_0_conv']);
  assert.deepEqual(nodeOf(graphOf('resnet.yaml', 'resnet50/keras'), 'conv3_block1_add').inputs, ['conv3_block1_0_bn', 'conv3_block1_3_bn']);
  assert.deepEqual(nodeOf(graphOf('resnet.yaml', 'resnet50/keras'), 'conv3_block2_add').inputs, ['conv3_block1_out', 'conv3_block2_3_bn']);
  assert.equal(graphOf('resnet.yaml', 'resnet152/keras').nodes.filter((n) => n.op === 'Add').length, 3 + 8 + 36 + 3);
});

test('cifar_resnet.yaml: option A gives the paper\'s 0.27M, 0.46M, 0.66M, 0.85M, 1.7M exactly', () => {
  const trainable = { resnet20: 269_722, resnet32: 464_154, resnet44: 658_586, resnet56: 853_018, resnet110: 1_727_962 };
  const paper = { resnet20: '0.27', resnet32: '0.46', resnet44: '0.66', resnet56: '0.85', resnet110: '1.7' };
  for (const v of CIFAR) {
    const g = graphOf('cifar_resnet.yaml', `${v}/A`);
    assert.equal(g.totals.trainable, trainable[v], v);
    const millions = g.totals.trainable / 1e6;
    assert.equal(millions.toFixed(paper[v].length - 2), paper[v], v);
    const n = (Number(v.slice('resnet'.length)) - 2) / 6;
    const weighted = g.nodes.filter((x) => x.op === 'Conv2D' || x.op === 'Dense').length;
    assert.equal(weighted, 6 * n + 2, `${v} has 6n + 2 weighted layers`);
    assert.equal(g.nodes.filter((x) => x.op === 'Add').length, 3 * n, v);
  }
});

test('cifar_resnet.yaml: the counts stated in the file are the compiled ones', () => {
  const text = readFileSync('architectures/cifar_resnet.yaml', 'utf8');
  const rows = [...text.matchAll(/^# {3}(resnet\d+) +([\d,]+) +([\d,]+) +([\d,]+) +([\d,]+) +[\d.]+M +([\d,]+) +([\d,]+)$/gm)];
  assert.equal(rows.length, CIFAR.length);
  for (const [, v, total, trainable, nonTrainable, macs, totalB, trainableB] of rows) {
    const a = graphOf('cifar_resnet.yaml', `${v}/A`).totals;
    const b = graphOf('cifar_resnet.yaml', `${v}/B`).totals;
    assert.deepEqual([a.params, a.trainable, a.nonTrainable, a.macs], [total, trainable, nonTrainable, macs].map((s) => count(s!)), v);
    assert.deepEqual([b.params, b.trainable], [count(totalB!), count(trainableB!)], v);
  }
});

test('cifar_resnet.yaml: option A shortcuts are parameter-free identity + zero channels, option B projects', () => {
  const a = graphOf('cifar_resnet.yaml', 'resnet20/A');
  const chain = ['stage2_block1_subsample', 'stage2_block1_pixels', 'stage2_block1_pad_channels', 'stage2_block1_shortcut'].map((name) => nodeOf(a, name));
  assert.deepEqual(chain.map((n) => n.shape), [[null, 16, 16, 16], [null, 256, 16, 1], [null, 256, 32, 1], [null, 16, 16, 32]]);
  assert.deepEqual(chain[2]!.attrs['padding'], [[0, 0], [8, 8]]);
  assert.ok(chain.every((n) => n.params.trainable + n.params.nonTrainable === 0));
  assert.deepEqual(nodeOf(a, 'stage2_block1_subsample').inputs, ['stage1_block3_out']);
  assert.deepEqual(nodeOf(a, 'stage2_block1_add').inputs, ['stage2_block1_shortcut', 'stage2_block1_bn2']);
  assert.deepEqual(nodeOf(a, 'stage1_block1_add').inputs, ['relu1', 'stage1_block1_bn2']);
  const b = graphOf('cifar_resnet.yaml', 'resnet20/B');
  assert.deepEqual(nodeOf(b, 'stage3_block1_add').inputs, ['stage3_block1_proj_bn', 'stage3_block1_bn2']);
  assert.deepEqual(nodeOf(b, 'stage3_block1_proj').shape, [null, 8, 8, 64]);
  assert.deepEqual(nodeOf(a, 'predictions').shape, [null, 10]);
});

test('vgg16.yaml: 138,357,544 parameters (VGG-19: 143,667,240)', () => {
  const vgg16 = graphOf('vgg16.yaml', 'vgg16');
  assert.deepEqual(vgg16.totals, { params: 138_357_544, trainable: 138_357_544, nonTrainable: 0, macs: vgg16.totals.macs });
  assert.equal(vgg16.nodes.length, 23);
  assert.deepEqual(nodeOf(vgg16, 'block5_pool').shape, [null, 7, 7, 512]);
  assert.deepEqual(nodeOf(vgg16, 'fc1').shape, [null, 4096]);
  assert.equal(graphOf('vgg16.yaml', 'vgg19').totals.params, 143_667_240);
});

test('mobilenet_v2.yaml: 3,538,984 parameters at alpha 1.0', () => {
  const g = graphOf('mobilenet_v2.yaml', 'mobilenetv2_1.00_224');
  assert.equal(g.totals.params, 3_538_984);
  assert.equal(g.nodes.length, 156);
  // the residual exists only where stride is 1 and the channels match
  const adds = g.nodes.filter((n) => n.op === 'Add').map((n) => n.name);
  assert.deepEqual(adds, [2, 4, 5, 7, 8, 9, 11, 12, 14, 15].map((id) => `block_${id}_add`));
  assert.deepEqual(nodeOf(g, 'block_2_add').inputs, ['block_1_project_BN', 'block_2_project_BN']);
  // block 0 has no expansion layer; Keras's correct_pad before each strided depthwise convolution
  assert.ok(!g.nodes.some((n) => n.name.startsWith('expanded_conv_expand')));
  assert.deepEqual(nodeOf(g, 'block_1_pad').attrs['padding'], [[0, 1], [0, 1]]);
  assert.deepEqual(nodeOf(g, 'block_1_expand').shape, [null, 112, 112, 96]);
  assert.deepEqual(nodeOf(g, 'block_16_project_BN').shape, [null, 7, 7, 320]);
  assert.deepEqual(nodeOf(g, 'out_relu').attrs['max_value'], 6);
  assert.deepEqual(nodeOf(g, 'Conv_1').shape, [null, 7, 7, 1280]);
  // alpha scales widths with make_divisible; the last convolution widens only for alpha > 1
  const small = graphOf('mobilenet_v2.yaml', 'mobilenetv2_0.35_224');
  assert.deepEqual(nodeOf(small, 'Conv1').shape, [null, 112, 112, 16]);
  assert.deepEqual(nodeOf(small, 'expanded_conv_project').shape, [null, 112, 112, 8]);
  assert.deepEqual(nodeOf(small, 'Conv_1').shape, [null, 7, 7, 1280]);
  assert.deepEqual(nodeOf(graphOf('mobilenet_v2.yaml', 'mobilenetv2_1.40_224'), 'Conv_1').shape, [null, 7, 7, 1792]);
});

test('densenet121.yaml: 8,062,504 parameters (DenseNet-169 14,307,880; DenseNet-201 20,242,984)', () => {
  const g = graphOf('densenet121.yaml', 'densenet121');
  assert.equal(g.totals.params, 8_062_504);
  assert.equal(g.nodes.length, 429);
  assert.equal(graphOf('densenet121.yaml', 'densenet169').totals.params, 14_307_880);
  assert.equal(graphOf('densenet121.yaml', 'densenet201').totals.params, 20_242_984);
  assert.equal(g.nodes.filter((n) => n.op === 'Concatenate').length, 6 + 12 + 24 + 16);
  // each conv block reads everything before it in its dense block: the channels grow by 32
  const channels = (name: string): number | null => nodeOf(g, name).shape?.at(-1) ?? null;
  assert.deepEqual(['conv2_block1_concat', 'conv2_block2_concat', 'conv2_block6_concat'].map(channels), [96, 128, 256]);
  assert.deepEqual(nodeOf(g, 'conv2_block2_concat').inputs, ['conv2_block1_concat', 'conv2_block2_2_conv']);
  // transitions halve channels and map
  assert.deepEqual(['pool2_pool', 'pool3_pool', 'pool4_pool'].map((n) => nodeOf(g, n).shape), [[null, 28, 28, 128], [null, 14, 14, 256], [null, 7, 7, 512]]);
  assert.ok(!g.nodes.some((n) => n.name.startsWith('pool5')));
  assert.deepEqual(nodeOf(g, 'conv5_block16_concat').shape, [null, 7, 7, 1024]);
});

test('column(), the helper MobileNetV2 numbers its blocks with: a column of a table', () => {
  const column = HELPERS['column']!.fn;
  const stages = [{ t: 1, n: 1 }, { t: 6, n: 2 }, { t: 6, n: 3 }];
  assert.deepEqual(column([stages, 'n']), [1, 2, 3]);
  assert.deepEqual(column([[], 'n']), []);
  assert.throws(() => column([stages, 'c']), (e: unknown) => e instanceof EvalError && e.code === 'GC3005');
  assert.throws(() => column([[1, 2], 'n']), (e: unknown) => e instanceof EvalError && e.code === 'GC3003');
  assert.throws(() => column([stages, 1]), (e: unknown) => e instanceof EvalError && e.code === 'GC3003');
  assert.throws(() => column([[{}], 'constructor']), (e: unknown) => e instanceof EvalError && e.code === 'GC3005');
});

test('unet.yaml: the common Keras U-Net is 31,031,685 parameters, with either up-conv', () => {
  for (const key of ['upsample', 'transpose']) {
    const g = graphOf('unet.yaml', key);
    assert.equal(g.totals.params, 31_031_685, key);
    assert.equal(g.totals.nonTrainable, 0, key);
    assert.deepEqual(nodeOf(g, 'mask').shape, [null, 256, 256, 1]);
  }
  // Keras's Conv2DTranspose count, kh·kw·filters·in + filters, by hand for the deepest up-conv.
  const up = nodeOf(graphOf('unet.yaml', 'transpose'), 'up4_upconv');
  assert.equal(up.op, 'Conv2DTranspose');
  assert.equal(up.params.trainable, 2 * 2 * 512 * 1024 + 512);
  assert.deepEqual(up.shape, [null, 32, 32, 512]);
  const conv = nodeOf(graphOf('unet.yaml', 'upsample'), 'up4_upconv');
  assert.equal(conv.op, 'Conv2D');
  assert.equal(conv.params.trainable, 2 * 2 * 1024 * 512 + 512);
  assert.deepEqual(nodeOf(graphOf('unet.yaml', 'upsample'), 'up4_concat').inputs, ['down4_drop', 'up4_upconv']);
  assert.deepEqual(nodeOf(graphOf('unet.yaml', 'upsample'), 'up1_concat').inputs, ['down1_conv2', 'up1_upconv']);
});

test('efficientnet.yaml: Keras\'s published totals for B0-B7; B0 trainable 5,288,548', () => {
  const published = [5_330_571, 7_856_239, 9_177_569, 12_320_535, 19_466_823, 30_562_527, 43_265_143, 66_658_687];
  published.forEach((total, b) => assert.equal(graphOf('efficientnet.yaml', `b${b}`).totals.params, total, `B${b}`));
  const b0 = graphOf('efficientnet.yaml', 'b0');
  assert.equal(b0.totals.trainable, 5_288_548);
  // The input Normalization: mean and variance of 3 channels and the adapt count, non-trainable.
  assert.deepEqual(nodeOf(b0, 'normalization').params, { trainable: 0, nonTrainable: 7 });
  assert.equal(b0.name, 'efficientnetb0');
});

test('efficientnet.yaml: Keras\'s layer names and structure', () => {
  const b0 = graphOf('efficientnet.yaml', 'b0');
  const names = new Set(b0.nodes.map((n) => n.name));
  for (const n of ['input_layer', 'rescaling', 'normalization', 'stem_conv_pad', 'stem_conv', 'stem_bn', 'stem_activation', 'block1a_dwconv', 'block1a_se_squeeze',
    'block1a_se_reshape', 'block1a_se_reduce', 'block1a_se_expand', 'block1a_se_excite', 'block1a_project_conv', 'block2a_expand_conv', 'block2a_dwconv_pad',
    'block2b_drop', 'block2b_add', 'block7a_project_bn', 'top_conv', 'top_bn', 'top_activation', 'avg_pool', 'top_dropout', 'predictions']) {
    assert.ok(names.has(n), n);
  }
  assert.ok(!names.has('block1a_expand_conv'), 'expand_ratio 1 has no expansion');
  assert.ok(!names.has('block2a_add'), 'a strided block has no residual');
  assert.equal(b0.nodes.filter((n) => n.name.endsWith('_project_conv')).length, 16, 'B0 has 16 MBConv blocks');
  assert.equal(graphOf('efficientnet.yaml', 'b7').nodes.filter((n) => n.name.endsWith('_project_conv')).length, 55, 'B7: ceil(3.1 · repeats)');
  // Stochastic depth: 0.2 · b / 16 for block b (block2b is the third block).
  assert.equal(nodeOf(b0, 'block2b_drop').attrs['rate'], 0.2 * 2 / 16);
  assert.deepEqual(nodeOf(b0, 'stem_conv').shape, [null, 112, 112, 32]);
  assert.deepEqual(nodeOf(b0, 'top_conv').shape, [null, 7, 7, 1280]);
  // Keras's round_filters at width 1.1 (B2): 32 → 32, 1280 → 1408.
  assert.deepEqual(nodeOf(graphOf('efficientnet.yaml', 'b2'), 'top_conv').shape, [null, 9, 9, 1408]);
});

test('text_classifier.yaml: Keras\'s recurrent parameter counts', () => {
  // LSTM 4 · (units · (input + units) + units) with 128 units over 128-wide token vectors, then Dense(1).
  const lstm = graphOf('text_classifier.yaml', 'lstm');
  assert.equal(nodeOf(lstm, 'lstm').params.trainable, 4 * (128 * (128 + 128) + 128));
  assert.equal(nodeOf(lstm, 'lstm').params.trainable, 131_584);
  assert.equal(lstm.totals.params, 131_584 + 129);
  // GRU with Keras's reset_after=True: 3 · (units · (input + units) + 2 · units).
  const gru = graphOf('text_classifier.yaml', 'gru');
  assert.equal(nodeOf(gru, 'gru').params.trainable, 3 * (128 * (128 + 128) + 2 * 128));
  assert.equal(nodeOf(gru, 'gru').params.trainable, 99_072);
  assert.equal(gru.totals.params, 99_072 + 129);
});
