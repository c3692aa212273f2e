/** `graphc lsp --stdio`: the language server, for editors. */
import type { RegisterCommand } from '../registry.js';
import { EXIT } from '../io.js';

/** Registers `graphc lsp`. The server module (and its protocol library) loads only here. */
export const registerLsp: RegisterCommand = (program, _io, setCode) => {
  program
    .command('lsp')
    .description('run the language server (diagnostics, hover, completion, definition) for editors')
    .option('--stdio', 'talk LSP over stdin/stdout (the default and only transport)')
    .action(async () => {
      const { startServer } = await import('../../lsp/server.js');
      await startServer();
      setCode(EXIT.ok);
    });
};
