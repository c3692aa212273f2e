/**
 * Issue 7's bench: ResNet-50 side by side on every runtime graphc can emit for — tfjs-wasm plain
 * and inference-optimized, tfjs-cpu, and graphc's ONNX on onnxruntime-node with 1 and 2 threads —
 * each as a ratio to the fastest; a sweep of onnxruntime session options to find the best ORT
 * configuration on this machine (graphc's default should be within 10% of it); and the machine's
 * FP32 ceiling from a large matrix multiply, with each runtime's achieved fraction of it.
 *
 *   npm run bench:fast                # full run (several minutes on 2 cores)
 *   npm run bench:fast -- --quick     # 64x64 batch 1, short sweep (about a minute)
 *   npm run bench:fast -- --help
 *
 * Runtimes live in separate worker processes and are timed in turn, one run each per round.
 */
import { parseArgs } from 'node:util';
import { intFlag, log, runMain } from './lib/args.js';
import { caseId, caseLabel, compileCase, parseCases, type CaseSpec } from './lib/cases.js';
import { interleave, maxAbsDiff, type TimedSubject } from './lib/interleave.js';
import { LoadMonitor, machineLine } from './lib/machine.js';
import { WorkerClient } from './lib/pool.js';
import type { OrtConfig, SubjectSpec, TimeResult } from './lib/protocol.js';
import { formatDiff, formatMs, formatPercent, formatRatio, formatSummary, median, pairedRatios, summarize } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

const USAGE = `usage: tsx bench/fast-inference.ts [options]
  --cases LIST        SIZExBATCH list (default 64x1,64x32,224x1)
  --cpu-cases LIST    cases also run on tfjs-cpu (default 64x1)
  --repeats N         timed runs per runtime (default 15); --cpu-repeats N (default 5)
  --warmup N          untimed runs first (default 3; 1 on cpu)
  --sweep-repeats N   timed runs per ORT configuration in the sweep (default 12; 0 skips the sweep)
  --matmul N          matrix size of the FP32 ceiling (default 2048); --matmul-repeats N (default 7)
  --classes N         classes for every size (default: 6 at 64x64, as the seed; 1000 otherwise)
  --gap-ms N          idle time between runs (default 100: ORT's pool threads spin a core for ~40 ms after a run)
  --quick             64x1 only, 5 repeats, short sweep, 1024 matmul`;

/** graphc's own session setup (`backends/onnx/ort.ts`), as `graphc run --runtime onnx` uses it. */
const GRAPHC_1T: OrtConfig = { label: 'graphc default, 1 thread', api: 'graphc', threads: 1, onnx: 'plain' };
const GRAPHC_2T: OrtConfig = { label: 'graphc default, 2 threads', api: 'graphc', threads: 2, onnx: 'plain' };

/** ORT configurations tried against graphc's default: level, execution mode, spinning, threads, export. */
const SWEEP: readonly OrtConfig[] = [
  GRAPHC_2T,
  GRAPHC_1T,
  { label: 'ORT defaults (no session options)', api: 'raw', onnx: 'plain' },
  { label: 'all, sequential, 2 threads, spinning off', api: 'raw', threads: 2, level: 'all', executionMode: 'sequential', interOpThreads: 1, spinning: false, onnx: 'plain' },
  { label: 'layout, sequential, 2 threads', api: 'raw', threads: 2, level: 'layout', executionMode: 'sequential', interOpThreads: 1, onnx: 'plain' },
  { label: 'extended, sequential, 2 threads', api: 'raw', threads: 2, level: 'extended', executionMode: 'sequential', interOpThreads: 1, onnx: 'plain' },
  { label: 'basic, sequential, 2 threads', api: 'raw', threads: 2, level: 'basic', executionMode: 'sequential', interOpThreads: 1, onnx: 'plain' },
  { label: 'disabled, sequential, 2 threads', api: 'raw', threads: 2, level: 'disabled', executionMode: 'sequential', interOpThreads: 1, onnx: 'plain' },
  { label: 'all, parallel, intra 2 + inter 2', api: 'raw', threads: 2, level: 'all', executionMode: 'parallel', interOpThreads: 2, onnx: 'plain' },
  { label: 'all, parallel, intra 1 + inter 2', api: 'raw', threads: 1, level: 'all', executionMode: 'parallel', interOpThreads: 2, onnx: 'plain' },
  { label: 'all, sequential, 2 threads, graphc-optimized ONNX', api: 'raw', threads: 2, level: 'all', executionMode: 'sequential', interOpThreads: 1, onnx: 'optimized' },
  { label: 'all, sequential, 1 thread, graphc-optimized ONNX', api: 'raw', threads: 1, level: 'all', executionMode: 'sequential', interOpThreads: 1, onnx: 'optimized' },
];

interface Row {
  readonly label: string;
  /** Intra-op threads; undefined: the runtime's default. */
  readonly threads: number | undefined;
  readonly samples: TimeResult;
  readonly diff?: number;
}

interface Ceiling {
  readonly rows: { label: string; threads: number; samples: TimeResult }[];
  readonly n: number;
  /** GFLOP/s of the fastest run, by thread count: a ceiling is what the machine can do when it is free. */
  readonly best: Map<number, number>;
}

const gflops = (flop: number, ms: number): number => flop / (ms * 1e6);

async function measureCeiling(n: number, repeats: number, gapMs: number, wasm: WorkerClient, ort: WorkerClient): Promise<Ceiling> {
  const specs: { client: WorkerClient; spec: SubjectSpec; label: string; threads: number }[] = [
    { client: ort, spec: { kind: 'ort-matmul', key: 'mm/ort1', n, threads: 1 }, label: 'onnxruntime MatMul (MLAS)', threads: 1 },
    { client: ort, spec: { kind: 'ort-matmul', key: 'mm/ort2', n, threads: 2 }, label: 'onnxruntime MatMul (MLAS)', threads: 2 },
    { client: wasm, spec: { kind: 'tfjs-matmul', key: 'mm/wasm', n }, label: 'tfjs-wasm matMul (XNNPACK)', threads: 1 },
  ];
  for (const s of specs) await s.client.call('load', { subjects: [s.spec] });
  log(`ceiling: ${n}x${n} matrix multiply`);
  const samples = await interleave(specs.map((s) => ({ key: s.spec.key, client: s.client, repeats, warmup: 2 })), { gapMs, log, label: 'ceiling' });
  for (const s of specs) await s.client.call('unload', { keys: [s.spec.key] });
  const flop = 2 * n ** 3;
  const best = new Map<number, number>();
  const rows = specs.map((s) => ({ label: s.label, threads: s.threads, samples: samples.get(s.spec.key)! }));
  for (const r of rows) best.set(r.threads, Math.max(best.get(r.threads) ?? 0, gflops(flop, summarize(r.samples.wall).min)));
  // Two threads can do at least what one does.
  best.set(2, Math.max(best.get(2) ?? 0, best.get(1) ?? 0));
  return { rows, n, best };
}

function ortKey(c: CaseSpec, config: OrtConfig): string {
  return `${caseId(c)}/ort/${config.label}`;
}

async function sweepOrt(c: CaseSpec, ort: WorkerClient, repeats: number, warmup: number, gapMs: number): Promise<{ rows: Row[]; best: OrtConfig }> {
  const specs: SubjectSpec[] = SWEEP.map((config) => ({ kind: 'ort', key: ortKey(c, config), case: c, config }));
  log(`sweep ${caseLabel(c)}: ${SWEEP.length} ORT configurations`);
  await ort.call('load', { subjects: specs });
  const reference = await ort.call('output', { key: ortKey(c, GRAPHC_2T) });
  const diffs = new Map<string, number>();
  for (const s of specs) diffs.set(s.key, maxAbsDiff(reference, await ort.call('output', { key: s.key })));
  const samples = await interleave(specs.map((s) => ({ key: s.key, client: ort, repeats, warmup })), { gapMs, log, label: `sweep ${caseLabel(c)}` });
  await ort.call('unload', { keys: specs.map((s) => s.key) });
  const rows = SWEEP.map((config) => ({ label: config.label, threads: config.threads, samples: samples.get(ortKey(c, config))!, diff: diffs.get(ortKey(c, config))! }));
  let best = SWEEP[0]!;
  for (const config of SWEEP) if (median(samples.get(ortKey(c, config))!.wall) < median(samples.get(ortKey(c, best))!.wall)) best = config;
  return { rows, best };
}

interface MainSubject {
  readonly label: string;
  readonly threads: number | undefined;
  readonly client: WorkerClient;
  readonly spec: SubjectSpec;
  readonly repeats: number;
  readonly warmup: number;
}

async function measureCase(c: CaseSpec, options: {
  wasm: WorkerClient; cpu: WorkerClient | undefined; ort: WorkerClient; best: OrtConfig | undefined;
  repeats: number; cpuRepeats: number; warmup: number; gapMs: number;
}): Promise<Row[]> {
  const id = caseId(c);
  const subjects: MainSubject[] = [
    { label: 'tfjs-wasm plain', threads: 1, client: options.wasm, spec: { kind: 'tfjs', key: `${id}/wasm`, case: c, model: 'compiled' }, repeats: options.repeats, warmup: options.warmup },
    { label: 'tfjs-wasm optimized', threads: 1, client: options.wasm, spec: { kind: 'tfjs', key: `${id}/wasm-opt`, case: c, model: 'optimized' }, repeats: options.repeats, warmup: options.warmup },
  ];
  if (options.cpu) {
    subjects.push({ label: 'tfjs-cpu plain', threads: 1, client: options.cpu, spec: { kind: 'tfjs', key: `${id}/cpu`, case: c, model: 'compiled' }, repeats: options.cpuRepeats, warmup: 1 });
  }
  for (const config of [GRAPHC_1T, GRAPHC_2T]) {
    subjects.push({ label: `onnxruntime, ${config.label}`, threads: config.threads, client: options.ort, spec: { kind: 'ort', key: ortKey(c, config), case: c, config }, repeats: options.repeats, warmup: options.warmup });
  }
  const best = options.best;
  if (best && best !== GRAPHC_1T && best !== GRAPHC_2T) {
    subjects.push({ label: `onnxruntime, best of sweep: ${best.label}`, threads: best.threads, client: options.ort, spec: { kind: 'ort', key: ortKey(c, best), case: c, config: best }, repeats: options.repeats, warmup: options.warmup });
  }
  for (const s of subjects) {
    const [info] = await s.client.call('load', { subjects: [s.spec] });
    log(`  ${s.label}: loaded in ${((info?.loadMs ?? 0) / 1000).toFixed(1)} s${info?.note ? ` (${info.note})` : ''}`);
  }
  const reference = await options.wasm.call('output', { key: subjects[0]!.spec.key });
  const diffs: number[] = [];
  for (const s of subjects) diffs.push(maxAbsDiff(reference, await s.client.call('output', { key: s.spec.key })));
  const samples = await interleave(
    subjects.map<TimedSubject>((s) => ({ key: s.spec.key, client: s.client, repeats: s.repeats, warmup: s.warmup })),
    { gapMs: options.gapMs, log, label: caseLabel(c) },
  );
  for (const s of subjects) await s.client.call('unload', { keys: [s.spec.key] });
  return subjects.map((s, i) => ({ label: s.label, threads: s.threads, samples: samples.get(s.spec.key)!, diff: diffs[i]! }));
}

function mainTable(c: CaseSpec, rows: readonly Row[], macs: number, ceiling: Ceiling): string {
  const fastest = Math.min(...rows.map((r) => median(r.samples.wall)));
  const flop = 2 * macs * c.batch;
  const peak1 = ceiling.best.get(1) ?? Number.NaN;
  const peak2 = ceiling.best.get(2) ?? Number.NaN;
  return markdownTable(
    ['runtime', 'threads', 'ms, median [IQR]', 'min ms', '× fastest', 'CPU/wall', 'GFLOP/s', '% of 1-thread ceiling', '% of machine ceiling', 'runs', 'max abs diff vs wasm plain'],
    rows.map((r) => {
      const ms = median(r.samples.wall);
      const g = gflops(flop, ms);
      return [
        r.label, `${r.threads ?? 'default'}`, formatSummary(summarize(r.samples.wall)), formatMs(summarize(r.samples.wall).min), formatRatio(ms / fastest), formatRatio(median(r.samples.cpu) / ms),
        g.toFixed(1), r.threads === 1 ? formatPercent(g / peak1) : '–', formatPercent(g / peak2), `${r.samples.wall.length}`, formatDiff(r.diff),
      ];
    }),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

function sweepTable(rows: readonly Row[]): string {
  const best = Math.min(...rows.map((r) => median(r.samples.wall)));
  return markdownTable(
    ['ORT configuration', 'ms, median [IQR]', 'min ms', '× best', 'CPU/wall', 'runs', 'max abs diff vs graphc default'],
    rows.map((r) => [r.label, formatSummary(summarize(r.samples.wall)), formatMs(summarize(r.samples.wall).min), formatRatio(median(r.samples.wall) / best), formatRatio(median(r.samples.cpu) / median(r.samples.wall)), `${r.samples.wall.length}`, formatDiff(r.diff)]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

function ceilingTable(ceiling: Ceiling): string {
  const flop = 2 * ceiling.n ** 3;
  return markdownTable(
    ['engine', 'threads', 'ms, median [IQR]', 'min ms', 'CPU/wall', 'GFLOP/s at the median', 'GFLOP/s at the fastest run'],
    ceiling.rows.map((r) => {
      const t = summarize(r.samples.wall);
      return [r.label, `${r.threads}`, formatSummary(t), formatMs(t.min), formatRatio(median(r.samples.cpu) / t.median), gflops(flop, t.median).toFixed(1), gflops(flop, t.min).toFixed(1)];
    }),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' }, 'cpu-cases': { type: 'string' }, repeats: { type: 'string' }, 'cpu-repeats': { type: 'string' },
      warmup: { type: 'string' }, 'sweep-repeats': { type: 'string' }, matmul: { type: 'string' }, 'matmul-repeats': { type: 'string' },
      classes: { type: 'string' }, 'gap-ms': { type: 'string' },
      quick: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const quick = values.quick === true;
  const classes = values.classes === undefined ? undefined : intFlag('classes', values.classes, 6);
  const cases = parseCases(values.cases ?? (quick ? '64x1' : '64x1,64x32,224x1'), classes);
  const cpuCases = new Set(parseCases(values['cpu-cases'] ?? '64x1', classes).map(caseId));
  const repeats = intFlag('repeats', values.repeats, quick ? 5 : 15);
  const cpuRepeats = intFlag('cpu-repeats', values['cpu-repeats'], quick ? 3 : 5);
  const warmup = intFlag('warmup', values.warmup, quick ? 2 : 3);
  const sweepRepeats = intFlag('sweep-repeats', values['sweep-repeats'], quick ? 4 : 12);
  const n = intFlag('matmul', values.matmul, quick ? 1024 : 2048);
  const matmulRepeats = intFlag('matmul-repeats', values['matmul-repeats'], quick ? 3 : 7);
  // After a run, ORT's intra-op threads spin a full core for about 40 ms (measured here; ORT's
  // default allow_spinning=1): the gap lets that stop before the next subject's run starts.
  const gapMs = intFlag('gap-ms', values['gap-ms'], 100);

  const monitor = new LoadMonitor();
  const wasm = WorkerClient.spawn('wasm');
  const ort = WorkerClient.spawn('ort');
  const cpu = cases.some((c) => cpuCases.has(caseId(c))) ? WorkerClient.spawn('cpu') : undefined;
  const workers = [wasm, ort, ...(cpu ? [cpu] : [])];
  try {
    const wasmSetup = await wasm.call('setup', { runtime: 'wasm' });
    await ort.call('setup', { runtime: 'ort' });
    if (cpu) await cpu.call('setup', { runtime: 'cpu' });

    const ceiling = await measureCeiling(n, matmulRepeats, gapMs, wasm, ort);
    const sections: string[] = [];
    const targets: string[] = [];
    for (const c of cases) {
      log(`case ${caseLabel(c)}`);
      const sweep = sweepRepeats > 0 ? await sweepOrt(c, ort, sweepRepeats, warmup, gapMs) : undefined;
      const rows = await measureCase(c, {
        wasm, cpu: cpuCases.has(caseId(c)) ? cpu : undefined, ort, best: sweep?.best, repeats, cpuRepeats, warmup, gapMs,
      });
      const macs = compileCase(c).totals.macs;
      sections.push(`### ${caseLabel(c)} (${c.classes} classes, ${(macs / 1e9).toFixed(3)} GMACs per image)`, '', mainTable(c, rows, macs, ceiling), '');
      if (sweep) sections.push(`ORT configurations, ${caseLabel(c)} (interleaved among themselves):`, '', sweepTable(sweep.rows), '');
      const ms = (label: string): number => median(rows.find((r) => r.label === label)?.samples.wall ?? []);
      const plain = ms('tfjs-wasm plain');
      const graphc2 = ms(`onnxruntime, ${GRAPHC_2T.label}`);
      const wall = (label: string): number[] => rows.find((r) => r.label === label)?.samples.wall ?? [];
      const pairs = median(pairedRatios(wall('tfjs-wasm plain'), wall('tfjs-wasm optimized')));
      let line = `- ${caseLabel(c)}: optimized tfjs-wasm ${formatRatio(plain / ms('tfjs-wasm optimized'))}× faster than plain `
        + `(median of per-round pairs ${formatRatio(pairs)}×; target ≥ 1.2×); `
        + `graphc's ONNX on ORT, 2 threads, ${formatRatio(plain / graphc2)}× faster than plain tfjs-wasm (target ≥ 7× at 224x224 b1)`;
      if (sweep) {
        const sweepMs = (config: OrtConfig): number => median(sweep.rows.find((r) => r.label === config.label)!.samples.wall);
        line += `; graphc's default ORT session ${formatRatio(sweepMs(GRAPHC_2T) / sweepMs(sweep.best))}× the best configuration (${sweep.best.label}; target ≤ 1.10)`;
      }
      targets.push(line);
    }
    for (const w of workers) await w.close();
    const load = monitor.stop();
    const peak1 = ceiling.best.get(1) ?? Number.NaN;
    const peak2 = ceiling.best.get(2) ?? Number.NaN;
    const out = [
      '## Fast inference: ResNet-50 on every runtime graphc emits for',
      '',
      `Machine: ${machineLine()}. tfjs-wasm: ${wasmSetup.note ?? wasmSetup.runtime}.`,
      '',
      `FP32 ceiling, ${n}x${n} matrix multiply (2n³ FLOP), interleaved, ${matmulRepeats} runs after 2 warm-up; the ceiling is the fastest run `
        + `(the machine when the neighbours leave it free): **${peak1.toFixed(1)} GFLOP/s on 1 thread, ${peak2.toFixed(1)} GFLOP/s on the machine (2 threads)**. `
        + 'The runtimes\' fractions below divide their median-run GFLOP/s by it; above 100% means the runtime\'s convolutions '
        + 'run faster than its matrix multiply of this size (a practical ceiling, not the chip\'s nominal peak).',
      '',
      ceilingTable(ceiling),
      '',
      ...sections,
      'Milliseconds per run of the whole batch (output read back), median and interquartile range after warm-up; all rows of a case '
        + 'interleaved run by run, each runtime in its own process. `× fastest`: median over the fastest row\'s median. `CPU/wall`: process CPU time '
        + 'over wall time (above the thread count means threads spinning). GFLOP/s = 2 × MACs (from the graph\'s totals) × batch / time.',
      '',
      'Targets:',
      '',
      ...targets,
      '',
      'Load while measuring:',
      '',
      ...load.map((l) => `- ${l}`),
      '',
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    for (const w of workers) await w.close();
  }
}

runMain(main);
