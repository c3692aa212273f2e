/** `npm run gen:layers`: regenerates the layer reference in README.md (see layer-reference.ts). */
import { readFileSync } from 'node:fs';
import { writeFilesAtomically } from '../io/write-atomic.js';
import { withLayerReference } from './layer-reference.js';

writeFilesAtomically('.', [{ path: 'README.md', data: withLayerReference(readFileSync('README.md', 'utf8')) }]);
process.stdout.write('README.md: layer reference regenerated\n');
