/**
 * The fast reading of YAML (js-yaml's event parser, src/input/yaml-source.ts readYamlQuickly) against
 * the `yaml` package's (parseYamlThoroughly): whenever the fast reading is taken, the value, the
 * diagnostics, the written form of every number and every position are those of the thorough
 * reading. Generated texts mix the scalar forms on which YAML libraries disagree, every quoting
 * style, block and flow collections, comments and escapes; a second property damages them.
 *
 * YAML_FUZZ_RUNS=<n> runs more cases, YAML_FUZZ_SEED=<n> others (the seed is fixed; a failure prints
 * its counterexample).
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Composer, Document, type ScalarTag } from 'yaml';
import { decodeText, parseYaml, parseYamlThoroughly, positionOf, type QuickDecline, readYamlQuickly, writtenScalar, type YamlPath, type YamlSource } from '../src/input/yaml-source.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { listFiles, PROJECT_ROOT } from './helpers/project.js';

const RUNS = Number(process.env.YAML_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.YAML_FUZZ_SEED ?? 20021201);

/** Plain scalars that YAML 1.1, YAML 1.2 core and JSON schemas (and their libraries) type differently. */
const TRICKY_SCALARS = [
  ...'0b101 1_000 +12 -12 0o17 0O17 0x1F 0X1F 0x .5 -.5 +.5 5. 1e3 1E3 1e+3 -1e3 +1e3 1.e3 .e3 1.5e-3 0.1e1 1e309 -1e400 1e-400 5e-324 1e21 9007199254740993'.split(' '),
  ...'123456789012345678901234567890 0x8000000000000001 0o7777777777777777777777 .NaN .nan .NAN .Nan .inf .Inf -.inf +.INF .iNf'.split(' '),
  ...'True TRUE true tRue False FALSE false yes No on OFF y n ~ null Null NULL nUll 017 0017 -017 08 09 0 -0 +0 00 0.0 -0.0 1.0 2500 0.422 0.697 09122'.split(' '),
  ...'2002-10-01 2002-10-01T12:00:00Z 12:30 12:30:00 190:20:30 1:20 1,000 1.0.0 = << - ? : | > FOIX Ville-d’Avray Te\u0301rrassa Térrassa e\u0301 \u0301 😀'.split(' '),
  ...'x#y @x `x %x *a !x [x] {x} {{x}} "x \'x a\tb'.split(' '),
  ...['2002-10-01 12:00:00', 'a b', '« x »', 'x: y', 'x #y', '&a x'],
];

const KEYS = ['name', 'note', 'a b', 'é', 'e\u0301', 'insee', 'population', 'x-y', 'Ville-d’Avray', '"name"', "'note'", '"e\\u0301"', '"\\u00e9"', '"a: b"', "'#x'"];
/** Keys the fast reading declines or must treat with care. */
const TRICKY_KEYS = ['1', '01', '1.0', 'true', '~', 'null', '', '__proto__', 'toString', 'constructor', '<<', '0x1F', '-', '? x', 'x: y', '"1"', '"true"', '"__proto__"'];
const keyArbitrary = fc.oneof({ weight: 15, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.constantFrom(...TRICKY_KEYS) });

/** Hand-written texts for what the generator does not write: escapes, flow pairs, explicit keys, folding. */
const SNIPPETS = [
  'k: "\\ud83d\\ude00"\n',
  'k: "\\ud800"\n',
  'k: "\\udc00x"\n',
  'k: "\\x"\n',
  'k: "\\u00"\n',
  'k: "\\q"\n',
  'k: "\\N\\_\\L\\P\\e\\0\\a\\b\\v\\f\\r\\/\\ \\"\\t\\\t"\n',
  'k: "\\U0010FFFF \\U00110000"\n',
  'k: "\\x41\\u0301\\U0001F600"\n',
  "k: 'it''s'\n",
  'k: "a\n  b\n\n  c"\n',
  "k: 'a\n\n\n  b  \n  c'\n",
  'k: a\n  b\n\n  c\n',
  'k: a\n\n  \n  b\n',
  '{a: 1, b}\n',
  '[a: 1, b: 2]\n',
  '[? a : 1]\n',
  '{? a: 1}\n',
  '? a\n: b\n',
  '? a\n',
  '? |\n  a\n: b\n',
  'k:\n- a\n- b\n',
  'k:\n  - a\n  -\n  - - b\n',
  'k: # c\n  v\n',
  'k:    # c\n\n  v\n',
  'k:\n',
  '- \n- ~\n',
  '-\n',
  'a: b: c\n',
  'a:b\n',
  'a :b\n',
  'a : b\n',
  '"a" : b\n',
  '"a":b\n',
  "'a':b\n",
  '{"a":b}\n',
  '{a:b}\n',
  '[a,b,]\n',
  '[a,,b]\n',
  '{,}\n',
  '[ ]\n',
  '{ }\n',
  'k: [a,\n  b]\n',
  'k: [a,\nb]\n',
  'k: {a: 1,\n    b: 2}\n',
  'k: >\n  a\n  b\n\n  c\n   d\n',
  'k: |+\n  a\n\n\nn: 1\n',
  'k: >-\n\n  a\n',
  'k: |\n   \n  a\n',
  'k: |\n  a\n   \n',
  'k: >\n  \u2028a\n',
  'k: a\u2028b\n',
  'k: a\u0085b\n',
  'k: a\u2029b\n',
  'k: "a\u2028b"\n',
  'k: a\u0001b\n',
  'k: a\u007fb\n',
  'k: "a\u0001"\n',
  'k: \u00a0a\n',
  'k: a\u00a0\n',
  'k\u00a0: v\n',
  'k: -a\n',
  'k: - a\n',
  'k: ?a\n',
  'k: :a\n',
  'k: a:\n',
  'k: 1 # one\nj: 2#two\n',
  'k: "a" # c\n',
  "k: 'a'#c\n",
  'k: [a]#c\n',
  'k: [a] # c\n',
  'k: {a: 1} x\n',
  'k: "a" x\n',
  'k: v\n  j: w\n',
  ' k: v\nj: w\n',
  'k:\n    a: 1\n  b: 2\n',
  '- a\n - b\n',
  'a: 1\r\nb: "x\r\n  y"\r\n',
  'a: 1\n\n\n',
  '\n\n# c\na: 1',
  'a: 1 ',
  'a: "\\\n  b"\n',
  'a: "b\\\n   c\\\n  d"\n',
  '- >\n a\n- |\n b\n',
  'a:\n  - b\n  c: d\n',
  `k: ${'x'.repeat(1100)}\n`,
  `"${'k'.repeat(1030)}": v\n`,
  `? ${'k'.repeat(1030)}\n: v\n`,
  `${'k'.repeat(1000)}${' '.repeat(30)}: v\n`,
];

const SCALAR_CHARS = [
  'a',
  'b',
  'Z',
  '0',
  '1',
  '9',
  ' ',
  ' ',
  '.',
  '-',
  '+',
  '_',
  ':',
  '#',
  ',',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '[',
  ']',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
  '?',
  '~',
  '\n',
  'é',
  'e\u0301',
  '\u0301',
  'œ',
  '’',
  '😀',
  '\u00A0',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u0001',
];

const rareOr = <T>(usual: T, rare: T[]) => fc.oneof({ weight: 3 * rare.length, arbitrary: fc.constant(usual) }, { weight: rare.length, arbitrary: fc.constantFrom(...rare) });

const rawScalar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_SCALARS) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...SCALAR_CHARS), maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

/** `s` in a double-quoted scalar, each character written as itself or as one of its escapes. */
function doubleQuoted(s: string, escapes: readonly number[], continuation: number, indent: string): string {
  let out = '';
  let i = 0;
  for (const char of s) {
    const code = char.codePointAt(0)!;
    const pick = escapes[i++ % escapes.length]!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += pick % 2 ? '\\n' : `\n${indent}\n${indent}`;
    // An astral character as its surrogate pair (a \U escape makes the fast reading decline).
    else if (pick === 1)
      out += char
        .split('')
        .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .join('');
    else if (pick === 2 && code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (pick === 3 && char === ' ') out += '\\ ';
    else if (pick === 3 && char === '\t') out += '\\t';
    else if (pick === 3 && char === '\u00A0') out += '\\_';
    else if (pick === 3 && char === '\u2028') out += '\\L';
    else out += char;
    // A line break escaped away, the next line's indentation dropped.
    if (continuation > 0 && i === continuation) out += `\\\n${indent}  `;
  }
  return `"${out}"`;
}

type Style = 'plain' | 'single' | 'double' | 'literal' | 'folded';

/** A plain scalar that stays one in block and flow context (no indicator, no `: `, ` #`, flow character or line break). */
const SAFE_PLAIN = /^(?![-?:,[\]{}#&*!|>'"%@`\s])[^\n:#,[\]{}]*(?<!\s)$/u;

const scalarNode = fc
  .record({
    text: rawScalar,
    style: fc.constantFrom<Style>('plain', 'plain', 'plain', 'single', 'double', 'double', 'literal', 'folded'),
    escapes: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
    continuation: fc.integer({ min: 0, max: 6 }),
    chomping: fc.constantFrom('', '-', '+'),
    indentIndicator: fc.boolean(),
    comment: fc.constantFrom('', '', '', ' # note', '#no space', ' #'),
    // Wild: as drawn, often not YAML; tame: quoted when it would not stay a plain scalar.
    wild: fc.oneof({ weight: 40, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map((node) =>
    node.wild ? node : { ...node, style: node.style === 'plain' && !SAFE_PLAIN.test(node.text) ? ('double' as const) : node.style, comment: node.comment === '#no space' ? '' : node.comment },
  );
type ScalarNode = typeof scalarNode extends fc.Arbitrary<infer T> ? T : never;

/** A scalar after `key: ` or `- ` at block indentation `indent`; in flow context, never a block scalar. */
function renderScalar(node: ScalarNode, indent: string, flow: boolean): string {
  const { text } = node;
  // A block scalar cannot stand in a flow collection: tame, it is quoted instead.
  const style = flow && !node.wild && (node.style === 'literal' || node.style === 'folded') ? 'double' : node.style;
  if (style === 'single') return `'${text.replace(/'/g, "''").replace(/\n/g, `\n${indent}  `)}'`;
  if (style === 'double') return doubleQuoted(text, node.escapes, node.continuation, `${indent}  `);
  if ((style === 'literal' || style === 'folded') && !flow) {
    const header = `${style === 'literal' ? '|' : '>'}${node.indentIndicator ? '2' : ''}${node.chomping}`;
    const lines = text.split('\n').map((line) => (line === '' ? '' : `${indent}  ${line}`));
    return `${header}${node.comment}\n${lines.join('\n')}`;
  }
  return text.replace(/\n/g, `\n${indent}  `);
}

type Tree = { kind: 'scalar'; node: ScalarNode } | { kind: 'map' | 'seq'; flow: boolean; entries: { key: string; value: Tree; comment: string }[] };

const treeArbitrary: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarNode.map((node) => ({ kind: 'scalar' as const, node })),
    fc.record({
      kind: fc.constantFrom<'map' | 'seq'>('map', 'seq'),
      flow: fc.boolean(),
      entries: fc.uniqueArray(fc.record({ key: keyArbitrary, value: tie('tree'), comment: fc.constantFrom('', '', ' # c', '\n# full line', '\n', '\n   # indented') }), {
        minLength: 1,
        maxLength: 4,
        selector: (entry) => entry.key,
      }),
    }),
  ),
})).tree;

/** Renders `tree` as the value after `key:` or `- ` (what follows the indicator, its first line included). */
function renderValue(tree: Tree, indent: string, flow: boolean): string {
  if (tree.kind === 'scalar') return ` ${renderScalar(tree.node, indent, flow)}${flow || tree.node.style === 'literal' || tree.node.style === 'folded' ? '' : tree.node.comment}`;
  if (tree.flow || flow) {
    const items = tree.entries.map(({ key, value }) => (tree.kind === 'map' ? `${key}:${renderValue(value, indent, true)}` : renderValue(value, indent, true).slice(1)));
    return tree.kind === 'map' ? ` {${items.join(', ')}}` : ` [${items.join(', ')}]`;
  }
  return `\n${renderBlock(tree, `${indent}  `)}`;
}

function renderBlock(tree: Tree, indent: string): string {
  if (tree.kind === 'scalar' || tree.flow) return `${indent}${renderValue(tree, indent, false).slice(1)}`;
  return tree.entries.map(({ key, value, comment }) => `${indent}${tree.kind === 'map' ? `${key}:` : '-'}${renderValue(value, indent, false)}${comment}`).join('\n');
}

const documentArbitrary = fc
  .record({
    // Mostly a mapping or a list, as every file of the project.
    tree: fc.oneof({ weight: 1, arbitrary: treeArbitrary }, { weight: 4, arbitrary: treeArbitrary.filter((t) => t.kind !== 'scalar') }),
    prefix: rareOr('', ['# header\n', '---\n', '%YAML 1.2\n---\n', '\n\n']),
    suffix: rareOr('\n', ['', '\n...\n', '\n---\nx: 1\n', '\n# end', '\n\n\n']),
    crlf: rareOr(false, [true]),
  })
  .map(({ tree, prefix, suffix, crlf }) => {
    const text = `${prefix}${renderBlock(tree, '')}${suffix}`;
    return crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  });

/** The scalar (leaf) paths of a value, and whether each is a number. */
function leafPaths(value: unknown, path: (string | number)[] = [], out: { path: YamlPath; isNumber: boolean }[] = []): { path: YamlPath; isNumber: boolean }[] {
  if (Array.isArray(value)) for (const [i, item] of value.entries()) leafPaths(item, [...path, i], out);
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) leafPaths(item, [...path, key], out);
  else out.push({ path, isNumber: typeof value === 'number' });
  return out;
}

const samePosition = (a: { file: string; line: number; column: number }) => ({ file: a.file, line: a.line, column: a.column });

/** Up to three edits: at an offset, cut 0 to 3 characters and insert one of YAML's syntax characters. */
const editsArbitrary = fc.array(
  fc.tuple(
    fc.nat(),
    fc.nat({ max: 3 }),
    fc.constantFrom(' ', '\t', ':', '-', '#', '"', "'", '\n', '  ', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '?', '%', '@', '\\', 'x', '0', '---', '...', '\r', '\uFEFF'),
  ),
  { minLength: 1, maxLength: 3 },
);

function applyEdits(text: string, edits: [number, number, string][]): string {
  let out = text;
  for (const [at, cut, insert] of edits) {
    const i = at % (out.length + 1);
    out = out.slice(0, i) + insert + out.slice(i + cut);
  }
  return out;
}

/** Every YAML file of the project outside tests/, as decodeText gives it. */
const PROJECT_YAML = [...['content', 'data', 'templates'].flatMap((dir) => listFiles(`${PROJECT_ROOT}/${dir}`).map((f) => `${dir}/${f}`)).filter((f) => f.endsWith('.yaml')), 'coopdec.yaml'].map(
  (path) => ({
    path,
    text: decodeText(path, readFileSync(`${PROJECT_ROOT}/${path}`), new Diagnostics())!,
  }),
);

/** Texts the fast reading took, for the properties to show they are not vacuous. */
let taken = 0;

/** parseYaml (fast reading first) gives what parseYamlThoroughly gives, in everything a later stage reads. */
function expectSameReading(text: string): void {
  const fastDiagnostics = new Diagnostics();
  const thoroughDiagnostics = new Diagnostics();
  const fast = parseYaml('f.yaml', text, fastDiagnostics);
  const thorough = parseYamlThoroughly('f.yaml', text, thoroughDiagnostics);
  const quick = readYamlQuickly(text);
  if (!('declined' in quick)) taken++;
  const shown = `text: ${JSON.stringify(text)}\nquick: ${'declined' in quick ? quick.declined : 'taken'}`;
  expect(JSON.stringify(fastDiagnostics.items), shown).toBe(JSON.stringify(thoroughDiagnostics.items));
  expect(fast === undefined, shown).toBe(thorough === undefined);
  if (!fast || !thorough) return;
  if (!isDeepStrictEqual(fast.value, thorough.value)) expect(fast.value, shown).toStrictEqual(thorough.value);
  for (const { path, isNumber } of leafPaths(fast.value)) {
    if (isNumber) expect(writtenScalar(fast, path), `${shown}\npath ${JSON.stringify(path)}`).toBe(writtenScalar(thorough, path));
    expect(samePosition(positionOf(fast, path)), `${shown}\npath ${JSON.stringify(path)}`).toEqual(samePosition(positionOf(thorough, path)));
  }
}

describe('the fast YAML reading', () => {
  it('gives the thorough reading’s value, diagnostics, written numbers and positions (generated texts)', () => {
    taken = 0;
    fc.assert(fc.property(documentArbitrary, expectSameReading), { seed: SEED, numRuns: RUNS });
    // The property says nothing if the fast reading is never taken.
    expect(taken).toBeGreaterThan(RUNS / 5);
  });

  it('gives the thorough reading’s value and diagnostics on damaged texts', () => {
    const damaged = fc.tuple(fc.oneof(documentArbitrary, fc.constantFrom(...SNIPPETS)), editsArbitrary).map(([text, edits]) => applyEdits(text, edits));
    taken = 0;
    fc.assert(fc.property(damaged, expectSameReading), { seed: SEED + 1, numRuns: RUNS });
    expect(taken).toBeGreaterThan(RUNS / 10);
  });

  it('gives the thorough reading’s value and diagnostics on hand-written texts', () => {
    taken = 0;
    for (const text of SNIPPETS) expectSameReading(text);
    expect(taken).toBeGreaterThan(SNIPPETS.length / 3);
  });

  it('gives the thorough reading’s value and diagnostics on damaged project files', () => {
    const small = PROJECT_YAML.filter((file) => file.text.length < 10_000).map((file) => file.text);
    const damaged = fc.tuple(fc.constantFrom(...small), editsArbitrary).map(([text, edits]) => applyEdits(text, edits));
    taken = 0;
    fc.assert(fc.property(damaged, expectSameReading), { seed: SEED + 2, numRuns: Math.ceil(RUNS / 4) });
    expect(taken).toBeGreaterThan(RUNS / 40);
  });

  it('gives the thorough reading’s value and diagnostics on every block scalar of up to two lines', () => {
    // Exhaustive where random texts were slow to find a difference (`|+` at the end of a text).
    const lines = ['', ' ', '  ', '   ', '  x', ' x', '  # c', '    y'];
    const bodies = [[], ...lines.map((a) => [a]), ...lines.flatMap((a) => lines.map((b) => [a, b]))];
    taken = 0;
    for (const header of ['>+', '|+', '>', '|', '>-', '|-', '|+ # c'])
      for (const body of bodies)
        for (const before of ['name: ', ' name: ', '- ', 'a:\n  name: ', 'a:\n- '])
          for (const after of ['', '\n', '\nk: 1', '\n# c', '\n\n']) expectSameReading(before + header + (body.length > 0 ? `\n${body.join('\n')}` : '') + after);
    expect(taken).toBeGreaterThan(4000);
  });

  it('types every tricky plain scalar as the yaml package does, as a value and as a key', () => {
    for (const scalar of TRICKY_SCALARS) {
      expectSameReading(`k: ${scalar}\n`);
      expectSameReading(`- ${scalar}\n- [${scalar}]\n`);
      expectSameReading(`${scalar}: v\n`);
      expectSameReading(`${scalar}\n`);
    }
  });

  it('normalises decoded strings to NFC as the reviver does, and leaves keys as written', () => {
    const text = 'a: "Te\\u0301rrassa"\n"e\\u0301": "\\u0065\\u0301"\nl: ["\\u0041\\u030a"]\n';
    const source = parseYaml('f.yaml', text, new Diagnostics())!;
    expect(readYamlQuickly(text)).not.toHaveProperty('declined');
    expect(source.value).toStrictEqual({ a: 'Térrassa', 'e\u0301': 'é', l: ['Å'] });
    expect(source.value).toStrictEqual(parseYamlThoroughly('f.yaml', text, new Diagnostics())!.value);
  });

  it('keeps a key that objects inherit as an own property', () => {
    const text = '__proto__: {polluted: 1}\ntoString: x\n';
    expect(readYamlQuickly(text)).not.toHaveProperty('declined');
    const value = parseYaml('f.yaml', text, new Diagnostics())!.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(value).toStrictEqual(parseYamlThoroughly('f.yaml', text, new Diagnostics())!.value);
  });

  it('knows how each number was written without the tree', () => {
    const text = 'a: 0.0\nb: [1e3, 0x1F, +12, 017, 12]\nc: {d: .5, e: -0}\nf: 0.422\n';
    const quick = readYamlQuickly(text);
    expect('declined' in quick ? quick.declined : [...quick.numbersWrittenOtherwise]).toEqual([
      ['["a"]', '0.0'],
      ['["b",0]', '1e3'],
      ['["b",1]', '0x1F'],
      ['["b",2]', '+12'],
      ['["b",3]', '017'],
      ['["c","d"]', '.5'],
      ['["c","e"]', '-0'],
    ]);
  });
});

describe('texts the fast reading leaves to the yaml package', () => {
  const cases: [QuickDecline, string][] = [
    ['lone-carriage-return', 'a: b\rc: d\n'],
    ['js-yaml-error', 'a: [1, 2\n'],
    ['js-yaml-error', 'p: {{x}} text\n'],
    ['tab', '\ta\n'],
    ['byte-order-mark', '\uFEFFa: 1\n'],
    ['byte-order-mark', 'a: "\uFEFF"\n'],
    ['long-unicode-escape', 'k: "\\U00110000"\n'],
    ['long-unicode-escape', 'k: "\\U0001F600"\n'],
    ['blank-line-after-escaped-break', 'k: "a\\\n  \n  b"\n'],
    ['blank-line-after-escaped-break', 'k: "a\\\r\n\r\n  b"\n'],
    ['tab', 'a:\t"b"\n'],
    ['document-marker', 'a: 1\n---\nb: 2\n'],
    ['not-one-document', ''],
    ['not-one-document', '# only a comment\n'],
    ['document-marker', '%YAML 1.2\n---\na: 1\n'],
    ['document-marker', '\n...\n-'],
    ['document-marker', 'a: |\n  x\n---'],
    ['document-marker', '---\na: 1\n'],
    ['document-marker', 'a: 1\n...\n'],
    ['anchor', 'a: &x 1\n'],
    ['alias', 'a: 1\nb: *x\n'],
    ['tag', 'a: !!str 1\n'],
    ['tag', 'a: !!js/function "f"\n'],
    ['tag', 'a: !x 1\n'],
    ['collection-key', '[a, b]: c\n'],
    ['unquoted-template', 'p: {{x}}\n'],
    ['unquoted-template', '- {{num x}}\n'],
    ['collection-key', '- {[x]: 1}\n'],
    ['non-string-key', '1: a\n'],
    ['non-string-key', 'true: a\n'],
    ['non-string-key', '~: a\n'],
    ['non-string-key', ': a\n'],
    ['duplicate-key', 'a: 1\na: 2\n'],
    ['duplicate-key', 'a: 1\n"a": 2\n'],
    ['long-key', `${'k'.repeat(1020)}: v\n`],
    ['too-deep', `${'['.repeat(65)}${']'.repeat(65)}\n`],
    ['too-deep', Array.from({ length: 65 }, (_, i) => `${'  '.repeat(i)}k:`).join('\n') + ' v\n'],
    ['root-block-scalar', '>2\n  x\n'],
    ['indentation-indicator', 'name: >2\n   \n'],
    ['indentation-indicator', 'name: |-1 # c\n  x\n'],
    ['indentation-indicator', 'name: |1'],
    ['kept-lines-at-end', 'name: >+\n\n '],
    ['kept-lines-at-end', '- |+\n  x\n  '],
    ['root-block-scalar', '|\n  x\n'],
    ['empty', '~\n'],
    ['empty', 'null\n'],
  ];
  it('has a case for every reason', () => {
    const reasons: Record<QuickDecline, true> = {
      'lone-carriage-return': true,
      tab: true,
      'byte-order-mark': true,
      'document-marker': true,
      'long-unicode-escape': true,
      'blank-line-after-escaped-break': true,
      'js-yaml-error': true,
      'not-one-document': true,
      anchor: true,
      alias: true,
      tag: true,
      'collection-key': true,
      'non-string-key': true,
      'duplicate-key': true,
      'long-key': true,
      'unquoted-template': true,
      'too-deep': true,
      'scalar-type': true,
      'root-block-scalar': true,
      'indentation-indicator': true,
      'kept-lines-at-end': true,
      empty: true,
    };
    expect(new Set([...cases.map(([reason]) => reason), 'scalar-type'])).toEqual(new Set(Object.keys(reasons)));
  });

  it('scalar-type: a core tag that reports a problem (the thorough reading reports it)', () => {
    const intTag = new Document().schema.tags.find((tag) => tag.tag === 'tag:yaml.org,2002:int' && !tag.format) as ScalarTag;
    vi.spyOn(intTag, 'resolve').mockImplementation((value, onError) => {
      onError('refused');
      return value;
    });
    try {
      expect(readYamlQuickly('k: 12\n')).toEqual({ declined: 'scalar-type' });
      const diagnostics = new Diagnostics();
      expect(parseYaml('f.yaml', 'k: 12\n', diagnostics)).toBeUndefined();
      expect(diagnostics.items.map((d) => d.code)).toEqual(['yaml/tag-resolve-failed']);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it.each(cases)('%s: %j', (reason, text) => {
    const quick = readYamlQuickly(text);
    expect('declined' in quick && quick.declined).toBe(reason);
    expectSameReading(text);
  });

  it('takes the fast reading just short of each bound', () => {
    for (const text of [`${'k'.repeat(990)}: v\n`, `${'['.repeat(64)}x${']'.repeat(64)}\n`]) {
      expect(readYamlQuickly(text)).not.toHaveProperty('declined');
      expectSameReading(text);
    }
  });
});

describe('the tree of a file read the fast way', () => {
  afterEach(() => vi.restoreAllMocks());
  const registerPath = 'data/midi-pyrenees/2002/register.yaml';
  const registerText = decodeText(registerPath, readFileSync(`${PROJECT_ROOT}/${registerPath}`), new Diagnostics())!;

  it('is composed only when a position is read, and its positions are the thorough reading’s', () => {
    const compose = vi.spyOn(Composer.prototype, 'compose');
    const source = parseYaml(registerPath, registerText, new Diagnostics())!;
    const population = positionOf(source, ['communes', 4, 'population']);
    const partner = positionOf(source, ['communes', 0, 'agreements', 1, 'partner']);
    const missing = positionOf(source, ['communes', 2, 'nothing', 'here']);
    expect(writtenScalar(source, ['communes', 4, 'population'])).toBe(String((source.value as { communes: { population: number }[] }).communes[4]!.population));
    expect(compose).not.toHaveBeenCalled();
    const thorough = parseYamlThoroughly(registerPath, registerText, new Diagnostics())!;
    expect(compose).toHaveBeenCalledTimes(1);
    expect(samePosition(population)).toEqual(samePosition(positionOf(thorough, ['communes', 4, 'population'])));
    expect(compose).toHaveBeenCalledTimes(2);
    expect(samePosition(partner)).toEqual(samePosition(positionOf(thorough, ['communes', 0, 'agreements', 1, 'partner'])));
    expect(samePosition(missing)).toEqual(samePosition(positionOf(thorough, ['communes', 2, 'nothing', 'here'])));
    expect(samePosition(partner)).toEqual({ file: registerPath, line: 14, column: 18 });
    expect(compose).toHaveBeenCalledTimes(2);
    // Spread copies the tree (compose-sections checks a block again as `{ ...source, value }`).
    const copy: YamlSource = { ...source, value: {} };
    expect(copy.document).toBe(source.document);
  });

  it('every YAML file of the project outside tests/ is read the fast way, to the same value', () => {
    expect(PROJECT_YAML.length).toBeGreaterThan(20);
    for (const { path, text } of PROJECT_YAML) {
      const quick = readYamlQuickly(text);
      expect('declined' in quick ? `${path}: ${quick.declined}` : path).toBe(path);
      expectSameReading(text);
    }
  });
});
