/**
 * "It compiles": the TypeScript generated for every shipped architecture (every variant), for the
 * backend's fixtures, and a file holding every run-time helper, passes `tsc --strict --noEmit` in
 * one run, and none of it says `any`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import { renderDiagnostics } from '../compiler/diagnostics/render.js';
import { compileSource } from '../compiler/pipeline.js';
import { emitTypeScript } from '../backends/typescript/emit-module.js';
import { RUNTIME } from '../backends/typescript/runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'graphc-ts-compile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022'],
    types: [],
    skipLibCheck: true,
    noFallthroughCasesInSwitch: true,
  },
  include: ['*.ts'],
};

/** Every file to check: name → source. */
const generated = new Map<string, string>();

function models(): { file: string; variant: string | null }[] {
  const files = [
    ...readdirSync('architectures').filter((f) => f.endsWith('.yaml')).map((f) => `architectures/${f}`),
    ...readdirSync('test/golden/typescript').filter((d) => d !== 'resnet50').map((d) => `test/golden/typescript/${d}/model.yaml`),
  ].sort();
  return files.flatMap((file): { file: string; variant: string | null }[] => {
    const r = compileSource(file, readFileSync(file, 'utf8'));
    const variants = r.program?.variants.map((v) => v.name) ?? [];
    return variants.length === 0 ? [{ file, variant: null }] : variants.map((variant) => ({ file, variant }));
  });
}

before(() => {
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  models().forEach(({ file, variant }, i) => {
    const r = compileSource(file, readFileSync(file, 'utf8'), { variant });
    assert.ok(r.graph && r.program, renderDiagnostics(r.diagnostics, r.files));
    const { fileName, text } = emitTypeScript(r.program, r.graph, file);
    generated.set(`m${i}_${fileName}`, text);
  });
  // Helpers only some models need still have to compile: one file with all of them.
  const helpers = Object.values(RUNTIME).map((h) => h.code).join('\n\n');
  generated.set('all_helpers.ts', `import * as tf from "@tensorflow/tfjs";\n\n${helpers}\n`);
  for (const [name, text] of generated) writeFileSync(join(dir, name), text);
});

describe('generated TypeScript', () => {
  it('passes tsc --strict --noEmit (every architecture, variant and fixture)', () => {
    assert.ok(generated.size >= 20, `only ${generated.size} files generated`);
    const tsc = resolve('node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });

  it('never writes `any` (nor silences the checker)', () => {
    for (const [name, text] of generated) {
      const sf = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node): void => {
        assert.notEqual(node.kind, ts.SyntaxKind.AnyKeyword, `${name}: \`any\` at ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        ts.forEachChild(node, visit);
      };
      visit(sf);
      assert.doesNotMatch(text, /@ts-(ignore|nocheck|expect-error)|eslint-disable/, name);
    }
  });

  it('parses to the statements the generator meant: hostile text stays inside literals and comments', () => {
    const hostile = [...generated].find(([n]) => n.includes('Hostile'));
    assert.ok(hostile, 'the hostile fixture is generated');
    const sf = ts.createSourceFile(hostile[0], hostile[1], ts.ScriptTarget.ES2022, true);
    const kinds = sf.statements.map((s) => ts.SyntaxKind[s.kind]);
    assert.deepEqual(kinds.slice(0, 4), ['ImportDeclaration', 'TypeAliasDeclaration', 'InterfaceDeclaration', 'FunctionDeclaration']);
    assert.ok(kinds.slice(4).every((k) => k === 'FunctionDeclaration' || k === 'ClassDeclaration'), kinds.join(', '));
    const diagnostics = (sf as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
    assert.equal(diagnostics.length, 0);
  });
});
