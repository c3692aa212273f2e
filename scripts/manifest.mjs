#!/usr/bin/env node
// The package.json that ships has no `prepare` script. In the repository `prepare` builds dist/
// on `npm ci`; in an installed package npm 11 lists a dependency's `prepare` among the install
// scripts "not yet covered by allowScripts" and warns on every install of graphc, though it never
// runs it there. So `npm pack` / `npm publish` strip it around packing (the pattern of `pinst`):
//   prepack:  node scripts/build.mjs && node scripts/manifest.mjs strip
//   postpack: node scripts/manifest.mjs restore
// `strip` keeps the exact original bytes beside package.json and `restore` puts them back, so the
// repository's package.json is unchanged after a pack (or after a failed one, by running restore).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const MANIFEST = 'package.json';
const SAVED = 'package.json.prepack';

/** The manifest text without the scripts only the repository needs. */
export function strippedManifest(text) {
  const pkg = JSON.parse(text);
  delete pkg.scripts?.prepare;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const command = process.argv[2];
if (import.meta.url === `file://${process.argv[1]}`) {
  if (command === 'strip') {
    const text = readFileSync(MANIFEST, 'utf8');
    if (!existsSync(SAVED)) writeFileSync(SAVED, text);
    writeFileSync(MANIFEST, strippedManifest(text));
  } else if (command === 'restore') {
    if (existsSync(SAVED)) renameSync(SAVED, MANIFEST);
  } else {
    process.stderr.write('usage: node scripts/manifest.mjs strip|restore\n');
    process.exit(2);
  }
}
