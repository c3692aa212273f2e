// Whether a script module is the one node was asked to run (`node scripts/x.mjs`, `tsx scripts/x.ts`)
// rather than imported (by a test, a bench, another script). Compares URLs made by pathToFileURL:
// `file://${argv[1]}` never matches on Windows or a path with spaces or non-ASCII characters, and a
// script that silently does nothing there (a prepack that builds nothing) exits 0.
import { pathToFileURL } from 'node:url';

/** True when the module whose `import.meta.url` is given is the entry point of this process. */
export function isMain(moduleUrl) {
  const entry = process.argv[1];
  return entry !== undefined && moduleUrl === pathToFileURL(entry).href;
}
