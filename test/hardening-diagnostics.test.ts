/**
 * Issue 15 items 2, 3, 5 and 18: diagnostics that name the root cause, once per place, at the
 * value's own location, and suggestions only for near misspellings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSource } from '../compiler/pipeline.js';
import { diagnosticToJson, renderDiagnostics } from '../compiler/diagnostics/render.js';
import { suggest } from '../compiler/diagnostics/diagnostic.js';

const UNET = `graphc: 1
name: MiniUNet
inputs:
  - { shape: [16, 16, 3] }
blocks:
  up:
    let:
      c: $shape(input)[3]
    body:
      - Conv2D: { filters: $c, kernel_size: 1 }
body:
  - Conv2D: { filters: 4, kernel_size: 3, padding: same, name: enc1 }
  - MaxPooling2D: { pool_size: 2, name: pool1 }
  - Conv2D: { filters: 8, kernel_size: 3, padding: same, name: enc2 }
  - MaxPooling2D: { pool_size: 2, name: pool2 }
  - Concatenate: { inputs: [pool2, enc1], name: bad_skip }
  - up
  - up
`;

test('a wrong skip level reports the root GC5001, with the $shape follow-ons as a note, not GC3005s', () => {
  const r = compileSource('unet.yaml', UNET);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['GC5001']);
  const text = renderDiagnostics(r.diagnostics, r.files);
  assert.match(text, /Concatenate `bad_skip` cannot combine its inputs/);
  assert.match(text, /note: because of this, the shape of `input` is not known at this point \(in 2 instances\) at unet\.yaml:8:17/);
});

test('an unknown $shape with no root error elsewhere is still reported as it is', () => {
  const text = 'graphc: 1\nname: T\ninputs: [{ shape: [4] }]\nbody:\n  - Dense: { units: 2, name: a, input: later }\n  - Dense: { units: "$shape(_)[1]" }\n  - Dense: { units: 2, name: later, input: input }\n';
  const codes = compileSource('t.yaml', text).diagnostics.map((d) => d.code);
  assert.deepEqual(codes, ['GC3005']);
});

test('an unknown layer type inside a 12-round loop is reported once, with its instance count', () => {
  const text = 'graphc: 1\nname: T\ninputs: [{ shape: [4] }]\nblocks:\n  blk:\n    body:\n      - Dense: { units: 2 }\n      - Denes: { units: 2 }\nbody:\n  - repeat: 12\n    do:\n      - blk\n';
  const r = compileSource('t.yaml', text);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.instances]), [['GC3201', 12]]);
  assert.match(renderDiagnostics(r.diagnostics, r.files), /unknown layer type or block `Denes` \(in 12 instances\)\n/);
  const json = diagnosticToJson(r.diagnostics[0]!, r.files);
  assert.equal(json['instances'], 12);
  assert.deepEqual([json['line'], json['column'], json['endLine'], json['endColumn']], [8, 9, 8, 14]);
  assert.deepEqual(r.diagnostics[0]!.range, { start: { line: 8, col: 9 }, end: { line: 8, col: 14 } });
});

test('a type error in a table row is reported at the value written in the row', () => {
  const text = readFileSync('architectures/resnet50.yaml', 'utf8');
  const at = text.search(/filters: \[64, 64, 256\]/);
  assert.ok(at > 0, 'the stages table of resnet50.yaml has moved');
  const bad = `${text.slice(0, at)}filters: "many"${text.slice(at + 'filters: [64, 64, 256]'.length)}`;
  const r = compileSource('resnet50.yaml', bad);
  assert.ok(r.diagnostics.length > 0);
  const value = bad.indexOf('"many"');
  const spans = r.diagnostics.flatMap((d) => [d.span, ...d.related.map((x) => x.span)]);
  assert.ok(spans.some((s) => s !== null && s.start <= value && value < s.end), renderDiagnostics(r.diagnostics, r.files));
});

test('did-you-mean only for near misspellings', () => {
  const registry = ['BatchNormalization', 'Conv2D', 'Dense', 'MaxPooling2D', 'DepthwiseConv2D'];
  assert.equal(suggest('LayerNormalization', registry), null);
  assert.equal(suggest('InstanceNormalization', registry), null);
  assert.equal(suggest('BatchNormalisation', registry), 'BatchNormalization');
  assert.equal(suggest('BacthNormalization', registry), 'BatchNormalization');
  assert.equal(suggest('conv2d', registry), 'Conv2D');
  assert.equal(suggest('Dnese', registry), 'Dense');
  assert.equal(suggest('MaxPool', registry), 'MaxPooling2D');
  assert.equal(suggest('Xyz', registry), null);
});

test('an unknown layer type with nothing close lists the available layer types from the registry', () => {
  const text = 'graphc: 1\nname: T\ninputs: [{ shape: [4] }]\nbody:\n  - InstanceNormalization: { axis: -1 }\n';
  const r = compileSource('t.yaml', text);
  const d = r.diagnostics.find((x) => x.code === 'GC3201' || x.code === 'GC2001');
  assert.ok(d, renderDiagnostics(r.diagnostics, r.files));
  assert.doesNotMatch(d.hint ?? '', /did you mean/);
  assert.match(d.hint ?? '', /BatchNormalization.*Conv2D.*Dense/);
});
