/**
 * The registry of build targets, in the order `graphc build` runs them. Adding a backend is
 * one import and one line here.
 */
import type { Target } from './target.js';

/** Every target graphc can build. */
export const TARGETS: readonly Target[] = [];

/** A target by name. */
export function getTarget(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}
