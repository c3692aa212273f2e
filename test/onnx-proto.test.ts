// The ONNX serialization layer, checked end to end: models built by hand with backends/onnx/proto.ts
// run in onnxruntime (full graph optimizations) and match plain-loop references computed here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeModel, encodeModel, makeFloatTensor, makeInt64Tensor, makeModel, makeNode, makeTensorValueInfo,
  type NodeSpec, type TensorProto,
} from '../backends/onnx/proto.js';
import { createOnnxSession, OnnxRuntimeError, runOnnx } from '../backends/onnx/ort.js';

interface T { data: Float32Array; shape: number[] }

// Deterministic weights in [-0.5, 0.5): a fixed LCG, so failures reproduce.
function randoms(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}
const tensor = (shape: number[], seed: number): T => ({ data: randoms(shape.reduce((a, b) => a * b, 1), seed), shape });
const map = (t: T, f: (v: number, i: number) => number): T => ({ data: t.data.map(f), shape: t.shape });
const relu = (t: T): T => map(t, (v) => Math.max(0, v));
const add = (a: T, b: T): T => map(a, (v, i) => v + b.data[i]!);

// NCHW convolution with OIHW weights, symmetric pads: ONNX Conv semantics.
function conv(x: T, w: T, b: T, pad: number, stride: number): T {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, , kh, kw] = w.shape as [number, number, number, number];
  const oh = Math.floor((h + 2 * pad - kh) / stride) + 1, ow = Math.floor((wd + 2 * pad - kw) / stride) + 1;
  const out = new Float32Array(n * o * oh * ow);
  for (let ni = 0; ni < n; ni++) for (let oi = 0; oi < o; oi++) for (let y = 0; y < oh; y++) for (let z = 0; z < ow; z++) {
    let s = b.data[oi]!;
    for (let ci = 0; ci < c; ci++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const yy = y * stride - pad + i, zz = z * stride - pad + j;
      if (yy >= 0 && yy < h && zz >= 0 && zz < wd) s += x.data[((ni * c + ci) * h + yy) * wd + zz]! * w.data[((oi * c + ci) * kh + i) * kw + j]!;
    }
    out[((ni * o + oi) * oh + y) * ow + z] = s;
  }
  return { data: out, shape: [n, o, oh, ow] };
}

// NCHW pooling without padding; `k` = 0 means global. Returns [N, C, OH, OW].
function pool(x: T, k: number, stride: number, kind: 'max' | 'avg'): T {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const kh = k || h, kw = k || w, oh = Math.floor((h - kh) / stride) + 1, ow = Math.floor((w - kw) / stride) + 1;
  const out = new Float32Array(n * c * oh * ow);
  for (let p = 0; p < n * c; p++) for (let y = 0; y < oh; y++) for (let z = 0; z < ow; z++) {
    let s = kind === 'max' ? -Infinity : 0;
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const v = x.data[(p * h + y * stride + i) * w + z * stride + j]!;
      s = kind === 'max' ? Math.max(s, v) : s + v / (kh * kw);
    }
    out[(p * oh + y) * ow + z] = s;
  }
  return { data: out, shape: [n, c, oh, ow] };
}

// [N, K] x [K, M] + bias: Keras Dense, ONNX MatMul+Add or Gemm.
function dense(x: T, k: T, b: T): T {
  const [n, kk] = x.shape as [number, number], m = k.shape[1]!;
  const out = new Float32Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = b.data[j]!;
    for (let q = 0; q < kk; q++) s += x.data[i * kk + q]! * k.data[q * m + j]!;
    out[i * m + j] = s;
  }
  return { data: out, shape: [n, m] };
}

// Flattens [N, ...] to [N, rest], keeping memory order (ONNX Flatten axis=1 and Keras Flatten alike).
const flat = (t: T): T => ({ data: t.data, shape: [t.shape[0]!, t.data.length / t.shape[0]!] });

function concat(a: T, b: T): T {
  const [n, p] = a.shape as [number, number], q = b.shape[1]!;
  const out = new Float32Array(n * (p + q));
  for (let i = 0; i < n; i++) {
    out.set(a.data.subarray(i * p, (i + 1) * p), i * (p + q));
    out.set(b.data.subarray(i * q, (i + 1) * q), i * (p + q) + p);
  }
  return { data: out, shape: [n, p + q] };
}

function softmax(t: T): T {
  const [n, m] = t.shape as [number, number], out = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    const row = t.data.subarray(i * m, (i + 1) * m), top = Math.max(...row);
    const e = Array.from(row, (v) => Math.exp(v - top)), sum = e.reduce((a, b) => a + b, 0);
    e.forEach((v, j) => (out[i * m + j] = v / sum));
  }
  return { data: out, shape: [n, m] };
}

// Transposes a 4-D tensor: out.shape[i] = in.shape[perm[i]], as ONNX Transpose.
function transpose4(t: T, perm: number[]): T {
  const s = t.shape, os = perm.map((p) => s[p]!), out = new Float32Array(t.data.length);
  const stride = [s[1]! * s[2]! * s[3]!, s[2]! * s[3]!, s[3]!, 1];
  let o = 0;
  for (let a = 0; a < os[0]!; a++) for (let b = 0; b < os[1]!; b++) for (let c = 0; c < os[2]!; c++) for (let d = 0; d < os[3]!; d++) {
    const idx = [a, b, c, d];
    out[o++] = t.data[perm.reduce((acc, p, i) => acc + idx[i]! * stride[p]!, 0)]!;
  }
  return { data: out, shape: os };
}

function assertClose(actual: Float32Array, expected: Float32Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    const tol = 1e-5 * Math.max(1, Math.abs(expected[i]!));
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol, `${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

const init = (name: string, t: T): TensorProto => makeFloatTensor(name, t.shape, t.data);
const op = (opType: string, name: string, inputs: string[], outputs: string[], attributes?: NodeSpec['attributes']) =>
  makeNode({ opType, name, inputs, outputs, ...(attributes ? { attributes } : {}) });

// The CNN under test. Names are non-ASCII on purpose: they travel as UTF-8 protobuf strings.
const X = 'entrée_图像', Y = 'probs_🙂';
const W = {
  w1: tensor([4, 2, 3, 3], 1), b1: tensor([4], 2), wa: tensor([4, 4, 1, 1], 3), ba: tensor([4], 4),
  wb: tensor([4, 4, 3, 3], 5), bb: tensor([4], 6), wg: tensor([3, 20], 7), bg: tensor([3], 8),
};
const SHIFT = [0.25, -0.5, 0.125];

function buildCnn(): Uint8Array {
  const nodes = [
    op('Conv', 'conv1', [X, 'w1', 'b1'], ['c1'], { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] }, strides: { ints: [2, 2] }, auto_pad: { string: 'NOTSET' } }),
    op('Relu', 'relu1', ['c1'], ['r1']),
    op('Conv', 'branch_a', ['r1', 'wa', 'ba'], ['ca']),
    op('Conv', 'branch_b', ['r1', 'wb', 'bb'], ['cb'], { pads: { ints: [1, 1, 1, 1] }, group: { int: 1 } }),
    op('Relu', 'relu_b', ['cb'], ['rb']),
    op('Add', 'merge', ['ca', 'rb'], ['s']),
    op('MaxPool', 'max_pool', ['s'], ['mp'], { kernel_shape: { ints: [2, 2] }, strides: { ints: [1, 1] } }),
    op('GlobalAveragePool', 'gap', ['s'], ['g']),
    op('Flatten', 'flatten', ['mp'], ['f1'], { axis: { int: 1 } }),
    op('Reshape', 'reshape', ['g', 'shape'], ['f2']),
    op('Concat', 'concat', ['f1', 'f2'], ['cat'], { axis: { int: 1 } }),
    op('Gemm', 'fc', ['cat', 'wg', 'bg'], ['logits'], { transB: { int: 1 }, alpha: { float: 1 }, beta: { float: 1 } }),
    op('Constant', 'shift_const', [], ['shift'], { value_floats: { floats: SHIFT } }),
    op('Add', 'shift', ['logits', 'shift'], ['shifted']),
    op('Softmax', 'softmax', ['shifted'], [Y], { axis: { int: -1 } }),
  ];
  const initializers = Object.entries(W).map(([k, t]) => init(k, t));
  // Reshape's target shape: 0 copies the (symbolic) batch size, -1 infers the rest.
  initializers.push(makeInt64Tensor('shape', [2], [0, -1]));
  return encodeModel(makeModel({
    graphName: 'tiny_cnn', nodes, initializers,
    inputs: [makeTensorValueInfo(X, ['N', 2, 6, 6])], outputs: [makeTensorValueInfo(Y, ['N', 3])],
  }));
}

function referenceCnn(x: T): T {
  const r1 = relu(conv(x, W.w1, W.b1, 1, 2));
  const s = add(conv(r1, W.wa, W.ba, 0, 1), relu(conv(r1, W.wb, W.bb, 1, 1)));
  const cat = concat(flat(pool(s, 2, 1, 'max')), flat(pool(s, 0, 1, 'avg')));
  const wgT = transpose4({ data: W.wg.data, shape: [1, 1, 3, 20] }, [0, 1, 3, 2]);
  const logits = dense(cat, { data: wgT.data, shape: [20, 3] }, W.bg);
  return softmax(map(logits, (v, i) => v + SHIFT[i % 3]!));
}

test('a hand-built CNN runs in onnxruntime and matches plain loops', async () => {
  const x = tensor([2, 2, 6, 6], 42);
  const out = await runOnnx(buildCnn(), { [X]: { data: x.data, dims: x.shape } }, { threads: 1, optimization: 'all' });
  assert.deepEqual(Object.keys(out), [Y]);
  assert.deepEqual(out[Y]!.dims, [2, 3]);
  assertClose(out[Y]!.data, referenceCnn(x).data, 'softmax');
});

test('encoding is deterministic and names survive as UTF-8', () => {
  const a = buildCnn(), b = buildCnn();
  assert.deepEqual(Buffer.from(a), Buffer.from(b));
  const model = decodeModel(a);
  assert.equal(model.producer_name, 'graphc');
  assert.deepEqual(model.opset_import.map((o) => o.version), [17]);
  assert.equal(model.graph.input[0]!.name, X);
  assert.deepEqual(model.graph.input[0]!.type.tensor_type.shape.dim[0], { dim_param: 'N' });
  assert.equal(model.graph.output[0]!.name, Y);
});

test('one session runs many times with the same result', async () => {
  const session = await createOnnxSession(buildCnn(), { threads: 2 });
  try {
    assert.deepEqual(session.inputNames, [X]);
    const x = tensor([1, 2, 6, 6], 7), feeds = { [X]: { data: x.data, dims: x.shape } };
    const first = await session.run(feeds), second = await session.run(feeds);
    assert.deepEqual(first[Y]!.data, second[Y]!.data);
    assertClose(first[Y]!.data, referenceCnn(x).data, 'softmax');
  } finally {
    await session.release();
  }
});

test('malformed models and feeds give OnnxRuntimeError, not a crash', async () => {
  const isLoad = (e: unknown) => e instanceof OnnxRuntimeError && e.stage === 'load';
  await assert.rejects(runOnnx(new Uint8Array([8, 8, 0xff, 0xff, 1, 2, 3]), {}), isLoad);
  const dangling = encodeModel(makeModel({
    graphName: 'bad', initializers: [], inputs: [makeTensorValueInfo('x', ['N', 2])], outputs: [makeTensorValueInfo('y', ['N', 2])],
    nodes: [op('Relu', 'relu', ['nowhere'], ['y'])],
  }));
  await assert.rejects(runOnnx(dangling, { x: { data: new Float32Array(2), dims: [1, 2] } }), isLoad);
  const x = tensor([1, 2, 5, 5], 1); // wrong spatial size for the declared [N, 2, 6, 6]
  await assert.rejects(runOnnx(buildCnn(), { [X]: { data: x.data, dims: x.shape } }),
    (e: unknown) => e instanceof OnnxRuntimeError && e.stage === 'run');
});

// Keras is NHWC; ORT's fast CPU kernels are NCHW. The export transposes the input once, and must
// then make Flatten follow Keras's (h, w, c) order: either Transpose back before Flatten or permute
// the Dense kernel's rows once at export time (free at run time). Flattening NCHW as-is is wrong.
test('NHWC export: flatten order needs a transpose back or permuted Dense rows', async () => {
  const [H, Wd, C, F, M] = [3, 3, 2, 4, 5];
  const xNhwc = tensor([2, H, Wd, C], 11), kHwio = tensor([3, 3, C, F], 12), bias = tensor([F], 13);
  const dk = tensor([H * Wd * F, M], 14), db = tensor([M], 15);
  // Keras reference: 'same' 3x3 conv in NHWC with an HWIO kernel, ReLU, flatten (h, w, c), Dense.
  const act = new Float32Array(2 * H * Wd * F);
  for (let n = 0; n < 2; n++) for (let y = 0; y < H; y++) for (let z = 0; z < Wd; z++) for (let f = 0; f < F; f++) {
    let s = bias.data[f]!;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < C; c++) {
      const yy = y + i - 1, zz = z + j - 1;
      if (yy >= 0 && yy < H && zz >= 0 && zz < Wd) s += xNhwc.data[((n * H + yy) * Wd + zz) * C + c]! * kHwio.data[((i * 3 + j) * C + c) * F + f]!;
    }
    act[((n * H + y) * Wd + z) * F + f] = Math.max(0, s);
  }
  const expected = dense({ data: act, shape: [2, H * Wd * F] }, dk, db);
  // Dense rows re-ordered from (h, w, c) to (c, h, w): row c*H*W + h*W + w takes Keras row (h*W + w)*F + c.
  const permuted = new Float32Array(dk.data.length);
  for (let c = 0; c < F; c++) for (let p = 0; p < H * Wd; p++) permuted.set(dk.data.subarray((p * F + c) * M, (p * F + c + 1) * M), (c * H * Wd + p) * M);
  const nodes = [
    op('Transpose', 'to_nchw', ['x'], ['xc'], { perm: { ints: [0, 3, 1, 2] } }),
    op('Conv', 'conv', ['xc', 'k', 'b'], ['c'], { pads: { ints: [1, 1, 1, 1] } }),
    op('Relu', 'relu', ['c'], ['r']),
    op('Transpose', 'to_nhwc', ['r'], ['rh'], { perm: { ints: [0, 2, 3, 1] } }),
    ...(['right', 'wrong', 'permuted'] as const).flatMap((v) => [
      op('Flatten', `flat_${v}`, [v === 'right' ? 'rh' : 'r'], [`f_${v}`]),
      op('MatMul', `mm_${v}`, [`f_${v}`, v === 'permuted' ? 'dk_perm' : 'dk'], [`m_${v}`]),
      op('Add', `add_${v}`, [`m_${v}`, 'db'], [v]),
    ]),
  ];
  const bytes = encodeModel(makeModel({
    graphName: 'nhwc', nodes,
    initializers: [
      init('k', transpose4(kHwio, [3, 2, 0, 1])), init('b', bias), init('dk', dk), init('db', db),
      makeFloatTensor('dk_perm', dk.shape, permuted),
    ],
    inputs: [makeTensorValueInfo('x', ['N', H, Wd, C])],
    outputs: ['right', 'wrong', 'permuted'].map((v) => makeTensorValueInfo(v, ['N', M])),
  }));
  const out = await runOnnx(bytes, { x: { data: xNhwc.data, dims: xNhwc.shape } });
  assertClose(out.right!.data, expected.data, 'transpose back');
  assertClose(out.permuted!.data, expected.data, 'permuted Dense rows');
  const worst = Math.max(...out.wrong!.data.map((v, i) => Math.abs(v - expected.data[i]!)));
  assert.ok(worst > 0.05, `flattening NCHW directly should differ from Keras, max diff ${worst}`);
});
