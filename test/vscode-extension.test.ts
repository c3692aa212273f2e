/**
 * The VS Code extension (editors/vscode/): its activation logic run against stand-ins for the
 * `vscode` and `vscode-languageclient` modules (what VS Code itself provides at run time), and
 * the .vsix packer's layout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unzipSync, strFromU8 } from 'fflate';

const require = createRequire(import.meta.url);
const EXTENSION = resolve('editors/vscode/extension.js');

interface Started {
  id: string;
  server: { module?: string; command?: string; args: string[] };
  client: { documentSelector: unknown[]; initializationOptions: Record<string, unknown> };
  started: boolean;
}

/** Loads extension.js with stand-in modules; returns it and what it constructed. */
function loadExtension(docs: { languageId: string; text: string }[], config: Record<string, unknown>): { ext: { activate(c: unknown): void }; clients: Started[]; openListeners: ((d: unknown) => void)[] } {
  const clients: Started[] = [];
  const openListeners: ((d: unknown) => void)[] = [];
  const toDoc = (d: { languageId: string; text: string }) => ({ languageId: d.languageId, getText: () => d.text });
  const fakes: Record<string, unknown> = {
    vscode: {
      workspace: {
        textDocuments: docs.map(toDoc),
        workspaceFolders: [{ uri: { fsPath: resolve('.') } }],
        getConfiguration: () => ({ get: (k: string) => config[k] }),
        onDidOpenTextDocument: (f: (d: unknown) => void) => {
          openListeners.push(f);
          return { dispose() {} };
        },
      },
    },
    'vscode-languageclient/node': {
      TransportKind: { stdio: 0 },
      LanguageClient: class {
        constructor(id: string, _name: string, server: Started['server'], client: Started['client']) {
          clients.push({ id, server, client, started: false });
        }
        start() {
          clients[clients.length - 1]!.started = true;
        }
      },
    },
  };
  const original = (Module as unknown as { _load: (r: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: unknown })._load = (request: string, ...rest: unknown[]) => (request in fakes ? fakes[request] : original(request, ...rest));
  try {
    delete require.cache[EXTENSION];
    return { ext: require(EXTENSION) as { activate(c: unknown): void }, clients, openListeners };
  } finally {
    (Module as unknown as { _load: unknown })._load = original;
  }
}

test('the extension starts graphc lsp --stdio for a YAML file with a graphc: key, with the settings', () => {
  const { ext, clients } = loadExtension([{ languageId: 'yaml', text: 'graphc: 1\nname: M\n' }], { variant: 'resnet152', inlayHints: false, debounceMs: 50 });
  ext.activate({ subscriptions: [] });
  assert.equal(clients.length, 1);
  const c = clients[0]!;
  assert.ok(c.started);
  assert.equal(c.server.module, resolve('cli/graphc.cjs'));
  assert.deepEqual(c.server.args, ['lsp', '--stdio']);
  assert.deepEqual(c.client.initializationOptions, { variant: 'resnet152', inlayHints: false, debounceMs: 50 });
});

test('the extension waits for a graphc file: other YAML does not start the server', () => {
  const { ext, clients, openListeners } = loadExtension([{ languageId: 'yaml', text: 'on: push\n' }], {});
  ext.activate({ subscriptions: [] });
  assert.equal(clients.length, 0);
  openListeners[0]!({ languageId: 'yaml', getText: () => 'jobs: {}\n' });
  assert.equal(clients.length, 0);
  openListeners[0]!({ languageId: 'yaml', getText: () => '# a model\ngraphc: 1\n' });
  assert.equal(clients.length, 1);
  openListeners[0]!({ languageId: 'yaml', getText: () => 'graphc: 1\n' });
  assert.equal(clients.length, 1, 'one server for every file');
});

test('the .vsix has the manifest, content types and the extension files', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'graphc-vsix-test-')), 'g.vsix');
  const r = spawnSync(process.execPath, ['editors/vscode/scripts/package.mjs', '--no-install', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = unzipSync(readFileSync(out));
  const names = Object.keys(files).sort();
  for (const f of ['extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/extension.js', 'extension/README.md', 'extension/LICENSE.txt']) assert.ok(names.includes(f), f);
  const manifest = strFromU8(files['extension.vsixmanifest']!);
  assert.match(manifest, /<Identity Language="en-US" Id="graphc-vscode" Version="0\.2\.0" Publisher="graphc" \/>/);
  assert.match(manifest, /Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.91\.0"/);
  assert.match(strFromU8(files['[Content_Types].xml']!), /Extension="\.js" ContentType="application\/javascript"/);
  assert.equal(strFromU8(files['extension/package.json']!), readFileSync('editors/vscode/package.json', 'utf8'));
  // Same sources, same bytes.
  const again = join(mkdtempSync(join(tmpdir(), 'graphc-vsix-test-')), 'g.vsix');
  spawnSync(process.execPath, ['editors/vscode/scripts/package.mjs', '--no-install', '--out', again]);
  assert.deepEqual(readFileSync(again), readFileSync(out));
});
