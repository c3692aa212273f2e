/** Process entry point: runs the CLI on the process's arguments and streams. */
import { processIo, terminalSafe } from './io.js';
import { runCli } from './main.js';
import { installSignalHandlers } from './signals.js';

installSignalHandlers((text) => process.stderr.write(text));

runCli(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // Only a graphc bug gets here: bad input is always a diagnostic.
    process.stderr.write(`graphc: internal error: ${terminalSafe(e instanceof Error ? (e.stack ?? e.message) : String(e))}\nPlease report this with the model file that caused it.\n`);
    process.exitCode = 70;
  },
);
