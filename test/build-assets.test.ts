/**
 * dist/ is built by `npm ci` (prepare → scripts/build.mjs). Data files the code reads next to
 * itself (`new URL('./file', import.meta.url)`) must be copied there, or the installed CLI fails
 * where the sources (run by the tests through tsx) work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('every data file read beside a module is copied into dist/ by scripts/build.mjs', () => {
  const build = readFileSync('scripts/build.mjs', 'utf8');
  const read: string[] = [];
  // The shipped folders are tsconfig.build.json's `include`: a new top-level folder is covered here too.
  const include = (JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] }).include;
  for (const file of include.flatMap((d) => (statSync(d).isDirectory() ? sources(d) : [d]))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/new URL\('\.\/([^']+)', import\.meta\.url\)/g)) {
      if (!m[1]!.endsWith('.js')) read.push(join(dirname(file), m[1]!));
    }
  }
  assert.ok(read.includes('backends/onnx/onnx.proto'));
  for (const asset of read) assert.ok(build.includes(`'${asset}'`), `${asset} is not copied to dist/`);
});
