// graphc for VS Code: starts `graphc lsp --stdio` for YAML files that have a top-level `graphc:`
// key and hands it the `graphc.*` settings. Plain JavaScript (CommonJS, as VS Code loads
// extensions), so the extension needs no build step.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** True for a graphc model file: YAML with a top-level `graphc:` key. */
function isGraphcDocument(doc) {
  return doc.languageId === 'yaml' && /^graphc\s*:/m.test(doc.getText());
}

/** graphc's CLI script: the setting, else the workspace's installed package, else undefined. */
function findServerScript() {
  const configured = vscode.workspace.getConfiguration('graphc').get('serverPath');
  if (typeof configured === 'string' && configured !== '') return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    // cli/graphc.cjs is the bin (CommonJS starts faster); older installs have cli/graphc.js.
    for (const rel of ['node_modules/graphc/cli/graphc.cjs', 'cli/graphc.cjs', 'node_modules/graphc/cli/graphc.js']) {
      const candidate = path.join(folder.uri.fsPath, rel);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

function settings() {
  const c = vscode.workspace.getConfiguration('graphc');
  return { variant: c.get('variant') || null, inlayHints: c.get('inlayHints') !== false, debounceMs: c.get('debounceMs') ?? 20 };
}

function start(context) {
  if (client) return;
  const script = findServerScript();
  const serverOptions = script
    ? { module: script, args: ['lsp', '--stdio'], transport: TransportKind.stdio }
    : { command: 'graphc', args: ['lsp', '--stdio'], transport: TransportKind.stdio };
  client = new LanguageClient('graphc', 'graphc', serverOptions, {
    documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }],
    initializationOptions: settings(),
    synchronize: { configurationSection: 'graphc' },
  });
  context.subscriptions.push(client);
  client.start();
}

/** Starts the server the first time a graphc model is opened. */
function activate(context) {
  if (vscode.workspace.textDocuments.some(isGraphcDocument)) start(context);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (isGraphcDocument(doc)) start(context);
    }),
  );
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
