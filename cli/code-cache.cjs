'use strict';
/**
 * Runs a CommonJS bundle through V8's code cache: the bytecode of every function a run compiled
 * is saved once, and later processes start from it instead of parsing and compiling the source
 * again (about half of a short command's own time). Node 22 offers this as
 * `module.enableCompileCache()`; graphc supports Node 20, so it does the same with `vm.Script`'s
 * `cachedData`. The bundle must not `import()` (the build checks): a function compiled from a
 * Node 20 code cache has lost the callback a dynamic import needs.
 *
 * Safe by construction: a cache is keyed by the SHA-256 of the source as read (V8 itself checks
 * only its length), the Node version and the architecture, and V8 rejects data from another V8
 * or other flags (the source is then compiled as usual and the cache rewritten). The data is
 * bytecode that will run, so on POSIX a cache is read only from a folder and a file that belong
 * to the user and that nobody else may write. Writing is atomic (a temporary file renamed into
 * place) and best-effort: a read-only or missing cache folder only costs the speed-up. A folder
 * keeps the 8 most recently used caches of the bundle (graphc versions, Node versions).
 *
 * Where: `GRAPHC_CODE_CACHE` (a folder; `0`, `off` or `false` turns the cache off), else the
 * platform's user cache folder (`$XDG_CACHE_HOME/graphc` or `~/.cache/graphc`,
 * `~/Library/Caches/graphc`, `%LOCALAPPDATA%\graphc\Cache`).
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

/** The cache folder for this environment, or null when the cache is off. */
function cacheFolder(env = process.env, platform = process.platform) {
  const setting = env.GRAPHC_CODE_CACHE;
  if (setting !== undefined && setting !== '') return /^(0|off|false)$/i.test(setting) ? null : path.resolve(setting);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'graphc', 'Cache');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'graphc');
  // The XDG spec: a relative XDG_CACHE_HOME is invalid and ignored.
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : null;
  return path.join(xdg ?? path.join(home, '.cache'), 'graphc');
}

/**
 * Whether the compile-only bundle can run this command line: `validate` or `summary`, without
 * `--watch` (it imports chokidar) or `--target` (the ts target's check loads its backend). The
 * bundle has no dynamic import, those stay with the ES module build: Node 20 cannot run one in a
 * script loaded from a code cache. Options after `--` are file names.
 */
function compileOnlyCommand(args) {
  if (args[0] !== 'validate' && args[0] !== 'summary') return false;
  const end = args.indexOf('--');
  return !(end === -1 ? args : args.slice(0, end)).some((a) => a === '--watch' || a === '--target' || a.startsWith('--target='));
}

/** Caches of one bundle kept in a folder: other graphc versions' (other projects) stay too. */
const KEEP = 8;

/** A temporary file this old was left by a process that died between write and rename. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/**
 * Removes the least recently used caches of the bundle named by `prefix` beyond {@link KEEP}
 * (a cache is touched when used), and its stale temporary files; best-effort.
 */
function pruneQuietly(folder, prefix) {
  try {
    const now = Date.now();
    const ours = fs.readdirSync(folder).filter((f) => f.startsWith(prefix));
    const caches = ours
      .filter((f) => f.endsWith('.v8'))
      .map((f) => ({ f, t: fs.statSync(path.join(folder, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { f } of caches.slice(KEEP)) fs.rmSync(path.join(folder, f), { force: true });
    for (const f of ours.filter((f) => f.endsWith('.tmp'))) {
      if (now - fs.statSync(path.join(folder, f)).mtimeMs > STALE_TEMPORARY_MS) fs.rmSync(path.join(folder, f), { force: true });
    }
  } catch {
    // a folder we cannot list is left as it is
  }
}

/** On POSIX: whether a path belongs to this user and no one else may write it. */
function isPrivate(stat) {
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/** The cache file's data, or undefined when it is missing or not safe to use. */
function readTrusted(folder, file) {
  try {
    if (!isPrivate(fs.statSync(folder))) return undefined;
    const fd = fs.openSync(file, 'r');
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile() || !isPrivate(stat)) return undefined;
      return fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Writes `data` to `file` atomically; any failure leaves no file behind and is ignored. */
function writeQuietly(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing to clean up
    }
  }
}

/**
 * Loads the CommonJS bundle `file` with its cached bytecode from `folder` when there is one.
 * Returns the bundle's exports, whether the cache was used, and `save()`, which writes the cache
 * (once a run has compiled what it needs) when it was missing or rejected. `import.meta.url` in
 * the bundle is the parameter `__graphcImportMetaUrl`.
 */
function loadCached(file, folder) {
  const bytes = fs.readFileSync(file);
  const source = bytes.toString('utf8');
  const key = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
  const prefix = `${path.basename(file, '.cjs')}-`;
  const cacheFile = folder === null ? null : path.join(folder, `${prefix}${key}-${process.version}-${process.arch}.v8`);
  const cachedData = cacheFile === null ? undefined : readTrusted(folder, cacheFile);
  const wrapped = `(function (exports, require, module, __filename, __dirname, __graphcImportMetaUrl) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file), pathToFileURL(file).href);
  const cached = cachedData !== undefined && script.cachedDataRejected === false;
  if (cached) {
    try {
      // Recently used: pruning keeps it.
      const now = new Date();
      fs.utimesSync(cacheFile, now, now);
    } catch {
      // a cache we cannot touch still works
    }
  }
  return {
    exports: module.exports,
    cached,
    save() {
      if (cacheFile === null || cached) return;
      writeQuietly(cacheFile, script.createCachedData());
      pruneQuietly(folder, prefix);
    },
  };
}

module.exports = { cacheFolder, compileOnlyCommand, loadCached };
