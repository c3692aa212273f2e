/**
 * One entry point for every data format: `.h5`/`.hdf5` (the seed's layout), `.npz`, `.npy`, or a
 * folder of class subfolders of images. Every failure is a {@link DataError} with a diagnostic
 * naming the file.
 */
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { dataError, type Dataset } from './dataset.js';

/** Dataset names inside a file (HDF5 datasets, .npz members; for .npy, `y` is the labels' file). */
export interface DataKeys {
  readonly x?: string;
  readonly y?: string;
  readonly classes?: string;
}

/** The data formats graphc reads, for messages. */
export const DATA_FORMATS = 'an HDF5 file (.h5), a .npz or .npy file, or a folder of class subfolders of PNG/JPEG images';

/**
 * Opens the data at `path`. `inputShape` is the model input's sample shape, which image folders
 * decode to; the other formats carry their own shape.
 */
export async function openDataset(path: string, inputShape: readonly (number | null)[], keys: DataKeys = {}): Promise<Dataset> {
  if (!existsSync(path)) throw dataError('GC6001', [path, 'no such file or folder']);
  if (statSync(path).isDirectory()) {
    const { openImageFolder } = await import('./image-folder.js');
    return openImageFolder(path, inputShape);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.h5' || ext === '.hdf5' || ext === '.he5') {
    const { openHdf5 } = await import('./hdf5.js');
    return openHdf5(path, keys);
  }
  if (ext === '.npz') {
    const { openNpzDataset } = await import('./arrays.js');
    return openNpzDataset(path, keys);
  }
  if (ext === '.npy') {
    const { openNpyDataset } = await import('./arrays.js');
    return openNpyDataset(path, keys);
  }
  throw dataError('GC6001', [path, `unknown format \`${ext || 'no extension'}\`; graphc reads ${DATA_FORMATS}`]);
}
