/**
 * A folder with one subfolder of PNG/JPEG images per class (Keras's
 * `image_dataset_from_directory` layout): class names are the subfolder names in sorted order,
 * labels their index. Images are decoded per batch (pngjs, jpeg-js), so only a batch is in memory.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { dataError, formatDims, type Dataset, type Samples } from './dataset.js';

const IMAGE = /\.(png|jpe?g)$/i;

/** One decoded image, `channels` values per pixel (1 grey, 3 RGB, 4 RGBA), 0-255. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

type Decoders = { png: typeof import('pngjs').PNG; jpeg: typeof import('jpeg-js') };
let decoders: Decoders | null = null;

/** Loads the decoders once (they are only needed when images are read). */
export async function loadImageDecoders(): Promise<void> {
  if (decoders) return;
  const [{ PNG }, jpeg] = await Promise.all([import('pngjs'), import('jpeg-js')]);
  decoders = { png: PNG, jpeg: (jpeg as { default?: typeof import('jpeg-js') }).default ?? jpeg };
}

/** Decodes PNG or JPEG bytes to `channels` channels; throws with the decoder's reason. */
export function decodeImage(bytes: Uint8Array, channels: number): DecodedImage {
  if (!decoders) throw new Error('invariant: loadImageDecoders() was not awaited');
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  let rgba: { width: number; height: number; data: Uint8Array };
  if (isPng) rgba = decoders.png.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  else if (isJpeg) rgba = decoders.jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
  else throw new Error('neither a PNG nor a JPEG');
  const pixels = rgba.width * rgba.height;
  const data = new Float32Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    const r = rgba.data[4 * p]!, g = rgba.data[4 * p + 1]!, b = rgba.data[4 * p + 2]!;
    if (channels === 1) data[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      data[p * channels] = r;
      data[p * channels + 1] = g;
      data[p * channels + 2] = b;
      if (channels === 4) data[p * channels + 3] = rgba.data[4 * p + 3]!;
    }
  }
  return { width: rgba.width, height: rgba.height, data };
}

/** The image files of a folder tree: `root/<class>/<file>`, both levels sorted. */
function listImages(root: string): { classes: string[]; files: string[]; labels: number[] } {
  const classes = readdirSync(root).filter((d) => !d.startsWith('.') && statSync(join(root, d)).isDirectory()).sort();
  const files: string[] = [];
  const labels: number[] = [];
  classes.forEach((c, label) => {
    for (const f of readdirSync(join(root, c)).filter((f) => IMAGE.test(f)).sort()) {
      files.push(join(root, c, f));
      labels.push(label);
    }
  });
  return { classes, files, labels };
}

/**
 * Opens an image folder. `shape` is the model input's [H, W, C]: images keep their size (a
 * wrong one is reported by {@link Dataset.scan}, never resized silently) and are decoded to C channels.
 */
export async function openImageFolder(root: string, shape: readonly (number | null)[]): Promise<Dataset> {
  await loadImageDecoders();
  const { classes, files, labels } = listImages(root);
  if (classes.length === 0) throw dataError('GC6006', [root], 'an image folder has one subfolder of PNG or JPEG files per class');
  const channels = shape[2] ?? 3;
  if (![1, 3, 4].includes(channels) || shape.length !== 3) throw dataError('GC6001', [root, `images feed an input of shape [H, W, 1|3|4]; the model's is ${formatDims(shape)}`]);
  // The spec's size is the model's; an image folder has no size of its own until decoded.
  const first = files.length > 0 ? decodeOrNull(files[0]!, channels) : null;
  const h = shape[0] ?? first?.height ?? 0;
  const w = shape[1] ?? first?.width ?? 0;
  const size = h * w * channels;
  const decodeSample = (i: number): DecodedImage => decodeImage(readFileSync(files[i]!), channels);
  return {
    source: root,
    length: files.length,
    spec: { shape: [h, w, channels], dtype: 'uint8', labels: 'index', labelShape: [], classNames: classes },
    read(indices): Samples {
      const x = new Float32Array(indices.length * size);
      indices.forEach((index, at) => {
        let img: DecodedImage;
        try {
          img = decodeSample(index);
        } catch (e) {
          throw dataError('GC6008', [files[index]!, index, `not a readable image (${(e as Error).message})`]);
        }
        if (img.width !== w || img.height !== h) throw dataError('GC6004', [files[index]!, index, formatDims([img.height, img.width, channels]), 'input', formatDims([h, w, channels])]);
        x.set(img.data, at * size);
      });
      return { count: indices.length, x, y: Float32Array.from(indices, (i) => labels[i]!) };
    },
    scan(limit, expect): Diagnostic[] {
      const out: Diagnostic[] = [];
      for (let i = 0; i < files.length && out.length < limit; i++) {
        let img: DecodedImage;
        try {
          img = decodeSample(i);
        } catch (e) {
          out.push(makeDiagnostic('GC6008', [files[i]!, i, `not a readable image (${(e as Error).message.split('\n')[0]})`], null));
          continue;
        }
        if (img.height !== h || img.width !== w) {
          out.push(makeDiagnostic('GC6004', [files[i]!, i, formatDims([img.height, img.width, channels]), expect.input, formatDims([h, w, channels])], null, { hint: 'resize the images to the model\'s input size, or change input_shape' }));
        }
      }
      return out;
    },
    labelIndices: () => Int32Array.from(labels),
    close: () => undefined,
  };
}

function decodeOrNull(file: string, channels: number): DecodedImage | null {
  try {
    return decodeImage(readFileSync(file), channels);
  } catch {
    return null;
  }
}
