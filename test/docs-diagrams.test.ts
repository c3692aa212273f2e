/**
 * The diagrams in `docs/` are generated from `architectures/resnet50.yaml`; this test renders
 * them again and fails when the committed files differ (run `npm run docs` and commit).
 * SVG and PNG are both compared byte for byte: Graphviz-wasm and resvg with the bundled fonts
 * give the same bytes on every machine, so any difference means the files are stale.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { DOC_DIAGRAMS, renderDocDiagrams } from '../scripts/docs-diagrams.js';

describe('docs/ diagrams', () => {
  it('are up to date with architectures/resnet50.yaml', async () => {
    const files = await renderDocDiagrams();
    assert.equal(files.length, DOC_DIAGRAMS.length * 2);
    for (const file of files) {
      assert.ok(existsSync(file.path), `${file.path} is missing; run \`npm run docs\``);
      const fresh = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : Buffer.from(file.data);
      assert.ok(readFileSync(file.path).equals(fresh), `${file.path} is stale; run \`npm run docs\` and commit the result`);
    }
  });

  it('are readable PNGs of a sensible size', () => {
    for (const doc of DOC_DIAGRAMS) {
      const png = PNG.sync.read(readFileSync(`docs/${doc.base}.png`));
      assert.ok(png.width >= 500 && png.width <= 2500 && png.height >= 250 && png.height <= 2500, `${doc.base}: ${png.width}×${png.height}`);
    }
  });
});
