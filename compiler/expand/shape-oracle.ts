/**
 * Shapes during expansion, for `$shape(x)` in expressions (Keras's `int_shape(x)`): a block
 * that needs its input's channel count (MobileNetV2's residual, DenseNet's transition) asks
 * here. Uses the same op shape rules as the shape pass, on the layers built so far, memoized.
 * A failure here is not reported: the shape pass reports it once, with full context.
 */
import type { Shape } from '../ir.js';
import { OPS } from '../ops/registry.js';
import type { RawNode } from './raw.js';

/** Infers shapes of raw layers on demand. */
export class ShapeOracle {
  private readonly memo = new Map<number, Shape | null>();

  constructor(private readonly nodes: readonly RawNode[]) {}

  /** A reference by layer name: the layer the file named so, if it is built already. */
  private byName(name: string): Shape | null {
    const node = this.nodes.find((n) => n.explicitName === name);
    return node ? this.shapeOf(node.id) : null;
  }

  /** The output shape of layer `id`, or null when it cannot be known yet. */
  shapeOf(id: number): Shape | null {
    const cached = this.memo.get(id);
    if (cached !== undefined) return cached;
    const node = this.nodes[id];
    let shape: Shape | null = null;
    if (node) {
      const inputs: Shape[] = [];
      for (const t of node.inputs) {
        const s = t.kind === 'node' ? this.shapeOf(t.id) : this.byName(t.name);
        if (!s) break;
        inputs.push(s);
      }
      if (inputs.length === node.inputs.length) {
        const r = OPS.get(node.op)!.inferShape({ inputs, attrs: node.attrs });
        shape = 'shape' in r ? r.shape : null;
      }
    }
    this.memo.set(id, shape);
    return shape;
  }
}
