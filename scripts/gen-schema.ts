/**
 * Writes spec/graphc.schema.json from the op registry (`npm run gen:schema`). A test compares
 * the committed file with a fresh build, so it cannot go stale.
 */
import { writeFileSync } from 'node:fs';
import { buildSchema } from '../compiler/schema/build-schema.js';

/** The schema file's text: stable key order, two-space indent, final newline. */
export function schemaText(): string {
  return `${JSON.stringify(buildSchema(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync('spec/graphc.schema.json', schemaText());
  process.stdout.write('wrote spec/graphc.schema.json\n');
}
