/**
 * Keras 3 `.keras` archives: a zip holding `config.json`, `metadata.json` and the weights as
 * `model.weights.h5` (Keras 3's `layers/<name>/vars/<i>` HDF5 layout). Unzipped with fflate; the
 * weights entry is extracted to a private temporary file for h5wasm, which reads paths.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Checkpoint, CheckpointReadError } from './checkpoint.js';
import { readKerasH5 } from './keras-h5.js';

const WEIGHTS_ENTRY = 'model.weights.h5';
/** Largest uncompressed weights entry accepted (a zip bomb stops here, before inflating). */
const MAX_ENTRY_BYTES = 4 * 1024 ** 3;

/** Reads the weights of a `.keras` archive. */
export async function readKerasArchive(path: string): Promise<Checkpoint> {
  const { unzipSync } = await import('fflate');
  let entries: Record<string, Uint8Array>;
  let declared = 0;
  try {
    entries = unzipSync(readFileSync(path), {
      filter: (f) => {
        if (f.name !== WEIGHTS_ENTRY) return false;
        declared = f.originalSize;
        return f.originalSize <= MAX_ENTRY_BYTES;
      },
    });
  } catch (e) {
    throw new CheckpointReadError(`not a zip archive (${e instanceof Error ? e.message : String(e)})`);
  }
  const h5 = entries[WEIGHTS_ENTRY];
  if (!h5) {
    throw new CheckpointReadError(declared > MAX_ENTRY_BYTES ? `${WEIGHTS_ENTRY} would inflate to ${declared} bytes, over the limit of ${MAX_ENTRY_BYTES}` : `the archive has no ${WEIGHTS_ENTRY} (a .keras file saved with weights in another format?)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'graphc-keras-'));
  try {
    const file = join(dir, WEIGHTS_ENTRY);
    writeFileSync(file, h5);
    return await readKerasH5(file, 'keras-archive');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
