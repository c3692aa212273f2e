/**
 * Shared by every command that reads a model: reads the file, parses `--set key=value` (values
 * are YAML: `--set input_shape=[224,224,3]`), compiles, and prints diagnostics.
 */
import { parse as parseYamlValue } from 'yaml';
import { compileSource, MAX_FILE_BYTES, type CompileResult } from '../compiler/pipeline.js';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { SourceFiles } from '../compiler/diagnostics/render.js';
import type { Value } from '../compiler/ir.js';
import type { Override } from '../compiler/resolve.js';
import { EXIT, type CliIo } from './io.js';
import { printDiagnostics } from './print-diagnostics.js';
import { readUserFile } from './read-regular-file.js';
import { parseByteSize } from './model-options.js';

/** Options every model-reading command takes. */
export interface ModelOptions {
  readonly set?: readonly string[];
  readonly variant?: string;
  readonly json?: boolean;
  readonly verbose?: boolean;
  /** `--max-weights`, as given. */
  readonly maxWeights?: string;
}

/** Parses `key=value` pairs; the value is read as YAML. Returns diagnostics for malformed ones. */
export function parseOverrides(pairs: readonly string[]): { overrides: Override[]; problems: Diagnostic[] } {
  const overrides: Override[] = [];
  const problems: Diagnostic[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      problems.push(makeDiagnostic('GC3106', [pair], null, { hint: 'for example --set classes=10 or --set input_shape=[224,224,3]' }));
      continue;
    }
    try {
      const value = parseYamlValue(pair.slice(eq + 1), { maxAliasCount: 10 }) as Value;
      overrides.push({ key, value: value === undefined ? null : value });
    } catch (e) {
      problems.push(makeDiagnostic('GC3102', [key, `is not a valid YAML value: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`], null));
    }
  }
  return { overrides, problems };
}

/** A compiled model, or the exit code to stop with (diagnostics already printed). */
export type Loaded = { readonly ok: true; readonly result: CompileResult } | { readonly ok: false; readonly code: number };


/** Reads and compiles a model file; prints warnings always and errors when it fails. */
export function loadModel(file: string, options: ModelOptions, io: CliIo, quietWarnings = false): Loaded {
  const { overrides, problems } = parseOverrides(options.set ?? []);
  if (problems.length > 0) {
    printDiagnostics(io, problems, new SourceFiles());
    return { ok: false, code: EXIT.usage };
  }
  const maxWeightBytes = options.maxWeights === undefined ? undefined : parseByteSize(options.maxWeights);
  if (maxWeightBytes === null) {
    printDiagnostics(io, [makeDiagnostic('GC0010', [options.maxWeights!], null, { hint: 'give bytes or a size with a unit: --max-weights 512MiB, --max-weights 8GiB' })], new SourceFiles());
    return { ok: false, code: EXIT.usage };
  }
  const read = readUserFile(file, MAX_FILE_BYTES, (size) => makeDiagnostic('GC0003', [size, MAX_FILE_BYTES], null));
  if (!read.ok) {
    printDiagnostics(io, [read.diagnostic], new SourceFiles());
    return { ok: false, code: read.usage ? EXIT.usage : EXIT.invalid };
  }
  const text = read.bytes.toString('utf8');
  const result = compileSource(file, text, { variant: options.variant ?? null, overrides, ...(maxWeightBytes !== undefined ? { maxWeightBytes } : {}) });
  if (!result.graph) {
    printDiagnostics(io, result.diagnostics, result.files);
    return { ok: false, code: EXIT.invalid };
  }
  if (!quietWarnings || io.report) printDiagnostics(io, result.diagnostics, result.files);
  return { ok: true, result };
}

export { printDiagnostics };
