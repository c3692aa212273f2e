/**
 * Start-up and compile-time figures of the installed CLI and library (issue 12), each beside a
 * baseline measured in the same run: `graphc --version` and `graphc validate` against bare
 * `node -e 0` (interleaved, one of each per round, so both see the same load), the time to
 * `import { compileFile } from 'graphc'`, warm in-process compiles of ResNet-50 and ResNet-152,
 * and compile time against layer count up to 20,000 layers (a generated deep model).
 *
 * Runs the built package (dist/, as `npm install graphc` gets it): `npm run build` first.
 *   npx tsx bench/startup.ts [--rounds N] [--quick]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { machineLine, uptimeLine } from './lib/machine.js';
import { formatMs, formatRatio, median, pairedRatios } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const roundsArg = args.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(args[roundsArg + 1]) : quick ? 7 : 21;
const BIN = resolve('cli/graphc.cjs');
const DIST_INDEX = resolve('dist/index.js');

if (!existsSync(DIST_INDEX)) {
  process.stderr.write('bench/startup.ts measures the built package: run `npm run build` first\n');
  process.exit(2);
}

/**
 * Preloaded into every timed child: reports the process's own CPU time (user + system) at exit.
 * On a shared machine wall time carries the neighbours' load; CPU time mostly does not.
 */
const CPU_AT_EXIT = `data:text/javascript,${encodeURIComponent("process.on('exit', () => { const c = process.cpuUsage(); process.stderr.write('\\n@@cpu ' + (c.user + c.system) / 1000 + '\\n'); });")}`;

/**
 * The children's environment. `NODE_EXTRA_CA_CERTS` makes every Node process read and parse a CA
 * bundle at start-up (about 90 ms on the machine this was written on, three times bare Node's own
 * start): it inflates the baseline and every command alike and flattens the ratios, so the
 * children run without it and the table says whether it was set.
 */
const CODE_CACHE = mkdtempSync(resolve(tmpdir(), 'graphc-bench-cache-'));
process.on('exit', () => rmSync(CODE_CACHE, { recursive: true, force: true }));
const CHILD_ENV = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS')), GRAPHC_CODE_CACHE: CODE_CACHE };
/** The same, with the code cache off: what a first run (or GRAPHC_CODE_CACHE=0) costs. */
const NO_CACHE_ENV = { ...CHILD_ENV, GRAPHC_CODE_CACHE: '0' };
const CA_NOTE = process.env['NODE_EXTRA_CA_CERTS']
  ? 'NODE_EXTRA_CA_CERTS is set in this environment; the timed children run without it (with it, every Node process here starts about 90 ms later, graphc or not).'
  : 'NODE_EXTRA_CA_CERTS is not set.';

/** Wall and CPU time of one child process, in ms. Fails loudly: a crashed command must not look fast. */
function timeChild(argv: readonly string[], env: NodeJS.ProcessEnv = CHILD_ENV): { wall: number; cpu: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...argv], { encoding: 'utf8', env });
  const wall = performance.now() - started;
  const cpu = Number(/@@cpu ([\d.]+)/.exec(r.stderr)?.[1]);
  if (r.status !== 0 || !Number.isFinite(cpu)) throw new Error(`node ${argv.join(' ')} exited ${String(r.status)}: ${r.stderr}`);
  return { wall, cpu };
}

/** A child that prints one number (ms it measured itself). */
function childFigure(argv: readonly string[]): number {
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', env: CHILD_ENV });
  if (r.status !== 0) throw new Error(`node ${argv.join(' ')} exited ${String(r.status)}: ${r.stderr}`);
  return Number(r.stdout.trim());
}

interface Row {
  readonly what: string;
  readonly command: string;
  readonly median: number;
  readonly ratio: string;
  readonly target: string;
}

const rows: Row[] = [];
type Series = { wall: number[]; cpu: number[] };
const series = (): Series => ({ wall: [], cpu: [] });
const bare = series();
const versionRuns = series();
const validateRuns = series();
const validateColdRuns = series();
const importRuns: number[] = [];
process.stderr.write(`${ROUNDS} rounds of: node -e 0, graphc --version, graphc validate (code cache on, then off), import graphc\n`);
for (let i = 0; i < ROUNDS + 1; i++) {
  const b = timeChild(['-e', '0']);
  const v = timeChild([BIN, '--version']);
  // The first round writes the code cache (in a folder of this run's own), the rest read it.
  const val = timeChild([BIN, 'validate', 'architectures/resnet50.yaml']);
  const cold = timeChild([BIN, 'validate', 'architectures/resnet50.yaml'], NO_CACHE_ENV);
  const imp = childFigure(['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(DIST_INDEX).href)}); console.log(performance.now() - t);`]);
  if (i === 0) continue; // the first round warms the OS file cache
  for (const [s, x] of [[bare, b], [versionRuns, v], [validateRuns, val], [validateColdRuns, cold]] as const) {
    s.wall.push(x.wall);
    s.cpu.push(x.cpu);
  }
  importRuns.push(imp);
}
const bareMs = median(bare.wall);
/** `wall ratio (CPU ratio)`: medians of per-round ratios to bare node. */
const ratios = (s: Series): string => `${formatRatio(median(pairedRatios(s.wall, bare.wall)))} (CPU ${formatRatio(median(pairedRatios(s.cpu, bare.cpu)))})`;
rows.push({ what: 'bare node', command: 'node -e 0', median: bareMs, ratio: `1.00 (CPU ${formatMs(median(bare.cpu))} ms)`, target: '–' });
rows.push({ what: 'version', command: 'graphc --version', median: median(versionRuns.wall), ratio: ratios(versionRuns), target: '≤ 1.5× bare' });
rows.push({ what: 'validate', command: 'graphc validate architectures/resnet50.yaml', median: median(validateRuns.wall), ratio: ratios(validateRuns), target: '≤ 3× bare' });
rows.push({ what: 'validate, no code cache', command: 'GRAPHC_CODE_CACHE=0 graphc validate architectures/resnet50.yaml (a first run)', median: median(validateColdRuns.wall), ratio: ratios(validateColdRuns), target: '–' });
rows.push({ what: 'import', command: "import { compileFile } from 'graphc' (in the child, import only)", median: median(importRuns), ratio: formatRatio(median(importRuns) / bareMs), target: '≤ 100 ms' });

// In-process, warm: the library as a long-lived tool (an editor, a watch mode) uses it.
const graphc = (await import(pathToFileURL(DIST_INDEX).href)) as typeof import('../index.js');

/** Median wall and CPU time (this process's user + system) of `runs` warm compiles. */
function compileMs(file: string, text: string, variant: string | null, runs: number, warmUp: number): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  // Warm means JIT-warm, as in a long-lived editor or watch process: the first `warmUp`
  // compiles run (partly) interpreted or not yet optimized and are not counted.
  for (let i = 0; i < runs + warmUp; i++) {
    const c0 = process.cpuUsage();
    const started = performance.now();
    const r = graphc.compileSource(file, text, { variant });
    const ms = performance.now() - started;
    const c = process.cpuUsage(c0);
    if (!r.graph) throw new Error(`${file} did not compile:\n${graphc.renderDiagnostics(r.diagnostics, r.files)}`);
    if (i >= warmUp) {
      wall.push(ms);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const warmRuns = quick ? 15 : 41;
/**
 * Untimed compiles before the timed ones. V8 keeps optimizing for hundreds of compiles (the
 * ResNet-50 median here: about 5.4 ms after 50, 4.1 ms after 150, 3.8 ms after 500); 300 is a
 * short editor session's worth, a steady state rather than the fastest figure.
 */
const WARM_UP = 300;
for (const [label, file, variant, target] of [
  ['ResNet-50 (seed)', 'architectures/resnet50.yaml', null, '≤ 5 ms'],
  ['ResNet-152', 'architectures/resnet.yaml', 'resnet152', '≤ 15 ms'],
] as const) {
  process.stderr.write(`compiling ${label} ${warmRuns} times\n`);
  const ms = compileMs(file, readFileSync(file, 'utf8'), variant, warmRuns, WARM_UP);
  rows.push({ what: `compile ${label}, warm`, command: `compileSource(${file}${variant ? `, ${variant}` : ''})`, median: ms.wall, ratio: `${formatRatio(ms.wall / bareMs)} (CPU ${formatMs(ms.cpu)} ms)`, target });
}

/**
 * A deep model of `layers` layers: Input, then residual blocks of Dense → BatchNormalization →
 * Activation → Add (4 layers each) written as repeats of one template, then the head.
 */
function deepModel(layers: number): string {
  const blocks = Math.max(1, Math.round((layers - 3) / 4));
  const repeats: string[] = [];
  for (let left = blocks; left > 0; left -= 10_000) repeats.push(`  - repeat: ${Math.min(left, 10_000)}\n    do:\n      - res: {}\n`);
  return [
    'graphc: 1',
    'name: Deep',
    'inputs:',
    '  - { shape: [16] }',
    'blocks:',
    '  res:',
    '    body:',
    '      - Dense: { units: 16 }',
    '      - BatchNormalization: {}',
    '      - Activation: { activation: relu, as: act }',
    '      - Add: { inputs: [input, act] }',
    'body:',
    '  - Dense: { units: 16, name: stem }',
    ...repeats.map((r) => r.trimEnd()),
    '  - Dense: { units: 2, name: head }',
    '',
  ].join('\n');
}

// The parsers under stage 1, on the same text: js-yaml's event stream (the fast path's input)
// and the `yaml` package's document (the full composer, for what the fast path declines).
{
  const { parseEvents } = await import('js-yaml');
  const { parseDocument } = await import('yaml');
  const text = readFileSync('architectures/resnet50.yaml', 'utf8');
  const parsers = [
    ['of which: YAML events, warm', 'js-yaml parseEvents(resnet50.yaml) (the fast path\'s parser alone)', () => parseEvents(text, {})],
    ['for comparison: yaml document, warm', 'yaml parseDocument(resnet50.yaml) (the full composer\'s parser alone)', () => parseDocument(text)],
  ] as const;
  for (const [what, command, parse] of parsers) {
    const times: number[] = [];
    for (let i = 0; i < warmRuns + WARM_UP; i++) {
      const started = performance.now();
      parse();
      if (i >= WARM_UP) times.push(performance.now() - started);
    }
    const ms = median(times);
    rows.push({ what, command, median: ms, ratio: formatRatio(ms / bareMs), target: '–' });
  }
}

/**
 * The garbage collector's time, summed from V8's `gc` performance entries: a large model's IR
 * survives the whole compile, so each scavenge copies more of it, and GC grows faster than the
 * work. Entries arrive on a later tick, so the total is read after one.
 */
let gcTotal = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcTotal += e.duration;
});
gcObserver.observe({ entryTypes: ['gc'] });
const flushGc = async (): Promise<number> => {
  await new Promise((r) => setTimeout(r, 10));
  return gcTotal;
};

const sweep: { layers: number; ms: { wall: number; cpu: number }; gcMs: number }[] = [];
for (const target of quick ? [1_000, 5_000, 20_000] : [500, 1_000, 2_000, 5_000, 10_000, 20_000]) {
  const text = deepModel(target);
  const probe = graphc.compileSource('deep.yaml', text);
  if (!probe.graph) throw new Error(`the generated deep model does not compile:\n${graphc.renderDiagnostics(probe.diagnostics, probe.files)}`);
  process.stderr.write(`compiling a ${probe.graph.nodes.length}-layer model\n`);
  // Small models compile in milliseconds, where a few runs are mostly timer and scheduler noise:
  // they get more runs and more warm-up, so every row is a median of about as much work.
  const small = probe.graph.nodes.length < 2_000;
  const runs = quick ? 3 : small ? 41 : 7;
  const warmUp = small ? 30 : 3;
  const gcBefore = await flushGc();
  const ms = compileMs('deep.yaml', text, null, runs, warmUp);
  sweep.push({ layers: probe.graph.nodes.length, ms, gcMs: ((await flushGc()) - gcBefore) / (runs + warmUp) });
}

const out: string[] = [];
out.push('## graphc start-up (bench/startup.ts)', '');
out.push(`${machineLine()}`, '', `Load while it ran: ${uptimeLine()}`, '', CA_NOTE, '');
out.push(`Medians of ${ROUNDS} interleaved rounds. Child processes: wall time, and the ratio to \`node -e 0\` as the median of per-round ratios, of wall time and (in brackets) of the child's own CPU time, which the neighbours' load inflates less. In-process rows: ratio to bare node's wall time, for scale.`, '');
out.push(markdownTable(['what', 'command', 'median ms', '× bare node', 'target'], rows.map((r) => [r.what, `\`${r.command}\``, formatMs(r.median), r.ratio, r.target]), ['left', 'left', 'right', 'right', 'left']));
out.push('', "Compile time against layer count (warm, in-process, medians). GC pauses are V8's own count of the main thread's garbage-collection pauses, the mean per compile over the same runs (warm-up included); compile time less those is the linearity test. CPU time counts every thread, the collector's concurrent ones included:", '');
const first = sweep[0]!;
out.push(markdownTable(
  ['layers', 'compile ms', 'GC pauses ms (mean)', 'compile − GC, µs per layer', 'compile − GC ÷ first row', 'layers ÷ first row', 'CPU ms (all threads)'],
  sweep.map((s) => [
    s.layers.toLocaleString('en-US'),
    formatMs(s.ms.wall),
    formatMs(s.gcMs),
    (((s.ms.wall - s.gcMs) * 1000) / s.layers).toFixed(1),
    ((s.ms.wall - s.gcMs) / (first.ms.wall - first.gcMs)).toFixed(1),
    (s.layers / first.layers).toFixed(1),
    formatMs(s.ms.cpu),
  ]),
  ['right', 'right', 'right', 'right', 'right', 'right', 'right'],
));
out.push('');
process.stdout.write(`${out.join('\n')}\n`);
