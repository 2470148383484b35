/**
 * The Handlebars engine of one build: a private instance (never the global one) with the report's
 * helpers, strict lookups, known helpers only, and a static check that refuses prototype tricks.
 * Errors are positioned inside the template string; callers map them back into their file.
 */
import Handlebars from 'handlebars';
import { editDistance } from '../shared/edit-distance.js';
import { type Code, type Params, type ParamsOf, render as renderMessage } from '../shared/messages.js';
import { formatList, formatNumber, formatPercent } from './french.js';
import { agreeAdjective, capitalize, countPhrase, elide, isPlural, noun, nounFor, numberWord, ofName, verbPhrase } from './french-grammar.js';
import { literalText } from './inline-markup.js';

interface TemplateError {
  code: Code;
  /** The parameters of its message in the catalogue (src/shared/messages.ts). */
  params: Params;
  /** The partial (templates/partials/<name>.hbs) the position is in; absent when in the template string itself. */
  partial?: string;
  message: string;
  /** 1-based line and column inside the template string. */
  line: number;
  column: number;
  hint: string;
}

/** A template error worded by the catalogue; `message` and `hint` are its English text. */
function templateError<C extends Code>(code: C, params: ParamsOf<C>, line: number, column: number): TemplateError {
  const text = renderMessage(code, params as Params, 'en')!;
  return { code, params: params as Params, message: text.message, line, column, hint: text.hint ?? '' };
}

type RenderResult = { ok: true; text: string } | { ok: false; error: TemplateError };

/** Deepest block nesting a template may have: far beyond any real prose, far below the stack limit. */
const MAX_TEMPLATE_DEPTH = 64;
/** Longest template string (or partial) accepted. */
export const MAX_TEMPLATE_LENGTH = 200_000;

/**
 * The work a build's templates may do, counted while they run: one step per block iteration
 * (`each`, `with`, `if`, `unless`, a block over a list) and partial expansion, per 64 characters of
 * its text (CHARACTERS_PER_STEP), and one per helper call. The Midi-Pyrénées 2002 edition takes
 * 1,218 steps and renders 19,872 characters; six nested `each` over the countries would take
 * billions. Counted during rendering, so that a runaway stops after this many steps (about 0.3 s),
 * rather than being measured once it is done.
 */
const MAX_RENDER_STEPS = 100_000;
/** Characters all of a build's templates may produce: a hundred times what an edition renders. */
const MAX_RENDER_OUTPUT = 2_000_000;
/** Characters one section's templates may produce. */
const MAX_SECTION_OUTPUT = 1_000_000;

/**
 * What the templates of one build may still spend. A section's budget is a child of the build's:
 * it spends from both, so either limit stops it. Once spent, every later render against it fails
 * at once, and the overrun is reported once (see `report`).
 */
/** Which limit of a budget ran out: the params of template/budget. */
type BudgetSpent = ParamsOf<'template/budget'>;

export class RenderBudget {
  steps = 0;
  output = 0;
  /** Why the budget ran out, once it has (the params of template/budget). */
  exhausted: BudgetSpent | undefined;
  private reported = false;

  constructor(
    readonly limits: { steps: number; output: number; what: string } = { steps: MAX_RENDER_STEPS, output: MAX_RENDER_OUTPUT, what: 'the build' },
    private readonly parent?: RenderBudget,
  ) {}

  /** A budget for one part of this one (a section), spending from both. */
  child(what: string, output = MAX_SECTION_OUTPUT): RenderBudget {
    return new RenderBudget({ steps: Infinity, output, what }, this);
  }

  /** Spends steps and output characters; the reason when either limit of this budget or a parent's is passed. */
  spend(steps: number, output: number): BudgetSpent | undefined {
    this.steps += steps;
    this.output += output;
    if (!this.exhausted && this.steps > this.limits.steps) this.exhausted = { what: this.limits.what, limit: 'steps', max: this.limits.steps };
    if (!this.exhausted && this.output > this.limits.output) this.exhausted = { what: this.limits.what, limit: 'output', max: this.limits.output };
    const inParent = this.parent?.spend(steps, output);
    return this.exhausted ?? inParent;
  }

  /** Why this budget or a parent's is spent, if it is. */
  get spent(): BudgetSpent | undefined {
    return this.exhausted ?? this.parent?.spent;
  }

  /** True the first time only: an overrun is reported once, not at every later string. */
  report(): boolean {
    for (let budget: RenderBudget | undefined = this; budget; budget = budget.parent) {
      if (!budget.exhausted) continue;
      if (budget.reported) return false;
      budget.reported = true;
      return true;
    }
    return false;
  }
}

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
  // French agreement (src/prose/french-grammar.ts): the noun's gender comes from its lexicon.
  count: (count: unknown, name: unknown, options: unknown) => {
    const hash = hashOf(options);
    return countPhrase(asNumber(count, 'count'), String(name), {
      only: hash.only === true,
      digits: hash.digits === true,
      ...(typeof hash.adjective === 'string' ? { adjective: hash.adjective } : {}),
    });
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
    const missing = args.slice(0, -1).indexOf(undefined);
    if (missing >= 0) throw new MissingValue(options.loc, missing);
    return (helper as (...values: unknown[]) => unknown).apply(this, args);
  };
}

const BUILT_INS = ['if', 'unless', 'each', 'with', 'lookup'];
const KNOWN_HELPERS = [...BUILT_INS, ...Object.keys(HELPERS)];

function asNumber(value: unknown, helper: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`${helper} expects a number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value;
}

export interface TemplateEngine {
  /** Renders one template string against the context, spending from `budget` (a fresh one by default). */
  render(template: string, context: object, budget?: RenderBudget): RenderResult;
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

const COMPILE_OPTIONS = {
  strict: true,
  knownHelpers: { ...Object.fromEntries(KNOWN_HELPERS.map((name) => [name, true])), [LITERAL_HELPER]: true, log: false },
  knownHelpersOnly: true,
  noEscape: false,
  preventIndent: true,
} satisfies CompileOptions;

/** Parses and compiles for the static checks only: no helper or partial is ever registered on it. */
const checker = Handlebars.create();

/** Thrown when the budget runs out: where (inside the template or partial that was running) and why. */
class BudgetExceeded extends Error {
  constructor(
    readonly spent: BudgetSpent,
    readonly loc: Loc | undefined,
  ) {
    super(renderMessage('template/budget', spent, 'en')!.message);
  }
}

/** The partial each error escaped from (undefined: the template string itself), set by the innermost. */
const placedIn = new WeakMap<object, string | undefined>();

function place(error: unknown, partial: string | undefined): void {
  if (error && typeof error === 'object' && !placedIn.has(error)) placedIn.set(error, partial);
}

/**
 * Characters of template text one step pays for. A block's run and a partial's expansion cost one
 * step per 64 characters of their text (at least one): a lookup takes at least five characters
 * (`{{a}}`), so the work done between two charges is bounded however long the text.
 */
const CHARACTERS_PER_STEP = 64;

/** A template or partial ready to run: its tree, its compiled function, and what its runs cost. */
interface Unit {
  /** Absent for the template string itself. */
  partial?: string;
  source: string;
  ast: unknown;
  compiled: HandlebarsTemplateDelegate;
  /** Steps one run of a block costs, by the block's "line:column". */
  blocks: Map<string, number>;
  /** Steps one expansion costs, as a partial. */
  cost: number;
}

function compileUnit(handlebars: typeof Handlebars, source: string, ast: unknown, partial?: string): Unit {
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (at: { line: number; column: number }) => (lineStarts[at.line - 1] ?? 0) + at.column;
  const blocks = new Map<string, number>();
  for (const node of walk(ast)) {
    const loc = node.loc as hbs.AST.SourceLocation | undefined;
    if (node.type === 'BlockStatement' && loc) blocks.set(locKey(loc), stepsFor(offset(loc.end) - offset(loc.start)));
  }
  return { ...(partial === undefined ? {} : { partial }), source, ast, compiled: handlebars.compile(ast as hbs.AST.Program, COMPILE_OPTIONS), blocks, cost: stepsFor(source.length) };
}

const stepsFor = (characters: number) => 1 + Math.floor(characters / CHARACTERS_PER_STEP);
const locKey = (loc: Loc) => `${loc.start.line}:${loc.start.column}`;

/** One call of `render`: its budget, the template and partials running, and the output of the blocks under way. */
class Run {
  private readonly units: Unit[];
  /** Characters already counted inside each block or partial under way, innermost last. */
  private readonly inner: number[] = [0];

  constructor(
    readonly budget: RenderBudget,
    template: Unit,
  ) {
    this.units = [template];
  }

  private get unit(): Unit {
    return this.units[this.units.length - 1]!;
  }

  /** A helper call (one step) or a block's run (its cost), charged at `loc` in the unit running. */
  step(loc: Loc | undefined): void {
    const spent = this.budget.spend(loc ? (this.unit.blocks.get(locKey(loc)) ?? 1) : 1, 0);
    if (spent) throw new BudgetExceeded(spent, loc);
  }

  /** Starts a partial's expansion, charged at its call in the caller. */
  enter(partial: Unit): void {
    const spent = this.budget.spend(partial.cost, 0);
    if (spent) this.overrun(spent, partial);
    this.units.push(partial);
    this.inner.push(0);
  }

  /** Ends a partial's expansion: its text is counted, an overrun placed at its call in the caller. */
  leave(text: string): string {
    const partial = this.units.pop()!;
    const spent = this.count(text);
    if (spent) this.overrun(spent, partial);
    return text;
  }

  /** Starts a block's run. */
  open(): void {
    this.inner.push(0);
  }

  /** Ends a block's run (or the template's): its text is counted, an overrun placed at `loc`. */
  close(text: string, loc: Loc | undefined): string {
    const spent = this.count(text);
    if (spent) throw new BudgetExceeded(spent, loc);
    return text;
  }

  /**
   * Counts the text a block or partial returned, less what its own blocks already counted, so
   * the total is the output's length however deep the nesting: memory stays within the budget.
   */
  private count(text: string): BudgetSpent | undefined {
    const counted = this.inner.pop()!;
    if (this.inner.length > 0) this.inner[this.inner.length - 1]! += text.length;
    return this.budget.spend(0, text.length - counted);
  }

  private overrun(spent: BudgetSpent, partial: Unit): never {
    const error = new BudgetExceeded(spent, callSite(this.unit.ast, partial.partial!));
    place(error, this.unit.partial);
    throw error;
  }
}

/** Where a template includes partial `called`: its first call. */
function callSite(ast: unknown, called: string): Loc | undefined {
  let first: Loc | undefined;
  for (const node of walk(ast)) {
    if ((node.type !== 'PartialStatement' && node.type !== 'PartialBlockStatement') || (node.name as AstNode).original !== called || !node.loc) continue;
    const { line, column } = node.loc.start;
    if (!first || line < first.start.line || (line === first.start.line && column < first.start.column)) first = node.loc;
  }
  return first;
}

type Program = ((context: unknown, options?: unknown) => string) & Record<string, unknown>;
type BlockOptions = { fn: Program; inverse: Program; loc?: Loc } & Record<PropertyKey, unknown>;
const COUNTED = Symbol('counted');

function newTemplateEngine(partials: Record<string, string>): TemplateEngine {
  const handlebars = Handlebars.create();
  // Not in Handlebars' type declarations, but an instance property by design (handlebars.js create()).
  const withCompiler = handlebars as unknown as { JavaScriptCompiler: CompilerClass };
  withCompiler.JavaScriptCompiler = literalCompiler(withCompiler.JavaScriptCompiler);
  // Uncounted: it only writes a value, and the lookup that produced it was paid for.
  handlebars.registerHelper(LITERAL_HELPER, literalHelper);
  // The run under way: rendering is synchronous, so one at a time per engine.
  let run: Run | undefined;
  const current = (): Run => {
    if (!run) throw new Error('a helper ran outside render()');
    return run;
  };

  // Every helper call is a step; block helpers also pay each time they run their block.
  const counted = (helper: Handlebars.HelperDelegate): Handlebars.HelperDelegate =>
    function (this: unknown, ...args: unknown[]) {
      const options = args[args.length - 1] as BlockOptions;
      current().step(options.loc);
      if (typeof options.fn !== 'function' || options[COUNTED]) return (helper as (...values: unknown[]) => unknown).apply(this, args);
      // blockHelperMissing hands its options on to `each`: counted once.
      const block = { ...options, fn: countProgram(options.fn, options.loc), inverse: countProgram(options.inverse, options.loc), [COUNTED]: true };
      return (helper as (...values: unknown[]) => unknown).apply(this, [...args.slice(0, -1), block]);
    };
  const countProgram = (program: Program, loc: Loc | undefined): Program =>
    Object.assign(function (this: unknown, ...args: unknown[]) {
      const running = current();
      running.step(loc);
      running.open();
      return running.close((program as (...values: unknown[]) => string).apply(this, args), loc);
    }, program);

  // A block over a list without a helper ({{#list}}…{{/list}}) runs blockHelperMissing, which calls `each`.
  for (const name of [...BUILT_INS, 'blockHelperMissing']) handlebars.registerHelper(name, counted(handlebars.helpers[name]!));
  for (const [name, helper] of Object.entries(HELPERS)) handlebars.registerHelper(name, counted(VALUE_HELPERS.has(name) ? requireValues(helper) : helper));
  // Handlebars' own `log` would print to the console from a template: not a known helper here.
  handlebars.unregisterHelper('log');

  // Partials are checked as content is, compiled with the same options, and paid for when expanded.
  const units = new Map<string, Unit>();
  for (const [name, source] of Object.entries(partials)) {
    const checked = checkSource(source);
    if ('error' in checked) {
      handlebars.registerPartial(name, () => {
        throw new StaticError(checked.error);
      });
      continue;
    }
    const unit = compileUnit(handlebars, source, checked.ast, name);
    units.set(name, unit);
    handlebars.registerPartial(name, (context: unknown, options: unknown) => {
      const running = current();
      running.enter(unit);
      try {
        return running.leave(unit.compiled(context, options as Handlebars.RuntimeOptions));
      } catch (error) {
        place(error, name);
        throw error;
      }
    });
  }

  const cache = new Map<string, Unit>();
  return {
    render(template, context, budget = new RenderBudget()) {
      const spent = budget.spent;
      if (spent) return { ok: false, error: templateError('template/budget', spent, 1, 1) };
      if (!template.includes('{{')) {
        const over = budget.spend(0, template.length);
        return over ? { ok: false, error: templateError('template/budget', over, 1, 1) } : { ok: true, text: template };
      }
      let unit = cache.get(template);
      if (!unit) {
        const checked = checkSource(template);
        if ('error' in checked) return { ok: false, error: checked.error };
        unit = compileUnit(handlebars, template, checked.ast);
        cache.set(template, unit);
      }
      run = new Run(budget, unit);
      try {
        const text = run.close(unit.compiled(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }), undefined);
        // Elision where a count met "que" or "de": "que une commune" → "qu’une commune".
        return { ok: true, text: elide(text) };
      } catch (error) {
        const partial = error && typeof error === 'object' ? placedIn.get(error) : undefined;
        const where = partial === undefined ? unit : units.get(partial);
        return { ok: false, error: { ...describeError(error, where?.source ?? '', where?.ast, context), ...(partial === undefined ? {} : { partial }) } };
      } finally {
        run = undefined;
      }
    },
  };
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

/** A static check's error, thrown when a partial that failed it is used anyway. */
class StaticError extends Error {
  constructor(readonly error: TemplateError) {
    super(error.message);
  }
}

/**
 * The static checks every template and partial passes before it runs: size, nesting depth, syntax
 * and prototype names. Returns the syntax tree, or the first problem at its line:column.
 */
function checkSource(template: string): { ast: unknown } | { error: TemplateError } {
  const cheap = checkTemplate(template);
  if (cheap) return { error: cheap };
  try {
    const ast = checker.parse(template);
    const forbidden = findForbidden(ast);
    return forbidden ? { error: forbidden } : { ast };
  } catch (error) {
    return { error: describeError(error, template) };
  }
}

/** A partial's checks: those of `checkSource`, then compiled, which finds unknown helpers. */
export function checkPartial(source: string): TemplateError | undefined {
  const checked = checkSource(source);
  if ('error' in checked) return checked.error;
  try {
    checker.precompile(checked.ast as hbs.AST.Program, COMPILE_OPTIONS);
    return undefined;
  } catch (error) {
    return describeError(error, source, checked.ast);
  }
}

/** Cheap checks before parsing: size and nesting depth bound the parser's and compiler's recursion. */
function checkTemplate(template: string): TemplateError | undefined {
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return templateError('template/too-long', { length: template.length, max: MAX_TEMPLATE_LENGTH }, 1, 1);
  }
  let depth = 0;
  for (const match of template.matchAll(/\{\{~?\s*([#^/]|else\b)/g)) {
    if (match[1] === '#' || match[1] === '^') depth++;
    else if (match[1] === '/') depth--;
    if (depth > MAX_TEMPLATE_DEPTH) {
      const { line, column } = lineColumn(template, match.index);
      return templateError('template/too-deep', { max: MAX_TEMPLATE_DEPTH }, line, column);
    }
  }
  return undefined;
}

interface AstNode {
  type: string;
  loc?: { start: { line: number; column: number } };
  [key: string]: unknown;
}

/** Looks through the syntax tree for prototype names and decorators: the first in the text. */
function findForbidden(ast: unknown): TemplateError | undefined {
  let first: TemplateError | undefined;
  const keep = (error: TemplateError) => {
    if (!first || error.line < first.line || (error.line === first.line && error.column < first.column)) first = error;
  };
  for (const n of walk(ast)) {
    const line = n.loc?.start.line ?? 1;
    const column = (n.loc?.start.column ?? 0) + 1;
    // An inline partial ({{#*inline}}) would escape the count of partial expansions: shared text
    // belongs in templates/partials/, where it is checked and counted.
    if (n.type === 'DecoratorBlock' || n.type === 'Decorator') {
      keep(templateError('template/forbidden-decorator', {}, line, column));
    }
    const names = n.type === 'PathExpression' ? (n.parts as string[]) : n.type === 'StringLiteral' ? [String(n.value)] : [];
    const bad = names.find((name) => FORBIDDEN_NAMES.has(name));
    if (bad) keep(templateError('template/forbidden-name', { name: bad }, line, column));
  }
  return first;
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

/**
 * An unknown name, told apart by where it leaves the statistics: a commune the register does not
 * hold ("commune.Albii"), or a typo of a known name ("commune.[81004].populaton": "population"?).
 * Only for a path read from the statistics' root (inside {{#with}} the context is another).
 */
function unknownStatistic(original: string, line: number, column: number, context?: unknown): TemplateError {
  const segments = original.split('.').map((s) => s.replace(/^\[(.*)\]$/, '$1'));
  // As the template writes it: a segment that is not a plain name in brackets ("commune.[09122]").
  const written = segments.map((s) => (/^[A-Za-z_$][\w$]*$/.test(s) ? s : `[${s}]`));
  const path = written.join('.');
  let value: unknown = context;
  for (let i = 0; i < segments.length && value !== null && typeof value === 'object'; i++) {
    const key = segments[i]!;
    if (Object.hasOwn(value, key)) {
      value = (value as Record<string, unknown>)[key];
      continue;
    }
    if (i === 0) break;
    const known = written.slice(0, i).join('.');
    const keys = Object.keys(value);
    if (i === 1 && segments[0] === 'commune') {
      const byName = Object.entries(value as Record<string, { name?: unknown }>).find(([, c]) => typeof c?.name === 'string' && c.name.toLowerCase() === key.toLowerCase());
      return templateError('template/unknown-commune', { path, commune: key, ...(byName ? { match: { insee: byName[0], name: String(byName[1].name) } } : {}) }, line, column);
    }
    const suggestion = nearestName(key, keys);
    return templateError('template/unknown-statistic', { path, ...(suggestion ? { suggestion, known } : {}) }, line, column);
  }
  return templateError('template/unknown-statistic', { path }, line, column);
}

/** The known name nearest a mistyped one, when close enough to be a typo (2 edits, or 1 in a short word). */
function nearestName(typed: string, known: readonly string[]): string | undefined {
  const limit = typed.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function describeError(error: unknown, template: string, ast?: unknown, context?: unknown): TemplateError {
  if (error instanceof StaticError) return error.error;
  if (error instanceof BudgetExceeded) {
    return templateError('template/budget', error.spent, error.loc?.start.line ?? 1, (error.loc?.start.column ?? 0) + 1);
  }
  if (error instanceof MissingValue) {
    const { start } = error.loc;
    for (const node of walk(ast)) {
      if ((node.type === 'MustacheStatement' || node.type === 'SubExpression') && node.loc?.start.line === start.line && node.loc.start.column === start.column) {
        const param = (node.params as AstNode[])[error.argument];
        if (param?.type === 'PathExpression') return unknownStatistic(String(param.original), param.loc!.start.line, param.loc!.start.column + 1, context);
      }
    }
    return templateError('template/missing-value', {}, start.line, start.column + 1);
  }
  const e = error as Error & { lineNumber?: number; column?: number };
  if (error instanceof RangeError) {
    return templateError('template/too-deep', { recursion: true }, 1, 1);
  }
  const message = String(e.message ?? error);
  const parse = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)$/s.exec(message);
  if (parse) {
    const line = Number(parse[1]);
    const snippet = parse[2]!;
    const sourceLine = template.split('\n')[line - 1] ?? '';
    const column = sourceLine.startsWith(snippet) || snippet.length === sourceLine.length ? parse[3]!.length + 1 : Math.max(1, sourceLine.length);
    const expected = parse[4]!.includes("got 'EOF'") ? undefined : [...parse[4]!.replace(/, got .*$/, '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
    return templateError('template/syntax', expected === undefined ? { unclosed: true } : { expected }, line, column);
  }
  const location = / - (\d+):(\d+)$/.exec(message);
  const line = e.lineNumber ?? (location ? Number(location[1]) : 1);
  const column = (e.column ?? (location ? Number(location[2]) : 0)) + 1;
  const unknownHelper = /unknown helper (\S+)/.exec(message);
  if (unknownHelper) {
    return templateError('template/unknown-helper', { helper: unknownHelper[1]!, helpers: [...KNOWN_HELPERS] }, line, column);
  }
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing) {
    // Name the whole path as written ("edition.regionNom"), found at the error's place.
    for (const node of walk(ast)) {
      if (node.type === 'PathExpression' && node.loc?.start.line === line && node.loc.start.column === column - 1) return unknownStatistic(String(node.original), line, column, context);
    }
    return unknownStatistic(missing[1]!, line, column, context);
  }
  const undefinedRead = /Cannot read properties of undefined \(reading '([^']+)'\)/.exec(message);
  if (undefinedRead) {
    return templateError('template/missing-value', { before: undefinedRead[1]! }, line, column);
  }
  const partial = /The partial (\S+) could not be found/.exec(message);
  if (partial) {
    return templateError('template/unknown-partial', { partial: partial[1]! }, line, column);
  }
  return templateError('template/render', { detail: message.replace(/ - \d+:\d+$/, '') }, line, column);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
