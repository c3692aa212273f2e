#!/usr/bin/env node
'use strict';
// The `graphc` binary, CommonJS so that a short command starts without Node's ES module loader.
// `--version` is answered here, before anything loads; `validate` and `summary` (without
// `--watch` or `--target`) run from the code-cached compile-only bundle
// (dist/cli/compile-only.cjs, see cli/code-cache.cjs); every other command, and any run the
// bundle cannot load for, runs from the ES module build, dist/cli/graphc.js (built by `npm ci`
// through `prepare`). In a checkout without dist/, the TypeScript sources run through tsx.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const args = process.argv.slice(2);
const dist = join(__dirname, '..', 'dist');

/** The compile-only bundle as the build described it, or null (no build, or an older one). */
function compileOnlyBundle() {
  try {
    const info = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')).compileOnly;
    return info && existsSync(join(dist, info.file)) ? join(dist, info.file) : null;
  } catch {
    return null;
  }
}

/** The bundle loaded through the code cache, or null when it cannot be (then the ES build runs). */
function loadBundle(cache, file) {
  try {
    return cache.loadCached(file, cache.cacheFolder());
  } catch {
    return null;
  }
}

/** `--help` compiles little: a cache saved from it would stay, accepted, and slow every later run. */
const representative = !args.some((a) => a === '--help' || a === '-h');

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The same text commander prints, from the same package.json.
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  const cache = args[0] === 'validate' || args[0] === 'summary' ? require('./code-cache.cjs') : null;
  const bundle = cache !== null && cache.compileOnlyCommand(args) ? compileOnlyBundle() : null;
  const loaded = bundle !== null ? loadBundle(cache, bundle) : null;
  if (loaded !== null) {
    // main() never rejects (it reports a graphc bug itself, exit 70). A successful run has
    // compiled what the command needs: that is the bytecode worth keeping.
    loaded.exports.main(args).then((code) => {
      if (code === 0 && representative) loaded.save();
    });
  } else if (existsSync(join(dist, 'cli', 'graphc.js'))) {
    void import(pathToFileURL(join(dist, 'cli', 'graphc.js')).href);
  } else {
    void import('tsx/esm/api').then(({ register }) => {
      register();
      return import(pathToFileURL(join(__dirname, 'graphc.ts')).href);
    });
  }
}
