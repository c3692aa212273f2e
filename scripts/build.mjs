#!/usr/bin/env node
// Builds dist/, the code the package ships. Run by `npm ci` and `npm pack` through `prepare`.
//
// - JavaScript: esbuild bundles each entry point (the `exports` of package.json, and the CLI) with
//   code splitting, so shared code sits in one chunk under dist/chunks/ and each command module
//   or runtime stays behind its lazy `import()`. Loading ~150 small ES modules cost more start-up
//   time than the code in them (module resolution and compilation, measured by bench/startup.ts);
//   a few larger files load in a fraction of it. The small pure-JS libraries every command needs
//   (INLINED) are bundled in; every other package stays an import of node_modules, so the optional
//   peers (tfjs, onnxruntime-node, ts-morph) are still found, or reported missing, at run time.
// - dist/cli/compile-only.cjs: `validate` and `summary` (cli/compile-only.ts) once more, as one
//   CommonJS file the bin runs through V8's code cache (cli/code-cache.cjs). The backends' lazy
//   imports, which those commands never reach, are stubs that throw, so the file holds no
//   backend and loads no optional package.
// - Types: tsc emits declarations only, one .d.ts per source as before (the `types` of `exports`).
// - dist/THIRD-PARTY-LICENSES.md carries the licences of the inlined libraries.
// - dist/build-info.json, written last, lists the outputs; its presence says the build finished.
//
// dist/ is emptied first so a file deleted from the sources cannot linger in a published tarball.
// The output is deterministic: the same sources give byte-identical files.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isMain } from './is-main.mjs';

const require = createRequire(import.meta.url);

/** Pure-JS libraries bundled into dist/ (so they are devDependencies): loaded by nearly every command. */
export const INLINED = ['yaml', 'js-yaml', 'commander', 'picocolors'];

/** The compile-only bundle: its source entry and its output, relative to dist/. */
export const COMPILE_ONLY = { entry: 'cli/compile-only.ts', file: 'cli/compile-only.cjs' };

/**
 * An esbuild plugin for the compile-only bundle: every `import()` becomes a module that throws,
 * so the lazily loaded backends stay out, and no dynamic import is left (Node 20 cannot run one
 * in a script loaded from a code cache). The commands it holds never reach one: the bin sends
 * `--watch` (chokidar) and `--target` (the ts target's check loads its backend) to the ES module
 * build.
 */
const stubLazyImports = {
  name: 'stub-lazy-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (a) => (a.kind === 'dynamic-import' ? { path: `${a.importer}:${a.path}`, namespace: 'graphc-stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'graphc-stub' }, (a) => ({
      contents: `throw new Error(${JSON.stringify(`graphc: internal error: the compile-only bundle has no ${a.path.replace(/^.*:/, '')}`)});`,
      loader: 'js',
    }));
  },
};

/** The CLI's entry, beside the package's `exports`. */
const CLI_ENTRY = { 'cli/graphc': 'cli/graphc.ts' };

/** esbuild entry points, `{ 'backends/tfjs/index': 'backends/tfjs/index.ts', … }`, from package.json. */
export function entryPoints(pkg) {
  const entries = { ...CLI_ENTRY };
  for (const target of Object.values(pkg.exports)) {
    if (typeof target !== 'object' || !target['graphc-source']) continue;
    const out = target.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '');
    entries[out] = target['graphc-source'].replace(/^\.\//, '');
  }
  return entries;
}

/** Every package graphc may import at run time, except the inlined ones: left as imports. */
function externals(pkg) {
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  return names.filter((n) => !INLINED.includes(n)).flatMap((n) => [n, `${n}/*`]);
}

/**
 * The folder of an installed package, wherever npm put it (hoisted or not): up from its entry
 * file to the package.json that names it. Not require.resolve('x/package.json'): packages with
 * `exports` need not expose it.
 */
function packageDir(name) {
  let dir = dirname(require.resolve(name));
  for (let up = 0; up < 8; up++, dir = dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === name) return dir;
    } catch {
      // no package.json at this level
    }
  }
  throw new Error(`build: cannot find the folder of ${name}`);
}

/** The licence text of each inlined package, for dist/THIRD-PARTY-LICENSES.md. */
function thirdPartyLicenses() {
  const parts = ['# Third-party code bundled into graphc\'s dist/', ''];
  for (const name of INLINED) {
    const dir = packageDir(name);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = ['LICENSE', 'LICENSE.md', 'license'].map((f) => join(dir, f)).find((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });
    if (!file) throw new Error(`build: ${name} has no LICENSE file to carry into dist/`);
    parts.push(`## ${name} ${meta.version} (${meta.license})`, '', '```', readFileSync(file, 'utf8').trim(), '```', '');
  }
  return parts.join('\n');
}

async function main() {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  rmSync('dist', { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const types = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], { stdio: 'inherit' });
  if (types.status !== 0) process.exit(types.status ?? 1);
  const { build } = await import('esbuild');
  // What both builds share: one bundle per entry for Node 20, the optional peers left as imports,
  // whitespace and syntax minification only (names stay readable in stack traces and profiles).
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: externals(pkg),
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  };
  const result = await build({
    ...common,
    entryPoints: entryPoints(pkg),
    outdir: 'dist',
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // The inlined libraries are CommonJS and require Node's built-ins: give the ES chunks a `require`.
    banner: { js: "import { createRequire as __graphcCreateRequire } from 'node:module'; const require = __graphcCreateRequire(import.meta.url);" },
  });
  const compileOnly = await build({
    ...common,
    entryPoints: [COMPILE_ONLY.entry],
    outfile: `dist/${COMPILE_ONLY.file}`,
    format: 'cjs',
    // cli/code-cache.cjs passes the file's URL under this name (CommonJS has no import.meta).
    define: { 'import.meta.url': '__graphcImportMetaUrl' },
    plugins: [stubLazyImports],
  });
  // The plugin sees only imports of literal paths; an `import(expression)` would be left in the text.
  if (/\bimport\(/.test(readFileSync(`dist/${COMPILE_ONLY.file}`, 'utf8'))) throw new Error('build: the compile-only bundle still has a dynamic import()');
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/THIRD-PARTY-LICENSES.md', thirdPartyLicenses());
  const outputs = [...Object.keys(result.metafile.outputs), ...Object.keys(compileOnly.metafile.outputs)].map((f) => f.replace(/\\/g, '/')).sort();
  // The bin finds the compile-only bundle here (and keys its code cache by the file's own hash).
  writeFileSync('dist/build-info.json', `${JSON.stringify({ inlined: INLINED, outputs, compileOnly: { file: COMPILE_ONLY.file } }, null, 2)}\n`);
}

if (isMain(import.meta.url)) await main();
