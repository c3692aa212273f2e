/**
 * What a reader needs to judge a bench table: the machine, the versions, and how loaded the
 * machine was while it ran (other engineers run tests on the same two cores).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';

/** `uptime`'s line, or the load averages when `uptime` is missing. */
export function uptimeLine(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
}

/** The installed version of a package, or `?`. */
export function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    const json: unknown = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8'));
    const version = typeof json === 'object' && json !== null ? Reflect.get(json, 'version') : undefined;
    return typeof version === 'string' ? version : '?';
  } catch {
    return '?';
  }
}

/** One line: CPU model, logical cores, Node and runtime versions. */
export function machineLine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const versions = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-node']
    .map((p) => `${p} ${packageVersion(p)}`).join(', ');
  return `${model}, ${list.length} logical cores, Node ${process.version}; ${versions}`;
}

/** Busy, stolen (by the hypervisor) and total jiffies of all CPUs, from /proc/stat (Linux). */
function cpuJiffies(): { busy: number; steal: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const steal = fields[7] ?? 0;
    return { busy: total - idle - steal, steal, total };
  } catch {
    return undefined;
  }
}

/** Samples the 1-minute load average while a bench runs; also the machine's busy cores overall. */
export class LoadMonitor {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly start = cpuJiffies();
  /** `uptime` when the monitor started. */
  readonly before = uptimeLine();

  /** Starts sampling every `intervalMs`. */
  constructor(intervalMs = 5000) {
    this.samples.push(loadavg()[0] ?? Number.NaN);
    this.timer = setInterval(() => this.samples.push(loadavg()[0] ?? Number.NaN), intervalMs);
    this.timer.unref();
  }

  /** Stops sampling; returns the lines for the report. */
  stop(): string[] {
    clearInterval(this.timer);
    this.samples.push(loadavg()[0] ?? Number.NaN);
    const sorted = [...this.samples].sort((a, b) => a - b);
    const mid = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    const end = cpuJiffies();
    const cores = cpus().length;
    const span = this.start && end && end.total > this.start.total ? end.total - this.start.total : Number.NaN;
    const busy = this.start && end ? ((end.busy - this.start.busy) / span) * cores : Number.NaN;
    const steal = this.start && end ? (end.steal - this.start.steal) / span : Number.NaN;
    return [
      `before: ${this.before}`,
      `after:  ${uptimeLine()}`,
      `1-min load average during the run: min ${sorted[0]?.toFixed(2)}, median ${mid.toFixed(2)}, max ${sorted[sorted.length - 1]?.toFixed(2)} (${this.samples.length} samples); `
        + `CPU busy over the run, all processes including this bench: ${busy.toFixed(2)} of ${cores} cores; `
        + `stolen by the hypervisor: ${(steal * 100).toFixed(1)}% of CPU time`,
    ];
  }
}
