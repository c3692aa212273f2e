/**
 * The compiler's analysis results as LSP structures: offsets to positions, diagnostics with
 * ranges, related locations, codes and hints, outline kinds and completion kinds.
 */
import {
  CompletionItemKind,
  DiagnosticSeverity,
  SymbolKind,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol,
} from 'vscode-languageserver/node';
import type { Analysis } from '../compiler/analysis/analyze.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { instancesSuffix } from '../compiler/diagnostics/render.js';
import type { Completion, CompletionKind } from '../compiler/analysis/completion.js';
import type { OutlineSymbol } from '../compiler/analysis/navigate.js';
import type { SourceSpan } from '../compiler/ir.js';

/** The LSP range of a span of this document. */
export function rangeOf(a: Analysis, span: SourceSpan | null): { start: { line: number; character: number }; end: { line: number; character: number } } {
  if (!span) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const r = a.lines.range(span.start, span.end);
  return { start: { ...r.start }, end: { ...r.end } };
}

/**
 * One compiler diagnostic as an LSP diagnostic. The compiler's sink already reports a mistake
 * once per place with its instance count (a loop repeating it 12 times), so this maps 1:1.
 */
export function toLspDiagnostic(a: Analysis, uri: string, d: Diagnostic): LspDiagnostic {
  const parts = [`${d.message}${instancesSuffix(d)}`];
  if (d.hint) parts.push(`\nhint: ${d.hint}`);
  const frame = d.trace[d.trace.length - 1];
  const related = [
    ...d.related.filter((r) => r.span.file === a.file).map((r) => ({ location: { uri, range: rangeOf(a, r.span) }, message: r.message })),
    ...(frame && frame.call.file === a.file ? [{ location: { uri, range: rangeOf(a, frame.call) }, message: `in block \`${frame.template}\` called here` }] : []),
  ];
  return {
    range: rangeOf(a, d.span && d.span.file === a.file ? d.span : null),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: 'graphc',
    message: parts.join(''),
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data: { instances: d.instances, hint: d.hint },
  };
}

const COMPLETION_KINDS: Readonly<Record<CompletionKind, CompletionItemKind>> = {
  op: CompletionItemKind.Class,
  block: CompletionItemKind.Function,
  attribute: CompletionItemKind.Property,
  param: CompletionItemKind.Variable,
  value: CompletionItemKind.EnumMember,
  label: CompletionItemKind.Reference,
  variant: CompletionItemKind.Constant,
  keyword: CompletionItemKind.Keyword,
};

/** A completion as an LSP item. */
export function toCompletionItem(c: Completion): CompletionItem {
  return {
    label: c.label,
    kind: COMPLETION_KINDS[c.kind],
    detail: c.detail,
    ...(c.documentation ? { documentation: { kind: 'markdown', value: c.documentation } } : {}),
  };
}

const SYMBOL_KINDS: Readonly<Record<OutlineSymbol['kind'], SymbolKind>> = {
  block: SymbolKind.Function,
  layer: SymbolKind.Object,
  call: SymbolKind.Method,
  loop: SymbolKind.Array,
  group: SymbolKind.Namespace,
  section: SymbolKind.Module,
  param: SymbolKind.Variable,
  variant: SymbolKind.Constant,
};

/** An outline entry as an LSP document symbol. */
export function toDocumentSymbol(a: Analysis, s: OutlineSymbol): DocumentSymbol {
  const range = rangeOf(a, s.span);
  return {
    name: s.name || '(unnamed)',
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KINDS[s.kind],
    range,
    selectionRange: range,
    children: s.children.map((c) => toDocumentSymbol(a, c)),
  };
}
