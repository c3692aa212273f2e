/**
 * graphc's own package.json, read once: the version (`graphc --version`, the `convertedBy` of
 * saved models) and the peer-dependency ranges a missing-package diagnostic tells users to
 * install. package.json is the one place either is written.
 */
import { readFileSync } from 'node:fs';

/** The fields graphc reads from its package.json. */
export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  readonly peerDependencies: Readonly<Record<string, string>>;
}

let cached: PackageInfo | undefined;

/** How many folders up from this module package.json may be: the bundle nests chunks two deep. */
const MAX_LEVELS = 4;

/**
 * The package's manifest: the first `package.json` named `graphc` above this module. The module
 * is `compiler/package-info.ts` in a checkout and part of a bundled chunk under `dist/` when built
 * or installed (`dist/chunks/…` or an entry such as `dist/backends/tfjs/index.js`), so the
 * manifest is one to three folders up.
 */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let level = 1; level <= MAX_LEVELS; level++) {
    let text: string;
    try {
      text = readFileSync(new URL(`${'../'.repeat(level)}package.json`, import.meta.url), 'utf8');
    } catch {
      continue;
    }
    const json = JSON.parse(text) as Partial<PackageInfo>;
    if (json.name === 'graphc' && typeof json.version === 'string') {
      cached = { name: json.name, version: json.version, peerDependencies: json.peerDependencies ?? {} };
      return cached;
    }
  }
  throw new Error('graphc: package.json not found above the compiler (a broken install?)');
}

/** graphc's version, e.g. `0.2.0`. */
export function graphcVersion(): string {
  return packageInfo().version;
}
