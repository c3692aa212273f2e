/**
 * Issue 15 item 9's bench: compile time of hostile inputs that used to be quadratic or slow —
 * one mapping with N keys (the duplicate-key check), a flow sequence nested D deep — as
 * milliseconds and as a ratio to compiling architectures/resnet50.yaml in the same run.
 *
 *   npx tsx bench/parse-bounds.ts                       # this tree
 *   npx tsx bench/parse-bounds.ts --compiler DIR --keys 5000,10000,20000
 *       # another checkout (e.g. `git archive main`) for before/after figures
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

type Compile = (file: string, text: string) => { diagnostics: readonly { code: string }[] };

const { values } = parseArgs({ options: { compiler: { type: 'string' }, keys: { type: 'string' }, depths: { type: 'string' } } });
const root = resolve(values.compiler ?? '.');
const { compileSource } = (await import(pathToFileURL(resolve(root, 'compiler/pipeline.ts')).href)) as { compileSource: Compile };
const keys = (values.keys ?? '10000,20000,40000,120000').split(',').map(Number);
const depths = (values.depths ?? '500000').split(',').map(Number);

function time(text: string): { ms: number; codes: string } {
  const t = performance.now();
  const r = compileSource('bench.yaml', text);
  return { ms: performance.now() - t, codes: [...new Set(r.diagnostics.map((d) => d.code))].join(' ') || 'ok' };
}

const head = 'graphc: 1\nname: Bench\ninputs: [{ shape: [4] }]\nbody:\n  - Dense: { units: 2 }\n';
const reference = readFileSync('architectures/resnet50.yaml', 'utf8');
time(reference);
const base = time(reference).ms;
const rows: string[][] = [['input', 'bytes', 'result', 'ms', '× resnet50.yaml']];
rows.push(['architectures/resnet50.yaml', String(reference.length), 'ok', base.toFixed(0), '1.0']);
for (const n of keys) {
  const text = `${head}let:\n${Array.from({ length: n }, (_, i) => `  k${i}: ${i}\n`).join('')}`;
  const r = time(text);
  rows.push([`mapping, ${n.toLocaleString('en-US')} keys`, String(text.length), r.codes, r.ms.toFixed(0), (r.ms / base).toFixed(1)]);
}
for (const d of depths) {
  const text = `${head}let:\n  a: ${'['.repeat(d)}${']'.repeat(d)}\n`;
  const r = time(text);
  rows.push([`flow sequence, ${d.toLocaleString('en-US')} deep`, String(text.length), r.codes, r.ms.toFixed(0), (r.ms / base).toFixed(1)]);
}
console.log(`compiler: ${root}\n`);
console.log(rows.map((r) => `| ${r.join(' | ')} |`).join('\n'));
