// Lists the exports of src/ that no other file imports: `node scripts/unused-exports.mjs`.
// An export counts as imported when a file of src/, tests/, scripts/, bench/ or bin/ that names its
// module (a relative path to it in src/ or dist/) also uses its name. Each one found is either
// used in its own module only (drop `export`) or not at all (remove it). Exit code 1 when any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const walk = (dir) =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (['node_modules', 'fixtures', 'cases', 'references'].includes(name)) return [];
    return statSync(join(ROOT, path)).isDirectory() ? walk(path) : /\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
const files = ['src', 'tests', 'scripts', 'bench', 'bin'].flatMap(walk);
const text = new Map(files.map((file) => [file, readFileSync(join(ROOT, file), 'utf8')]));

/** The identifiers of a module, by name, with how many times each occurs. */
function identifierCounts(file) {
  const source = ts.createSourceFile(file, text.get(file), ts.ScriptTarget.Latest, true);
  const counts = new Map();
  const visit = (node) => {
    if (ts.isIdentifier(node)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { source, counts };
}

/** The names a module of src/ exports (declarations marked `export`). */
function exportedNames(source) {
  const names = [];
  for (const statement of source.statements) {
    if (!ts.canHaveModifiers(statement) || !ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
        else if (ts.isObjectBindingPattern(declaration.name)) for (const element of declaration.name.elements) names.push(element.name.getText(source));
      }
    } else if (statement.name) names.push(statement.name.text);
  }
  return names;
}

/**
 * The modules of src/ a file names: its relative specifiers ("./x.js", "../src/x.js",
 * "../dist/x.js") resolved from its folder, and paths to dist/ written as strings elsewhere
 * ("'dist', 'cli.js'"); dist/ stands for src/.
 */
function namedModules(file) {
  const named = new Set();
  const toSource = (path) => path.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
  for (const [, specifier] of text.get(file).matchAll(/['"](\.{1,2}\/[^'"]+\.js)['"]/g)) named.add(toSource(join(dirname(file), specifier)));
  for (const [, parts] of text.get(file).matchAll(/'dist'((?:,\s*'[\w./-]+')+)/g)) {
    const segments = parts
      .split(',')
      .slice(1)
      .map((part) => part.trim().slice(1, -1));
    named.add(toSource(join('dist', ...segments)));
  }
  return named;
}
const names = new Map(files.map((file) => [file, namedModules(file)]));

const found = [];
for (const file of files.filter((f) => f.startsWith('src/') && f.endsWith('.ts'))) {
  const { source, counts } = identifierCounts(file);
  const importers = files.filter((other) => other !== file && names.get(other).has(file));
  for (const name of exportedNames(source)) {
    if (importers.some((other) => new RegExp(`\\b${name}\\b`).test(text.get(other)))) continue;
    found.push(`${relative(ROOT, join(ROOT, file))}: ${name} (${(counts.get(name) ?? 0) > 1 ? 'used in its module only: drop `export`' : 'unused: remove'})`);
  }
}
console.log(found.length === 0 ? 'every export of src/ is imported somewhere' : found.join('\n'));
process.exitCode = found.length === 0 ? 0 : 1;
