/**
 * dist/ is a bundle (scripts/build.mjs, run by `npm ci` through `prepare`): one entry per
 * `exports` path and the CLI, shared code in dist/chunks/. What that requires of the sources and
 * of the build, checked without running the build (the package-install test runs it):
 * - no shipped module reads a data file beside itself (`new URL('./x', import.meta.url)`): in the
 *   bundle there is no per-source folder for such a file to sit in;
 * - the entry points are exactly the package's exports plus the CLI;
 * - a library inlined into the bundle is a devDependency (not installed twice), every other
 *   runtime import stays external, and the inlined licences are carried.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error -- a plain ES module script without declarations
import { entryPoints, INLINED } from '../scripts/build.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('no shipped module reads a data file beside itself', () => {
  const include = (JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] }).include;
  const reads: string[] = [];
  for (const file of include.flatMap((d) => (statSync(d).isDirectory() ? sources(d) : [d]))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/new URL\('(\.{1,2}\/[^']+)', import\.meta\.url\)/g)) reads.push(`${file}: ${m[1]!}`);
  }
  assert.deepEqual(reads, []);
});

test('the bundle has one entry per export and one for the CLI, each from its source', () => {
  const entries = entryPoints(pkg) as Record<string, string>;
  const expected: Record<string, string> = { 'cli/graphc': 'cli/graphc.ts' };
  for (const target of Object.values(pkg.exports)) {
    if (typeof target === 'string') continue;
    expected[target['default']!.replace(/^\.\/dist\//, '').replace(/\.js$/, '')] = target['graphc-source']!.replace(/^\.\//, '');
  }
  assert.deepEqual(entries, expected);
  for (const source of Object.values(entries)) assert.ok(existsSync(source), `${source} does not exist`);
  assert.ok(Object.keys(entries).length >= 8);
});

test('inlined libraries are devDependencies with a licence file; the bin needs none of them', () => {
  for (const name of INLINED as string[]) {
    assert.ok(pkg.devDependencies[name], `${name} is bundled, so it belongs in devDependencies`);
    assert.equal(pkg.dependencies[name], undefined, `${name} is bundled and also installed`);
    assert.ok(['LICENSE', 'LICENSE.md', 'license'].some((f) => existsSync(join('node_modules', name, f))), `${name} has no licence file to carry`);
  }
  for (const file of ['cli/graphc.cjs', 'cli/code-cache.cjs']) {
    const bin = readFileSync(file, 'utf8');
    for (const name of INLINED as string[]) assert.ok(!bin.includes(`'${name}'`), `${file} imports ${name}`);
  }
});
