// The folders below the CLI (training, data readers, weight readers, and io/ that they share
// with the CLI) never import from cli/: not statically, not with import(), not even a type.
// The scanner is checked on the CLI itself, which must be seen importing train/ and io/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Every `.ts` file under `folder`, recursively, as repo-relative paths. */
function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => normalize(join(e.parentPath, e.name)));
}

/** The repo-relative files `file` imports: `import`/`export ... from`, `import type`, `import('...')`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.[^']+)'/gm)].map((m) => m[1]!);
  return specs.map((s) => normalize(join(dirname(file), s)));
}

const LOWER = ['train', 'data', 'weights', 'io'];

test('train/, data/, weights/ and io/ import nothing from cli/', () => {
  const offending = LOWER.flatMap(sources).flatMap((f) => importsOf(f).filter((i) => i.startsWith('cli/')).map((i) => `${f} -> ${i}`));
  assert.deepEqual(offending, []);
  assert.ok(LOWER.flatMap(sources).length > 40, 'the folders were found');
});

test('the scanner sees the imports it must forbid (the CLI importing train/ and io/)', () => {
  const cli = sources('cli').flatMap(importsOf);
  assert.ok(cli.some((i) => i.startsWith('train/')), 'cli/ imports train/ (dynamically)');
  assert.ok(cli.some((i) => i === 'io/write-atomic.js'), 'cli/ writes through io/write-atomic');
  assert.ok(importsOf('cli/signals.ts').includes('io/interrupts.js'));
});
