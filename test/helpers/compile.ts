/** Test helpers: compile text in-process and fail loudly with rendered diagnostics. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileSource, type CompileOptions, type CompileResult } from '../../compiler/pipeline.js';
import { renderDiagnostics } from '../../compiler/diagnostics/render.js';
import type { Graph } from '../../compiler/ir.js';

/** Compiles and returns the graph, failing the test with the diagnostics when there is none. */
export function compileOk(text: string, options: CompileOptions = {}, file = 'test.yaml'): Graph {
  const r = compileSource(file, text, options);
  assert.ok(r.graph, renderDiagnostics(r.diagnostics, r.files));
  return r.graph;
}

/** Compiles a file from disk. */
export function compileFileOk(path: string, options: CompileOptions = {}): Graph {
  return compileOk(readFileSync(path, 'utf8'), options, path);
}

/** Compiles text expected to fail; returns the result. */
export function compileBad(text: string, options: CompileOptions = {}): CompileResult {
  const r = compileSource('test.yaml', text, options);
  assert.equal(r.graph, null, 'expected diagnostics');
  return r;
}
