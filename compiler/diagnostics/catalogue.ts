/**
 * The catalogue of diagnostics: every code graphc can report, its severity and message template.
 *
 * Call sites name a code and pass the template's arguments; they never write message text of
 * their own, so messages stay consistent and every code is documented in one place. Codes are
 * stable: tools and tests match on them. Ranges: GC0xxx usage and files, GC1xxx YAML, GC2xxx
 * schema, GC3xxx resolve/expand/expressions, GC4xxx graph checks, GC5xxx shapes, GC6xxx data and
 * training (train, evaluate, predict), GC7xxx weights (checkpoint files, their mapping onto the
 * model, weights out).
 */

/** Severity of a diagnostic. */
export type Severity = 'error' | 'warning';

interface Entry {
  readonly severity: Severity;
  /** Message template: `{0}`, `{1}`, ... are replaced by the call's arguments. */
  readonly message: string;
}

/** Every diagnostic graphc reports, keyed by its stable code. */
export const CATALOGUE = {
  GC0001: { severity: 'error', message: '{0}' }, // usage: the CLI's own message
  GC0002: { severity: 'error', message: 'cannot read `{0}`: {1}' },
  GC0003: { severity: 'error', message: 'file is {0} bytes, over the limit of {1}' },
  GC0004: { severity: 'error', message: 'cannot write `{0}`: {1}' },
  GC0005: { severity: 'error', message: 'the {0} target cannot emit this model: {1}' },
  GC0006: { severity: 'error', message: 'cannot use `{0}` as the model input: {1}' },
  GC0007: { severity: 'error', message: 'input `{0}` has shape {1}; the model takes {2}' },
  GC0009: { severity: 'error', message: 'the {0} runtime failed: {1}' },
  // Hardening (issue 15): the weight budget option.
  GC0010: { severity: 'error', message: '`--max-weights {0}` is not a size' },
  // CLI hardening (issue 15): special files, built-model folders, run outputs.
  GC0020: { severity: 'error', message: '`{0}` is {1}, not a regular file' },
  GC0021: { severity: 'error', message: 'cannot write the outputs to `{0}`: {1}' },
  GC0022: { severity: 'error', message: 'cannot run the built model `{0}`: {1}' },

  // Packaging (issue 12): optional peer dependencies that are not installed.
  GC0040: { severity: 'error', message: '{0} needs the package `{1}`, which is not installed' },
  GC0041: { severity: 'warning', message: 'skipped the {0} target: it needs the package `{1}`, which is not installed' },

  // Target support (validate --target, build's first step): backends/support.ts.
  GC0030: { severity: 'error', message: '{0} `{1}` cannot be emitted by the {2} target: {3}' },
  GC0031: { severity: 'error', message: 'the name `{0}` cannot be used by the {1} target: {2}' },
  GC0032: { severity: 'error', message: '{0} `{1}` is beyond what the {2} target can emit: {3}' },
  GC0033: { severity: 'error', message: 'the {0} target failed on {1} `{2}`: {3}' },
  GC0034: { severity: 'error', message: 'the {0} target cannot write this model: {1}' },
  // weights: --weights / --allow-missing / --skip usage (weights/, cli/run-weights.ts)
  GC0060: { severity: 'error', message: '--{0} needs --weights' },
  GC0061: { severity: 'error', message: '--skip `{0}` is not a valid pattern: {1}' },

  GC1001: { severity: 'error', message: 'YAML syntax error: {0}' },
  GC1002: { severity: 'error', message: 'YAML aliases expand to more than {0} nodes' },
  GC1003: { severity: 'error', message: 'the document is empty' },
  // Hardening (issue 15): nesting and size bounds of the YAML itself.
  GC1004: { severity: 'error', message: 'YAML nests deeper than {0} levels' },
  GC1005: { severity: 'error', message: 'the document has more than {0} nodes' },

  GC2001: { severity: 'error', message: 'unknown key `{0}` in {1}' },
  GC2002: { severity: 'error', message: '{0} must be {1}' },
  GC2003: { severity: 'error', message: '{0} is missing the required key `{1}`' },
  GC2004: { severity: 'error', message: '{0} {1}' },
  GC2005: { severity: 'error', message: 'unsupported language version {0}; this graphc reads version {1}' },

  GC3001: { severity: 'error', message: 'expression syntax error: {0}' },
  GC3002: { severity: 'error', message: 'unknown name `{0}` in expression' },
  GC3003: { severity: 'error', message: 'type error: {0}' },
  GC3004: { severity: 'error', message: 'expression is {0} characters long, over the limit of {1}' },
  GC3005: { severity: 'error', message: 'cannot evaluate: {0}' },
  GC3006: { severity: 'error', message: 'unknown function `{0}`' },
  GC3007: { severity: 'error', message: 'expression nests deeper than {0} levels' },
  // Hardening (issue 15): bounded expansion and value sizes.
  GC3008: { severity: 'error', message: 'block calls nest {0} levels deep, over the limit of {1}' },
  GC3009: { severity: 'error', message: 'the expansion makes more than {0} block calls' },
  GC3010: { severity: 'error', message: 'this value would have size {0}, over the limit of {1}' },
  GC3011: { severity: 'error', message: 'this value would nest {0} levels deep, over the limit of {1}' },

  GC3101: { severity: 'error', message: 'unknown model parameter `{0}`' },
  GC3102: { severity: 'error', message: 'parameter `{0}` {1}' },
  GC3103: { severity: 'error', message: 'unknown variant `{0}`' },
  GC3104: { severity: 'error', message: 'model parameter `{0}` has no default and no value was given' },
  GC3105: { severity: 'error', message: 'this file defines variants; choose one with --variant ({0})' },
  GC3106: { severity: 'error', message: '`--set {0}` is not of the form key=value' },
  GC3107: { severity: 'error', message: 'this file defines no variants, so --variant `{0}` does not apply' },

  GC3201: { severity: 'error', message: 'unknown layer type or block `{0}`' },
  GC3202: { severity: 'error', message: 'block `{0}` has no parameter `{1}`' },
  GC3203: { severity: 'error', message: 'block `{0}` needs the argument `{1}`' },
  GC3204: { severity: 'error', message: 'argument `{0}` of block `{1}` {2}' },
  GC3205: { severity: 'error', message: 'block `{0}` calls itself {1} levels deep, over the limit of {2}' },
  GC3206: { severity: 'error', message: 'the model expands to more than {0} layers' },
  GC3207: { severity: 'error', message: 'repeat count {0} is over the limit of {1}' },
  GC3208: { severity: 'error', message: 'attribute `{0}` of {1} {2}' },
  GC3209: { severity: 'error', message: '{0} needs the attribute `{1}`' },
  GC3210: { severity: 'error', message: '{0} takes {1} input(s), got {2}' },
  GC3211: { severity: 'error', message: 'a step must name exactly one layer type or block, found {0}' },
  GC3212: { severity: 'error', message: 'block `{0}` shadows the layer type of the same name' },
  GC3213: { severity: 'error', message: '`{0}` must be {1}, got {2}' },

  GC4001: { severity: 'error', message: 'undefined reference `{0}`' },
  GC4002: { severity: 'error', message: 'duplicate layer name `{0}`' },
  GC4003: { severity: 'error', message: 'the graph has a cycle: {0}' },
  GC4005: { severity: 'error', message: 'the model has no layers besides its inputs' },
  GC4101: { severity: 'warning', message: 'the output of layer `{0}` ({1}) is never used' },
  GC4102: { severity: 'warning', message: 'model input `{0}` is never used' },

  GC5001: { severity: 'error', message: '{0} `{1}` cannot combine its inputs: {2}' },
  GC5002: { severity: 'error', message: '{0} `{1}` expects an input of rank {2}, got shape {3} from `{4}`' },
  GC5003: { severity: 'error', message: '{0} `{1}` gives a non-positive output dimension {2} for input shape {3}' },
  GC5004: { severity: 'error', message: '{0} `{1}`: {2}' },
  // Hardening (issue 15): numbers past what a backend can hold, and the weight budget.
  GC5005: { severity: 'error', message: '{0} `{1}` has {2} {3}, over the limit of {4}' },
  GC5006: { severity: 'error', message: '{0} has {1} {2}, past 2^53, the largest count that stays exact' },
  GC5007: { severity: 'error', message: 'the weights take {0} ({1} parameters), over the budget of {2}' },

  // Sequence, merge and permutation ops (issue 10 part C).
  GC5050: { severity: 'error', message: '{0} `{1}` cannot contract axis {2} of `{3}` (size {4}) with axis {5} of `{6}` (size {7})' },
  GC5051: { severity: 'error', message: '{0} `{1}` has axes {2}, out of range for inputs of shapes {3} and {4}' },
  GC5052: { severity: 'error', message: '{0} `{1}` has dims {2}, which is not a permutation of 1..{3} for input shape {4}' },
  GC5053: { severity: 'error', message: '{0} `{1}` reads sequences (batch, timesteps, features), got shape {2} from `{3}`' },
  GC5054: { severity: 'error', message: '{0} `{1}` has noise_shape {2}, which does not broadcast to its input shape {3}' },
  GC5055: { severity: 'error', message: '{0} `{1}` has {2} {3}, out of range for input shape {4}' },
  GC5056: { severity: 'error', message: '{0} `{1}` needs every non-shared dimension of its input known, got {2}' },
  // weights: checkpoint files and how they fit the model (weights/)
  GC7001: { severity: 'error', message: 'cannot read the checkpoint `{0}`: {1}' },
  GC7002: { severity: 'error', message: 'graphc does not read {0} files (`{1}`): {2}' },
  GC7003: { severity: 'error', message: '`{0}` {1} is not in the checkpoint (key `{2}`, expected shape {3})' },
  GC7004: { severity: 'error', message: 'checkpoint tensor `{0}` {1} has no place in this model' },
  GC7005: { severity: 'error', message: '`{0}` has shape {1} but checkpoint key `{2}` has shape {3} (expected {4})' },
  GC7006: { severity: 'error', message: 'checkpoint tensor `{0}` has type {1}; weights must be floating point' },
  GC7007: { severity: 'error', message: '`{0}` and `{1}` both map to checkpoint key `{2}`' },
  GC7008: { severity: 'error', message: 'checkpoint pattern `{0}`: {1}' },
  GC7009: { severity: 'warning', message: '--skip `{0}` matches no layer and no checkpoint key' },
  GC7010: { severity: 'error', message: 'the {0} layout has no form for {1} layer `{2}`' },
  // Data and training (issue 11): data sets, checkpoints and the train/evaluate/predict commands.
  GC6001: { severity: 'error', message: 'cannot read the data `{0}`: {1}' },
  GC6002: { severity: 'error', message: '`{0}` has no dataset `{1}`' },
  GC6003: { severity: 'error', message: '`{0}` has {1} samples but {2} labels' },
  GC6004: { severity: 'error', message: '`{0}` sample {1}: has shape {2}; the model input `{3}` takes {4}' },
  GC6005: { severity: 'error', message: '`{0}` sample {1}: label {2} is out of range; the model has {3} classes' },
  GC6006: { severity: 'error', message: '`{0}` holds no samples' },
  GC6007: { severity: 'error', message: '`{0}`: labels of shape {1} do not fit the loss `{2}` and the output {3}' },
  GC6008: { severity: 'error', message: '`{0}` sample {1}: {2}' },
  GC6009: { severity: 'error', message: 'cannot resume from `{0}`: {1}' },
  GC6010: { severity: 'error', message: 'cannot train `{0}`: {1}' },
  GC6011: { severity: 'error', message: '`{0}` is not a model graphc can {1}: {2}' },
  GC6012: { severity: 'warning', message: '`{0}` names {1} classes; the model has {2} outputs' },
  // Integer tensors (issue 10 part B).
  GC5030: { severity: 'error', message: '{0} `{1}` needs float values, but `{2}` is an int32 tensor' },
} as const satisfies Record<string, Entry>;

/** A diagnostic code from the catalogue. */
export type Code = keyof typeof CATALOGUE;

/** Fills a message template with its arguments. */
export function formatMessage(code: Code, args: readonly (string | number)[]): string {
  return CATALOGUE[code].message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}

/** The severity the catalogue gives a code. */
export function severityOf(code: Code): Severity {
  return CATALOGUE[code].severity;
}
