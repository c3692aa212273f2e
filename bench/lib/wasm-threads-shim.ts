/**
 * UNSUPPORTED, for measurement only: what it takes to run tfjs-backend-wasm 4.22's threaded build
 * in Node without editing node_modules. graphc never uses this; `bench/wasm-threads.ts` uses it to
 * put a number on the gain that a supported route would bring. Three obstacles, each patched here:
 *
 * 1. The flag `WASM_HAS_MULTITHREAD_SUPPORT` is hard-wired to false in Node (tfjs issue #3830).
 *    Setting it with `tf.env().set` is public API, but then:
 * 2. the backend hands Emscripten the pthread worker script as a `blob:` URL
 *    (`URL.createObjectURL(new Blob(...))`), which Node's `worker_threads.Worker` rejects
 *    (ERR_WORKER_PATH); the main script goes to the workers as a Blob whose text is the factory's
 *    source, which in the Node bundle refers to bundler variables (`require$$0`, `commonjsGlobal`)
 *    that do not exist in a worker. Patched: a recording `Blob`, a `createObjectURL` that writes
 *    the script to a temporary file, and a worker prelude that defines those variables.
 * 3. The C++ side caps the pool at `emscripten_num_logical_cores() / 2` (it assumes two hardware
 *    threads per core), i.e. `os.cpus().length / 2` = 1 on a 2-vCPU machine, whatever
 *    `setThreadsCount` asks. Patched: `os.cpus()` reports twice the real count.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Installs the patches; call before tfjs-backend-wasm initialises. Returns a cleanup function. */
export function installWasmThreadsShim(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-wasm-threads-'));
  let mainScript = '';
  const NativeBlob = globalThis.Blob;
  class RecordingBlob extends NativeBlob {
    readonly source: string;
    constructor(parts: BlobPart[] = [], options?: BlobPropertyBag) {
      super(parts, options);
      this.source = parts.map((p) => (typeof p === 'string' ? p : '')).join('');
      if (this.source.startsWith('var WasmBackendModuleThreadedSimd')) {
        mainScript = join(dir, 'main.cjs');
        writeFileSync(mainScript, this.source);
      }
    }
  }
  globalThis.Blob = RecordingBlob;
  const nativeCreate = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (object: Blob): string => {
    if (!(object instanceof RecordingBlob) || !object.source.includes('ENVIRONMENT_IS_NODE')) return nativeCreate(object);
    const prelude = 'Object.assign(globalThis, { require$$0: require("fs"), require$$1: require("path"), '
      + 'require$$3: require("perf_hooks"), require$$4: require("os"), commonjsGlobal: globalThis });\n'
      + `URL.createObjectURL = () => ${JSON.stringify(mainScript)}; URL.revokeObjectURL = () => {};\n`;
    const worker = join(dir, 'worker.cjs');
    writeFileSync(worker, prelude + object.source);
    return worker;
  };
  const os = createRequire(import.meta.url)('node:os') as typeof import('node:os');
  const realCpus = os.cpus.bind(os);
  os.cpus = () => [...realCpus(), ...realCpus()];
  return () => rmSync(dir, { recursive: true, force: true });
}
