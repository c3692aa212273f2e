/** Process entry point of the ES module build: runs the CLI on the process's arguments and streams. */
import { processIo } from './io.js';
import { runCli } from './main.js';
import { runAsProcess } from './process-entry.js';

void runAsProcess(() => runCli(process.argv.slice(2), processIo));
