/**
 * Injection safety of the TypeScript backend: user text reaches the source only as literals
 * whose value is exactly that text (checked by parsing the output with TypeScript itself) or as
 * comments it cannot leave; identifiers only through the namer, which never yields a reserved
 * word, an invalid identifier or a duplicate.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import ts from 'typescript';
import { isPlainIdentifier, Namer } from '../backends/typescript/namer.js';
import { docComment, lineCommentText, propertyAccess, propertyKey, quoteString, templateText } from '../backends/typescript/quote.js';

const HOSTILE = [
  'say "hi"', "it's", 'back\\slash', 'trailing\\', '\\"', 'tick ` tick', '${injected}', '$', '${', '`${x}`',
  'two\nlines', 'crlf\r\n', 'tab\there', 'ends a comment */ here', '/* opens one', '// line comment',
  'line\u2028separator', 'para\u2029separator', 'ünïcødé — Ωμέγα ≤ 😀', 'lone \uD800 surrogate', 'nul \u0000 bell \u0007',
  '<\/script>', '@param injected', '\u00A0nbsp\uFEFFbom', '',
];

function parse(text: string): ts.SourceFile {
  const sf = ts.createSourceFile('t.ts', text, ts.ScriptTarget.ES2022, true);
  const diags = (sf as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  assert.equal(diags.length, 0, `${JSON.stringify(text)} does not parse: ${diags.map((d) => d.messageText).join('; ')}`);
  return sf;
}

/** The value of the only statement, `const v = <literal>;`. */
function literalValue(literal: string): string {
  const sf = parse(`const v = ${literal};`);
  assert.equal(sf.statements.length, 1);
  const init = (sf.statements[0] as ts.VariableStatement).declarationList.declarations[0]!.initializer!;
  assert.ok(ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init), ts.SyntaxKind[init.kind]);
  return init.text;
}

describe('literals', () => {
  it('quoteString gives a string literal of exactly the text', () => {
    for (const s of HOSTILE) assert.equal(literalValue(quoteString(s)), s, JSON.stringify(s));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => literalValue(quoteString(s)) === s));
  });

  it('templateText gives a template literal of exactly the text, with no substitution', () => {
    for (const s of HOSTILE) assert.equal(literalValue(`\`${templateText(s)}\``), s, JSON.stringify(s));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => literalValue(`\`${templateText(s)}\``) === s));
  });

  it('writes U+2028 and U+2029 escaped', () => {
    assert.doesNotMatch(quoteString('a\u2028b\u2029c'), /[\u2028\u2029]/);
    assert.doesNotMatch(templateText('a\u2028b'), /[\u2028\u2029]/);
  });

  it('keys and member access: identifiers bare, anything else quoted, __proto__ computed', () => {
    assert.equal(propertyKey('ok'), 'ok');
    assert.equal(propertyKey('a"b'), '"a\\"b"');
    assert.equal(propertyKey('__proto__'), '["__proto__"]');
    assert.equal(propertyAccess('r', 'ok'), 'r.ok');
    assert.equal(propertyAccess('r', 'x-y'), 'r["x-y"]');
    const sf = parse(`const o = { ${HOSTILE.map((k, i) => `${propertyKey(k)}: ${i}`).join(', ')} };`);
    const obj = (sf.statements[0] as ts.VariableStatement).declarationList.declarations[0]!.initializer as ts.ObjectLiteralExpression;
    assert.equal(obj.properties.length, HOSTILE.length);
  });
});

describe('comments', () => {
  it('a line comment cannot end early', () => {
    for (const s of HOSTILE) {
      const sf = parse(`// ${lineCommentText(s)}\nconst after = 1;`);
      assert.equal(sf.statements.length, 1, JSON.stringify(s));
      assert.doesNotMatch(lineCommentText(s), /[\r\n\u2028\u2029]/);
    }
  });

  it('a doc comment cannot end early or grow tags', () => {
    for (const s of HOSTILE) {
      const sf = parse(`${docComment([s, `more ${s}`])}\nconst after = 1;`);
      assert.equal(sf.statements.length, 1, JSON.stringify(s));
      assert.equal(ts.getJSDocTags(sf.statements[0]!).length, 0, JSON.stringify(s));
    }
  });
});

describe('the namer', () => {
  it('renames reserved words and names the generated code uses', () => {
    const module = Namer.root();
    module.reserve('tf');
    module.reserve('apply');
    const fn = module.child();
    const x = fn.declare('x');
    assert.equal(x, 'x');
    assert.equal(fn.declare('class'), 'class_');
    assert.equal(fn.declare('tf'), 'tf2');
    assert.equal(fn.declare('apply'), 'apply2');
    assert.equal(fn.declare('x'), 'x2');
    assert.equal(fn.declare('undefined'), 'undefined_');
    assert.equal(fn.declare('constructor'), 'constructor_');
    assert.equal(fn.declare('arguments'), 'arguments_');
  });

  it('converts to camelCase and keeps converted names apart', () => {
    const n = Namer.root();
    assert.equal(n.declare('conv_name_base'), 'convNameBase');
    assert.equal(n.declare('convNameBase'), 'convNameBase2');
    assert.equal(n.declare('identity_block', 'pascal'), 'IdentityBlock');
    assert.equal(n.declare('mobilenetv2_1.00_224', 'pascal'), 'Mobilenetv2_1_00_224');
    assert.equal(n.declare('_'), '_');
    assert.equal(n.declare('__'), '__');
    assert.equal(n.declare('9lives'), '_9lives');
    assert.equal(n.declare(''), 'value');
  });

  it('lets a YAML name shadow the same name outside only when allowed', () => {
    const build = Namer.root().child();
    assert.equal(build.declareValue('ratio'), 'ratio');
    assert.equal(build.child().declareValue('ratio', true), 'ratio');
    assert.equal(build.child().declareValue('ratio', false), 'ratio2');
    assert.equal(build.child().declare('ratio'), 'ratio2', 'labels and generated names never shadow');
  });

  it('always yields distinct plain identifiers, whatever the names', () => {
    // The generator declares a scope's names before it opens scopes inside it; so does this.
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 10 }), fc.array(fc.string({ unit: 'binary' }), { maxLength: 10 }), (a, b) => {
        const outer = Namer.root();
        outer.reserve('tf');
        const outerIdents = a.map((n) => outer.declare(n));
        const inner = outer.child();
        const idents = [...outerIdents, ...b.map((n) => inner.declare(n))];
        return idents.every(isPlainIdentifier) && new Set(idents).size === idents.length && !idents.includes('tf');
      }),
    );
  });
});
