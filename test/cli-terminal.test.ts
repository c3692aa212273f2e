/**
 * The output edge: hostile text in a model cannot reach the terminal raw (issue 15 item 8), and
 * colour is on for a terminal only, honouring NO_COLOR, FORCE_COLOR, --no-color and --color
 * (item 15).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/main.js';
import { colourEnabled, terminalSafe, type CliIo } from '../cli/io.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], extra: Partial<CliIo> = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), ...extra });
  return { code, out, err };
}

const ESC = '\u001b';
// ESC ] 0 ; ... BEL retitles a terminal; ESC [ 2 J clears it; U+202E reverses what follows.
const HOSTILE = `${ESC}]0;pwned\u0007${ESC}[2J\u202eevil\u2066x\u0085\u007f`;

function hostileModel(): string {
  const dir = mkdtempSync(join(tmpdir(), 'graphc-term-'));
  const file = join(dir, 'model.yaml');
  // YAML double-quoted escapes: \e ESC, \a BEL, \u202E, \x85 NEL (C1), \x7f DEL.
  writeFileSync(file, [
    'graphc: 1',
    'name: "\\e]0;pwned\\a\\e[2J\\u202Eevil\\u2066x\\x85\\x7f"',
    'inputs: [{ shape: [4], name: x }]',
    'body:',
    '  - Dense: { units: 2, name: "d\\e[31m\\u202E" }',
    '  - Dense: { units: 2, name: "d\\e[31m\\u202E" }',
    '',
  ].join('\n'));
  return file;
}

/** No character a terminal acts on, besides newline and tab. */
function assertTerminalSafe(text: string): void {
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u);
}

test('terminalSafe escapes C0, C1, DEL, bidi controls and tags; keeps newline, tab and ZWJ', () => {
  assert.equal(terminalSafe('a\u001b[2Jb'), 'a\\u001b[2Jb');
  assert.equal(terminalSafe('\u0007\u0085\u007f\r'), '\\u0007\\u0085\\u007f\\u000d');
  assert.equal(terminalSafe('\u202e\u2066\u200f\u061c'), '\\u202e\\u2066\\u200f\\u061c');
  assert.equal(terminalSafe('\u{e0041}'), '\\udb40\\udc41');
  assert.equal(terminalSafe('line\n\ttab 👨\u200d👩 é'), 'line\n\ttab 👨\u200d👩 é');
  // Idempotent, and JSON with escapes stays the same JSON.
  assert.equal(terminalSafe(terminalSafe(HOSTILE)), terminalSafe(HOSTILE));
  const json = JSON.stringify({ name: HOSTILE });
  assert.deepEqual(JSON.parse(terminalSafe(json)), { name: HOSTILE });
});

test('validate, summary and diagnostics never print a model name raw', async () => {
  const file = hostileModel();
  const bad = await cli(['validate', file]);
  assert.equal(bad.code, 1);
  assertTerminalSafe(bad.err);
  assert.match(bad.err, /GC4002: duplicate layer name `d\\u001b\[31m\\u202e`/);
  // A valid model with the hostile name: validate's ok line and the summary table.
  const good = file.replace('model.yaml', 'good.yaml');
  writeFileSync(good, [
    'graphc: 1',
    'name: "\\e]0;pwned\\a\\u202Eevil"',
    'inputs: [{ shape: [4], name: x }]',
    'body:',
    '  - Dense: { units: 2, name: "d\\e[31m" }',
    '',
  ].join('\n'));
  const ok = await cli(['validate', good]);
  assert.equal(ok.code, 0);
  assertTerminalSafe(ok.out);
  assert.match(ok.out, /ok \(\\u001b\]0;pwned\\u0007\\u202eevil, 2 layers/);
  const summary = await cli(['summary', good]);
  assertTerminalSafe(summary.out);
  assert.match(summary.out, /d\\u001b\[31m \(Dense\)/);
  const json = await cli(['summary', good, '--json']);
  assertTerminalSafe(json.out);
  assert.equal((JSON.parse(json.out) as { name: string }).name, '\u001b]0;pwned\u0007\u202eevil');
});

test('colour decision: --no-color and NO_COLOR win, FORCE_COLOR and --color force, else a terminal', () => {
  assert.equal(colourEnabled('auto', true, {}), true);
  assert.equal(colourEnabled('auto', false, {}), false);
  assert.equal(colourEnabled('auto', true, { TERM: 'dumb' }), false);
  assert.equal(colourEnabled('auto', true, { NO_COLOR: '1' }), false);
  assert.equal(colourEnabled('auto', true, { NO_COLOR: '' }), true);
  assert.equal(colourEnabled('auto', false, { FORCE_COLOR: '1' }), true);
  assert.equal(colourEnabled('auto', false, { FORCE_COLOR: '0' }), false);
  assert.equal(colourEnabled('never', true, { FORCE_COLOR: '1' }), false);
  assert.equal(colourEnabled('always', false, {}), true);
  assert.equal(colourEnabled('always', false, { NO_COLOR: 'x' }), false);
});

const BAD = 'test/cases/diagnostics/shape-add-mismatch/model.yaml';
const tty = { out: true, err: true };

test('diagnostics are coloured on a terminal: red error, dim code, red caret, cyan hint', async () => {
  const r = await cli(['validate', BAD], { tty });
  assert.equal(r.code, 1);
  assert.match(r.err, /\u001b\[31merror\u001b\[39m/);
  assert.match(r.err, /\u001b\[2mGC5001\u001b\[22m/);
  assert.match(r.err, /\u001b\[31m\^\^\^\u001b\[39m/);
  assert.match(r.err, /\u001b\[36mhint:\u001b\[39m/);
  // Without the colour codes the text is exactly the plain rendering.
  const plain = await cli(['validate', BAD]);
  assert.doesNotMatch(plain.err, /\u001b/);
  assert.equal(r.err.replace(/\u001b\[\d+m/g, ''), plain.err);
});

test('warnings are yellow and summaries bold on a terminal; --json stays plain', async () => {
  const w = await cli(['validate', 'test/cases/diagnostics/warning-unused-layer/model.yaml'], { tty });
  assert.match(w.err, /\u001b\[33mwarning\u001b\[39m/);
  const s = await cli(['summary', 'test/cases/diagnostics/run-input-shape/model.yaml'], { tty });
  assert.match(s.out, /\u001b\[1mTotal params: 67\u001b\[22m/);
  const j = await cli(['summary', 'test/cases/diagnostics/run-input-shape/model.yaml', '--json'], { tty });
  assert.doesNotMatch(j.out, /\u001b/);
  JSON.parse(j.out);
});

test('NO_COLOR, --no-color and a pipe give plain text; FORCE_COLOR and --color colour a pipe', async () => {
  for (const [args, extra] of [
    [['validate', BAD], { tty, env: { NO_COLOR: '1' } }],
    [['validate', BAD, '--no-color'], { tty }],
    [['--no-color', 'validate', BAD], { tty, env: { FORCE_COLOR: '1' } }],
    [['validate', BAD], {}],
  ] as const) {
    const r = await cli([...args], extra);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.err, /\u001b/, args.join(' '));
  }
  assert.match((await cli(['validate', BAD], { env: { FORCE_COLOR: '1' } })).err, /\u001b\[31merror/);
  assert.match((await cli(['validate', BAD, '--color'])).err, /\u001b\[31merror/);
});
