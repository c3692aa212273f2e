/**
 * Can tfjs-backend-wasm use both cores in Node? Probes the routes in fresh processes and, with
 * the unsupported patches of `lib/wasm-threads-shim.ts`, measures what two threads would bring.
 *
 *   tsx bench/wasm-threads.ts                 # probes, then ResNet-50 224x224 b1 and 64x64 b32
 *   tsx bench/wasm-threads.ts --cases 64x1 --repeats 5
 *   tsx bench/wasm-threads.ts --no-measure    # probes only
 *
 * Routes: `default` (nothing set), `flag` (the supported settings: the env flag
 * `WASM_HAS_MULTITHREAD_SUPPORT` and `setThreadsCount(2)`), `shim` (the flag plus the patches).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { intFlag, log, runMain } from './lib/args.js';
import { caseId, caseLabel, parseCases, type CaseSpec } from './lib/cases.js';
import { interleave, maxAbsDiff } from './lib/interleave.js';
import { LoadMonitor, machineLine } from './lib/machine.js';
import { WorkerClient } from './lib/pool.js';
import type { TfjsModelKind } from './lib/protocol.js';
import { formatDiff, formatRatio, formatSummary, median, summarize } from './lib/stats.js';
import { markdownTable } from './lib/table.js';
import type { ProbeResult } from './lib/wasm-threads-entry.js';

const ENTRY = fileURLToPath(new URL('./lib/wasm-threads-entry.ts', import.meta.url));

function probe(route: string, threads: number): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = fork(ENTRY, [`probe-${route}`, 'probe', route, `${threads}`], { stdio: ['ignore', 2, 2, 'ipc'] });
    let result: ProbeResult | undefined;
    child.on('message', (m: ProbeResult) => {
      result = m;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`probe ${route} exited without a result (${signal ?? `code ${code}`})`));
    });
  });
}

interface Variant {
  readonly label: string;
  readonly route: 'default' | 'shim';
  readonly threads: number;
  readonly model: TfjsModelKind;
}

const VARIANTS: readonly Variant[] = [
  { label: 'stock wasm (1 thread), plain', route: 'default', threads: 1, model: 'compiled' },
  { label: 'stock wasm (1 thread), optimized', route: 'default', threads: 1, model: 'optimized' },
  { label: 'threaded build, 1 thread (shim), plain', route: 'shim', threads: 1, model: 'compiled' },
  { label: 'threaded build, 2 threads (shim), plain', route: 'shim', threads: 2, model: 'compiled' },
  { label: 'threaded build, 2 threads (shim), optimized', route: 'shim', threads: 2, model: 'optimized' },
];

async function measure(cases: CaseSpec[], repeats: number, warmup: number, gapMs: number): Promise<string[]> {
  const workers = new Map<string, WorkerClient>();
  const workerOf = (v: Variant): WorkerClient => {
    const key = `${v.route}-${v.threads}`;
    let w = workers.get(key);
    if (!w) {
      w = WorkerClient.spawn(`wasm-${key}`, { entry: ENTRY, args: ['serve', v.route, `${v.threads}`] });
      workers.set(key, w);
    }
    return w;
  };
  const out: string[] = [];
  try {
    const setups: string[] = [];
    for (const v of VARIANTS) {
      const w = workerOf(v);
      if (setups.some((s) => s.startsWith(`${v.route}-${v.threads}:`))) continue;
      const s = await w.call('setup', { runtime: 'wasm' });
      setups.push(`${v.route}-${v.threads}: ${s.note ?? s.runtime}`);
    }
    log(setups.join('\n'));
    for (const c of cases) {
      const key = (v: Variant): string => `${caseId(c)}/${v.route}-${v.threads}/${v.model}`;
      for (const v of VARIANTS) await workerOf(v).call('load', { subjects: [{ kind: 'tfjs', key: key(v), case: c, model: v.model }] });
      const reference = await workerOf(VARIANTS[0]!).call('output', { key: key(VARIANTS[0]!) });
      const diffs: number[] = [];
      for (const v of VARIANTS) diffs.push(maxAbsDiff(reference, await workerOf(v).call('output', { key: key(v) })));
      const samples = await interleave(VARIANTS.map((v) => ({ key: key(v), client: workerOf(v), repeats, warmup })), { gapMs, log, label: caseLabel(c) });
      for (const v of VARIANTS) await workerOf(v).call('unload', { keys: [key(v)] });
      const base = median(samples.get(key(VARIANTS[0]!))!.wall);
      out.push(`### ${caseLabel(c)}, ${c.classes} classes`, '', markdownTable(
        ['tfjs-wasm variant', 'ms, median [IQR]', 'speed-up vs stock plain', 'CPU/wall', 'runs', 'max abs diff'],
        VARIANTS.map((v, i) => {
          const s = samples.get(key(v))!;
          return [v.label, formatSummary(summarize(s.wall)), formatRatio(base / median(s.wall)), formatRatio(median(s.cpu) / median(s.wall)), `${s.wall.length}`, formatDiff(diffs[i])];
        }),
        ['left', 'right', 'right', 'right', 'right', 'right'],
      ), '');
    }
  } finally {
    for (const w of workers.values()) await w.close();
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' }, repeats: { type: 'string' }, warmup: { type: 'string' }, 'gap-ms': { type: 'string' },
      'no-measure': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: tsx bench/wasm-threads.ts [--cases 224x1,64x32] [--repeats 10] [--warmup 2] [--gap-ms 20] [--no-measure]\n');
    return;
  }
  const monitor = new LoadMonitor();
  const probes: ProbeResult[] = [];
  for (const [route, threads] of [['default', 2], ['flag', 2], ['shim', 2]] as const) {
    log(`probe: ${route}`);
    probes.push(await probe(route, threads));
  }
  const out = [
    '## tfjs-backend-wasm threads in Node',
    '',
    `Machine: ${machineLine()}.`,
    '',
    markdownTable(
      ['route', 'flag as tfjs evaluates it', 'backend initialised', 'getThreadsCount()', 'what tfjs reported'],
      probes.map((p) => [
        p.route === 'default' ? 'default (setThreadsCount(2) only)' : p.route === 'flag' ? 'supported settings: env flag + setThreadsCount(2)' : 'flag + unsupported patches (shim)',
        `${p.flagDefault}`, `${p.backendReady}`, `${p.threads ?? '–'}`, p.messages.slice(0, 3).join(' / ').replace(/\|/g, '\\|') || '–',
      ]),
    ),
    '',
  ];
  if (!values['no-measure']) {
    const cases = parseCases(values.cases ?? '224x1,64x32');
    out.push(...await measure(cases, intFlag('repeats', values.repeats, 10), intFlag('warmup', values.warmup, 2), intFlag('gap-ms', values['gap-ms'], 20)));
  }
  out.push('Load while measuring:', '', ...monitor.stop().map((l) => `- ${l}`), '');
  process.stdout.write(`${out.join('\n')}\n`);
}

runMain(main);
