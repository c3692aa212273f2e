#!/usr/bin/env node
// The `graphc` binary: runs the compiled CLI from dist/ (built by `npm ci` through `prepare`);
// in a checkout without dist/ it falls back to running the TypeScript sources through tsx.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before anything loads: the same text commander prints, from the same package.json.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const compiled = fileURLToPath(new URL('../dist/cli/graphc.js', import.meta.url));
  if (existsSync(compiled)) {
    await import(pathToFileURL(compiled).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('./graphc.ts');
  }
}
