/**
 * Stage 2: validates the located tree against the language's JSON Schema with the validator ajv
 * generated at build time (`npm run gen:schema`), and maps each error, a JSON Pointer, back to
 * the YAML node it is about.
 */
import { didYouMean, type DiagnosticSink } from './diagnostics/diagnostic.js';
import { getEntry, toPlain, type YNode } from './parse.js';
import type { SchemaError as ErrorObject } from './schema/schema-error.js';
import { validateSchema } from './schema/validator.generated.js';
import { CALL_DESCRIPTION } from './schema/build-schema.js';
import { OPS } from './ops/registry.js';
import type { SourceSpan } from './ir.js';

function segments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The node a JSON Pointer designates, and the span of its key when it is a map entry. */
export function resolvePointer(root: YNode, pointer: string): { node: YNode; keySpan: SourceSpan | null } {
  let node = root;
  let keySpan: SourceSpan | null = null;
  for (const seg of segments(pointer)) {
    if (node.kind === 'map') {
      const e = getEntry(node, seg);
      if (!e) break;
      node = e.value;
      keySpan = e.keySpan;
    } else if (node.kind === 'seq') {
      const item = node.items[Number(seg)];
      if (!item) break;
      node = item;
      keySpan = null;
    } else break;
  }
  return { node, keySpan };
}

/** `body[3].Conv2D.kernel_size` for `/body/3/Conv2D/kernel_size`. */
export function describePath(pointer: string): string {
  let out = '';
  for (const seg of segments(pointer)) out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || 'the document';
}

function expectation(e: ErrorObject): string {
  switch (e.keyword) {
    case 'type':
      return `of type ${String(e.params['type']).replace(',', ' or ')}`;
    case 'enum':
      return `one of ${(e.params['allowedValues'] as unknown[]).map((v) => String(v)).join(', ')}`;
    case 'const':
      return `${JSON.stringify(e.params['allowedValue'])}`;
    case 'pattern':
      return `text matching ${String(e.params['pattern'])}`;
    case 'minItems':
      return `a list of at least ${String(e.params['limit'])} item(s)`;
    case 'maxItems':
      return `a list of at most ${String(e.params['limit'])} item(s)`;
    case 'minimum':
      return `>= ${String(e.params['limit'])}`;
    default:
      return e.message ?? 'valid';
  }
}

const within = (path: string, p: string): boolean => path === p || path.startsWith(p + '/');
const BRANCH_MISMATCH = new Set(['type', 'enum', 'const', 'pattern', 'anyOf']);

/**
 * One error per value for `anyOf`: ajv reports every failed branch. When the value had the right
 * kind for a branch (a mapping for the object branch), that branch's own errors are the useful
 * ones (an unknown key); otherwise the single `anyOf` error stands for them all.
 */
function collapse(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const outermost = anyOfs.filter((p) => !anyOfs.some((q) => q !== p && within(p, q)));
  const kept: ErrorObject[] = errors.filter((e) => !outermost.some((p) => within(e.instancePath, p)));
  for (const p of outermost) {
    const inside = errors.filter((e) => within(e.instancePath, p));
    const specific = inside.filter((e) => !(BRANCH_MISMATCH.has(e.keyword) && e.instancePath === p));
    // ajv reports nested anyOf failures first; the last one at `p` is the attribute's own.
    const own = inside.filter((e) => e.keyword === 'anyOf' && e.instancePath === p).slice(-1);
    kept.push(...(specific.length > 0 ? specific : own));
  }
  return kept;
}

/** Validates the document; reports every schema error (GC2001–GC2005). Returns true when valid. */
export function validateDocument(root: YNode, sink: DiagnosticSink): boolean {
  const validate = validateSchema;
  if (validate(toPlain(root))) return true;
  const seen = new Set<string>();
  for (const e of collapse(validate.errors ?? [])) {
    const { node, keySpan } = resolvePointer(root, e.instancePath);
    const where = describePath(e.instancePath);
    const isName = e.keyword === 'propertyNames' || (e.keyword === 'pattern' && e.propertyName !== undefined);
    const key = isName ? `name:${e.instancePath}:${String(e.params['propertyName'] ?? e.propertyName)}` : `${e.keyword}:${e.instancePath}:${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (e.keyword === 'additionalProperties') {
      const extra = String(e.params['additionalProperty']);
      const entry = node.kind === 'map' ? getEntry(node, extra) : undefined;
      const props = Object.keys((e.parentSchema?.['properties'] as object | undefined) ?? {});
      sink.report('GC2001', [extra, where], entry?.keySpan ?? node.span, { hint: didYouMean(extra, props) });
    } else if (e.keyword === 'required') {
      sink.report('GC2003', [where, String(e.params['missingProperty'])], keySpan ?? node.span);
    } else if (e.keyword === 'const' && e.instancePath === '/graphc') {
      sink.report('GC2005', [JSON.stringify(toPlain(node)), String(e.params['allowedValue'])], node.span);
    } else if (isName) {
      const name = String(e.params['propertyName'] ?? e.propertyName ?? '');
      const entry = node.kind === 'map' ? getEntry(node, name) : undefined;
      sink.report('GC2004', [`\`${name}\` in ${where}`, 'is not a valid name (letters, digits and _; not a reserved word)'], entry?.keySpan ?? node.span);
    } else if (e.keyword === 'anyOf') {
      const description = typeof e.parentSchema?.['description'] === 'string' ? e.parentSchema['description'] : null;
      sink.report('GC2004', [`\`${where}\``, 'has a value of the wrong kind'], node.span, { hint: description });
    } else {
      sink.report('GC2002', [`\`${where}\``, expectation(e)], node.span, { hint: unknownStepHint(e, root) });
    }
  }
  return false;
}

/**
 * A step key that is neither a layer type nor a reserved word is read as a block call, whose
 * arguments must be a mapping; when its value is not one (`- Activaton: relu`), the useful news
 * is that the name is unknown: say so, with the nearest layer type or block name.
 */
function unknownStepHint(e: ErrorObject, root: YNode): string | null {
  if (e.parentSchema?.['description'] !== CALL_DESCRIPTION) return null;
  const name = decodeURIComponent(e.instancePath.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  if (OPS.has(name)) return null;
  const blocks = root.kind === 'map' ? getEntry(root, 'blocks')?.value : undefined;
  const blockNames = blocks?.kind === 'map' ? blocks.entries.map((b) => b.key) : [];
  if (blockNames.includes(name)) return null;
  const suggestion = didYouMean(name, [...[...OPS.keys()].filter((k) => k !== 'Input'), ...blockNames]);
  return `\`${name}\` is not a layer type or a block defined under \`blocks:\`${suggestion ? `; ${suggestion}` : ''}`;
}
