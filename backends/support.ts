/**
 * What a build target can emit, declared per backend so that `graphc validate --target T` and
 * the first step of `graphc build` refuse a model with a located diagnostic instead of failing
 * halfway through a build. Each backend has one small support module (`backends/<b>/support.ts`)
 * that loads no runtime (no tfjs, onnxruntime or ts-morph value imports), exporting a
 * {@link TargetSupport}: the ops it declares it cannot emit, with the reason, and per-op checks
 * for attribute, rank and name limits. Every op of the registry must have either a rule in the
 * backend's rule map or a declared reason; `test/target-support.test.ts` holds them to that.
 */
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { Graph, GraphNode } from '../compiler/ir.js';
import type { Program } from '../compiler/program.js';

/** Why a target cannot take one node: a sentence, and optionally what to do instead. */
export interface SupportProblem {
  readonly reason: string;
  readonly hint?: string;
}

/** A check of one node against a target's limits; null when the node is fine. */
export type NodeCheck = (node: GraphNode) => SupportProblem | null;

/** What one target declares about the ops it emits. */
export interface TargetSupport {
  /** The target's name, as `--target` spells it. */
  readonly target: string;
  /** Ops this target has no rule for, each with the reason (shown to users and in the README). */
  readonly unsupported: { readonly [op: string]: string };
  /** Per-op limits of ops it does emit (attributes, ranks). */
  readonly checks: { readonly [op: string]: NodeCheck };
  /** A limit on layer and input names, checked for every node. */
  readonly names?: NodeCheck;
  /** A limit on every node whatever its op (an activation the target lacks). */
  readonly every?: NodeCheck;
  /** A limit on the model as written (the TypeScript target mirrors the templates, not the graph). */
  readonly program?: (graph: Graph, program: Program) => Promise<SupportProblem | null>;
}

/** The checks of one target over a graph: one diagnostic per node the target cannot take. */
export async function checkSupport(graph: Graph, support: TargetSupport, program: Program | null = null): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const node of graph.nodes) {
    const located = (code: 'GC0030' | 'GC0031' | 'GC0032', args: readonly string[], hint?: string): Diagnostic =>
      makeDiagnostic(code, args, node.origin.span, { hint: hint ?? null, trace: node.origin.trace });
    const nameProblem = support.names?.(node);
    if (nameProblem) out.push(located('GC0031', [node.name, support.target, nameProblem.reason], nameProblem.hint));
    const reason = Object.hasOwn(support.unsupported, node.op) ? support.unsupported[node.op] : undefined;
    if (reason !== undefined) {
      out.push(located('GC0030', [node.op, node.name, support.target, reason]));
      continue;
    }
    const check = Object.hasOwn(support.checks, node.op) ? support.checks[node.op] : undefined;
    const problem = check?.(node) ?? support.every?.(node);
    if (problem) out.push(located('GC0032', [node.op, node.name, support.target, problem.reason], problem.hint));
  }
  // Only when every layer passed: a program check (a whole draft of the output) would fail on them first.
  const whole = out.length === 0 && program && support.program ? await support.program(graph, program) : null;
  if (whole) out.push(makeDiagnostic('GC0034', [support.target, whole.reason], null, { hint: whole.hint ?? null }));
  return out;
}

/** A check that refuses `attr` unless it has the one value the target can build. */
export function onlyValue(attr: string, allowed: unknown, reason: string, hint?: string): NodeCheck {
  return (node) => (node.attrs[attr] === undefined || node.attrs[attr] === allowed ? null : { reason: `\`${attr}: ${JSON.stringify(node.attrs[attr])}\` ${reason}`, ...(hint ? { hint } : {}) });
}

/** Runs several checks; the first problem wins. */
export function allOf(...checks: readonly NodeCheck[]): NodeCheck {
  return (node) => {
    for (const c of checks) {
      const p = c(node);
      if (p) return p;
    }
    return null;
  };
}
