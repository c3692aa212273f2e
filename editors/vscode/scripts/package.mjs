#!/usr/bin/env node
// Packages the extension as a .vsix (the zip VS Code installs with "Install from VSIX..." or
// `code --install-extension`): the manifest VS Code's marketplace format requires, the content
// types, and extension/ with package.json, extension.js, README, LICENSE and the production
// node_modules (vscode-languageclient and its dependencies, installed from the npm registry).
//
//   node editors/vscode/scripts/package.mjs [--out FILE] [--no-install]
//
// --no-install packs without node_modules (for a quick check of the layout; such a .vsix does
// not run).
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const install = !args.includes('--no-install');
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(here, `${manifest.name}-${manifest.version}.vsix`);

/** XML text with the five special characters escaped. */
const xml = (s) => String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);

function vsixManifest() {
  return `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(manifest.name)}" Version="${xml(manifest.version)}" Publisher="${xml(manifest.publisher)}" />
    <DisplayName>${xml(manifest.displayName)}</DisplayName>
    <Description xml:space="preserve">${xml(manifest.description)}</Description>
    <Tags>graphc,yaml,neural network,keras,lsp</Tags>
    <Categories>${xml(manifest.categories.join(','))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(manifest.engines.vscode)}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionPack" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
    </Properties>
    <License>extension/LICENSE.txt</License>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
    <Asset Type="Microsoft.VisualStudio.Services.Content.Details" Path="extension/README.md" Addressable="true" />
    <Asset Type="Microsoft.VisualStudio.Services.Content.License" Path="extension/LICENSE.txt" Addressable="true" />
  </Assets>
</PackageManifest>
`;
}

function contentTypes(files) {
  const exts = [...new Set(files.map((f) => (f.includes('.') ? f.slice(f.lastIndexOf('.') + 1).toLowerCase() : '')).filter((e) => e && !e.includes('/')))].sort();
  const mime = { json: 'application/json', js: 'application/javascript', cjs: 'application/javascript', mjs: 'application/javascript', md: 'text/markdown', txt: 'text/plain', png: 'image/png', xml: 'text/xml', vsixmanifest: 'text/xml', ts: 'text/plain', map: 'application/json' };
  const rows = exts.map((e) => `  <Default Extension=".${xml(e)}" ContentType="${xml(mime[e] ?? 'application/octet-stream')}" />`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\n${rows.join('\n')}\n</Types>\n`;
}

function walk(dir, base = dir) {
  const found = [];
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) found.push(...walk(p, base));
    else found.push(relative(base, p).split('\\').join('/'));
  }
  return found;
}

const stage = mkdtempSync(join(tmpdir(), 'graphc-vsix-'));
try {
  for (const f of ['package.json', 'extension.js', 'README.md']) cpSync(join(here, f), join(stage, f));
  cpSync(join(here, 'LICENSE'), join(stage, 'LICENSE.txt'));
  if (existsSync(join(here, 'images'))) cpSync(join(here, 'images'), join(stage, 'images'), { recursive: true });
  if (install) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--omit=dev', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: stage, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm install failed with exit code ${r.status}`);
  }
  const files = walk(stage);
  const entries = { 'extension.vsixmanifest': new TextEncoder().encode(vsixManifest()), '[Content_Types].xml': new TextEncoder().encode(contentTypes([...files, 'extension.vsixmanifest'])) };
  // Fixed timestamps: the same sources give the same .vsix.
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const f of files) entries[`extension/${f}`] = [readFileSync(join(stage, f)), { mtime }];
  const zip = zipSync(entries, { level: 9, mtime });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, zip);
  renameSync(tmp, out);
  process.stdout.write(`${relative(process.cwd(), out)}: ${files.length + 2} files, ${(zip.length / 1024).toFixed(0)} KiB\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
