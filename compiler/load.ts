/**
 * Stage 3: turns a schema-valid located tree into a {@link Program}: typed steps, pre-parsed
 * expressions and templates. Reports expression syntax errors and step shapes the schema cannot
 * express (two layer types in one step, a block named like a layer type).
 */
import type { Computed } from './expr/ast.js';
import { analyzeString, analyzeValue, type ComputedValue } from './expr/computed.js';
import type { DiagnosticSink } from './diagnostics/diagnostic.js';
import type { SourceSpan } from './ir.js';
import { OPS } from './ops/registry.js';
import { getEntry, type YMap, type YNode } from './parse.js';
import {
  type Arg, type InputDecl, type LetEntry, type Located, type ParamDecl, type ParamType, type Program,
  type CheckpointDecl, type CheckpointLayout, type Step, type TemplateDef, type VariantDef, type Wiring, RESERVED_STEP_KEYS, WIRING_KEYS,
} from './program.js';

const NULL_COMPUTED = (span: SourceSpan): ComputedValue => ({ kind: 'const', value: null, origin: { span, textStart: null } });

class Loader {
  constructor(private readonly sink: DiagnosticSink) {}

  value(node: YNode): ComputedValue {
    return analyzeValue(node, this.sink) ?? NULL_COMPUTED(node.span);
  }

  text(node: YNode): Computed {
    if (node.kind === 'scalar' && typeof node.value === 'string') {
      const c = analyzeString(node.value, { span: node.span, textStart: node.verbatim ? node.contentStart : null }, this.sink);
      if (c) return c;
    }
    return { kind: 'const', value: node.kind === 'scalar' ? String(node.value) : '', origin: { span: node.span, textStart: null } };
  }

  str(map: YMap, key: string, fallback = ''): string {
    const v = getEntry(map, key)?.value;
    return v && v.kind === 'scalar' && v.value !== null ? String(v.value) : fallback;
  }

  params(node: YNode | undefined): ParamDecl[] {
    if (!node || node.kind !== 'map') return [];
    return node.entries.map((e) => {
      if (e.value.kind === 'scalar') return { name: e.key, span: e.keySpan, type: e.value.value as ParamType, description: '' };
      const m = e.value as YMap;
      const def = getEntry(m, 'default');
      const num = (k: string): number | undefined => {
        const v = getEntry(m, k)?.value;
        return v && v.kind === 'scalar' && typeof v.value === 'number' ? v.value : undefined;
      };
      const choices = getEntry(m, 'choices')?.value;
      const decl: ParamDecl = {
        name: e.key,
        span: e.keySpan,
        type: this.str(m, 'type') as ParamType,
        description: this.str(m, 'description'),
        ...(def ? { default: this.value(def.value) } : {}),
        ...(num('min') !== undefined ? { min: num('min')! } : {}),
        ...(num('max') !== undefined ? { max: num('max')! } : {}),
        ...(num('length') !== undefined ? { length: num('length')! } : {}),
        ...(choices && choices.kind === 'seq' ? { choices: choices.items.map((c) => (c.kind === 'scalar' ? c.value : null)) } : {}),
      };
      return decl;
    });
  }

  lets(node: YNode | undefined): LetEntry[] {
    if (!node || node.kind !== 'map') return [];
    return node.entries.map((e) => ({ name: e.key, span: e.keySpan, value: this.value(e.value) }));
  }

  located(node: YNode): Located<Computed> {
    return { value: this.text(node), span: node.span };
  }

  wiring(map: YMap | null): Wiring {
    const get = (k: string): YNode | undefined => (map ? getEntry(map, k)?.value : undefined);
    const input = get('input');
    const inputs = get('inputs');
    const as = get('as');
    const cond = get('if');
    return {
      input: input ? this.located(input) : null,
      inputs: inputs && inputs.kind === 'seq' ? inputs.items.map((n) => this.located(n)) : null,
      as: as && as.kind === 'scalar' ? { value: String(as.value), span: as.span } : null,
      condition: cond ? this.value(cond) : null,
    };
  }

  args(map: YMap | null, skip: readonly string[]): Arg[] {
    if (!map) return [];
    return map.entries.filter((e) => !skip.includes(e.key)).map((e) => ({ key: e.key, keySpan: e.keySpan, value: this.value(e.value) }));
  }

  steps(node: YNode | undefined): Step[] {
    if (!node || node.kind !== 'seq') return [];
    const out: Step[] = [];
    for (const item of node.items) {
      const step = this.step(item);
      if (step) out.push(step);
    }
    return out;
  }

  step(node: YNode): Step | null {
    if (node.kind === 'scalar') {
      const name = String(node.value);
      return this.layerOrCall(name, node.span, node.span, null, node);
    }
    if (node.kind !== 'map') return null;
    const has = (k: string): boolean => getEntry(node, k) !== undefined;
    const cond = getEntry(node, 'if');
    const condition = cond ? this.value(cond.value) : null;
    const group = getEntry(node, 'group');
    if (has('repeat')) {
      return { kind: 'repeat', span: node.span, count: this.value(getEntry(node, 'repeat')!.value), index: this.str(node, 'index', 'index'), group: group ? this.value(group.value) : null, condition, body: this.steps(getEntry(node, 'do')?.value) };
    }
    if (has('for')) {
      const items = getEntry(node, 'in');
      if (!items) this.sink.report('GC3211', ['a `for` without `in`'], node.span);
      return { kind: 'for', span: node.span, variable: this.str(node, 'for'), items: items ? this.value(items.value) : NULL_COMPUTED(node.span), index: this.str(node, 'index', 'index'), group: group ? this.value(group.value) : null, condition, body: this.steps(getEntry(node, 'do')?.value) };
    }
    if (has('then')) {
      if (!condition) this.sink.report('GC3211', ['`then` without `if`'], node.span);
      return { kind: 'if', span: node.span, condition: condition ?? NULL_COMPUTED(node.span), then: this.steps(getEntry(node, 'then')?.value), otherwise: this.steps(getEntry(node, 'else')?.value) };
    }
    if (group && has('do')) return { kind: 'group', span: node.span, label: this.value(group.value), condition, body: this.steps(getEntry(node, 'do')?.value) };
    const named = node.entries.filter((e) => !(RESERVED_STEP_KEYS as readonly string[]).includes(e.key));
    const stray = node.entries.filter((e) => (RESERVED_STEP_KEYS as readonly string[]).includes(e.key));
    if (named.length !== 1 || stray.length > 0) {
      const found = node.entries.map((e) => `\`${e.key}\``).join(', ') || 'nothing';
      this.sink.report('GC3211', [found], node.span, { hint: stray.length > 0 ? 'put `if`, `as`, `input` inside the layer\'s mapping: `- Add: {inputs: [a, b], if: $cond}`' : null });
      return null;
    }
    const entry = named[0]!;
    return this.layerOrCall(entry.key, node.span, entry.keySpan, entry.value.kind === 'map' ? entry.value : null, entry.value);
  }

  layerOrCall(name: string, span: SourceSpan, nameSpan: SourceSpan, map: YMap | null, value: YNode): Step {
    const wiring = this.wiring(map);
    const op = OPS.get(name);
    if (op) {
      const nameNode = map ? getEntry(map, 'name')?.value : undefined;
      let args = this.args(map, ['name', ...WIRING_KEYS]);
      const isShorthand = !map && !(value.kind === 'scalar' && (value.value === null || value.span === nameSpan));
      if (isShorthand && op.positional) args = [{ key: op.positional, keySpan: value.span, value: this.value(value) }];
      else if (isShorthand) this.sink.report('GC3213', [name, 'a mapping of attributes', 'a single value'], value.span, { hint: `${name} has no single-value shorthand; write \`${name}: {...}\`` });
      return { kind: 'op', op: name, span, opSpan: nameSpan, name: nameNode ? this.value(nameNode) : null, args, wiring };
    }
    if (!map && value.kind !== 'scalar') this.sink.report('GC3213', [name, 'a mapping of arguments', value.kind === 'seq' ? 'a list' : 'a value'], value.span);
    return { kind: 'call', template: name, span, templateSpan: nameSpan, args: this.args(map, WIRING_KEYS), wiring };
  }

  template(name: string, span: SourceSpan, m: YMap): TemplateDef {
    if (OPS.has(name)) this.sink.report('GC3212', [name], span, { hint: 'rename the block, e.g. in snake_case' });
    const inputs = getEntry(m, 'inputs')?.value;
    const label = getEntry(m, 'label');
    const output = getEntry(m, 'output');
    return {
      name,
      span,
      description: this.str(m, 'description'),
      params: this.params(getEntry(m, 'params')?.value),
      inputs: inputs && inputs.kind === 'seq' ? inputs.items.map((i) => (i.kind === 'scalar' ? String(i.value) : '')) : ['input'],
      label: label ? this.value(label.value) : null,
      lets: this.lets(getEntry(m, 'let')?.value),
      body: this.steps(getEntry(m, 'body')?.value),
      output: output ? this.located(output.value) : null,
    };
  }

  variants(node: YNode | undefined): VariantDef[] {
    if (!node || node.kind !== 'map') return [];
    return node.entries.map((e) => {
      const m = e.value as YMap;
      const params = getEntry(m, 'params')?.value;
      const name = getEntry(m, 'name');
      return {
        name: e.key,
        span: e.keySpan,
        description: this.str(m, 'description'),
        modelName: name ? this.value(name.value) : null,
        params: params && params.kind === 'map' ? params.entries.map((p) => ({ key: p.key, keySpan: p.keySpan, value: p.value })) : [],
      };
    });
  }

  checkpoints(node: YNode | undefined): CheckpointDecl[] {
    if (!node || node.kind !== 'map') return [];
    return node.entries.map((e) => {
      const m = e.value as YMap;
      const cond = getEntry(m, 'if');
      const layers = getEntry(m, 'layers')?.value;
      return {
        name: e.key,
        span: e.keySpan,
        description: this.str(m, 'description'),
        layout: this.str(m, 'layout', 'keras') as CheckpointLayout,
        condition: cond ? this.value(cond.value) : null,
        rules: layers && layers.kind === 'map' ? layers.entries.map((r) => ({ pattern: { value: r.key, span: r.keySpan }, key: this.text(r.value) })) : [],
      };
    });
  }

  inputs(node: YNode | undefined): InputDecl[] {
    if (!node || node.kind !== 'seq') return [];
    return node.items.map((item) => {
      const m = item as YMap;
      const name = getEntry(m, 'name');
      const as = getEntry(m, 'as');
      const pre = getEntry(m, 'preprocessing')?.value;
      const offset = pre && pre.kind === 'map' ? getEntry(pre, 'offset') : undefined;
      return {
        preprocessing: pre && pre.kind === 'map' ? { scale: this.value(getEntry(pre, 'scale')!.value), offset: offset ? this.value(offset.value) : null } : null,
        span: m.span,
        name: name ? this.value(name.value) : null,
        shape: this.value(getEntry(m, 'shape')!.value),
        dtype: this.str(m, 'dtype', 'float32'),
        as: as && as.value.kind === 'scalar' ? { value: String(as.value.value), span: as.value.span } : null,
      };
    });
  }
}

/** Loads a schema-valid document into a program, reporting what the schema cannot see. */
export function loadProgram(file: string, root: YMap, sink: DiagnosticSink): Program {
  const l = new Loader(sink);
  const get = (k: string): YNode | undefined => getEntry(root, k)?.value;
  const templates = new Map<string, TemplateDef>();
  const blocks = get('blocks');
  if (blocks && blocks.kind === 'map') for (const e of blocks.entries) templates.set(e.key, l.template(e.key, e.keySpan, e.value as YMap));
  const defaults = new Map<string, Arg[]>();
  const defs = get('defaults');
  if (defs && defs.kind === 'map') for (const e of defs.entries) defaults.set(e.key, l.args(e.value as YMap, []));
  const outputs = get('outputs');
  const training = get('training');
  const defaultVariant = getEntry(root, 'default_variant');
  const nameEntry = getEntry(root, 'name')!;
  return {
    file,
    name: l.value(nameEntry.value),
    nameSpan: nameEntry.value.span,
    description: l.str(root, 'description'),
    params: l.params(get('params')),
    variants: l.variants(get('variants')),
    defaultVariant: defaultVariant ? { value: String((defaultVariant.value as { value: unknown }).value), span: defaultVariant.value.span } : null,
    lets: l.lets(get('let')),
    defaults,
    templates,
    inputs: l.inputs(get('inputs')),
    body: l.steps(get('body')),
    outputs: outputs && outputs.kind === 'seq' ? outputs.items.map((n) => l.located(n)) : null,
    checkpoints: l.checkpoints(get('checkpoints')),
    training: training && training.kind === 'map'
      ? {
          span: training.span,
          optimizer: getEntry(training, 'optimizer')!.value,
          loss: getEntry(training, 'loss')!.value,
          metrics: (() => {
            const m = getEntry(training, 'metrics')?.value;
            return m && m.kind === 'seq' ? m.items.map((x) => (x.kind === 'scalar' ? String(x.value) : '')) : [];
          })(),
        }
      : null,
  };
}
