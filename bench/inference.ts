/**
 * Issue 3's bench: ResNet-50 inference time of graphc's compiled tfjs model against the
 * hand-written port of the seed (same weights), on tfjs-wasm and tfjs-cpu, as a ratio
 * compiled/port (the goal is 1.00: graphc adds nothing at run time); and the time from YAML to a
 * ready model, with the YAML's initializers and with zeros (weights loaded afterwards).
 *
 *   npm run bench                 # full run (a few minutes on 2 cores)
 *   npm run bench -- --quick      # 64x64 batch 1 only, few repeats (about a minute)
 *   npm run bench -- --help
 *
 * Each runtime runs in its own worker process (tfjs's backend is process-global); compiled and
 * port alternate run by run; each YAML-to-ready sample runs in a fresh process. The markdown
 * report goes to stdout, progress to stderr.
 */
import { parseArgs } from 'node:util';
import { intFlag, listFlag, log, runMain } from './lib/args.js';
import { caseId, caseLabel, defaultClasses, modelKey, parseCases, type CaseSpec } from './lib/cases.js';
import { interleave, maxAbsDiff, type TimedSubject } from './lib/interleave.js';
import { LoadMonitor, machineLine } from './lib/machine.js';
import { WorkerClient } from './lib/pool.js';
import type { ReadyResult, ReadySpec, SubjectSpec, TfjsModelKind } from './lib/protocol.js';
import { formatDiff, formatMs, formatRatio, formatSummary, median, pairedRatios, summarize } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

const USAGE = `usage: tsx bench/inference.ts [options]
  --cases LIST          SIZExBATCH list (default 64x1,64x32,224x1)
  --runtimes LIST       wasm,cpu (default both)
  --cpu-cases LIST      cases also run on tfjs-cpu (default 64x1; a cpu run of 224x1 takes ~23 s, of 64x32 ~47 s)
  --repeats N           timed runs per model on wasm (default 15)
  --cpu-repeats N       timed runs per model on cpu (default 5)
  --warmup N            untimed runs first, wasm (default 3); --cpu-warmup N (default 1)
  --ready LIST          YAML-to-ready configurations RUNTIME:SIZE (default wasm:64,cpu:64,wasm:224; none to skip)
  --ready-samples N     fresh-process samples per configuration and init (default 3)
  --classes N           classes for every size (default: 6 at 64x64, as the seed; 1000 otherwise)
  --gap-ms N            idle time between runs (default 20)
  --quick               64x1 only, 5 repeats, wasm:64 ready with 1 sample`;

type Runtime = 'wasm' | 'cpu';
const MODELS: readonly TfjsModelKind[] = ['compiled', 'port'];

interface CaseResult {
  readonly c: CaseSpec;
  readonly runtime: Runtime;
  readonly compiled: number[];
  readonly port: number[];
  readonly diff: number;
}

function subjectKey(c: CaseSpec, model: TfjsModelKind): string {
  return `${caseId(c)}/${model}`;
}

async function measureCases(options: {
  cases: CaseSpec[]; runtimes: Runtime[]; cpuCases: Set<string>; repeats: Record<Runtime, number>;
  warmup: Record<Runtime, number>; gapMs: number; clients: Map<Runtime, WorkerClient>;
}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  // Cases of one input size share their models: load once per size, then free.
  const groups = new Map<string, CaseSpec[]>();
  for (const c of options.cases) groups.set(modelKey(c), [...(groups.get(modelKey(c)) ?? []), c]);
  for (const group of groups.values()) {
    for (const runtime of options.runtimes) {
      const client = options.clients.get(runtime)!;
      const cases = group.filter((c) => runtime === 'wasm' || options.cpuCases.has(caseId(c)));
      if (cases.length === 0) continue;
      const specs: SubjectSpec[] = cases.flatMap((c) => MODELS.map((model) => ({ kind: 'tfjs' as const, key: subjectKey(c, model), case: c, model })));
      log(`${runtime}: building compiled and port models for ${cases.map(caseLabel).join(', ')}`);
      const loaded = await client.call('load', { subjects: specs });
      for (const l of loaded) log(`  ${l.key}: ${(l.loadMs / 1000).toFixed(1)} s`);
      for (const c of cases) {
        const a = await client.call('output', { key: subjectKey(c, 'compiled') });
        const b = await client.call('output', { key: subjectKey(c, 'port') });
        const subjects: TimedSubject[] = MODELS.map((model) => ({ key: subjectKey(c, model), client, repeats: options.repeats[runtime], warmup: options.warmup[runtime] }));
        const samples = await interleave(subjects, { gapMs: options.gapMs, log, label: `${runtime} ${caseLabel(c)}` });
        results.push({ c, runtime, compiled: samples.get(subjectKey(c, 'compiled'))!.wall, port: samples.get(subjectKey(c, 'port'))!.wall, diff: maxAbsDiff(a, b) });
      }
      await client.call('unload', { keys: specs.map((s) => s.key) });
    }
  }
  return results;
}

function parseReady(text: string, classes: number | undefined): Omit<ReadySpec, 'init'>[] {
  if (text === 'none') return [];
  return text.split(',').map((item) => {
    const m = /^(wasm|cpu):(\d+)$/.exec(item.trim());
    if (!m) throw new Error(`--ready: expected RUNTIME:SIZE items (wasm:64), not \`${item}\``);
    const size = Number(m[2]);
    return { runtime: m[1] as Runtime, size, classes: classes ?? defaultClasses(size) };
  });
}

async function measureReady(configs: Omit<ReadySpec, 'init'>[], samples: number): Promise<Map<string, ReadyResult[]>> {
  const out = new Map<string, ReadyResult[]>();
  const key = (s: ReadySpec): string => `${s.runtime}:${s.size}:${s.init}`;
  for (let i = 0; i < samples; i++) {
    for (const config of configs) {
      // Alternate which init goes first, so neither always runs right after the other.
      const inits: ('yaml' | 'zeros')[] = i % 2 === 0 ? ['yaml', 'zeros'] : ['zeros', 'yaml'];
      for (const init of inits) {
        const spec: ReadySpec = { ...config, init };
        log(`ready: ${spec.runtime} ${spec.size}x${spec.size} init ${init}, sample ${i + 1}/${samples} (fresh process)`);
        const worker = WorkerClient.spawn(`ready-${key(spec)}`);
        try {
          const result = await worker.call('ready', { spec });
          out.set(key(spec), [...(out.get(key(spec)) ?? []), result]);
        } finally {
          await worker.close();
        }
      }
    }
  }
  return out;
}

function casesTable(results: readonly CaseResult[]): string {
  const rows = results.map((r) => {
    const ratios = summarize(pairedRatios(r.compiled, r.port));
    return [
      caseLabel(r.c), `${r.c.classes}`, `tfjs-${r.runtime}`, formatSummary(summarize(r.compiled)), formatSummary(summarize(r.port)),
      `${formatRatio(ratios.median)} [${formatRatio(ratios.p25)}–${formatRatio(ratios.p75)}]`, formatRatio(median(r.compiled) / median(r.port)),
      `${r.compiled.length}`, formatDiff(r.diff),
    ];
  });
  return markdownTable(
    ['case', 'classes', 'runtime', 'compiled ms, median [IQR]', 'port ms, median [IQR]', 'compiled/port, per-run pairs [IQR]', 'ratio of medians', 'runs', 'max abs output diff'],
    rows, ['left', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

function readyTable(configs: Omit<ReadySpec, 'init'>[], results: Map<string, ReadyResult[]>): string {
  const rows: string[][] = [];
  for (const config of configs) {
    for (const init of ['yaml', 'zeros'] as const) {
      const rs = results.get(`${config.runtime}:${config.size}:${init}`) ?? [];
      if (rs.length === 0) continue;
      const m = (f: (r: ReadyResult) => number): string => formatMs(median(rs.map(f)));
      const ready = (r: ReadyResult): number => r.compile + r.build + r.weights + r.firstPredict;
      rows.push([
        `tfjs-${config.runtime}`, `${config.size}x${config.size}, ${config.classes} classes`, `\`${init}\``, m((r) => r.runtimeInit), m((r) => r.compile),
        m((r) => r.build), init === 'zeros' ? m((r) => r.weights) : '–', m((r) => r.firstPredict), m(ready), m((r) => r.secondPredict), `${rs.length}`,
      ]);
    }
  }
  return markdownTable(
    ['runtime', 'model', 'init', 'runtime init', 'compile YAML', 'build model', 'set weights', 'first predict (b1)', 'YAML → ready', 'second predict', 'samples'],
    rows, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' }, runtimes: { type: 'string' }, 'cpu-cases': { type: 'string' },
      repeats: { type: 'string' }, 'cpu-repeats': { type: 'string' }, warmup: { type: 'string' }, 'cpu-warmup': { type: 'string' },
      ready: { type: 'string' }, 'ready-samples': { type: 'string' }, classes: { type: 'string' }, 'gap-ms': { type: 'string' },
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
  const runtimes = listFlag<Runtime>('runtimes', values.runtimes ?? 'wasm,cpu', ['wasm', 'cpu']);
  const cpuCases = new Set(parseCases(values['cpu-cases'] ?? '64x1', classes).map(caseId));
  const repeats = { wasm: intFlag('repeats', values.repeats, quick ? 5 : 15), cpu: intFlag('cpu-repeats', values['cpu-repeats'], quick ? 3 : 5) };
  const warmup = { wasm: intFlag('warmup', values.warmup, quick ? 2 : 3), cpu: intFlag('cpu-warmup', values['cpu-warmup'], 1) };
  const readyConfigs = parseReady(values.ready ?? (quick ? 'wasm:64' : 'wasm:64,cpu:64,wasm:224'), classes);
  const readySamples = intFlag('ready-samples', values['ready-samples'], quick ? 1 : 3);
  const gapMs = intFlag('gap-ms', values['gap-ms'], 20);

  const monitor = new LoadMonitor();
  const probe = WorkerClient.spawn('auto');
  const auto = await probe.call('setup', { runtime: 'auto' });
  await probe.close();

  const clients = new Map<Runtime, WorkerClient>();
  const setupNotes: string[] = [];
  try {
    for (const runtime of runtimes) {
      const client = WorkerClient.spawn(runtime);
      clients.set(runtime, client);
      const s = await client.call('setup', { runtime });
      setupNotes.push(`tfjs-${runtime}: ${s.runtime}${s.note ? ` (${s.note})` : ''}`);
    }
    const results = await measureCases({ cases, runtimes, cpuCases, repeats, warmup, gapMs, clients });
    for (const client of clients.values()) await client.close();
    clients.clear();
    const ready = await measureReady(readyConfigs, readySamples);
    const load = monitor.stop();

    const skipped = runtimes.includes('cpu') ? cases.filter((c) => !cpuCases.has(caseId(c))).map(caseLabel) : [];
    const out: string[] = [
      '## ResNet-50 inference: graphc\'s compiled model vs the hand-written port (same weights)',
      '',
      `Machine: ${machineLine()}.`,
      `\`auto\` picks: **${auto.runtime}**${auto.note ? ` (${auto.note})` : ''}. Workers: ${setupNotes.join('; ')}.`,
      '',
      casesTable(results),
      '',
      `Milliseconds per \`predict\` of the whole batch (output read back), median and interquartile range after warm-up runs `
        + `(${runtimes.map((r) => `${r} ${warmup[r]}`).join(', ')}); compiled and port alternate run by run in the same process. compiled/port is the median of the per-run pairs' ratios.`
        + (skipped.length > 0 ? ` tfjs-cpu skipped at ${skipped.join(', ')}: one run takes 20–50 s there (\`--cpu-cases\` adds them).` : ''),
      '',
    ];
    if (readyConfigs.length > 0) {
      out.push('## YAML to a ready model (fresh process per sample, medians, ms)', '', readyTable(readyConfigs, ready), '',
        '`runtime init`: importing tfjs and selecting the runtime (paid once per process, not counted in YAML → ready). '
        + '`YAML → ready` = compile + build + set weights + first predict. `zeros` builds without the random initializers, '
        + 'for when weights are loaded right after; `set weights` is `writeWeights` of a full set already in memory.', '');
    }
    out.push('Load while measuring:', '', ...load.map((l) => `- ${l}`), '');
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    for (const client of clients.values()) await client.close();
  }
}

runMain(main);
