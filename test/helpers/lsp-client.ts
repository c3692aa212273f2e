/**
 * A real LSP client for tests: starts `graphc lsp --stdio` as a child process and talks to it
 * with vscode-languageserver-protocol's connection (the library VS Code's client is built on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A running server and a connection to it. */
export interface LspSession {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  /** Resolves with the next diagnostics published for `uri` (at `version`, when given). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** How many diagnostics notifications were published for `uri` so far. */
  publishCount(uri: string): number;
  /** stderr the server wrote so far. */
  stderr(): string;
  close(): Promise<void>;
}

/** Starts the server, initializes it, and returns the session. */
export async function startLsp(initializationOptions: Record<string, unknown> = {}): Promise<LspSession> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/graphc.ts', 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting: { uri: string; version: number | undefined; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const published: PublishDiagnosticsParams[] = [];
  const counts = new Map<string, number>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    counts.set(p.uri, (counts.get(p.uri) ?? 0) + 1);
    const i = waiting.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(p);
    else published.push(p);
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    child,
    diagnostics(uri, version) {
      const i = published.findIndex((p) => p.uri === uri && (version === undefined || p.version === version));
      if (i >= 0) return Promise.resolve(published.splice(i, 1)[0]!);
      return new Promise((resolve) => waiting.push({ uri, version, resolve }));
    },
    publishCount: (uri) => counts.get(uri) ?? 0,
    stderr: () => err,
    async close() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      connection.dispose();
    },
  };
}
