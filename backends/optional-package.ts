/**
 * The heavy runtimes graphc can use but does not install: TensorFlow.js, its wasm backend,
 * tfjs-node, onnxruntime-node and ts-morph are optional peer dependencies (package.json). Their
 * modules are imported only when a target or command needs them; when one is missing, the
 * import's "Cannot find package" error becomes a {@link MissingPackageError}, which the CLI
 * prints as GC0040 naming the package and the range to install.
 */
import { packageInfo } from '../compiler/package-info.js';

/** A module graphc needs is not installed. */
export class MissingPackageError extends Error {
  /**
   * @param packageName the npm package to install, e.g. `@tensorflow/tfjs`
   * @param neededBy what needs it, e.g. `the tfjs target`
   */
  constructor(
    readonly packageName: string,
    readonly neededBy: string,
  ) {
    super(`${neededBy} needs the package \`${packageName}\`, which is not installed`);
    this.name = 'MissingPackageError';
  }

  /** The command that installs it, with the version range graphc supports. */
  get installCommand(): string {
    return installCommand(this.packageName);
  }
}

/** `npm install "<pkg>@<range>"`, the range being graphc's declared peer range. */
export function installCommand(packageName: string): string {
  const range = packageInfo().peerDependencies[packageName];
  return `npm install ${JSON.stringify(range === undefined ? packageName : `${packageName}@${range}`)}`;
}

/** `@scope/name` or `name` of a bare specifier (`ts-morph/dist/x.js` -> `ts-morph`). */
function packageOfSpecifier(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * The optional peer a module-resolution error is about, or undefined for any other error (a
 * missing file of graphc itself is a bug, not a missing install, and must not be disguised).
 */
export function missingPeerOf(error: unknown): string | undefined {
  if (error instanceof MissingPackageError) return error.packageName;
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined;
  // Node's ESM message: Cannot find package 'x' imported from ...; CommonJS: Cannot find module 'x'.
  const specifier = /Cannot find (?:package|module) '([^']+)'/.exec(error.message)?.[1];
  if (specifier === undefined || specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  const name = packageOfSpecifier(specifier);
  return Object.hasOwn(packageInfo().peerDependencies, name) ? name : undefined;
}

/**
 * Runs `load` (a dynamic `import()`); a missing optional peer becomes a
 * {@link MissingPackageError} saying that `neededBy` needs it. Other errors pass through.
 */
export async function importOptional<T>(neededBy: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const missing = missingPeerOf(error);
    if (missing === undefined || error instanceof MissingPackageError) throw error;
    throw new MissingPackageError(missing, neededBy);
  }
}
