#!/usr/bin/env node
// Builds dist/, the code the package ships: compiles the TypeScript folders listed in
// tsconfig.build.json `include` (the one list of shipped source folders: a new top-level folder
// is added there) and copies the data files the compiled code reads at run time. Run by `npm ci`
// and `npm pack` through `prepare`. dist/ is emptied first so a file deleted from the sources
// cannot linger in a published tarball.
import { cpSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** Data files read beside a module at run time (`readFileSync(new URL(..., import.meta.url))`). */
export const ASSETS = ['backends/onnx/onnx.proto'];

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  rmSync('dist', { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  for (const asset of ASSETS) cpSync(asset, `dist/${asset}`);
}
