/**
 * `graphc lsp`: a Language Server Protocol server over the compiler's analysis API. It runs the
 * whole compiler on each change (debounced) and publishes every diagnostic with its range; it
 * answers hover, completion, definition, outline, quick fixes and shape inlay hints. The server
 * is a thin protocol layer: every answer comes from `compiler/analysis/`.
 */
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  InlayHintKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../compiler/analysis/analyze.js';
import { completeAt } from '../compiler/analysis/completion.js';
import { hoverAt } from '../compiler/analysis/hover.js';
import { definitionAt, documentSymbols } from '../compiler/analysis/navigate.js';
import { quickFixOf, shapeHints } from '../compiler/analysis/hints.js';
import { rangeOf, toCompletionItem, toDocumentSymbol, toLspDiagnostic } from './convert.js';

/** Settings under `graphc.` in the client's configuration. */
export interface ServerSettings {
  /** Variant to check when a file has no `# graphc: variant=NAME` comment. */
  readonly variant: string | null;
  /** Milliseconds to wait after the last edit before compiling. */
  readonly debounceMs: number;
  /** Whether to offer shape inlay hints. */
  readonly inlayHints: boolean;
}

const DEFAULTS: ServerSettings = { variant: null, debounceMs: 20, inlayHints: true };

/** True for YAML documents that are graphc models: they have a top-level `graphc:` key. */
export function isGraphcDocument(text: string): boolean {
  return /^graphc\s*:/m.test(text);
}

function fileOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

function readSettings(raw: unknown): ServerSettings {
  const g = (raw && typeof raw === 'object' ? ((raw as Record<string, unknown>)['graphc'] ?? raw) : {}) as Record<string, unknown>;
  const variant = typeof g['variant'] === 'string' && g['variant'] !== '' ? g['variant'] : null;
  const debounce = typeof g['debounceMs'] === 'number' && Number.isFinite(g['debounceMs']) ? Math.max(0, Math.min(2000, g['debounceMs'])) : DEFAULTS.debounceMs;
  return { variant, debounceMs: debounce, inlayHints: g['inlayHints'] !== false };
}

/** Starts a server on a connection (stdio by default) and resolves when the client exits. */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): Promise<void> {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, { version: number; analysis: Analysis }>();
  /** Pending compiles, by document: how to cancel each. */
  const timers = new Map<string, () => void>();
  let settings: ServerSettings = DEFAULTS;

  const analysisOf = (doc: TextDocument): Analysis | null => {
    const text = doc.getText();
    if (!isGraphcDocument(text)) return null;
    const cached = analyses.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.analysis;
    const analysis = analyze(fileOf(doc.uri), text, { variant: settings.variant });
    analyses.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  };

  const publish = (doc: TextDocument): void => {
    const a = analysisOf(doc);
    const diagnostics = a ? a.result.diagnostics.map((d) => toLspDiagnostic(a, doc.uri, d)) : [];
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  };

  /**
   * Leading and trailing debounce: an edit after a quiet spell compiles at once (on the next turn
   * of the event loop, so changes sent together are compiled together); edits that come faster
   * than `debounceMs` after the last compile ended wait for the end of the burst.
   */
  const lastRun = new Map<string, number>();
  const schedule = (doc: TextDocument): void => {
    if (timers.has(doc.uri)) return;
    const run = (): void => {
      timers.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) guard('diagnostics', () => publish(current), undefined);
      // From the end of the compile: a slow compile must not turn a burst into one run per edit.
      lastRun.set(doc.uri, performance.now());
    };
    const wait = Math.max(0, (lastRun.get(doc.uri) ?? -Infinity) + settings.debounceMs - performance.now());
    if (wait === 0) {
      const immediate = setImmediate(run);
      timers.set(doc.uri, () => clearImmediate(immediate));
    } else {
      const timeout = setTimeout(run, wait);
      timers.set(doc.uri, () => clearTimeout(timeout));
    }
  };

  const cancel = (uri: string): void => {
    timers.get(uri)?.();
    timers.delete(uri);
  };

  /** Runs a handler; a bug in one answer is logged, never fatal to the session. */
  function guard<T>(what: string, f: () => T, fallback: T): T {
    try {
      return f();
    } catch (e) {
      connection.console.error(`graphc lsp: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  const withDoc = <T>(uri: string, what: string, fallback: T, f: (a: Analysis, doc: TextDocument) => T): T => {
    const doc = documents.get(uri);
    if (!doc) return fallback;
    return guard(what, () => {
      const a = analysisOf(doc);
      return a ? f(a, doc) : fallback;
    }, fallback);
  };

  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions ?? {});
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '{', ',', '[', '-', ':'] },
        definitionProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        inlayHintProvider: true,
      },
      serverInfo: { name: 'graphc' },
    };
  });

  connection.onDidChangeConfiguration((change) => {
    settings = readSettings(change.settings);
    analyses.clear();
    for (const doc of documents.all()) schedule(doc);
  });

  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    cancel(e.document.uri);
    lastRun.delete(e.document.uri);
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((p) => withDoc(p.textDocument.uri, 'hover', null, (a, doc) => {
    const h = hoverAt(a, doc.offsetAt(p.position));
    return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: rangeOf(a, h.span) } : null;
  }));

  connection.onCompletion((p) => withDoc(p.textDocument.uri, 'completion', [], (a, doc) => completeAt(a, doc.offsetAt(p.position)).map(toCompletionItem)));

  connection.onDefinition((p) => withDoc(p.textDocument.uri, 'definition', null, (a, doc) => {
    const span = definitionAt(a, doc.offsetAt(p.position));
    return span && span.file === a.file ? { uri: doc.uri, range: rangeOf(a, span) } : null;
  }));

  connection.onDocumentSymbol((p) => withDoc(p.textDocument.uri, 'symbols', [], (a) => documentSymbols(a).map((s) => toDocumentSymbol(a, s))));

  connection.onCodeAction((p) => withDoc(p.textDocument.uri, 'code actions', [], (a, doc) => {
    const wanted = new Set(p.context.diagnostics.map((d) => `${d.code}|${d.range.start.line}:${d.range.start.character}`));
    const actions = [];
    for (const d of a.result.diagnostics) {
      const lsp = toLspDiagnostic(a, doc.uri, d);
      if (wanted.size > 0 && !wanted.has(`${lsp.code}|${lsp.range.start.line}:${lsp.range.start.character}`)) continue;
      const fix = quickFixOf(d, a.text);
      if (!fix) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [lsp],
        isPreferred: true,
        edit: { changes: { [doc.uri]: [{ range: rangeOf(a, fix.span), newText: fix.newText }] } },
      });
    }
    return actions;
  }));

  connection.languages.inlayHint.on((p) => withDoc(p.textDocument.uri, 'inlay hints', [], (a, doc) => {
    if (!settings.inlayHints) return [];
    return shapeHints(a, doc.offsetAt(p.range.start), doc.offsetAt(p.range.end)).map((h) => ({
      position: a.lines.position(h.offset),
      label: ` ${h.label}`,
      kind: InlayHintKind.Type,
      tooltip: h.tooltip,
      paddingLeft: true,
    }));
  }));

  documents.listen(connection);
  return new Promise((resolve) => {
    connection.onExit(() => {
      for (const uri of [...timers.keys()]) cancel(uri);
      resolve();
    });
    connection.listen();
  });
}
