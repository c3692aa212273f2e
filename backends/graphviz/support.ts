/**
 * What the diagrams target can draw (see backends/support.ts): every op, since a label is built
 * from the op's title and its Keras-named attributes; an op only needs a colour family in
 * `views/style.ts`. Declared so that the coverage test holds diagrams to the same rule as the
 * other targets.
 */
import type { TargetSupport } from '../support.js';

/** Ops the diagrams cannot show, with the reason (none). */
export const DIAGRAM_UNSUPPORTED: { readonly [op: string]: string } = {};

/** The diagrams target's support declaration. */
export const DIAGRAM_SUPPORT: TargetSupport = { target: 'diagrams', unsupported: DIAGRAM_UNSUPPORTED, checks: {} };
