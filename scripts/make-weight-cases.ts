/**
 * Writes the small checkpoint files of the `weights-*` diagnostic cases (test/cases/diagnostics/).
 * Run once after changing a case: `npx tsx scripts/make-weight-cases.ts`; the files are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safetensorsBytes, type TestTensor } from '../test/helpers/safetensors-file.js';

const ROOT = 'test/cases/diagnostics';
const seq = (n: number, scale = 0.1): number[] => Array.from({ length: n }, (_, i) => (i % 7) * scale - 0.3);

/** The Tiny model's state dict in torch layout (conv [2,3,3,3], bn, fc [3, 8]). */
function tiny(): Record<string, TestTensor> {
  return {
    'features.0.weight': { shape: [2, 3, 3, 3], data: seq(54) },
    'features.0.bias': { shape: [2], data: [0.1, -0.1] },
    'features.1.weight': { shape: [2], data: [1, 1.5] },
    'features.1.bias': { shape: [2], data: [0, 0.2] },
    'features.1.running_mean': { shape: [2], data: [0.1, 0.3] },
    'features.1.running_var': { shape: [2], data: [1, 2] },
    'features.1.num_batches_tracked': { shape: [], data: [7], dtype: 'I64' },
    'classifier.weight': { shape: [3, 8], data: seq(24) },
    'classifier.bias': { shape: [3], data: [0, 0, 0] },
  };
}

function write(name: string, file: string, data: Uint8Array): void {
  mkdirSync(join(ROOT, name), { recursive: true });
  writeFileSync(join(ROOT, name, file), data);
}

const shape = tiny();
shape['classifier.weight'] = { shape: [3, 9], data: seq(27) };
write('weights-shape-mismatch', 'model.safetensors', safetensorsBytes(shape));

const missing = tiny();
delete missing['features.1.running_var'];
missing['features.2.weight'] = { shape: [4], data: seq(4) };
write('weights-missing-extra', 'model.safetensors', safetensorsBytes(missing));

const ints = tiny();
ints['features.0.bias'] = { shape: [2], data: [1, 2], dtype: 'I64' };
write('weights-int-tensor', 'model.safetensors', safetensorsBytes(ints));

const good = safetensorsBytes(tiny());
write('weights-duplicate-key', 'model.safetensors', good);
// A header length past the end of the file.
const broken = new Uint8Array(good);
new DataView(broken.buffer).setBigUint64(0, 1n << 40n, true);
write('weights-unreadable', 'model.safetensors', broken);
// The first bytes of a protocol-2 pickle, as torch.save wrote before zip files.
write('weights-pickle', 'model.pth', new Uint8Array([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8]));
