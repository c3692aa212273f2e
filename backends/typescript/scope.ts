/**
 * What generated code can see where a step is written: YAML value names with their TypeScript
 * identifiers and types (a chain of frames, innermost first), and the module-wide facts a body
 * needs (the helpers used so far, the block functions, how to report what cannot be generated).
 */
import type { TemplateDef } from '../../compiler/program.js';
import type { Binding } from './expr.js';
import type { TsType } from './types.js';

interface Entry {
  readonly binding: Binding;
  /** Called when generated code reads the name (loop variables are declared only if read). */
  readonly onUse?: () => void;
}

/** Value names visible at one point, innermost frame first. */
export class ValueScope {
  private constructor(
    private readonly vars: ReadonlyMap<string, Entry>,
    private readonly parent: ValueScope | null,
  ) {}

  /** The empty scope. */
  static empty(): ValueScope {
    return new ValueScope(new Map(), null);
  }

  /** A child frame with more names, shadowing the parent's. */
  with(bindings: { readonly [name: string]: Binding }, onUse: { readonly [name: string]: () => void } = {}): ValueScope {
    const vars = new Map<string, Entry>();
    for (const [name, binding] of Object.entries(bindings)) {
      const hook = onUse[name];
      vars.set(name, hook ? { binding, onUse: hook } : { binding });
    }
    return new ValueScope(vars, this);
  }

  /** The binding of a name, or undefined. */
  lookup(name: string): Binding | undefined {
    for (let s: ValueScope | null = this; s; s = s.parent) {
      const e = s.vars.get(name);
      if (e) {
        e.onUse?.();
        return e.binding;
      }
    }
    return undefined;
  }
}

/** A block template as the generated code calls it. */
export interface BlockFunction {
  readonly def: TemplateDef;
  readonly ident: string;
  /** The TypeScript type of each declared parameter, in order. */
  readonly paramTypes: readonly TsType[];
}

/** Module-wide state of one generation. */
export interface ModuleContext {
  /** Run-time helpers the code uses so far. */
  readonly helpers: Set<string>;
  /** Block functions by template name. */
  readonly blocks: ReadonlyMap<string, BlockFunction>;
  /** The expression that makes a layer of an op: `conv2d` (with defaults) or `tf.layers.add`. */
  readonly factory: (op: string) => string;
  /** The identifier of the build's `LayerNames` instance. */
  readonly layerNames: string;
  /** Stops generation: the file uses something this backend cannot express. */
  readonly fail: (message: string) => never;
}
