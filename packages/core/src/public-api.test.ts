import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The published API of every package entry, read from the built declarations (run `pnpm build`
// first) and compared with the checked-in report beside each package, so that every change to
// what users can import is a deliberate one. After a deliberate change:
//
//   pnpm build && UPDATE_API_REPORT=1 npx vitest run packages/core/src/public-api.test.ts

const packages = fileURLToPath(new URL('../../', import.meta.url));
const ENTRIES = [
  ['core', 'index'],
  ['core', 'transport/index'],
  ['core', 'testing/index'],
  ['handlers', 'index'],
  ['redis', 'index'],
  ['cli', 'index'],
  ['native', 'index'],
  ['native', 'direct-send'],
] as const;
const declarationOf = (pkg: string, entry: string) => join(packages, pkg, 'dist', `${entry}.d.ts`);
const reportOf = (pkg: string, entry: string) => join(packages, pkg, 'api', `${entry.replace('/index', '')}.api.txt`);

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  types: ['node'],
};
const FULL = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;

/** One line per export (kind, name, type), and one per public member of its classes and interfaces. */
function apiReport(checker: ts.TypeChecker, file: ts.SourceFile): string {
  const lines: string[] = [];
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!);
  for (const exported of exports.sort((a, b) => a.name.localeCompare(b.name))) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    lines.push(...describeSymbol(checker, exported.name, symbol));
  }
  return `${lines.join('\n')}\n`;
}

function describeSymbol(checker: ts.TypeChecker, name: string, symbol: ts.Symbol): string[] {
  const out: string[] = [];
  const declaration = symbol.declarations?.[0];
  const type = (s: ts.Symbol) =>
    checker.typeToString(checker.getTypeOfSymbolAtLocation(s, declaration!), undefined, FULL);
  const typeParameters = typeParametersOf(declaration);
  if (symbol.flags & ts.SymbolFlags.Class) {
    const instance = checker.getDeclaredTypeOfSymbol(symbol);
    const statics = checker.getTypeOfSymbolAtLocation(symbol, declaration!);
    out.push(`class ${name}${typeParameters}`);
    for (const signature of statics.getConstructSignatures()) {
      out.push(`  new${checker.signatureToString(signature, undefined, FULL)}`);
    }
    out.push(...members(checker, statics, '  static ', (p) => p.name !== 'prototype'));
    out.push(...members(checker, instance, '  '));
  } else if (symbol.flags & ts.SymbolFlags.Interface) {
    out.push(`interface ${name}${typeParameters}`, ...members(checker, checker.getDeclaredTypeOfSymbol(symbol), '  '));
  } else if (symbol.flags & ts.SymbolFlags.TypeAlias) {
    const aliased = checker.typeToString(
      checker.getDeclaredTypeOfSymbol(symbol),
      undefined,
      FULL | ts.TypeFormatFlags.InTypeAlias,
    );
    out.push(`type ${name}${typeParameters} = ${aliased}`);
  }
  if (symbol.flags & ts.SymbolFlags.Function) out.push(`function ${name}: ${type(symbol)}`);
  if (symbol.flags & ts.SymbolFlags.Variable) out.push(`const ${name}: ${type(symbol)}`);
  if (out.length === 0) out.push(`${ts.SymbolFlags[symbol.flags] ?? symbol.flags} ${name}`);
  return out;
}

/** Public properties and methods (private, protected and #private ones are internal). */
function members(checker: ts.TypeChecker, type: ts.Type, indent: string, keep = (_: ts.Symbol) => true): string[] {
  return checker
    .getPropertiesOfType(type)
    .filter((p) => keep(p) && !p.name.startsWith('#') && !hidden(p))
    .map((p) => {
      const optional = p.flags & ts.SymbolFlags.Optional ? '?' : '';
      const readonly = modifiers(p) & ts.ModifierFlags.Readonly ? 'readonly ' : '';
      const declaration = p.valueDeclaration ?? p.declarations?.[0];
      const memberType = declaration ? checker.getTypeOfSymbolAtLocation(p, declaration) : checker.getTypeOfSymbol(p);
      return `${indent}${readonly}${p.name}${optional}: ${checker.typeToString(memberType, undefined, FULL)}`;
    });
}

function modifiers(member: ts.Symbol): ts.ModifierFlags {
  return (member.declarations ?? []).reduce<ts.ModifierFlags>(
    (flags, d) => flags | ts.getCombinedModifierFlags(d),
    ts.ModifierFlags.None,
  );
}

function hidden(member: ts.Symbol): boolean {
  return (modifiers(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
}

/** `<T, M = unknown>` as declared, or ''. */
function typeParametersOf(declaration: ts.Declaration | undefined): string {
  const parameters =
    declaration && ts.getEffectiveTypeParameterDeclarations(declaration as ts.DeclarationWithTypeParameters);
  return parameters?.length ? `<${parameters.map((p) => p.getText()).join(', ')}>` : '';
}

const built = ENTRIES.every(([pkg, entry]) => existsSync(declarationOf(pkg, entry)));

describe.skipIf(!built && !process.env.CI)('public API (skipped before the first `pnpm build`)', () => {
  const program = ts.createProgram(
    ENTRIES.map(([pkg, entry]) => declarationOf(pkg, entry)),
    OPTIONS,
  );
  const checker = program.getTypeChecker();

  it.each(ENTRIES)('%s/%s matches its checked-in report', (pkg, entry) => {
    const actual = apiReport(checker, program.getSourceFile(declarationOf(pkg, entry))!);
    const path = reportOf(pkg, entry);
    if (process.env.UPDATE_API_REPORT) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
    }
    const expected = existsSync(path) ? readFileSync(path, 'utf8') : '';
    expect(actual, `${path} is out of date: if the change is meant, update it (see the top of this file)`).toBe(
      expected,
    );
  });

  it('@switchboard/core compiles without ws types, skipLibCheck off', () => {
    const main = ts.createProgram([declarationOf('core', 'index')], { ...OPTIONS, skipLibCheck: false });
    const wsTypes = main.getSourceFiles().filter((file) => /[\\/](@types[\\/]ws|ws)[\\/]/.test(file.fileName));
    expect(wsTypes.map((file) => file.fileName)).toEqual([]);
    const errors = ts.getPreEmitDiagnostics(main).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  });
});
