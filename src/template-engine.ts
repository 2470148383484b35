/**
 * The Handlebars engine of one build: a private instance (never the global one) with the report's
 * helpers, strict lookups, known helpers only, and a static check that refuses prototype tricks.
 * Errors are positioned inside the template string; callers map them back into their file.
 */
import Handlebars from 'handlebars';
import { formatList, formatNumber, formatPercent } from './french.js';
import { literalText } from './inline-markup.js';
import { agreeAdjective, capitalize, countPhrase, elide, isPlural, noun, nounFor, numberWord, ofName, verbPhrase } from './french-grammar.js';

export interface TemplateError {
  code: string;
  message: string;
  /** 1-based line and column inside the template string. */
  line: number;
  column: number;
  hint: string;
}

export type RenderResult = { ok: true; text: string } | { ok: false; error: TemplateError };

/** Deepest block nesting a template may have: far beyond any real prose, far below the stack limit. */
export const MAX_TEMPLATE_DEPTH = 64;
/** Longest template string accepted. */
export const MAX_TEMPLATE_LENGTH = 200_000;

const FORBIDDEN_NAMES = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'hasOwnProperty', 'valueOf', 'toString']);

const HELPERS: Record<string, Handlebars.HelperDelegate> = {
  num: (value: unknown, ...rest: unknown[]) => formatNumber(asNumber(value, 'num'), typeof rest[0] === 'number' ? rest[0] : undefined),
  pct: (value: unknown, ...rest: unknown[]) => formatPercent(asNumber(value, 'pct'), typeof rest[0] === 'number' ? rest[0] : 1),
  plural: (count: unknown, singular: unknown, plural: unknown) => (Math.abs(asNumber(count, 'plural')) >= 2 ? String(plural) : String(singular)),
  list: (items: unknown, ...rest: unknown[]) => {
    if (!Array.isArray(items)) throw new Error('list expects a list');
    const key = typeof rest[0] === 'string' ? rest[0] : undefined;
    return formatList(items.map((item) => String(key ? (item as Record<string, unknown>)[key] : item)));
  },
  // French agreement (src/french-grammar.ts): the noun's gender comes from its lexicon.
  count: (count: unknown, name: unknown, options: unknown) => {
    const hash = hashOf(options);
    return countPhrase(asNumber(count, 'count'), String(name), { only: hash.only === true, digits: hash.digits === true, ...(typeof hash.adjective === 'string' ? { adjective: hash.adjective } : {}) });
  },
  noun: (count: unknown, name: unknown) => nounFor(asNumber(count, 'noun'), String(name)),
  word: (count: unknown) => numberWord(asNumber(count, 'word')),
  de: (name: unknown) => ofName(String(name)),
  verb: (count: unknown, phrase: unknown, ...rest: unknown[]) => verbPhrase(asNumber(count, 'verb'), String(phrase), typeof rest[0] === 'string' ? rest[0] : undefined),
  adj: (count: unknown, adjective: unknown, name: unknown) => agreeAdjective(String(adjective), noun(String(name)).feminine, isPlural(asNumber(count, 'adj'))),
  cap: (text: unknown) => capitalize(String(text)),
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  gt: (a: unknown, b: unknown) => asNumber(a, 'gt') > asNumber(b, 'gt'),
  gte: (a: unknown, b: unknown) => asNumber(a, 'gte') >= asNumber(b, 'gte'),
  lt: (a: unknown, b: unknown) => asNumber(a, 'lt') < asNumber(b, 'lt'),
  lte: (a: unknown, b: unknown) => asNumber(a, 'lte') <= asNumber(b, 'lte'),
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  not: (value: unknown) => !value,
  add: (a: unknown, b: unknown) => asNumber(a, 'add') + asNumber(b, 'add'),
  sub: (a: unknown, b: unknown) => asNumber(a, 'sub') - asNumber(b, 'sub'),
  mul: (a: unknown, b: unknown) => asNumber(a, 'mul') * asNumber(b, 'mul'),
  // "près de 89 %" when the share was rounded, "89 %" when it is exact.
  about: (share: unknown, ...rest: unknown[]) => {
    const value = asNumber(share, 'about');
    const digits = typeof rest[0] === 'number' ? rest[0] : 0;
    const exact = Math.abs(value * 100 * 10 ** digits - Math.round(value * 100 * 10 ** digits)) < 1e-9;
    return `${exact ? '' : 'près de '}${formatPercent(value, digits)}`;
  },
};

/** Helpers that format a value: a missing value there is a misspelt statistic, not a guard. */
const VALUE_HELPERS = new Set(['num', 'pct', 'plural', 'list', 'add', 'sub', 'mul', 'about', 'count', 'noun', 'word', 'de', 'verb', 'adj', 'cap']);

function hashOf(options: unknown): Record<string, unknown> {
  return ((options as { hash?: Record<string, unknown> } | undefined)?.hash ?? {}) as Record<string, unknown>;
}

interface Loc {
  start: { line: number; column: number };
}

/** Thrown by a value helper given nothing: carries where, so the path can be named. */
class MissingValue extends Error {
  constructor(
    readonly loc: Loc,
    readonly argument: number,
  ) {
    super('missing value');
  }
}

function requireValues(helper: Handlebars.HelperDelegate): Handlebars.HelperDelegate {
  return function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as { loc: Loc };
    const missing = args.slice(0, -1).findIndex((a) => a === undefined);
    if (missing >= 0) throw new MissingValue(options.loc, missing);
    return (helper as (...values: unknown[]) => unknown).apply(this, args);
  };
}

const BUILT_INS = ['if', 'unless', 'each', 'with', 'lookup'];
export const KNOWN_HELPERS = [...BUILT_INS, ...Object.keys(HELPERS)];

function asNumber(value: unknown, helper: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`${helper} expects a number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value;
}

export interface TemplateEngine {
  /** Renders one template string against the context. */
  render(template: string, context: object): RenderResult;
}

// Engines are stateless but for their compiled templates: one per set of partials, kept for the
// process, so that a second build (--all, watch, tests) does not compile every string again.
const engines = new Map<string, TemplateEngine>();
const MAX_ENGINES = 16;

/** The engine for these partials (name → template source, already checked for cycles by the caller). */
export function createTemplateEngine(partials: Record<string, string> = {}): TemplateEngine {
  const key = JSON.stringify(Object.entries(partials).sort(([a], [b]) => a.localeCompare(b)));
  let engine = engines.get(key);
  if (!engine) {
    if (engines.size >= MAX_ENGINES) engines.delete(engines.keys().next().value!);
    engine = newTemplateEngine(partials);
    engines.set(key, engine);
  }
  return engine;
}

/**
 * The helper every `{{value}}` goes through instead of Handlebars' HTML escaping: data is text, so
 * the characters that open inline markup (*, [, ]) become stand-ins that parseInline shows as
 * themselves. Authored markup around the value, and `{{{value}}}`, stay markup.
 */
const LITERAL_HELPER = '__literal';

function literalHelper(value: unknown): string {
  return value === null || value === undefined ? '' : literalText(String(value));
}

/**
 * This instance's compiler: an escaped mustache appends helpers.__literal(value) where stock
 * Handlebars appends container.escapeExpression(value) (which knows HTML only). Block bodies and
 * partials compile through the same class (`compiler` on the prototype, env.JavaScriptCompiler).
 */
type CompilerClass = { prototype: Record<string, unknown> };

function literalCompiler(base: CompilerClass): CompilerClass {
  type Internals = { pushSource(s: unknown): void; appendToBuffer(parts: unknown[]): unknown; aliasable(name: string): unknown; popStack(): unknown };
  const Compiler = function (this: unknown) {} as unknown as CompilerClass;
  Compiler.prototype = Object.create(base.prototype) as Record<string, unknown>;
  Compiler.prototype.compiler = Compiler;
  Compiler.prototype.appendEscaped = function (this: Internals) {
    // Helpers are wrapped to receive an options object last: an empty one.
    this.pushSource(this.appendToBuffer([this.aliasable(`helpers.${LITERAL_HELPER}`), '(', this.popStack(), ', {})']));
  };
  return Compiler;
}

function newTemplateEngine(partials: Record<string, string>): TemplateEngine {
  const handlebars = Handlebars.create();
  // Not in Handlebars' type declarations, but an instance property by design (handlebars.js create()).
  const withCompiler = handlebars as unknown as { JavaScriptCompiler: CompilerClass };
  withCompiler.JavaScriptCompiler = literalCompiler(withCompiler.JavaScriptCompiler);
  handlebars.registerHelper(LITERAL_HELPER, literalHelper);
  for (const [name, helper] of Object.entries(HELPERS)) handlebars.registerHelper(name, VALUE_HELPERS.has(name) ? requireValues(helper) : helper);
  for (const [name, source] of Object.entries(partials)) handlebars.registerPartial(name, source);
  // Handlebars' own `log` would print to the console from a template: not a known helper here.
  handlebars.unregisterHelper('log');
  const knownHelpers = { ...Object.fromEntries(KNOWN_HELPERS.map((name) => [name, true])), [LITERAL_HELPER]: true, log: false } as KnownHelpers;
  const cache = new Map<string, { ast: unknown; compiled: HandlebarsTemplateDelegate }>();

  return {
    render(template, context) {
      if (!template.includes('{{')) return { ok: true, text: template };
      const checked = checkTemplate(template);
      if (checked) return { ok: false, error: checked };
      let entry = cache.get(template);
      try {
        if (!entry) {
          const ast = handlebars.parse(template);
          const forbidden = findForbidden(ast);
          if (forbidden) return { ok: false, error: forbidden };
          entry = { ast, compiled: handlebars.compile(ast, { strict: true, knownHelpers, knownHelpersOnly: true, noEscape: false, preventIndent: true }) };
          cache.set(template, entry);
        }
        // Elision where a count met "que" or "de": "que une commune" → "qu’une commune".
        return { ok: true, text: elide(entry.compiled(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false })) };
      } catch (error) {
        return { ok: false, error: describeError(error, template, entry?.ast) };
      }
    },
  };
}

type KnownHelpers = { [name: string]: boolean };

/** Cheap checks before parsing: size and nesting depth bound the parser's and compiler's recursion. */
function checkTemplate(template: string): TemplateError | undefined {
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return { code: 'template/too-long', message: `template is ${template.length} characters long, more than ${MAX_TEMPLATE_LENGTH}`, line: 1, column: 1, hint: 'split the text into several blocks' };
  }
  let depth = 0;
  for (const match of template.matchAll(/\{\{~?\s*([#^/]|else\b)/g)) {
    if (match[1] === '#' || match[1] === '^') depth++;
    else if (match[1] === '/') depth--;
    if (depth > MAX_TEMPLATE_DEPTH) {
      const { line, column } = lineColumn(template, match.index);
      return { code: 'template/too-deep', message: `blocks nested more than ${MAX_TEMPLATE_DEPTH} deep`, line, column, hint: 'simplify the conditions: no real sentence needs this many nested blocks' };
    }
  }
  return undefined;
}

interface AstNode {
  type: string;
  loc?: { start: { line: number; column: number } };
  [key: string]: unknown;
}

/** Looks through the syntax tree for prototype names. */
function findForbidden(ast: unknown): TemplateError | undefined {
  for (const n of walk(ast)) {
    const names = n.type === 'PathExpression' ? (n.parts as string[]) : n.type === 'StringLiteral' ? [String(n.value)] : [];
    const bad = names.find((name) => FORBIDDEN_NAMES.has(name));
    if (bad) {
      return { code: 'template/forbidden-name', message: `"${bad}" may not be used in a template`, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1, hint: 'templates read statistics only; prototype members are refused' };
    }
  }
  return undefined;
}

/** Every node of the syntax tree, iteratively: no recursion on hostile depth. */
function* walk(ast: unknown): Generator<AstNode> {
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    yield node as AstNode;
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && value && typeof value === 'object') stack.push(value);
  }
}

const unknownStatistic = (path: string, line: number, column: number): TemplateError => ({
  code: 'template/unknown-statistic',
  message: `unknown statistic "${path}"`,
  line,
  column,
  hint: 'check the spelling against the statistics listed in content/README.md (e.g. agreements.total, zone.[europe-ce].communes)',
});

function describeError(error: unknown, template: string, ast?: unknown): TemplateError {
  if (error instanceof MissingValue) {
    const { start } = error.loc;
    for (const node of walk(ast)) {
      if ((node.type === 'MustacheStatement' || node.type === 'SubExpression') && node.loc?.start.line === start.line && node.loc.start.column === start.column) {
        const param = (node.params as AstNode[])[error.argument];
        if (param?.type === 'PathExpression') return unknownStatistic(String(param.original), param.loc!.start.line, param.loc!.start.column + 1);
      }
    }
    return { code: 'template/missing-value', message: 'a helper was given no value', line: start.line, column: start.column + 1, hint: 'check the names passed to num, pct, plural and list' };
  }
  const e = error as Error & { lineNumber?: number; column?: number };
  if (error instanceof RangeError) {
    return { code: 'template/too-deep', message: 'template recursion too deep (a partial that includes itself?)', line: 1, column: 1, hint: 'a partial must not include itself, directly or through another' };
  }
  const message = String(e.message ?? error);
  const parse = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)$/s.exec(message);
  if (parse) {
    const line = Number(parse[1]);
    const snippet = parse[2]!;
    const sourceLine = template.split('\n')[line - 1] ?? '';
    const column = sourceLine.startsWith(snippet) || snippet.length === sourceLine.length ? parse[3]!.length + 1 : Math.max(1, sourceLine.length);
    const expected = parse[4]!.includes("got 'EOF'") ? 'the template ends inside an unclosed block' : parse[4]!.replace(/^Expecting /, 'expected ');
    return { code: 'template/syntax', message: `Handlebars syntax: ${expected}`, line, column, hint: 'every {{#block}} needs its {{/block}}; write literal braces as \\{{' };
  }
  const location = / - (\d+):(\d+)$/.exec(message);
  const line = e.lineNumber ?? (location ? Number(location[1]) : 1);
  const column = (e.column ?? (location ? Number(location[2]) : 0)) + 1;
  const unknownHelper = /unknown helper (\S+)/.exec(message);
  if (unknownHelper) {
    return { code: 'template/unknown-helper', message: `unknown helper "${unknownHelper[1]}"`, line, column, hint: `helpers: ${KNOWN_HELPERS.join(', ')}` };
  }
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing) {
    // Name the whole path as written ("edition.regionNom"), found at the error's place.
    for (const node of walk(ast)) {
      if (node.type === 'PathExpression' && node.loc?.start.line === line && node.loc.start.column === column - 1) return unknownStatistic(String(node.original), line, column);
    }
    return unknownStatistic(missing[1]!, line, column);
  }
  const undefinedRead = /Cannot read properties of undefined \(reading '([^']+)'\)/.exec(message);
  if (undefinedRead) {
    return { code: 'template/missing-value', message: `a value is missing before ".${undefinedRead[1]}" in this edition`, line, column, hint: 'a commune or country absent from an edition has no statistics: guard the text with {{#with commune.[INSEE]}}…{{/with}} or {{#if …}}' };
  }
  const partial = /The partial (\S+) could not be found/.exec(message);
  if (partial) {
    return { code: 'template/unknown-partial', message: `unknown partial "${partial[1]}"`, line, column, hint: 'partials are the .hbs files of templates/partials/' };
  }
  return { code: 'template/render', message: message.replace(/ - \d+:\d+$/, ''), line, column, hint: 'check the helper arguments: numbers for num and pct, a list for list' };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
