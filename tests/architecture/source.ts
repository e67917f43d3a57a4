/**
 * Reading the source as a reviewer would: every import of every file, and every cast placed on a
 * row a query returned. The architecture tests assert over these.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '../..');

export function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.tsx?$/.test(entry.name)) out.push(relative(ROOT, join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

export interface ImportEdge { from: string; to: string; typeOnly: boolean; names: string[] }

/** Every static import and re-export in a file, resolved to a path from the project root. */
export function importsOf(file: string): ImportEdge[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const edges: ImportEdge[] = [];
  for (const statement of source.statements) {
    let spec: ts.Expression | undefined;
    let typeOnly = false;
    let names: string[] = [];
    if (ts.isImportDeclaration(statement)) {
      spec = statement.moduleSpecifier;
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const named = bindings && ts.isNamedImports(bindings) ? bindings.elements : undefined;
      typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && named !== undefined && named.every((e) => e.isTypeOnly)));
      names = named?.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) ?? [];
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      spec = statement.moduleSpecifier;
      const clause = statement.exportClause;
      const named = clause && ts.isNamedExports(clause) ? clause.elements : undefined;
      typeOnly = statement.isTypeOnly || (named !== undefined && named.every((e) => e.isTypeOnly));
      names = named?.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) ?? ['*'];
    }
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    edges.push({ from: file, to: relative(ROOT, resolve(ROOT, dirname(file), spec.text)), typeOnly, names });
  }
  return edges;
}

export interface RowCast { file: string; line: number; text: string }

/**
 * Casts (`x as T`, `<T>x`) on what a better-sqlite3 statement returned (`get`, `all`, `iterate`):
 * the row type then says what the code hopes, not what the query was typed to give.
 */
export function rowCasts(folders: string[]): RowCast[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.json could not be read');
  const roots = folders.flatMap((f) => sourceFiles(f)).map((f) => join(ROOT, f));
  const program = ts.createProgram(roots, config.options);
  const checker = program.getTypeChecker();
  const found: RowCast[] = [];
  for (const path of roots) {
    const source = program.getSourceFile(path);
    if (!source) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
        let inner: ts.Expression = node.expression;
        while (ts.isParenthesizedExpression(inner) || ts.isNonNullExpression(inner)) inner = inner.expression;
        if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression)
          && ['get', 'all', 'iterate'].includes(inner.expression.name.text)
          && isStatement(checker.getTypeAtLocation(inner.expression.expression))) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          found.push({ file: relative(ROOT, path), line: line + 1, text: node.getText().replace(/\s+/g, ' ').slice(-80) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function isStatement(type: ts.Type): boolean {
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  if (!symbol || symbol.getName() !== 'Statement') return false;
  return (symbol.getDeclarations() ?? []).some((d) => d.getSourceFile().fileName.includes('better-sqlite3'));
}
