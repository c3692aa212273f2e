/** The options every model-reading command shares. */
import type { Command } from 'commander';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `--set`, `--variant`, `--json` and `--verbose` to a command. */
export function modelOptionsOf(cmd: Command): Command {
  return cmd
    .option('--set <key=value>', 'override a model parameter; the value is YAML (repeatable)', collect, [])
    .option('--variant <name>', 'select a variant of the model family')
    .option('--json', 'print one JSON document on stdout, also on failure')
    .option('--verbose', 'say more: why a tfjs runtime was skipped, timings of each step');
}
