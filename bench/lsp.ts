/**
 * Issue 13's bench: the language server as an editor sees it, over stdio with a real LSP client.
 * For `architectures/resnet.yaml` at `resnet152` (517 layers): the time from an edit to its
 * published diagnostics (with no debounce, and with the default), hover latency, each beside the
 * in-process compile of the same text measured in the same run; and the server's RSS over
 * 1,000 edits (flat means no leak).
 *
 *   npx tsx bench/lsp.ts              # 100 timed edits and hovers, 1,000 edits for memory
 *   npx tsx bench/lsp.ts --edits 30 --memory-edits 200
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { compileSource } from '../compiler/pipeline.js';
import { startLsp, type LspSession } from '../test/helpers/lsp-client.js';
import { intFlag, log, runMain } from './lib/args.js';
import { machineLine, uptimeLine } from './lib/machine.js';
import { formatMs, formatRatio, median } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

const FILE = resolve('architectures/resnet.yaml');
const URI = pathToFileURL(FILE).href;
const TEXT = `# graphc: variant=resnet152\n${readFileSync(FILE, 'utf8')}`;

/** The text with the class count changed, so every edit is a real recompile with new output. */
const edit = (i: number): string => TEXT.replace('classes: { type: int, default: 1000', `classes: { type: int, default: ${1000 + (i % 500) + 1}`);

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function editLatencies(lsp: LspSession, edits: number, startVersion: number, pauseMs = 0): Promise<{ times: number[]; version: number }> {
  const times: number[] = [];
  let version = startVersion;
  for (let i = 0; i < edits; i++) {
    version++;
    const t0 = performance.now();
    const wait = lsp.diagnostics(URI, version);
    await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text: edit(version) }] });
    await wait;
    times.push(performance.now() - t0);
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return { times, version };
}

/** Edits back to back (a burst), or with a typing pause between them. */
async function session(debounceMs: number, edits: number, hovers: number, pauseMs = 0): Promise<{ edit: number; hover: number }> {
  const lsp = await startLsp({ debounceMs });
  const opened = lsp.diagnostics(URI, 1);
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: TEXT } });
  await opened;
  await editLatencies(lsp, 10, 1); // warm-up
  const { times, version } = await editLatencies(lsp, edits, 11, pauseMs);
  const text = edit(version);
  const lines = text.slice(0, text.indexOf('- Conv2D: { input: input, filters: $filters') + 4).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  const hoverTimes: number[] = [];
  for (let i = 0; i < hovers; i++) {
    const t0 = performance.now();
    await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position });
    hoverTimes.push(performance.now() - t0);
  }
  await lsp.close();
  return { edit: median(times), hover: median(hoverTimes) };
}

async function memory(edits: number): Promise<{ at: number; rss: number }[]> {
  const lsp = await startLsp({ debounceMs: 0 });
  const opened = lsp.diagnostics(URI, 1);
  await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: TEXT } });
  await opened;
  const samples: { at: number; rss: number }[] = [];
  let version = 1;
  const step = Math.max(1, Math.floor(edits / 10));
  for (let done = 0; done < edits; done += step) {
    version = (await editLatencies(lsp, step, version)).version;
    samples.push({ at: done + step, rss: rssKiB(lsp.child.pid!) });
  }
  await lsp.close();
  return samples;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { edits: { type: 'string' }, 'memory-edits': { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write('usage: tsx bench/lsp.ts [--edits N (default 100)] [--memory-edits N (default 1000)]\n');
    return;
  }
  const edits = intFlag('--edits', values.edits, 100);
  const memoryEdits = intFlag('--memory-edits', values['memory-edits'], 1000);
  log('in-process compile (the floor)');
  for (let i = 0; i < 10; i++) compileSource(FILE, edit(i), { variant: 'resnet152' });
  const compileTimes: number[] = [];
  for (let i = 0; i < edits; i++) {
    const t0 = performance.now();
    compileSource(FILE, edit(i), { variant: 'resnet152' });
    compileTimes.push(performance.now() - t0);
  }
  const compile = median(compileTimes);
  log('server, debounce 0');
  const direct = await session(0, edits, edits);
  log('server, default debounce (20 ms), 150 ms between edits');
  const typed = await session(20, edits, 0, 150);
  log('server, default debounce (20 ms), edits back to back');
  const burst = await session(20, edits, 0);
  log(`memory over ${memoryEdits} edits`);
  const mem = await memory(memoryEdits);
  const out: string[] = [];
  out.push(`# graphc lsp — resnet.yaml at resnet152 (517 layers), medians of ${edits}`, '', machineLine(), `load: ${uptimeLine()}`, '');
  out.push(markdownTable(['measure', 'median', '× in-process compile', 'target'], [
    ['in-process compile of the edited text', formatMs(compile), '1.00', ''],
    ['edit → diagnostics published (debounce 0)', formatMs(direct.edit), formatRatio(direct.edit / compile), '≤ 50 ms'],
    ['edit → diagnostics, default debounce, edits 150 ms apart (typing)', formatMs(typed.edit), formatRatio(typed.edit / compile), '≤ 50 ms'],
    ['edit → diagnostics, default debounce, edits back to back (a burst)', formatMs(burst.edit), formatRatio(burst.edit / compile), ''],
    ['hover on a layer inside a loop (50 instances)', formatMs(direct.hover), formatRatio(direct.hover / compile), '≤ 20 ms'],
  ]));
  out.push('', `Server RSS over ${memoryEdits} edits (KiB):`, '');
  out.push(markdownTable(['edits', 'RSS KiB', '× first sample'], mem.map((m) => [String(m.at), String(m.rss), formatRatio(m.rss / mem[0]!.rss)])));
  process.stdout.write(`${out.join('\n')}\n`);
}

runMain(main);
