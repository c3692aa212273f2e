/**
 * The package as a user gets it: `npm pack` of a staged copy (the bundled dist/ copied when fresh, else built there),
 * then the tarball's contents, then an install into a fresh folder from the npm registry (the local npm cache first:
 * `--prefer-offline`). First graphc alone: `npx graphc --version | validate | summary | build`,
 * a missing peer reported as GC0040/GC0041, the root import without TensorFlow.js, and the size.
 * Then with the peers a full build needs (tfjs, ts-morph): every target, and a consumer ESM
 * TypeScript file compiled with `tsc --strict` (NodeNext) against the installed types and run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = process.cwd();
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  files: string[];
  devDependencies: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};
const BASE_LIMIT_MB = 60;

/** The environment without `npm test`'s npm_* variables, which would point npm back at the repo. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

function run(cmd: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} exited ${String(r.status)}\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** `npm install`; npm's own warnings about graphc (an install script, a config key) are failures. */
function npmInstall(cwd: string, specs: readonly string[]): void {
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], cwd);
  ok(r, `npm install ${specs.join(' ')}`);
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('npm warn') && l.includes('graphc'));
  assert.deepEqual(warnings, [], 'npm warned while installing graphc');
}

/** Every file under `dir`, relative to `base`, with `/` separators. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? walk(p, base) : [relative(base, p).split('\\').join('/')];
  });
}

function sizeMb(dir: string): number {
  return walk(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0) / 1e6;
}

/** The shipped source folders: tsconfig.build.json's `include`, the list the build compiles. */
function shippedSources(): string[] {
  const include = (JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] }).include;
  return include.flatMap((d) => (statSync(d).isDirectory() ? walk(d).map((f) => `${d}/${f}`) : [d]));
}

/**
 * What the tarball must hold: the bundle's entries (every export and the CLI) and chunks as the
 * build lists them, a declaration file for every source, and the package's own files.
 */
function expectedEntries(stage: string): string[] {
  const out = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'spec/graphc.schema.json', 'cli/graphc.cjs', 'cli/graphc.js', 'cli/code-cache.cjs', 'dist/THIRD-PARTY-LICENSES.md', 'dist/build-info.json', 'dist/cli/graphc.js'];
  for (const file of shippedSources()) if (file.endsWith('.ts')) out.push(`dist/${file.replace(/\.ts$/, '.d.ts')}`);
  const built = JSON.parse(readFileSync(join(stage, 'dist/build-info.json'), 'utf8')) as { outputs: string[] };
  out.push(...built.outputs);
  for (const f of readdirSync('architectures')) out.push(`architectures/${f}`);
  return out;
}

/**
 * True when dist/ was built from the current sources (`npm ci` just ran `prepare`): then `npm pack`
 * can skip the rebuild. The build writes dist/build-info.json last: any shipped source, or the
 * build's own inputs, newer than it means a rebuild.
 */
function distIsFresh(): boolean {
  const stamp = 'dist/build-info.json';
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  const inputs = [...shippedSources(), 'package.json', 'scripts/build.mjs', 'tsconfig.json', 'tsconfig.build.json'];
  return inputs.every((f) => statSync(f).mtimeMs <= built);
}

/**
 * A private copy of what `npm pack` reads, with dist/ copied when it is fresh and built there
 * otherwise: the suite's other tests (which run beside this one) keep using the repository's
 * dist/ untouched — rebuilding it in place while they run broke them.
 */
function stagePackage(work: string): string {
  const stage = join(work, 'stage');
  const include = (JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] }).include;
  const parts = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'tsconfig.json', 'tsconfig.build.json', 'scripts', 'architectures', 'spec', 'cli', ...include]);
  for (const p of parts) cpSync(p, join(stage, p), { recursive: true });
  symlinkSync(resolve('node_modules'), join(stage, 'node_modules'), 'dir');
  if (distIsFresh()) cpSync('dist', join(stage, 'dist'), { recursive: true });
  else ok(run(process.execPath, ['scripts/build.mjs'], stage), 'build dist/ in the staging folder');
  // What `prepack` does after the build (the pack below runs with --ignore-scripts).
  ok(run(process.execPath, ['scripts/manifest.mjs', 'strip'], stage), 'strip the manifest');
  return stage;
}

test('npm pack + npm install: the installed graphc works with and without its optional peers', { timeout: 900_000 }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'graphc-pack-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  let tarball = '';

  await t.test('the tarball holds the bundle, the declarations, and nothing of the repo', () => {
    const stage = stagePackage(work);
    const packed = JSON.parse(ok(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], stage), 'npm pack')) as [{ filename: string; files: { path: string }[] }];
    tarball = join(work, packed[0].filename);
    const entries = new Set(packed[0].files.map((f) => f.path));
    const missing = expectedEntries(stage).filter((e) => !entries.has(e));
    assert.deepEqual(missing, [], 'files missing from the tarball');
    const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts[script], undefined, `the packed package.json has a ${script} script`);
    const stray = [...entries].filter((e) => /^(test|bench|scripts|examples|docs|\.ci|node_modules|build)\//.test(e) || (e.endsWith('.ts') && !e.endsWith('.d.ts')));
    assert.deepEqual(stray, [], 'repository files in the tarball');
    for (const [name, target] of Object.entries(pkg.exports)) {
      const paths = typeof target === 'string' ? [target] : Object.entries(target).filter(([c]) => c !== 'graphc-source').map(([, p]) => p);
      for (const p of paths) assert.ok(entries.has(p.replace(/^\.\//, '')), `export ${name} points at ${p}, which is not packed`);
    }
  });

  const app = join(work, 'app');
  const graphc = (...args: string[]): SpawnSyncReturns<string> => run('npx', ['--no-install', 'graphc', ...args], app);
  const resnet50 = 'node_modules/graphc/architectures/resnet50.yaml';
  const cifar = ['node_modules/graphc/architectures/cifar_resnet.yaml', '--variant', 'resnet20'];

  await t.test('graphc alone: validate, summary, diagram build; a missing peer is a diagnostic naming it', () => {
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true, "type": "module" }\n');
    npmInstall(app, [tarball]);
    const size = sizeMb(join(app, 'node_modules'));
    assert.ok(size < BASE_LIMIT_MB, `graphc alone installs ${size.toFixed(1)} MB, over ${BASE_LIMIT_MB} MB`);
    for (const peer of ['@tensorflow/tfjs', 'onnxruntime-node', 'ts-morph']) assert.ok(!existsSync(join(app, 'node_modules', peer)), `${peer} was installed`);

    const version = graphc('--version');
    assert.equal(ok(version, 'graphc --version').trim(), pkg.version);
    assert.equal(version.stderr, '', 'npx graphc --version printed warnings');
    // validate and summary run from the code-cached bundle: the first run writes the cache, the
    // second reads it and prints the same.
    const cacheDir = join(work, 'code-cache');
    env['GRAPHC_CODE_CACHE'] = cacheDir;
    const validated = ok(graphc('validate', resnet50), 'validate');
    assert.match(validated, /ok \(ResNet50, 177 layers, 23,600,006 parameters\)/);
    assert.deepEqual(readdirSync(cacheDir).filter((f) => f.endsWith('.v8')).length, 1, 'validate wrote no code cache');
    assert.equal(ok(graphc('validate', resnet50), 'validate from the code cache'), validated);
    assert.match(ok(graphc('summary', resnet50), 'summary'), /Total params: 23,600,006/);
    // The bundle prints what the ES module build prints, byte for byte, exit code included.
    const esm = (...args: string[]): SpawnSyncReturns<string> => run(process.execPath, ['node_modules/graphc/dist/cli/graphc.js', ...args], app);
    for (const line of [['validate', resnet50, '--json'], ['summary', ...cifar, '--json'], ['summary', resnet50, '--set', 'classes=0'], ['validate'], ['summary', '--help']]) {
      const [a, b] = [graphc(...line), esm(...line)];
      assert.deepEqual([a.status, a.stdout, a.stderr], [b.status, b.stdout, b.stderr], `graphc ${line.join(' ')}: the bundle and the ES module build differ`);
    }
    // --target runs from the ES module build (the ts check loads its backend): a missing ts-morph is GC0040.
    const tsCheck = graphc('validate', resnet50, '--target', 'ts');
    assert.equal(tsCheck.status, 1, tsCheck.stderr);
    assert.match(tsCheck.stderr, /error GC0040: the ts target needs the package `ts-morph`/);
    const invalid = graphc('validate', 'node_modules/graphc/package.json');
    assert.equal(invalid.status, 1, invalid.stderr);
    assert.match(invalid.stderr, /error GC\d{4}/);

    const build = graphc('build', ...cifar, '--out', 'out-base');
    assert.match(ok(build, 'build'), /diagrams\/overview\.svg/);
    for (const [target, peer] of [['tfjs', '@tensorflow/tfjs'], ['ts', 'ts-morph'], ['onnx', '@tensorflow/tfjs']]) {
      assert.ok(build.stderr.includes(`warning GC0041: skipped the ${target} target: it needs the package \`${peer}\``), build.stderr);
    }
    const tfjs = graphc('build', ...cifar, '--target', 'tfjs', '--out', 'out-tfjs');
    assert.equal(tfjs.status, 1);
    assert.match(tfjs.stderr, /error GC0040: the tfjs target needs the package `@tensorflow\/tfjs`, which is not installed\n  hint: install it beside graphc: npm install "@tensorflow\/tfjs@\^4\.22\.0"/);
    assert.ok(!existsSync(join(app, 'out-tfjs')), 'a failed build wrote files');
    const runTfjs = graphc('run', ...cifar);
    assert.equal(runTfjs.status, 1, runTfjs.stderr);
    assert.match(runTfjs.stderr, /error GC0040: `graphc run` needs the package `@tensorflow\/tfjs`/);

    // The root export is the compiler: it imports and compiles with no runtime installed.
    const script = `import { compileFile, OPS } from 'graphc'; const r = compileFile('${resnet50}'); console.log(r.graph.totals.params, OPS.size > 0);`;
    assert.equal(ok(run(process.execPath, ['--input-type=module', '-e', script], app), 'import graphc').trim(), '23600006 true');
  });

  await t.test('with the tfjs and ts-morph peers: every target builds, and a strict TypeScript consumer compiles and runs', () => {
    const peers = ['@tensorflow/tfjs', 'ts-morph', '@types/node'].map((p) => `${p}@${pkg.devDependencies[p]!}`);
    npmInstall(app, peers);
    const build = graphc('build', ...cifar, '--out', 'out-full');
    const written = ok(build, 'build');
    assert.doesNotMatch(build.stderr, /GC0041/);
    for (const file of ['model.json', 'weights.bin', 'ResNet20.ts', 'model.onnx', 'diagrams/overview.svg']) {
      assert.ok(written.includes(`out-full/${file}`), `build did not write ${file}:\n${written}`);
    }
    const onnx = graphc('run', ...cifar, '--runtime', 'onnx', '--repeat', '0');
    assert.equal(onnx.status, 1, onnx.stderr);
    assert.match(onnx.stderr, /error GC0040: the onnx runtime needs the package `onnxruntime-node`/);

    writeFileSync(join(app, 'consumer.ts'), [
      "import * as tf from '@tensorflow/tfjs';",
      "import { compileFile, formatSummary, graphcVersion, OPS, type Graph } from 'graphc';",
      "import { buildModel, selectRuntime } from 'graphc/tfjs';",
      "import { drawDiagram } from 'graphc/diagram';",
      "import { exportOnnx, type OnnxRunOptions } from 'graphc/onnx';",
      "import { emitTypeScript } from 'graphc/typescript';",
      '',
      `const result = compileFile('${cifar[0]!}', { variant: 'resnet20' });`,
      "if (!result.graph || !result.program) throw new Error('compile failed');",
      'const graph: Graph = result.graph;',
      "const runtime = await selectRuntime('cpu');",
      "if (!runtime.ok) throw new Error(runtime.message);",
      'const model = buildModel(graph, tf);',
      "const options: OnnxRunOptions = { threads: 1 };",
      'console.log(JSON.stringify({',
      '  version: graphcVersion(),',
      "  ops: OPS.has('Conv2D'),",
      '  params: graph.totals.params,',
      '  tfjs: model.countParams(),',
      "  summary: formatSummary(graph).includes('Total params'),",
      "  dot: drawDiagram(graph, result.program, { kind: 'overview' }).startsWith('digraph'),",
      "  ts: emitTypeScript(result.program, graph, 'model.yaml').fileName,",
      '  onnx: typeof exportOnnx === \'function\' && options.threads,',
      '}));',
      '',
    ].join('\n'));
    writeFileSync(join(app, 'compiler-only.ts'), "import { compileFile, type CompileResult } from 'graphc';\nexport const r: CompileResult = compileFile('m.yaml');\n");
    const tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
    const flags = ['--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--types', 'node'];
    // graphc's root declarations pass a full check, library files included...
    ok(run(process.execPath, [tsc, ...flags, '--noEmit', 'compiler-only.ts'], app), 'tsc --strict compiler-only.ts');
    // ...but @tensorflow/tfjs 4.22's own .d.ts files do not (TS2411, TS2420 inside tfjs-layers),
    // so a consumer of graphc/tfjs needs skipLibCheck, as tfjs users do anyway.
    ok(run(process.execPath, [tsc, ...flags, '--skipLibCheck', '--outDir', 'out-ts', 'consumer.ts'], app), 'tsc --strict consumer.ts');
    const printed = JSON.parse(ok(run(process.execPath, ['out-ts/consumer.js'], app), 'node consumer.js')) as Record<string, unknown>;
    assert.deepEqual(printed, { version: pkg.version, ops: true, params: 271098, tfjs: 271098, summary: true, dot: true, ts: 'ResNet20.ts', onnx: 1 });
  });
});
