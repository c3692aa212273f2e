/** The options every model-reading command shares. */
import type { Command } from 'commander';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `--set`, `--variant`, `--max-weights`, `--json` and `--verbose` to a command. */
export function modelOptionsOf(cmd: Command): Command {
  return cmd
    .option('--set <key=value>', 'override a model parameter; the value is YAML (repeatable)', collect, [])
    .option('--variant <name>', 'select a variant of the model family')
    .option('--max-weights <size>', 'refuse models whose float32 weights exceed this size (bytes, or e.g. 512MiB, 8GiB; default 2GiB)')
    .option('--json', 'print one JSON document on stdout, also on failure')
    .option('--verbose', 'say more: why a tfjs runtime was skipped, timings of each step');
}

/** Collects repeated `--target` options (each may itself be a comma list). */
export function collectTargets(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

const UNITS: { readonly [unit: string]: number } = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** Parses `--max-weights`: a byte count or a size with a unit (`512MiB`, `8GiB`, `1.5GB`); null when malformed. */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const unit = m[2]!.toLowerCase();
  if (!Object.hasOwn(UNITS, unit)) return null;
  const bytes = Number(m[1]) * UNITS[unit]!;
  return Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : null;
}
