/**
 * Shapes during expansion, for `$shape(x)` in expressions (Keras's `int_shape(x)`): a block
 * that needs its input's channel count (MobileNetV2's residual, DenseNet's transition) asks
 * here. Uses the same op shape rules as the shape pass, on the layers built so far, memoized.
 * A failure here is not reported: the shape pass reports it once, with full context.
 *
 * The walk is iterative (a chain of 50,000 layers asked about once must not exhaust the stack)
 * and a layer whose inputs lead back to itself by name (`input: fc` on layer `fc`) is unknown
 * here; the cycle check reports it.
 */
import type { Shape } from '../ir.js';
import { OPS } from '../ops/registry.js';
import type { RawNode, Tensor } from './raw.js';

/** Infers shapes of raw layers on demand. */
export class ShapeOracle {
  private readonly memo = new Map<number, Shape | null>();
  /** First layer of each explicit name, indexed as layers are appended. */
  private readonly named = new Map<string, number>();
  private indexed = 0;

  constructor(private readonly nodes: readonly RawNode[]) {}

  /** The layer a tensor designates: by id, or the built layer the file named so. */
  private target(t: Tensor): number | undefined {
    if (t.kind === 'node') return t.id;
    for (; this.indexed < this.nodes.length; this.indexed++) {
      const n = this.nodes[this.indexed]!;
      if (n.explicitName !== null && !this.named.has(n.explicitName)) this.named.set(n.explicitName, n.id);
    }
    return this.named.get(t.name);
  }

  /** The output shape of layer `id`, or null when it cannot be known yet. */
  shapeOf(id: number): Shape | null {
    const cached = this.memo.get(id);
    if (cached !== undefined) return cached;
    const visiting = new Set<number>();
    const stack = [id];
    while (stack.length > 0) {
      const current = stack[stack.length - 1]!;
      if (this.memo.has(current)) {
        stack.pop();
        continue;
      }
      const node = this.nodes[current];
      if (!node) {
        this.memo.set(current, null);
        stack.pop();
        continue;
      }
      visiting.add(current);
      const pending = node.inputs.map((t) => this.target(t)).filter((i): i is number => i !== undefined && !this.memo.has(i));
      const cyclic = pending.some((i) => visiting.has(i));
      if (pending.length > 0 && !cyclic) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      visiting.delete(current);
      this.memo.set(current, cyclic ? null : this.compute(node));
    }
    return this.memo.get(id) ?? null;
  }

  private compute(node: RawNode): Shape | null {
    const inputs: Shape[] = [];
    for (const t of node.inputs) {
      const i = this.target(t);
      const s = i === undefined ? null : this.memo.get(i) ?? null;
      if (!s) return null;
      inputs.push(s);
    }
    const r = OPS.get(node.op)!.inferShape({ inputs, attrs: node.attrs });
    return 'shape' in r ? r.shape : null;
  }
}
