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

/**
 * The package's manifest. This module is `compiler/package-info.ts` in a checkout and
 * `dist/compiler/package-info.js` when built or installed, so package.json is one or two folders
 * up; the first one named `graphc` wins.
 */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (const up of ['../package.json', '../../package.json']) {
    let text: string;
    try {
      text = readFileSync(new URL(up, import.meta.url), 'utf8');
    } catch {
      continue;
    }
    const json = JSON.parse(text) as Partial<PackageInfo>;
    if (json.name === 'graphc' && typeof json.version === 'string') {
      cached = { name: json.name, version: json.version, peerDependencies: json.peerDependencies ?? {} };
      return cached;
    }
  }
  throw new Error('graphc: package.json not found next to the compiler (a broken install?)');
}

/** graphc's version, e.g. `0.2.0`. */
export function graphcVersion(): string {
  return packageInfo().version;
}
