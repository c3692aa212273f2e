/**
 * The two kinds of function the generated file has: one per block template, with the
 * template's parameters (`identityBlock(x, f, filters, stage, block)`), and the model body of
 * `build<Model>`, from its inputs to `tf.model(...)`.
 */
import type { ComputedValue } from '../../compiler/expr/computed.js';
import type { Program, TemplateDef } from '../../compiler/program.js';
import { BodyEmitter } from './body.js';
import { convert, emitComputed, type ExprContext } from './expr.js';
import { inValue, labelsInShapes, planLabels } from './labels.js';
import { labelNameRefs } from './name-refs.js';
import type { Namer } from './namer.js';
import { docComment, docLines, quoteString } from './quote.js';
import type { BlockFunction, ModuleContext, ValueScope } from './scope.js';
import { renderType, SHAPE_TYPE, T, typeOfParam, usesValue } from './types.js';

const TENSOR = 'tf.SymbolicTensor';

/** Names every block function and types its parameters, before any body is written. */
export function planBlocks(program: Program, namer: Namer): Map<string, BlockFunction> {
  const blocks = new Map<string, BlockFunction>();
  for (const def of program.templates.values()) {
    const paramTypes = def.params.map((p) => typeOfParam(p, p.default?.kind === 'const' ? p.default.value : undefined));
    blocks.set(def.name, { def, ident: namer.declare(def.name), paramTypes });
  }
  return blocks;
}

function simpleContext(mod: ModuleContext, scope: () => ValueScope, tensors: ReadonlyMap<string, string>): ExprContext {
  return {
    lookup: (n) => scope().lookup(n),
    tensor: (l) => tensors.get(l),
    helper: (h) => (mod.helpers.add(h), h),
    fail: mod.fail,
  };
}

function outputReads(refs: readonly { value: ComputedValue }[]): string[] {
  return refs.flatMap((r) => (r.value.kind === 'const' ? [String(r.value.value)] : []));
}

/** A block template as a function declaration (nested in the build function). */
export function blockFunction(b: BlockFunction, mod: ModuleContext, parent: Namer, modelScope: ValueScope): string {
  const t: TemplateDef = b.def;
  const namer = parent.child();
  const x = namer.declare('x');
  const inputIdents = t.inputs.map((label, i) => (i === 0 ? x : namer.declare(label)));
  const paramIdents = t.params.map((p) => namer.declareValue(p.name, !inValue(p.default ?? null, p.name)));
  const letIdents = t.lets.map((l) => namer.declareValue(l.name, !inValue(l.value, l.name)));
  const steps = labelNameRefs(t.body, t.inputs);
  const plan = planLabels(steps, t.inputs, t.output ? outputReads([t.output]) : []);
  const letReads = new Set(t.lets.flatMap((l) => labelsInShapes(l.value)));
  const labels = new Map<string, string>();
  const first = t.inputs[0]!;
  const aliased = plan.read.has(first) || letReads.has(first) || plan.hoisted.has(first);
  t.inputs.forEach((label, i) => labels.set(label, i === 0 && aliased ? namer.declare(label) : inputIdents[i]!));
  for (const label of plan.labels) if (!labels.has(label)) labels.set(label, namer.declare(label));

  let scope = modelScope;
  const inputTensors = new Map(t.inputs.map((label, i) => [label, inputIdents[i]!]));
  const params = t.params.map((p, i) => {
    const type = b.paramTypes[i]!;
    if (usesValue(type)) mod.helpers.add('Value');
    let text = `${paramIdents[i]}: ${renderType(type)}`;
    if (p.default) {
      const ctx = simpleContext(mod, () => scope, inputTensors);
      text += ` = ${convert(emitComputed(p.default, ctx), type, ctx).text}`;
    }
    scope = scope.with({ [p.name]: { ident: paramIdents[i]!, type } });
    return text;
  });

  const body = new BodyEmitter(mod, { namer, scope, plan, labels, x, xDeclared: true, cursor: x, assigned: t.inputs, depth: 2 });
  if (aliased) body.line(`${plan.hoisted.has(first) ? 'let' : 'const'} ${labels.get(first)}${plan.hoisted.has(first) ? `: ${TENSOR} | undefined` : ''} = ${x};`);
  for (const label of plan.hoisted) if (!t.inputs.includes(label)) body.line(`let ${labels.get(label)}: ${TENSOR} | undefined;`);
  t.lets.forEach((l, i) => body.declareValue(l.name, letIdents[i]!, l.value));
  body.steps(steps);
  body.line(`return ${t.output ? body.tensorRef(t.output) : body.cursor};`);

  const doc = docComment([
    t.description,
    [
      ...t.inputs.map((label, i) => `@param ${inputIdents[i]} - the block's input${t.inputs.length > 1 ? ` \`${label}\`` : ''}`),
      ...t.params.map((p, i) => [`@param ${paramIdents[i]} - ${docLines(p.description || p.name).join(' ')}`]).flat(),
      '@returns the block\'s output',
    ],
  ]);
  const signature = [...inputIdents.map((id) => `${id}: ${TENSOR}`), ...params].join(', ');
  return `${doc}\nfunction ${b.ident}(${signature}): ${TENSOR} {\n${body.lines.join('\n')}\n}`;
}

/** The model body: its inputs, its steps and the returned model. */
export function modelBody(program: Program, modelName: ComputedValue, mod: ModuleContext, parent: Namer, scope: ValueScope): string[] {
  const namer = parent.child();
  const single = program.inputs.length === 1;
  const inputIdents = program.inputs.map((d, i) => namer.declare(d.as?.value ?? (single ? 'input' : `input_${i + 1}`)));
  const preset = new Map<string, string>();
  program.inputs.forEach((d, i) => d.as && preset.set(d.as.value, inputIdents[i]!));
  if (single && !preset.has('input')) preset.set('input', inputIdents[0]!);
  const x = namer.declare('x');
  const steps = labelNameRefs(program.body, [...preset.keys()]);
  const plan = planLabels(steps, [...preset.keys()], program.outputs ? outputReads(program.outputs) : []);
  const labels = new Map<string, string>();
  for (const [label, ident] of preset) labels.set(label, plan.hoisted.has(label) ? namer.declare(label) : ident);
  for (const label of plan.labels) if (!labels.has(label)) labels.set(label, namer.declare(label));

  const body = new BodyEmitter(mod, { namer, scope, plan, labels, x, xDeclared: false, cursor: inputIdents[0]!, assigned: [...preset.keys()], depth: 1 });
  const ctx = body.ctx();
  program.inputs.forEach((d, i) => {
    const shape = convert(emitComputed(d.shape, ctx), SHAPE_TYPE, ctx).text;
    const name = d.name ? convert(emitComputed(d.name, ctx), T.string, ctx).text : `${mod.layerNames}.next("input")`;
    const dtype = d.dtype === 'float32' ? '' : `, dtype: ${quoteString(d.dtype)}`;
    body.line(`const ${inputIdents[i]} = tf.input({ shape: ${shape}, name: ${name}${dtype} });`);
  });
  for (const [label, ident] of preset) if (plan.hoisted.has(label)) body.line(`let ${labels.get(label)}: ${TENSOR} | undefined = ${ident};`);
  for (const label of plan.hoisted) if (!preset.has(label)) body.line(`let ${labels.get(label)}: ${TENSOR} | undefined;`);
  body.steps(steps);
  const outputs = program.outputs ? program.outputs.map((o) => body.tensorRef(o)) : [body.cursor];
  const list = (xs: readonly string[]): string => (xs.length === 1 ? xs[0]! : `[${xs.join(', ')}]`);
  const name = convert(emitComputed(modelName, ctx), T.string, ctx).text;
  body.line(`return tf.model({ inputs: ${list(inputIdents)}, outputs: ${list(outputs)}, name: ${name} });`);
  return body.lines;
}
