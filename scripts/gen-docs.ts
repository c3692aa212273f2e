/**
 * `npm run docs`: regenerates the diagrams in `docs/` from `architectures/resnet50.yaml`
 * (SVG and PNG), written atomically. Commit the result; a test fails when they are stale.
 */
import { writeFilesAtomically } from '../io/write-atomic.js';
import { renderDocDiagrams } from './docs-diagrams.js';

const started = performance.now();
const files = await renderDocDiagrams();
for (const path of writeFilesAtomically('.', files)) process.stdout.write(`${path}\n`);
process.stderr.write(`docs: ${files.length} files in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
