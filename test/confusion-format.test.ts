/**
 * `graphc evaluate`'s confusion matrix table: rows are true classes, columns predicted, labelled
 * by class name; a model with more outputs than the data names classes (a 10-class head trained
 * on 6 classes) labels the rest by number (it crashed on `undefined.padEnd`, found on the installed
 * package), and names are escaped and cut to 12 characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatConfusion } from '../cli/commands/evaluate.js';

test('rows and columns carry the class names', () => {
  const table = formatConfusion([[2, 0], [1, 3]], ['cat', 'dog']).split('\n');
  assert.equal(table.length, 3);
  assert.match(table[0]!, /^true \\ predicted\s+cat\s+dog$/);
  assert.match(table[1]!, /^cat\s+2\s+0$/);
  assert.match(table[2]!, /^dog\s+1\s+3$/);
});

test('classes the data does not name are labelled by number', () => {
  const table = formatConfusion([[1, 0, 0], [0, 1, 0], [0, 0, 1]], ['a', 'b']).split('\n');
  assert.match(table[0]!, /^true \\ predicted\s+a\s+b\s+2$/);
  assert.match(table[3]!, /^2\s+0\s+0\s+1$/);
});

test('names are made printable and cut to 12 characters', () => {
  const table = formatConfusion([[0]], ['a\u001b[31mvery-long-class-name']).split('\n');
  assert.ok(!table.join('\n').includes('\u001b'), 'no raw escape reaches the terminal');
  const label = table[1]!.split(/\s+/)[0]!;
  assert.ok(label.length <= 12, label);
});

test('columns line up: each count ends where its column name ends, whatever the label widths', () => {
  for (const names of [['cat', 'dog'], ['a-rather-long', 'b'], ['x']]) {
    const matrix = names.map((_, i) => names.map((__, j) => (i === j ? 1234 : 0)));
    const [head, ...rows] = formatConfusion(matrix, names).split('\n');
    const ends = (line: string): number[] => [...line.matchAll(/\S+/g)].map((m) => m.index + m[0].length);
    const columnEnds = ends(head!).slice(-names.length);
    for (const row of rows) assert.deepEqual(ends(row).slice(-names.length), columnEnds, `${head}\n${row}`);
    assert.ok(rows.every((r) => r.length === head!.length), 'every row as wide as the header');
  }
});
