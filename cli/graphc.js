#!/usr/bin/env node
// The `graphc` binary: runs the compiled CLI from dist/ (built by `npm ci` through `prepare`);
// in a checkout without dist/ it falls back to running the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/graphc.js', import.meta.url));
if (existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./graphc.ts');
}
