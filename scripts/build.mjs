#!/usr/bin/env node
// Builds dist/: compiles the TypeScript (tsconfig.build.json) and copies the data files the
// compiled code reads at run time (the ONNX schema). Run by `npm ci` through `prepare`.
import { cpSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
for (const asset of ['backends/onnx/onnx.proto']) cpSync(asset, `dist/${asset}`);
