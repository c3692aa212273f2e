#!/usr/bin/env node
// The package.json that ships has no `prepare` script. In the repository `prepare` builds dist/
// on `npm ci`; npm 11.19 lists the `prepare` of a package installed from a tarball (or git, or a
// folder) among the install scripts "not yet covered by allowScripts" and warns, though it never
// runs it there. So `npm pack` / `npm publish` strip it around packing (the pattern of `pinst`).
// (`npm publish` sends the registry the manifest it read after postpack, with `prepare`; npm does
// not list a registry package's `prepare`, so that is harmless.)
//   prepack:  node scripts/build.mjs && node scripts/manifest.mjs strip
//   postpack: node scripts/manifest.mjs restore
// `strip` keeps the exact original bytes beside package.json and `restore` puts them back, so the
// repository's package.json is unchanged after a pack (or after a failed one, by running restore).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isMain } from './is-main.mjs';

const MANIFEST = 'package.json';
const SAVED = 'package.json.prepack';

/** The manifest text without the scripts only the repository needs. */
export function strippedManifest(text) {
  const pkg = JSON.parse(text);
  delete pkg.scripts?.prepare;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const command = process.argv[2];
if (isMain(import.meta.url)) {
  if (command === 'strip') {
    const text = readFileSync(MANIFEST, 'utf8');
    // Save the manifest unless it is already stripped (a pack that failed before postpack): a
    // saved copy older than a manifest that has `prepare` again is stale and is replaced, so a
    // later restore cannot bring back an old version.
    if (JSON.parse(text).scripts?.prepare !== undefined || !existsSync(SAVED)) writeFileSync(SAVED, text);
    writeFileSync(MANIFEST, strippedManifest(text));
  } else if (command === 'restore') {
    if (existsSync(SAVED)) renameSync(SAVED, MANIFEST);
  } else {
    process.stderr.write('usage: node scripts/manifest.mjs strip|restore\n');
    process.exit(2);
  }
}
