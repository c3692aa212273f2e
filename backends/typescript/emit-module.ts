/**
 * Assembles the generated file with ts-morph: header, import, row types, the options
 * interface, layer-default functions, `build<Model>(options)` (parameters, `let`s, one nested
 * function per block, the model body), `compile<Model>(model)` for the training settings, then
 * the helpers the code used; ts-morph then formats it. Deterministic: the output depends only on
 * the program, the graph and the file name as given.
 *
 * `compile<Model>` is the seed's `model.compile(optimizer='adam', loss=..., metrics=[...])` in
 * tfjs; optimizers map as the tfjs backend maps them (a name, Adam's and SGD's learning rate and
 * momentum), and one it cannot express leaves the function out rather than guess.
 */
import { IndentationText, NewLineKind, Project, QuoteKind } from 'ts-morph';
import type { Graph, TrainingConfig, Value } from '../../compiler/ir.js';
import type { Program } from '../../compiler/program.js';
import { TargetError } from '../target.js';
import { draftModule } from './draft.js';
import { tfjsRefusal } from './layers.js';
import { optionsInterface, rowTypeDeclaration } from './options.js';
import { valueCode } from './code.js';
import { docText, lineCommentText, quoteString } from './quote.js';
import { RUNTIME } from './runtime.js';
import { safeFileStem } from '../safe-file-stem.js';

/** The generated source file. */
export interface TypeScriptModule {
  /** `<ModelName>.ts`, made safe for a path. */
  readonly fileName: string;
  readonly text: string;
}

/** The file name for a model name: `ResNet50.ts`; anything unsafe in a path becomes `_`. */
export function moduleFileName(modelName: string): string {
  return `${safeFileStem(modelName)}.ts`;
}

/** The source file as the header names it: as given, `/` separators, never an absolute path. */
function shownPath(file: string): string {
  const p = file.replace(/\\/g, '/');
  return /^(\/|[A-Za-z]:\/)/.test(p) ? p.slice(p.lastIndexOf('/') + 1) : p;
}

/** The helpers used, with the helpers they call, in table order. */
function helperClosure(used: ReadonlySet<string>): string[] {
  const all = new Set<string>();
  const visit = (name: string): void => {
    if (all.has(name)) return;
    all.add(name);
    RUNTIME[name]!.deps.forEach(visit);
  };
  used.forEach(visit);
  return Object.keys(RUNTIME).filter((n) => all.has(n));
}

/** Keras's snake_case loss and metric names in tfjs's camelCase (`categorical_crossentropy`). */
function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function num(v: Value | undefined, fallback: number): string {
  return valueCode(typeof v === 'number' ? v : fallback).text;
}

/** The optimizer as TypeScript, or null when tfjs has no equivalent the backend builds. */
function optimizerCode(opt: TrainingConfig['optimizer']): string | null {
  if (typeof opt === 'string') return quoteString(opt);
  const c = opt.config;
  switch (opt.class_name.toLowerCase()) {
    case 'adam':
      return `tf.train.adam(${num(c['learning_rate'], 0.001)})`;
    case 'sgd': {
      const momentum = typeof c['momentum'] === 'number' ? c['momentum'] : 0;
      if (momentum <= 0) return `tf.train.sgd(${num(c['learning_rate'], 0.01)})`;
      return `tf.train.momentum(${num(c['learning_rate'], 0.01)}, ${num(momentum, 0)}${c['nesterov'] === true ? ', true' : ''})`;
    }
    default:
      return null;
  }
}

/** The `compile<Model>` function's parts for ts-morph, or null when it cannot be written. */
function compileFunction(name: string, build: string, source: string, training: TrainingConfig): { name: string; docs: string; statement: string } | null {
  const optimizer = optimizerCode(training.optimizer);
  if (optimizer === null) return null;
  const loss = Array.isArray(training.loss) ? `[${training.loss.map((l) => quoteString(camel(l))).join(', ')}]` : quoteString(camel(training.loss as string));
  const metrics = `[${training.metrics.map((m) => quoteString(camel(m))).join(', ')}]`;
  return {
    name,
    docs: docText([`Compiles a model with the training settings of ${source} (its \`training\` section).`, [`@param model - the model to compile, as {@link ${build}} builds it`]]),
    statement: `model.compile({ optimizer: ${optimizer}, loss: ${loss}, metrics: ${metrics} });`,
  };
}

/** Generates the TypeScript source of a compiled model. Throws {@link TargetError}. */
export function emitTypeScript(program: Program, graph: Graph, file: string): TypeScriptModule {
  // Layers tf.layers cannot build (issue 10 part C) are refused up front, naming the layer.
  for (const node of graph.nodes) {
    const why = tfjsRefusal(node.op, node.attrs, node.shape);
    if (why) throw new TargetError('ts', `${node.op} layer \`${node.name}\` cannot be generated: ${why}`, 'the tfjs and onnx targets build it');
  }
  // First with every helper name reserved, to learn which helpers the code needs; then for real.
  const used = helperClosure(draftModule(program, graph, Object.keys(RUNTIME)).helpers);
  const draft = draftModule(program, graph, used);
  const helpers = new Set(draft.helpers);
  const missing = [...helpers].filter((h) => !used.includes(h));
  if (missing.length > 0) throw new Error(`internal: the second draft used helpers the first did not: ${missing.join(', ')}`);
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double, newLineKind: NewLineKind.LineFeed },
  });
  const sf = project.createSourceFile(moduleFileName(graph.name), '');
  const source = shownPath(file);
  const header = [
    `// ${lineCommentText(`Generated by graphc from ${source}${graph.variant ? ` (variant ${graph.variant})` : ''}.`)}`,
    '// Edit the YAML and rebuild instead of editing this file.',
  ].join('\n');
  sf.addImportDeclaration({ namespaceImport: 'tf', moduleSpecifier: '@tensorflow/tfjs', leadingTrivia: `${header}\n\n` });
  const needValue = (): void => void helpers.add('Value');
  const statements = (texts: readonly string[]): void =>
    void sf.addStatements((writer) => texts.forEach((t) => writer.blankLineIfLastNot().write(t)));
  statements(draft.rows.map((r) => rowTypeDeclaration(r, needValue)));
  sf.addInterface(optionsInterface(draft.optionsType, draft.build, source, draft.params, needValue));
  statements(draft.moduleFunctions);
  sf.addFunction({
    isExported: true,
    name: draft.build,
    docs: [docText([`Builds ${graph.name}${program.description ? `: ${program.description}` : '.'}`, [`@param options - the model parameters; any left out take their value from ${source}`, '@returns the model, not compiled']])],
    parameters: [{ name: 'options', type: draft.optionsType, initializer: '{}' }],
    returnType: 'tf.LayersModel',
    statements: draft.lines.join('\n'),
  });
  const compile = graph.training ? compileFunction(draft.compile, draft.build, source, graph.training) : null;
  if (compile) {
    sf.addFunction({
      isExported: true,
      name: compile.name,
      docs: [compile.docs],
      parameters: [{ name: 'model', type: 'tf.LayersModel' }],
      returnType: 'void',
      statements: compile.statement,
    });
  }
  statements(helperClosure(helpers).map((h) => RUNTIME[h]!.code));
  sf.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
  // Literals and comments never hold raw line breaks, so runs of blank lines are layout only.
  return { fileName: sf.getBaseName(), text: sf.getFullText().replace(/\n{3,}/g, '\n\n') };
}

