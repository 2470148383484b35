/**
 * Property-based fuzzing of the generator: fast-check arbitraries that mutate the real project
 * files (structurally through the `yaml` document model, or as raw bytes), and the oracle every
 * mutated run must satisfy.
 *
 * A mutation is a plain, JSON-printable plan (file, kind, picks, payload): fast-check generates and
 * shrinks plans, `applyMutations` turns them into files deterministically, so a seed (or a printed
 * plan) is a complete reproducer.
 *
 * Used by tests/fuzz.test.ts (through vitest) and by scripts/fuzz.mjs, which transpiles this file
 * with TypeScript at start-up: keep it free of runtime imports other than node:*, `yaml` and
 * `fast-check` (type-only imports are fine: they are erased).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

// ------------------------------------------------------------------------------------------- files

/** The folders of the project the generator reads: the input set. */
export const PROJECT_FOLDERS = ['content', 'data', 'templates'] as const;

/** The files the fuzzer mutates (project-relative). */
export const TARGET_PATTERNS: readonly RegExp[] = [
  /^content\/[^/]+\.yaml$/,
  /^templates\/[^/]+\.yaml$/,
  /^data\/countries\.yaml$/,
  /^data\/midi-pyrenees\/2002\/(register|edition|published)\.yaml$/,
  // Round two (issue 11): the census, the partials and the pictures (withFuzzFixtures adds two).
  /^data\/midi-pyrenees\/communes-1999\.csv$/,
  /^templates\/partials\/[^/]+\.hbs$/,
  /^content\/images\/[^/]+\.(png|jpg)$/,
];

export const CENSUS_FILE = 'data/midi-pyrenees/communes-1999.csv';
const isYaml = (path: string) => path.endsWith('.yaml');
const isCsv = (path: string) => path.endsWith('.csv');
const isPartial = (path: string) => path.endsWith('.hbs');
const isPicture = (path: string) => /\.(png|jpg)$/.test(path);

/** Where the fixture pictures are shown: appended to this content file's blocks. */
const PICTURE_HOST = 'content/05-historique.yaml';

/**
 * The project plus what the fuzzer needs that the real one lacks: two small pictures
 * (tests/fixtures/fuzz/images/, a PNG and a JPEG) shown in content/05-historique.yaml, so that
 * their bytes can be damaged.
 */
export function withFuzzFixtures(files: ProjectFiles, root: string): ProjectFiles {
  const out: ProjectFiles = { ...files };
  const dir = join(root, 'tests', 'fixtures', 'fuzz', 'images');
  for (const name of readdirSync(dir).sort()) out[`content/images/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
  const host = out[PICTURE_HOST];
  if (host) {
    const text = new TextDecoder().decode(host);
    const blocks = '  - image: content/images/fuzz.png\n    width: 120\n  - image: content/images/fuzz.jpg\n    width: 120\n';
    out[PICTURE_HOST] = new TextEncoder().encode(text.replace(/\nfootnotes:/, `\n${blocks}footnotes:`));
  }
  return out;
}

export const EDITION_DIR = 'data/midi-pyrenees/2002';

export type ProjectFiles = Record<string, Uint8Array>;

/** Every file under content/, data/ and templates/ of `root`, by project-relative path. */
export function readProjectFiles(root: string): ProjectFiles {
  const files: ProjectFiles = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = `${rel}/${name}`;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else files[path] = new Uint8Array(readFileSync(join(root, path)));
    }
  };
  for (const folder of PROJECT_FOLDERS) if (existsSync(join(root, folder))) walk(folder);
  // The project settings: without them a copy is not a project (no --data is given).
  if (existsSync(join(root, 'coopdec.yaml'))) files['coopdec.yaml'] = new Uint8Array(readFileSync(join(root, 'coopdec.yaml')));
  return files;
}

export function targetFiles(files: ProjectFiles): string[] {
  return Object.keys(files)
    .filter((path) => TARGET_PATTERNS.some((p) => p.test(path)))
    .sort();
}

// ------------------------------------------------------------------------------------------- plans

export type ValueType = 'string' | 'number' | 'boolean' | 'null' | 'list' | 'map';
const VALUE_TYPES: readonly ValueType[] = ['string', 'number', 'boolean', 'null', 'list', 'map'];

/** One mutation. `pick`/`other` select a node (or an offset) modulo the number of candidates. */
export type MutationPlan =
  | { kind: 'delete'; file: string; pick: number }
  | { kind: 'duplicate'; file: string; pick: number }
  | { kind: 'retype'; file: string; pick: number; to: ValueType; variant: number }
  | { kind: 'replace-string'; file: string; pick: number; value: string }
  | { kind: 'replace-number'; file: string; pick: number; value: number }
  | { kind: 'rename-key'; file: string; pick: number; value: string }
  | { kind: 'swap'; file: string; pick: number; other: number }
  | { kind: 'truncate'; file: string; at: number }
  | { kind: 'insert-bytes'; file: string; at: number; bytes: number[] }
  | { kind: 'empty'; file: string }
  | { kind: 'replace-file'; file: string; text: string }
  // Round two: census cells and encodings, partials, picture bytes, theme fonts, the environment.
  | { kind: 'csv-cell'; file: string; row: number; column: number; value: string }
  | { kind: 'reencode'; file: string; encoding: Encoding }
  | { kind: 'overwrite-bytes'; file: string; at: number; bytes: number[] }
  | { kind: 'partial-text'; file: string; text: string }
  | { kind: 'font'; file: string; slot: number; spec: string }
  | { kind: 'epoch'; file: string; value: string };

export type Encoding = 'latin1' | 'utf16le' | 'utf16be-bom' | 'crlf' | 'cr' | 'bom' | 'semicolon' | 'tab';
const ENCODINGS: readonly Encoding[] = ['latin1', 'utf16le', 'utf16be-bom', 'crlf', 'cr', 'bom', 'semicolon', 'tab'];

/** Pseudo-file of the 'epoch' mutation: the environment of the run (SOURCE_DATE_EPOCH). */
export const ENVIRONMENT = '(environment)';

/** Census cells: quotes, delimiters, line ends, formulas, numbers that are not. */
export const CSV_CELLS: readonly string[] = [
  '',
  ' ',
  '"',
  '""',
  '"'.repeat(3),
  '"a,b"',
  '"a\nb"',
  'a"b',
  '"unclosed',
  ',',
  ',,',
  ';',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\ufeff',
  '\u0000',
  '\u001b[2K',
  '\u202e',
  '=1+1',
  '=HYPERLINK("https://phish.example","x")',
  '-1',
  '+1',
  '@x',
  '0',
  '-0',
  '00',
  '1e9',
  '1e999',
  '2 157',
  '2\u00a0157',
  '1,5',
  '1.5',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '٣٤',
  '１２',
  '09122',
  '9122',
  '2A004',
  '31555',
  '31',
  '09',
  '99',
  'Toulouse',
  '[Millau](https://phish.example/x)',
  '**x[^robert]',
  '{{constructor}}',
  'é'.repeat(3),
  'x'.repeat(5000),
  '日本語',
  '🇫🇷',
];

/** Partials: hostile Handlebars, deep nesting, huge repeats, recursion, binary. */
export const PARTIAL_TEXTS: readonly string[] = [
  '',
  ' ',
  '{{',
  '}}',
  '{{#if zone}}',
  '{{/if}}',
  '{{#if zone}}x{{else}}',
  '{{constructor}}',
  '{{__proto__}}',
  '{{lookup this "constructor"}}',
  '{{@root.constructor}}',
  '{{> zone-sans-graphique}}',
  '{{> zone-sans-graphique zone=zone nom=nom}}{{> zone-sans-graphique zone=zone nom=nom}}',
  '{{> nope}}',
  '{{> (lookup . "x")}}',
  '{{> @partial-block}}',
  '{{#*inline "x"}}y{{/inline}}{{> x}}',
  '{{* decorator}}',
  '{{#> zone-sans-graphique}}x{{/zone-sans-graphique}}',
  '{{{nom}}}',
  '{{nom}}{{nom}}',
  '{{unknownHelper 1}}',
  '{{num}}',
  '{{count}}',
  '{{de}}',
  '{{#each zone.countries}}{{#each ../zone.countries}}{{#each ../../zone.countries}}{{the}}{{/each}}{{/each}}{{/each}}',
  '{{#if true}}'.repeat(200) + 'x' + '{{/if}}'.repeat(200),
  '{{#if true}}'.repeat(60) + 'x' + '{{/if}}'.repeat(60),
  '{{#each zone.countries}}'.repeat(40) + 'x' + '{{/each}}'.repeat(40),
  'x'.repeat(900_000),
  '{{nom}} '.repeat(30_000),
  '{{> zone-sans-graphique zone=zone nom=nom}}'.repeat(500),
  'é'.repeat(250_000),
  '[^robert] **x** *y* [l](https://example.org)',
  '\u0000\u0001',
  '\ud800',
  '\u001b[2K',
  '{{!-- unclosed',
  '{{~nom~}}',
  '{{nom.[0].x}}',
  '{{zone.countries.[99999].the}}',
];

/** Font specs of templates/theme.yaml: damaged files (fuzz-fonts/, see fontResolver), package files that are no font. */
export const FONT_SPECS: readonly string[] = [
  'fuzz-fonts/truncated-12.ttf',
  'fuzz-fonts/truncated-1000.ttf',
  'fuzz-fonts/truncated-half.ttf',
  'fuzz-fonts/empty.ttf',
  'fuzz-fonts/png.ttf',
  'fuzz-fonts/text.ttf',
  'fuzz-fonts/zeros.ttf',
  'fuzz-fonts/flipped-header.ttf',
  'fuzz-fonts/flipped-tables.ttf',
  'fuzz-fonts/huge.ttf',
  'dejavu-fonts-ttf/LICENSE',
  'dejavu-fonts-ttf/package.json',
  'pdfmake/package.json',
  'dejavu-fonts-ttf/ttf/DejaVuMathTeXGyre.ttf',
  'pdfmake/build/fonts/Roboto/Roboto-Regular.ttf',
  'dejavu-fonts-ttf/ttf/Missing.ttf',
  '../../../etc/passwd.ttf',
  '/etc/passwd',
  'content/images/fuzz.png',
  'node:fs',
  '',
];

/** The theme slots a 'font' mutation may change: body and symbols faces, then the chart font. */
const FONT_SLOTS: readonly (readonly string[])[] = [['body', 'normal'], ['body', 'bold'], ['body', 'italics'], ['body', 'bolditalics'], ['symbols', 'normal'], ['symbols', 'bolditalics'], ['chart']];

/** SOURCE_DATE_EPOCH values: valid, edge, malformed. */
export const EPOCHS: readonly string[] = [
  '0',
  '1',
  '946684800',
  '1038700800',
  '2147483647',
  '2147483648',
  '253402300799',
  '253402300800',
  '99999999999999999999',
  '0000000000001',
  '-1',
  '1.5',
  '1e9',
  ' 1',
  '1 ',
  '0x10',
  '１２',
  '٣',
  'NaN',
  '',
  '1038700800\n',
  '\u0000',
  'x'.repeat(10_000),
  '9'.repeat(400),
];

/**
 * Writes the damaged fonts of FONT_SPECS into a temporary folder and returns the theme's font
 * resolver for the fuzzer's builds: "fuzz-fonts/x.ttf" is that folder's file, any other name is
 * resolved as the generator does (a .ttf or .otf inside node_modules).
 */
export function fontResolver(root: string): { resolveFont: (spec: string) => string | undefined; dir: string } {
  const require = createRequire(join(root, 'package.json'));
  const dir = mkdtempSync(join(tmpdir(), 'coopdec-fuzz-fonts-'));
  const font = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  const flipped = (from: number, to: number) => {
    const copy = Buffer.from(font);
    for (let i = from; i < to && i < copy.length; i += 7) copy[i] = copy[i]! ^ 0xa5;
    return copy;
  };
  const huge = Buffer.alloc(11 * 1024 * 1024);
  font.copy(huge);
  const variants: Record<string, Uint8Array> = {
    'truncated-12': font.subarray(0, 12),
    'truncated-1000': font.subarray(0, 1000),
    'truncated-half': font.subarray(0, font.length >> 1),
    empty: new Uint8Array(0),
    png: readFileSync(join(root, 'tests', 'fixtures', 'fuzz', 'images', 'fuzz.png')),
    text: new TextEncoder().encode('not a font\n'),
    zeros: new Uint8Array(4096),
    'flipped-header': flipped(0, 256),
    'flipped-tables': flipped(256, 200_000),
    huge,
  };
  for (const [name, bytes] of Object.entries(variants)) writeFileSync(join(dir, `${name}.ttf`), bytes);
  return {
    dir,
    resolveFont: (spec) => {
      if (spec.startsWith('fuzz-fonts/')) {
        const path = join(dir, spec.slice('fuzz-fonts/'.length));
        return existsSync(path) ? path : undefined;
      }
      if (!/^[@\w][\w@./-]*\.(ttf|otf)$/.test(spec) || spec.split('/').includes('..')) return undefined;
      try {
        return require.resolve(spec);
      } catch {
        return undefined;
      }
    },
  };
}

const STRUCTURAL = new Set<MutationPlan['kind']>(['delete', 'duplicate', 'retype', 'replace-string', 'replace-number', 'rename-key', 'swap']);

/** Strings chosen to hit the template engine, the inline markup, YAML typing and path handling. */
export const SPECIAL_STRINGS: readonly string[] = [
  '',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\u2028',
  '{{',
  '}}',
  '{{{',
  '}}}',
  '{{#if',
  '{{#if x}}',
  '{{/if}}',
  '{{else}}',
  '{{#each',
  '{{/each}}',
  '{{#unless x}}',
  '{{#with x}}{{/with}}',
  '{{#each communes}}{{name}}{{/each}}',
  '{{> partial}}',
  '{{> @partial-block}}',
  '{{{raw}}}',
  '{{!-- comment --}}',
  '{{!',
  '{{~x~}}',
  '{{constructor}}',
  '{{__proto__}}',
  '{{this.constructor.name}}',
  '{{lookup this "constructor"}}',
  '{{@root}}',
  '{{../x}}',
  '{{this}}',
  '{{@index}}',
  '{{num}}',
  '{{num "x"}}',
  '{{num agreements.total 99}}',
  '{{pct agreements.total}}',
  '{{pct 1 -1}}',
  '{{plural}}',
  '{{list 1}}',
  '{{list 1 2}}',
  '{{add 1}}',
  '{{sub "a" 1}}',
  '{{gt}}',
  '{{eq}}',
  '{{and}}',
  '{{log "x"}}',
  '{{helperMissing}}',
  '{{blockHelperMissing}}',
  '{{scope.in}}',
  '{{edition.year}}',
  '[^',
  '[^1]',
  '[^note]',
  '[^]',
  ']',
  '[',
  '*',
  '**',
  '***',
  '*a*',
  '**a',
  '_',
  '__',
  '_a_',
  '~~',
  '`',
  '\\',
  '\\*',
  '<b>',
  '&amp;',
  '%',
  '#',
  '- ',
  ': ',
  '? ',
  'é',
  'ß',
  'Ⅳ',
  '日本語',
  '🇫🇷',
  '👨‍👩‍👧',
  'ﷺ',
  'Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍',
  '\u0301',
  'اَلْعَرَبِيَّةُ',
  'עברית',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '0x1F',
  '0o17',
  '1_000',
  '2 157',
  '1,5',
  '-0',
  '.nan',
  '.inf',
  '-.inf',
  '00',
  '09',
  '٣',
  '１２',
  'null',
  '~',
  'true',
  'yes',
  'no',
  'off',
  'on',
  'y',
  'n',
  'data:image/png;base64,iVBORw0KGgo=',
  'http://example.com/x.png',
  'file:///etc/passwd',
  '../../etc/passwd',
  '/etc/passwd',
  'C:\\Windows',
  '..',
  '.',
  './',
  'content/02-presentation.yaml',
  'templates/structure.yaml',
  '../communes-1999.csv',
  'register.yaml',
  'cover.yaml',
  'content/README.md',
  'data/midi-pyrenees/communes-1999.csv',
  // Data that must stay data: terminal control, markup, spreadsheet formulas (issue 11).
  '\u001b[2K\r1 error, 0 warnings, built OK',
  '\u001b]0;title\u0007',
  '\r',
  '\u0085',
  '\u2029',
  '\u2066x\u2069',
  '\u007f',
  '\u009b31m',
  '[Millau](https://phish.example/x) **x[^robert]',
  '[x](https://example.org/\u001b[2K)',
  '[x](https://example.org/\u202eexe.pdf)',
  '**',
  '[^robert]',
  'www.phish.example',
  'a@phish.example',
  '=HYPERLINK("https://phish.example","x")',
  '=1+1',
  '+1',
  '-1+1',
  '@SUM(A1)',
  '\t=1',
  '\r=1',
  "'=1",
];

/** Numbers that break arithmetic and formatting. */
export const SPECIAL_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  2,
  0.5,
  -0.5,
  2.5,
  0.1 + 0.2,
  1e-7,
  5e-324,
  1e21,
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 31),
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  NaN,
  Infinity,
  -Infinity,
  28,
  100,
  1999,
  2001,
  2002,
  2003,
  99999,
  200_001,
  // Absurd figures: over the largest commune (Paris, ~2.1 M), and far beyond.
  2_200_000,
  2_200_001,
  1e300,
];

const SNIPPETS_TO_INSERT: readonly string[] = [
  ': ',
  '\n- ',
  '\n  ',
  '\n    x: 1\n',
  '\t',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '*a ',
  '!!str ',
  '!!binary ',
  '!!python/object ',
  '!<tag:x> ',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '? ',
  '|',
  '>',
  '#',
  '<<: *a',
  '\r',
  '\u2028',
  '\u0085',
  '{{',
  '}}',
  ': {{x}}',
  '\n  - {{x}}',
  '\\',
  '\ufeff',
  '!!js/function ',
  '!!python/object:os.system ',
  '!foo ',
  '1e309',
  '0x5363',
  '\u001b[2K',
  '=1+',
  '[^robert]',
  '**',
  '- '.repeat(200),
  '['.repeat(200),
];

const WHOLE_FILES: readonly string[] = [
  '\n',
  '   \n',
  '# only a comment\n',
  '---\n',
  '---\n---\n',
  '--- a\n--- b\n',
  '~\n',
  'null\n',
  '[]\n',
  '{}\n',
  '0\n',
  '"text"\n',
  'a: 1\n',
  '- 1\n- 2\n',
  '\ufeff',
  'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
  'a: *undefined\n',
  'a: 1\na: 2\n',
  '!!binary aGVsbG8=\n',
  '? [a, b]\n: c\n',
  '{"json": [1, 2, {"x": null}]}\n',
  'a: !!js/function "function () {}"\n',
  '!!python/object:os.system "ls"\n',
  'a: 1e309\n',
  // Nesting far past the 64 levels a data file may have: block, compact and flow.
  'a:\n' + Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i + 1)}-\n`).join('') + `${'  '.repeat(301)}x\n`,
  'a: ' + '- '.repeat(3000) + 'x\n',
  'a: ' + '['.repeat(3000) + ']'.repeat(3000) + '\n',
];

export interface MutationArbitraryOptions {
  /** Longest "very long string" (characters); 250,000 crosses the 200,000 template limit. */
  maxLongString?: number;
  /** Most mutations in one case. */
  maxMutations?: number;
  /** Only these kinds of mutation (default: all). */
  kinds?: readonly MutationPlan['kind'][];
  /** Only the target files matching this pattern (default: all targets). */
  only?: RegExp;
}

/**
 * Mutations that mostly keep the project valid, so that the build goes all the way to the PDF:
 * hostile strings in the prose and templates, items swapped or duplicated.
 */
export const GENTLE: MutationArbitraryOptions = { kinds: ['replace-string', 'swap', 'duplicate'], only: /^(content|templates)\//, maxLongString: 20_000 };

/** Every string scalar of the target files: realistic replacements (another country, chart, key…). */
export function harvestStrings(files: ProjectFiles, targets: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const path of targets) {
    const bytes = files[path];
    if (!bytes || !isYaml(path)) continue;
    const document = parseDocument(new TextDecoder().decode(bytes));
    for (const entry of collectEntries(document)) {
      const node = entry.node;
      if (isScalar(node) && typeof node.value === 'string' && node.value.length < 200) seen.add(node.value);
      if (entry.key !== undefined && typeof entry.key === 'string') seen.add(entry.key);
    }
  }
  return [...seen].sort();
}

/** Arbitrary strings: special tokens, random text, combinations, very long and deeply nested. */
export function stringArbitrary(harvested: readonly string[], maxLong = 250_000): fc.Arbitrary<string> {
  const special = fc.constantFrom(...SPECIAL_STRINGS);
  const fromProject = harvested.length > 0 ? fc.constantFrom(...harvested) : special;
  return fc.oneof(
    { weight: 6, arbitrary: special },
    { weight: 5, arbitrary: fromProject },
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 4, arbitrary: fc.array(fc.oneof(special, fromProject, fc.string({ maxLength: 5 })), { minLength: 2, maxLength: 6 }).map((parts) => parts.join('')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('x', 'mot ', 'é', '{{#if a}}', '[^1]', '*', '{{', '🇫🇷', 'abcdefghij'), fc.integer({ min: 1, max: maxLong }))
        .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length))),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 120 }).map((depth) => '{{#if true}}'.repeat(depth) + 'x' + '{{/if}}'.repeat(depth)) },
  );
}

export function numberArbitrary(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_NUMBERS) },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 2, arbitrary: fc.integer({ min: -3, max: 200 }) },
    { weight: 1, arbitrary: fc.double() },
  );
}

function bytesArbitrary(): fc.Arbitrary<number[]> {
  const encoder = new TextEncoder();
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom<number[]>(
        [0x00],
        [0xff],
        [0xfe],
        [0xc3],
        [0xe2, 0x82],
        [0xed, 0xa0, 0x80],
        [0xc0, 0xaf],
        [0xf8, 0x88, 0x80, 0x80, 0x80],
        [0xef, 0xbb, 0xbf],
        [0x80],
        [0xf4, 0x90, 0x80, 0x80],
      ),
    },
    { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 16 }).map((bytes) => Array.from(bytes)) },
    { weight: 4, arbitrary: fc.constantFrom(...SNIPPETS_TO_INSERT).map((text) => Array.from(encoder.encode(text))) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).map((text) => Array.from(encoder.encode(text))) },
  );
}

/** One mutation plan over `targets`. */
export function mutationPlanArbitrary(targets: readonly string[], harvested: readonly string[], options: MutationArbitraryOptions = {}): fc.Arbitrary<MutationPlan> {
  const file = fc.constantFrom(...targets);
  const pick = fc.nat();
  const text = stringArbitrary(harvested, options.maxLongString);
  const table: [MutationPlan['kind'], number, fc.Arbitrary<MutationPlan>][] = [
    ['delete', 14, fc.record({ kind: fc.constant('delete' as const), file, pick })],
    ['duplicate', 8, fc.record({ kind: fc.constant('duplicate' as const), file, pick })],
    ['retype', 14, fc.record({ kind: fc.constant('retype' as const), file, pick, to: fc.constantFrom(...VALUE_TYPES), variant: fc.nat({ max: 3 }) })],
    ['replace-string', 20, fc.record({ kind: fc.constant('replace-string' as const), file, pick, value: text })],
    ['replace-number', 10, fc.record({ kind: fc.constant('replace-number' as const), file, pick, value: numberArbitrary() })],
    ['rename-key', 5, fc.record({ kind: fc.constant('rename-key' as const), file, pick, value: text })],
    ['swap', 8, fc.record({ kind: fc.constant('swap' as const), file, pick, other: fc.nat() })],
    ['truncate', 6, fc.record({ kind: fc.constant('truncate' as const), file, at: fc.nat() })],
    ['insert-bytes', 8, fc.record({ kind: fc.constant('insert-bytes' as const), file, at: fc.nat(), bytes: bytesArbitrary() })],
    ['empty', 2, fc.record({ kind: fc.constant('empty' as const), file })],
    ['replace-file', 2, fc.record({ kind: fc.constant('replace-file' as const), file, text: fc.constantFrom(...WHOLE_FILES) })],
  ];
  // Round two: each only when its files are among the targets.
  const csv = targets.filter(isCsv);
  const partials = targets.filter(isPartial);
  const pictures = targets.filter(isPicture);
  const textFiles = targets.filter((path) => !isPicture(path));
  const cell = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...CSV_CELLS) }, { weight: 1, arbitrary: text }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) });
  if (csv.length > 0) table.push(['csv-cell', 8, fc.record({ kind: fc.constant('csv-cell' as const), file: fc.constantFrom(...csv), row: fc.nat(), column: fc.nat({ max: 7 }), value: cell })]);
  if (textFiles.length > 0)
    table.push(['reencode', 3, fc.record({ kind: fc.constant('reencode' as const), file: fc.constantFrom(...csv, ...csv, ...textFiles), encoding: fc.constantFrom(...ENCODINGS) })]);
  if (partials.length > 0)
    table.push([
      'partial-text',
      4,
      fc.record({
        kind: fc.constant('partial-text' as const),
        file: fc.constantFrom(...partials),
        text: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PARTIAL_TEXTS) }, { weight: 1, arbitrary: text }),
      }),
    ]);
  if (pictures.length > 0) {
    const picture = fc.constantFrom(...pictures);
    table.push(
      ['overwrite-bytes', 5, fc.record({ kind: fc.constant('overwrite-bytes' as const), file: picture, at: fc.nat(), bytes: bytesArbitrary() })],
      ['truncate', 3, fc.record({ kind: fc.constant('truncate' as const), file: picture, at: fc.nat() })],
    );
  }
  if (targets.includes('templates/theme.yaml'))
    table.push(['font', 3, fc.record({ kind: fc.constant('font' as const), file: fc.constant('templates/theme.yaml'), slot: fc.nat(), spec: fc.constantFrom(...FONT_SPECS) })]);
  table.push(['epoch', 2, fc.record({ kind: fc.constant('epoch' as const), file: fc.constant(ENVIRONMENT), value: fc.oneof(fc.constantFrom(...EPOCHS), fc.string({ maxLength: 12 })) })]);
  const allowed = table.filter(([kind]) => !options.kinds || options.kinds.includes(kind)).map(([, weight, arbitrary]) => ({ weight, arbitrary }));
  if (allowed.length === 0) throw new Error('no mutation kind allowed');
  return fc.oneof(...allowed);
}

/** A case: one mutation most of the time, sometimes a few at once (they shrink to one). */
export function mutationsArbitrary(files: ProjectFiles, options: MutationArbitraryOptions = {}): fc.Arbitrary<MutationPlan[]> {
  const targets = targetFiles(files);
  const selected = options.only ? targets.filter((path) => options.only!.test(path)) : targets;
  if (selected.length === 0) throw new Error(`no target file matches ${options.only}`);
  const plan = mutationPlanArbitrary(selected, harvestStrings(files, targets), options);
  return fc.oneof({ weight: 3, arbitrary: plan.map((p) => [p]) }, { weight: 1, arbitrary: fc.array(plan, { minLength: 2, maxLength: options.maxMutations ?? 4 }) });
}

// ------------------------------------------------------------------------------------------- apply

interface Entry {
  /** Path from the root, for the description. */
  path: (string | number)[];
  /** The key when the entry is a map pair. */
  key?: unknown;
  node: unknown;
  /** Source offset of the node (or its key), for the line in the description. */
  offset?: number;
  parent?: { kind: 'map' | 'seq'; items: unknown[]; index: number };
}

/** The root and every map pair and list item, in document order. */
function collectEntries(document: Document): Entry[] {
  const entries: Entry[] = [];
  const rangeStart = (node: unknown) =>
    node && typeof node === 'object' && 'range' in node && Array.isArray((node as { range?: unknown }).range) ? ((node as { range: number[] }).range[0] as number) : undefined;
  const walk = (node: unknown, path: (string | number)[]) => {
    if (isMap(node)) {
      node.items.forEach((pair, index) => {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        const childPath = [...path, typeof key === 'string' || typeof key === 'number' ? key : String(key)];
        entries.push({ path: childPath, key, node: pair.value, offset: rangeStart(pair.key) ?? rangeStart(pair.value), parent: { kind: 'map', items: node.items, index } });
        walk(pair.value, childPath);
      });
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const childPath = [...path, index];
        entries.push({ path: childPath, node: item, offset: rangeStart(item), parent: { kind: 'seq', items: node.items, index } });
        walk(item, childPath);
      });
    }
  };
  entries.push({ path: [], node: document.contents, offset: rangeStart(document.contents) });
  walk(document.contents, []);
  return entries;
}

export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function typeOf(node: unknown): ValueType {
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'list';
  const value = isScalar(node) ? node.value : node;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

function valueOfType(type: ValueType, variant: number): unknown {
  switch (type) {
    case 'string':
      return ['texte', '42', '', 'true'][variant % 4];
    case 'number':
      return [7, 0, -1, 2.5][variant % 4];
    case 'boolean':
      return variant % 2 === 0;
    case 'null':
      return null;
    case 'list':
      return [[], ['a', 1], [null], [{ a: 1 }]][variant % 4];
    case 'map':
      return [{}, { a: 1 }, { id: 'x' }, { p: 'texte' }][variant % 4];
  }
}

const short = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…(${text.length} chars)` : text;
};

/** Replaces an entry's node; the root replaces the document's contents. */
function setEntry(document: Document, entry: Entry, node: Node): void {
  if (!entry.parent) document.contents = node as Document['contents'];
  else if (entry.parent.kind === 'map') (entry.parent.items[entry.parent.index] as { value: unknown }).value = node;
  else entry.parent.items[entry.parent.index] = node;
}

/** The entries a structural mutation of `kind` chooses among (its `pick` modulo their number). */
function candidates(kind: MutationPlan['kind'], entries: Entry[]): Entry[] {
  switch (kind) {
    case 'delete':
      return entries.filter((e) => e.parent);
    case 'duplicate':
      return entries.filter((e) => e.parent?.kind === 'seq');
    case 'retype':
      return entries;
    case 'replace-string':
    case 'replace-number':
      return entries.filter((e) => isScalar(e.node) || e.node === null);
    case 'rename-key':
      return entries.filter((e) => e.parent?.kind === 'map');
    case 'swap':
      return entries.filter((e) => isSeq(e.node) && e.node.items.length >= 2);
    default:
      return [];
  }
}

/**
 * The `pick` that makes a structural mutation of `kind` act on the node at `path` ("II.columns[0]",
 * formatPath's notation) of `file`: for regression cases written by hand, robust to edits elsewhere.
 */
export function pickFor(files: ProjectFiles, file: string, kind: MutationPlan['kind'], path: string): number {
  const bytes = files[file];
  if (!bytes) throw new Error(`no file ${file}`);
  const entries = candidates(kind, collectEntries(parseDocument(new TextDecoder().decode(bytes))));
  const index = entries.findIndex((e) => formatPath(e.path) === path);
  if (index < 0) throw new Error(`${kind}: no node ${path} in ${file}`);
  return index;
}

/** Applies one structural plan to a parsed document; returns what was done, or undefined when nothing applies. */
function applyStructural(document: Document, plan: MutationPlan, lineOf: (offset: number | undefined) => string): string | undefined {
  const entries = collectEntries(document);
  const pick = 'pick' in plan ? plan.pick : 0;
  const choose = (candidates: Entry[]) => (candidates.length === 0 ? undefined : candidates[pick % candidates.length]);
  const where = (entry: Entry) => `${formatPath(entry.path)}${lineOf(entry.offset)}`;
  switch (plan.kind) {
    case 'delete': {
      const entry = choose(candidates(plan.kind, entries));
      if (!entry?.parent) return undefined;
      entry.parent.items.splice(entry.parent.index, 1);
      return `delete ${entry.parent.kind === 'map' ? 'key' : 'item'} ${where(entry)}`;
    }
    case 'duplicate': {
      const entry = choose(candidates(plan.kind, entries));
      if (!entry?.parent) return undefined;
      const node = entry.node as { clone?: () => unknown };
      entry.parent.items.splice(entry.parent.index + 1, 0, typeof node?.clone === 'function' ? node.clone() : document.createNode(null));
      return `duplicate item ${where(entry)}`;
    }
    case 'retype': {
      const entry = choose(candidates(plan.kind, entries));
      if (!entry) return undefined;
      const from = typeOf(entry.node);
      const to = plan.to === from ? VALUE_TYPES[(VALUE_TYPES.indexOf(plan.to) + 1) % VALUE_TYPES.length]! : plan.to;
      const value = valueOfType(to, plan.variant);
      setEntry(document, entry, document.createNode(value));
      return `retype ${where(entry)} from ${from} to ${to} ${short(value)}`;
    }
    case 'replace-string':
    case 'replace-number': {
      const entry = choose(candidates(plan.kind, entries));
      if (!entry) return undefined;
      setEntry(document, entry, document.createNode(plan.value));
      return `replace ${where(entry)} (${short(isScalar(entry.node) ? entry.node.value : entry.node)}) with ${plan.kind === 'replace-number' ? String(plan.value) : short(plan.value)}`;
    }
    case 'rename-key': {
      const entry = choose(candidates(plan.kind, entries));
      if (!entry?.parent) return undefined;
      const pair = entry.parent.items[entry.parent.index];
      if (!isPair(pair)) return undefined;
      pair.key = document.createNode(plan.value);
      return `rename key ${where(entry)} to ${short(plan.value)}`;
    }
    case 'swap': {
      const entry = choose(candidates(plan.kind, entries));
      if (!entry || !isSeq(entry.node)) return undefined;
      const items = entry.node.items;
      const a = (plan.other >>> 8) % items.length;
      let b = plan.other % items.length;
      if (a === b) b = (b + 1) % items.length;
      [items[a], items[b]] = [items[b]!, items[a]!];
      return `swap items [${a}] and [${b}] of ${where(entry)}`;
    }
    default:
      return undefined;
  }
}

function applyRaw(bytes: Uint8Array, plan: MutationPlan, lineOf: (offset: number) => string): { bytes: Uint8Array; description: string } | undefined {
  switch (plan.kind) {
    case 'truncate': {
      const at = plan.at % (bytes.length + 1);
      return { bytes: bytes.slice(0, at), description: `truncate at byte ${at} of ${bytes.length}${lineOf(at)}` };
    }
    case 'insert-bytes': {
      const at = plan.at % (bytes.length + 1);
      const out = new Uint8Array(bytes.length + plan.bytes.length);
      out.set(bytes.subarray(0, at), 0);
      out.set(plan.bytes, at);
      out.set(bytes.subarray(at), at + plan.bytes.length);
      return {
        bytes: out,
        description: `insert bytes [${plan.bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ')}] (${short(new TextDecoder().decode(new Uint8Array(plan.bytes)))}) at byte ${at}${lineOf(at)}`,
      };
    }
    case 'empty':
      return { bytes: new Uint8Array(0), description: 'empty the file' };
    case 'replace-file':
      return { bytes: new TextEncoder().encode(plan.text), description: `replace the whole file with ${short(plan.text)}` };
    case 'partial-text':
      return { bytes: new TextEncoder().encode(plan.text), description: `replace the partial with ${short(plan.text)}` };
    case 'overwrite-bytes': {
      if (bytes.length === 0) return undefined;
      const at = plan.at % bytes.length;
      const out = bytes.slice();
      plan.bytes.forEach((b, i) => {
        if (at + i < out.length) out[at + i] = b;
      });
      return { bytes: out, description: `overwrite bytes from ${at} of ${bytes.length} with [${plan.bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ')}]` };
    }
    case 'csv-cell': {
      const lines = new TextDecoder().decode(bytes).split('\n');
      const row = plan.row % lines.length;
      const cells = lines[row]!.split(',');
      const column = plan.column % cells.length;
      cells[column] = plan.value;
      lines[row] = cells.join(',');
      return { bytes: new TextEncoder().encode(lines.join('\n')), description: `set cell ${column} of line ${row + 1} to ${short(plan.value)}` };
    }
    case 'reencode': {
      const text = new TextDecoder().decode(bytes);
      const encoded: Record<Encoding, () => Uint8Array> = {
        latin1: () => Buffer.from(text, 'latin1'),
        utf16le: () => Buffer.from(text, 'utf16le'),
        'utf16be-bom': () => Buffer.from(`\ufeff${text}`, 'utf16le').swap16(),
        crlf: () => new TextEncoder().encode(text.replace(/\r?\n/g, '\r\n')),
        cr: () => new TextEncoder().encode(text.replace(/\r?\n/g, '\r')),
        bom: () => new TextEncoder().encode(`\ufeff${text}`),
        semicolon: () => new TextEncoder().encode(text.replace(/,/g, ';')),
        tab: () => new TextEncoder().encode(text.replace(/,/g, '\t')),
      };
      return { bytes: new Uint8Array(encoded[plan.encoding]()), description: `re-encode as ${plan.encoding}` };
    }
    case 'font': {
      const document = parseDocument(new TextDecoder().decode(bytes));
      if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
      const slot = FONT_SLOTS[plan.slot % FONT_SLOTS.length]!;
      document.setIn(['fonts', ...slot], plan.spec);
      return { bytes: new TextEncoder().encode(document.toString()), description: `font fonts.${slot.join('.')} set to ${short(plan.spec)}` };
    }
    default:
      return undefined;
  }
}

export interface MutatedProject {
  files: ProjectFiles;
  /** The environment of the run: SOURCE_DATE_EPOCH when an 'epoch' mutation set it. */
  env: Record<string, string>;
  /** One line per mutation, "path: what was done"; "(no effect)" when nothing applied. */
  descriptions: string[];
  /** The files that changed. */
  changed: string[];
}

/**
 * Applies the plans to a copy of `files`. Structural mutations run before raw ones (a raw mutation
 * may make the file unparsable); plans that find nothing to act on are skipped.
 */
export function applyMutations(files: ProjectFiles, plans: readonly MutationPlan[]): MutatedProject {
  const out: ProjectFiles = { ...files };
  const descriptions: string[] = [];
  const changed = new Set<string>();
  const env: Record<string, string> = {};
  const ordered = [...plans.filter((p) => STRUCTURAL.has(p.kind)), ...plans.filter((p) => !STRUCTURAL.has(p.kind))];
  for (const plan of ordered) {
    if (plan.kind === 'epoch') {
      env.SOURCE_DATE_EPOCH = plan.value;
      descriptions.push(`${ENVIRONMENT}: SOURCE_DATE_EPOCH=${short(plan.value)}`);
      continue;
    }
    const bytes = out[plan.file];
    if (!bytes) {
      descriptions.push(`${plan.file}: ${plan.kind} (no effect: no such file)`);
      continue;
    }
    const text = new TextDecoder().decode(bytes);
    const lineCounter = new LineCounter();
    if (STRUCTURAL.has(plan.kind) && !isYaml(plan.file)) {
      descriptions.push(`${plan.file}: ${plan.kind} (no effect: not YAML)`);
      continue;
    }
    if (STRUCTURAL.has(plan.kind)) {
      const document = parseDocument(text, { lineCounter });
      const lineOf = (offset: number | undefined) => (offset === undefined ? '' : ` (line ${lineCounter.linePos(offset).line})`);
      let description: string | undefined;
      let mutated: string | undefined;
      if (document.errors.length === 0) {
        description = applyStructural(document, plan, lineOf);
        if (description !== undefined) mutated = document.toString();
      }
      if (description === undefined || mutated === undefined) {
        descriptions.push(`${plan.file}: ${plan.kind} (no effect)`);
        continue;
      }
      out[plan.file] = new TextEncoder().encode(mutated);
      descriptions.push(`${plan.file}: ${description}`);
    } else {
      // Line numbers of raw offsets: count newlines in the bytes before the offset.
      const lineOf = (offset: number) => {
        let line = 1;
        for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
        return ` (line ${line})`;
      };
      const result = applyRaw(bytes, plan, lineOf);
      if (!result) continue;
      out[plan.file] = result.bytes;
      descriptions.push(`${plan.file}: ${result.description}`);
    }
    changed.add(plan.file);
  }
  return { files: out, env, descriptions, changed: [...changed].sort() };
}

// ------------------------------------------------------------------------------------------- oracle

export interface DiagnosticLike {
  severity: string;
  code: string;
  message: string;
  position?: { file: string; line: number; column: number };
}

export const CODE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What is wrong with the diagnostics of a run: empty when every one is positioned and coded. */
export function diagnosticProblems(items: readonly DiagnosticLike[], inputPaths: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const d of items) {
    const label = `${d.severity}[${d.code}] ${short(d.message)}`;
    if (typeof d.code !== 'string' || !CODE_PATTERN.test(d.code)) problems.push(`code not of the form stage/rule: ${label}`);
    if (d.severity !== 'error' && d.severity !== 'warning') problems.push(`unknown severity: ${label}`);
    if (typeof d.message !== 'string' || d.message.length === 0) problems.push(`empty message: ${label}`);
    const p = d.position;
    if (!p) {
      problems.push(`no position: ${label}`);
      continue;
    }
    if (!inputPaths.has(p.file)) problems.push(`position names a file outside the input set (${JSON.stringify(p.file)}): ${label}`);
    if (!Number.isInteger(p.line) || p.line < 1) problems.push(`line ${p.line} is not ≥ 1: ${label}`);
    if (!Number.isInteger(p.column) || p.column < 1) problems.push(`column ${p.column} is not ≥ 1: ${label}`);
  }
  return problems;
}

/** Soft findings: the compiler format breaks when a message or hint spans lines. */
export function diagnosticNotes(items: readonly (DiagnosticLike & { hint?: string })[]): string[] {
  return items.filter((d) => /[\r\n]/.test(d.message) || (d.hint !== undefined && /[\r\n]/.test(d.hint))).map((d) => `${d.code}: message or hint spans several lines`);
}

export interface QpdfResult {
  ok: boolean;
  status: number | null;
  output: string;
}

/** `qpdf --check` on PDF bytes (written to a temporary file). */
export function qpdfCheck(pdf: Uint8Array): QpdfResult {
  const dir = mkdtempSync(join(tmpdir(), 'coopdec-fuzz-pdf-'));
  try {
    const path = join(dir, 'report.pdf');
    writeFileSync(path, pdf);
    return qpdfCheckFile(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function qpdfCheckFile(path: string): QpdfResult {
  const run = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`.trim();
  return { ok: run.status === 0, status: run.status, output };
}

/** Writes the project files into a fresh temporary folder (a project root). */
export function writeProject(files: ProjectFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'coopdec-fuzz-'));
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return dir;
}

/** Every file under a folder, relative, sorted (dot files included). */
export function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  walk('');
  return files.sort();
}

type CliMain = (argv: string[], io: { out: (t: string) => void; err: (t: string) => void; env: NodeJS.ProcessEnv; cwd: string }) => Promise<number>;

export interface CliOutcome {
  code: number;
  stderr: string;
  outFiles: string[];
  /** Empty when the run kept the rules (exit 0 or 1, no internal error, no partial file, valid PDF). */
  problems: string[];
  /** qpdf result for the written PDF, when one was written. */
  qpdf?: QpdfResult;
}

const DIAGNOSTIC_LINE = /^(.+?):(\d+):(\d+): (error|warning)\[([^\]]*)\]: /;

/**
 * Runs `build --out out` through the CLI's `main` in a temporary copy of the project and checks
 * the no-partial-file rule: on failure out/ holds nothing; on success exactly the PDF and its CSV,
 * the PDF complete (qpdf --check).
 */
export async function runCliCase(main: CliMain, files: ProjectFiles, inputPaths: ReadonlySet<string>, env: Record<string, string> = {}): Promise<CliOutcome> {
  const project = writeProject(files);
  try {
    const out: string[] = [];
    const err: string[] = [];
    let code: number;
    const problems: string[] = [];
    try {
      code = await main(['build', '--out', 'out'], { out: (t) => out.push(t), err: (t) => err.push(t), env: { ...env }, cwd: project });
    } catch (error) {
      code = -1;
      problems.push(`main threw: ${(error as Error)?.stack ?? String(error)}`);
    }
    const stderr = err.join('\n');
    // The chart cache (out/.cache/) holds finished SVGs of earlier builds, not outputs of this one.
    const outFiles = listTree(join(project, 'out')).filter((f) => !f.startsWith('.cache/'));
    if (/internal error/.test(stderr)) problems.push(`internal error: ${stderr.split('\n').find((l) => /internal error/.test(l))}`);
    // A bad SOURCE_DATE_EPOCH is bad usage: exit 2, said in one line, nothing written.
    const badEpoch = code === 2 && env.SOURCE_DATE_EPOCH !== undefined && /SOURCE_DATE_EPOCH must be/.test(stderr);
    if (code !== 0 && code !== 1 && code !== -1 && !badEpoch) problems.push(`exit code ${code}: ${stderr.slice(0, 400)}`);
    let qpdf: QpdfResult | undefined;
    if (code === 0) {
      const expected = ['midi-pyrenees-2002.csv', 'midi-pyrenees-2002.excel.csv', 'midi-pyrenees-2002.pdf'];
      if (JSON.stringify(outFiles) !== JSON.stringify(expected)) problems.push(`exit 0 but out/ holds ${JSON.stringify(outFiles)}, not ${JSON.stringify(expected)}`);
      const pdfPath = join(project, 'out', 'midi-pyrenees-2002.pdf');
      if (existsSync(pdfPath)) {
        qpdf = qpdfCheckFile(pdfPath);
        if (!qpdf.ok) problems.push(`written PDF fails qpdf --check (status ${qpdf.status}): ${qpdf.output.slice(0, 400)}`);
      }
    } else if (outFiles.length > 0) {
      problems.push(`exit ${code} but out/ holds ${JSON.stringify(outFiles)} (partial output)`);
    }
    if (code === 1) {
      const diagnosticLines = stderr.split('\n').filter((line) => DIAGNOSTIC_LINE.test(line));
      if (diagnosticLines.length === 0) problems.push(`exit 1 without any positioned diagnostic: ${stderr.slice(0, 400)}`);
      for (const line of diagnosticLines) {
        const [, file, lineNo, column, , codeText] = DIAGNOSTIC_LINE.exec(line)!;
        if (!inputPaths.has(file!) || Number(lineNo) < 1 || Number(column) < 1 || !CODE_PATTERN.test(codeText!)) problems.push(`badly positioned or coded diagnostic: ${line.slice(0, 200)}`);
      }
    }
    return { code, stderr, outFiles, problems, ...(qpdf ? { qpdf } : {}) };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}
