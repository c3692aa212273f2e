/**
 * A bench worker process: one runtime (tfjs-wasm, tfjs-cpu or onnxruntime), its loaded subjects,
 * and a message loop answering the driver's requests one at a time. Started by `pool.ts`; not
 * meant to be run by hand. Heavy modules load lazily, so a `ready` measurement in a fresh worker
 * pays for them inside its timed phases.
 */
import type { TfNamespace } from '../../backends/tfjs/runtime.js';
import type { OnnxExports } from './ort-subjects.js';
import type { Operations, Request, Response, SubjectSpec, TimeResult, WorkerRuntime } from './protocol.js';
import type { Subject, TfjsModels } from './tfjs-subjects.js';

const subjects = new Map<string, Subject>();
let tf: TfNamespace | undefined;
let models: TfjsModels | undefined;
let exportsCache: OnnxExports | undefined;

function requireTf(): TfNamespace {
  if (!tf) throw new Error('setup must come first');
  return tf;
}

async function setup(runtime: WorkerRuntime): Promise<Operations['setup']['result']> {
  const { requireRuntime } = await import('../../backends/tfjs/runtime.js');
  // The ORT worker uses tfjs only to build the seeded weights: cpu needs no wasm heap.
  const selected = await requireRuntime(runtime === 'ort' ? 'cpu' : runtime);
  tf = selected.tf;
  const { TfjsModels } = await import('./tfjs-subjects.js');
  models = new TfjsModels(tf);
  let note = selected.note;
  if (selected.name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    note = `${note ? `${note}; ` : ''}XNNPACK threads: ${wasm.getThreadsCount()}`;
  }
  const name = runtime === 'ort' ? 'onnxruntime-node (weights built on tfjs-cpu)' : selected.name;
  return note === undefined ? { runtime: name } : { runtime: name, note };
}

async function load(spec: SubjectSpec): Promise<{ subject: Subject; note?: string }> {
  switch (spec.kind) {
    case 'tfjs': {
      const { tfjsSubject } = await import('./tfjs-subjects.js');
      const { model, note } = models!.model(spec.case, spec.model);
      const subject = tfjsSubject(requireTf(), model, spec.case);
      return note === undefined ? { subject } : { subject, note };
    }
    case 'ort': {
      const { OnnxExports, ortSubject } = await import('./ort-subjects.js');
      exportsCache ??= new OnnxExports(requireTf());
      return { subject: await ortSubject(exportsCache, spec.case, spec.config) };
    }
    case 'tfjs-matmul': {
      const { tfjsMatMulSubject } = await import('./tfjs-subjects.js');
      return { subject: tfjsMatMulSubject(requireTf(), spec.n) };
    }
    case 'ort-matmul': {
      const { ortMatMulSubject } = await import('./ort-subjects.js');
      return { subject: await ortMatMulSubject(spec.n, spec.threads) };
    }
  }
}

async function time(key: string, runs: number): Promise<TimeResult> {
  const subject = subjects.get(key);
  if (!subject) throw new Error(`no subject ${key}`);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await subject.run();
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    wall.push(t1 - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

async function unload(keys: string[]): Promise<null> {
  const freed = new Set<string>();
  for (const key of keys) {
    const subject = subjects.get(key);
    if (!subject) continue;
    await subject.dispose();
    subjects.delete(key);
    if (subject.modelKey !== undefined) freed.add(subject.modelKey);
  }
  const inUse = new Set([...subjects.values()].map((s) => s.modelKey));
  for (const key of freed) {
    if (inUse.has(key)) continue;
    models?.release(key);
    exportsCache?.release(key);
  }
  return null;
}

async function handle(request: Request): Promise<Operations[Request['op']]['result']> {
  switch (request.op) {
    case 'setup':
      return setup(request.args.runtime);
    case 'load': {
      const infos: Operations['load']['result'] = [];
      for (const spec of request.args.subjects) {
        const t0 = performance.now();
        const { subject, note } = await load(spec);
        subjects.set(spec.key, subject);
        const loadMs = performance.now() - t0;
        infos.push(note === undefined ? { key: spec.key, loadMs } : { key: spec.key, loadMs, note });
      }
      return infos;
    }
    case 'time':
      return time(request.args.key, request.args.runs);
    case 'output': {
      const subject = subjects.get(request.args.key);
      if (!subject) throw new Error(`no subject ${request.args.key}`);
      return subject.output();
    }
    case 'unload':
      return unload(request.args.keys);
    case 'ready': {
      const { measureReady } = await import('./ready.js');
      return measureReady(request.args.spec);
    }
  }
}

function reply(response: Response): void {
  process.send?.(response);
}

// One request at a time, in order: a timing must never overlap another request's work.
let queue: Promise<void> = Promise.resolve();
process.on('message', (request: Request) => {
  queue = queue.then(async () => {
    try {
      reply({ id: request.id, ok: true, result: await handle(request) });
    } catch (error) {
      const message = error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack}` : ''}` : String(error);
      reply({ id: request.id, ok: false, error: message });
    }
  });
});
process.on('disconnect', () => {
  void queue.then(() => process.exit(0));
});
