/**
 * The command line: parses arguments, builds the World, runs the pipeline, prints diagnostics and
 * writes outputs. The only module besides io.ts and world.ts that touches the process.
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError, Help, Option } from 'commander';
import { type BuildResult, buildReport, loadEdition } from './build-report.js';
import { type ChartCache, createChartCache } from './chart-cache.js';
import { computeStatistics } from './compute-statistics.js';
import { type Diagnostic, Diagnostics, diagnostic, formatDiagnostic, formatDiagnostics, oneLine, sortDiagnostics } from './diagnostics.js';
import { editDistance } from './edit-distance.js';
import { exportCsv, exportExcelCsv, exportRegister, exportXlsx } from './export-register.js';
import { importRegister, type LoadedSheet, loadCsvSheet, loadXlsxSheet } from './import-register.js';
import { OutputError, type OutputFile, type OutputFs, writeFileAtomic, writeOutputs } from './io.js';
import { loadYaml } from './load-yaml.js';
import {
  type CatalogueLine,
  type Code,
  catalogueLine,
  errorPrefix,
  frenchCommander,
  helpAfterError,
  helpText,
  type Locale,
  lineText,
  localeOf,
  messageText,
  type ParamsOf,
  render,
  severityWord,
  systemErrorCode,
  warningPrefix,
} from './messages.js';
import type { ValidatedReport } from './model.js';
import { newEditionProblem, scaffoldEdition } from './new-edition.js';
import { FALLBACK_EDITION, findProjectRoot, parseSettings, SETTINGS_FILE, withEdition } from './project-settings.js';
import { proseText } from './prose-text.js';
import { formatReconciliation, reconcile, unexplained } from './reconcile.js';
import { createScheduler, WATCHED, watchProject } from './watch.js';
import { createFileWorld, readInputFile, type World } from './world.js';
import { positionOf } from './yaml-source.js';

const EXIT_OK = 0;
const EXIT_DATA = 1;
const EXIT_USAGE = 2;
/** A bug of the generator, not of the input: the message says how to report it. */
export const EXIT_INTERNAL = 3;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The file-system calls that write outputs (tests make one fail); default: node:fs. */
  outputFs?: OutputFs;
}

let theProcessIo: Io | undefined;
/**
 * The process's own streams, environment and working folder, made on first use, not when the
 * module loads: the V8 start-up snapshot (scripts/build-snapshot.mjs) loads this module when it
 * is built, and must not keep that build's working folder or streams.
 */
function processIo(): Io {
  if (theProcessIo) return theProcessIo;
  // `coopdec-report editions | head -1`: a reader that stops early is not an error (no stack trace).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  theProcessIo = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n'), env: process.env, cwd: process.cwd() };
  return theProcessIo;
}

/** An edition folder is <root>/data/<region>/<year>: the root holds content/ and templates/. */
function locateEdition(dataDir: string, cwd: string): { world: World; editionDir: string } {
  const absolute = resolve(cwd, dataDir);
  const root = resolve(absolute, '..', '..', '..');
  return { world: createFileWorld(root), editionDir: relative(root, absolute).split(sep).join('/') };
}

/** Bad usage (exit 2): a line of the catalogue, said in the reader's language when printed. */
class UsageError extends Error {
  constructor(readonly line: CatalogueLine) {
    super(lineText(line, 'en'));
  }
  /** Its text in a language. */
  say(locale: Locale): string {
    return lineText(this.line, locale);
  }
}

/** A usage error from the catalogue. */
function usage<C extends Code>(code: C, params: ParamsOf<C>): UsageError {
  return new UsageError(catalogueLine(code, params));
}

/** A line of the catalogue in the reader's language. */
function say<C extends Code>(io: Io, code: C, params: ParamsOf<C>): string {
  return messageText(code, params, localeOf(io.env));
}

/** What a failed run wrote. */
const NOTHING_WRITTEN = { kind: 'nothing-written' } as const;
const BUILT = { kind: 'built' } as const;

/** The edition a command works on. */
interface EditionTarget {
  world: World;
  /** Project-relative: "data/midi-pyrenees/2002". */
  editionDir: string;
  /** --data as given; undefined when the edition is the project's current one (coopdec.yaml). */
  dataArg?: string;
}

/**
 * The project around `cwd` (the nearest folder holding coopdec.yaml or package.json) and its
 * current edition: coopdec.yaml's `edition`, or data/midi-pyrenees/2002 when the file is absent.
 */
function currentEdition(cwd: string): { root: string; edition: string; fromSettings: boolean } {
  const root = findProjectRoot(cwd, existsSync);
  if (!root) throw usage('usage/not-in-project', { settings: SETTINGS_FILE, cwd });
  const path = join(root, SETTINGS_FILE);
  if (!existsSync(path)) return { root, edition: FALLBACK_EDITION, fromSettings: false };
  const parsed = parseSettings(readSettings(path));
  if ('problem' in parsed) throw new UsageError(parsed.problem);
  return { root, edition: parsed.edition, fromSettings: true };
}

/** The text of coopdec.yaml; one that cannot be read is bad usage, said with the system's reason. */
function readSettings(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw usage('usage/settings-unreadable', { settings: SETTINGS_FILE, errno: systemErrorCode(error) });
  }
}

/** --data when given (relative to the working folder), else the project's current edition. */
function resolveEdition(data: string | undefined, io: Io): EditionTarget {
  if (data !== undefined) {
    if (data.trim() === '') throw usage('usage/empty-data', {});
    return { ...locateEdition(data, io.cwd), dataArg: data };
  }
  const current = currentEdition(io.cwd);
  const folder = join(current.root, current.edition);
  if (!existsSync(folder)) {
    throw usage('usage/edition-missing', { settings: SETTINGS_FILE, edition: current.edition, fromSettings: current.fromSettings });
  }
  return locateEdition(folder, io.cwd);
}

/**
 * --help in French: commander's own words (defaults, choices) in French, and lines wrapped
 * without breaking at the no-break spaces of French typography.
 */
const FRENCH_HELP: Partial<Help> = {
  optionDescription(this: Help, option: Option) {
    return frenchCommander(Help.prototype.optionDescription.call(this, option));
  },
  boxWrap(this: Help, text: string, width: number) {
    const kept = text.replace(/\u00A0/g, '\uE000').replace(/\u202F/g, '\uE001');
    return Help.prototype.boxWrap
      .call(this, kept, width)
      .replace(/\uE000/g, '\u00A0')
      .replace(/\uE001/g, '\u202F');
  },
};

const PACKAGE_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  // --debug anywhere on the line (or COOPDEC_DEBUG=1): an internal error prints its stack.
  const debug = args.includes('--debug') || io.env.COOPDEC_DEBUG === '1';
  const argv = args.filter((arg) => arg !== '--debug');
  let exitCode = EXIT_OK;
  const locale = localeOf(io.env);
  const h = (key: Parameters<typeof helpText>[0]) => helpText(key, locale, SETTINGS_FILE);
  const commander = (t: string) => (locale === 'fr' ? frenchCommander(t) : t).trimEnd();
  const program = new Command()
    .name('coopdec-report')
    .description(h('program'))
    .version(PACKAGE_VERSION, '-V, --version', h('version'))
    .helpOption('-h, --help', h('help'))
    .helpCommand('help [command]', h('help'))
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(commander(t)), writeErr: (t) => io.err(commander(t)) })
    .showHelpAfterError(helpAfterError(locale));
  if (locale === 'fr') program.configureHelp(FRENCH_HELP);

  const dataOption = () => new Option('--data <dir>', h('data'));

  program
    .command('build', { isDefault: true })
    .description(h('build'))
    .addOption(dataOption())
    .option('--department <code>', h('department'))
    .option('--all', h('all'))
    .option('--out <file|dir>', h('out'), 'out')
    .option('--timings', h('timings'))
    .option('--no-cache', h('noCache'))
    .option('--jobs <n>', h('jobs'), '1')
    .addOption(new Option('--only <ids>', h('only')).hideHelp())
    .addOption(new Option('--diagnostics-json', h('diagnosticsJson')).hideHelp())
    .action(async (options: BuildCommandOptions) => {
      exitCode = await commandBuild(options, io);
    });

  program
    .command('watch')
    .description(h('watch'))
    .addOption(dataOption())
    .option('--department <code>', h('department'))
    .option('--all', h('all'))
    .option('--out <file|dir>', h('out'), 'out')
    .option('--timings', h('timings'))
    .option('--no-cache', h('watchNoCache'))
    .action(async (options: BuildCommandOptions) => {
      exitCode = await commandWatch({ ...options, jobs: '1' }, io);
    });

  program
    .command('check')
    .description(h('check'))
    .addOption(dataOption())
    .option('--department <code>', h('checkDepartment'))
    .action(async (options: { data?: string; department?: string }) => {
      const target = resolveEdition(options.data, io);
      const composed = await composeOnly(target, options.department, io);
      exitCode = composed.code;
      const built = composed.result?.built;
      if (exitCode === EXIT_OK && built)
        io.out(
          say(io, 'cli/checked', {
            editionDir: target.editionDir,
            ...(options.department ? { department: options.department } : {}),
            communes: built.report.register.communes.length,
            agreements: built.statistics.agreements.total,
          }),
        );
    });

  program
    .command('prose')
    .description(h('prose'))
    .addOption(dataOption())
    .option('--department <code>', h('proseDepartment'))
    .action(async (options: { data?: string; department?: string }) => {
      const composed = await composeOnly(resolveEdition(options.data, io), options.department, io);
      exitCode = composed.code;
      if (composed.result?.built) io.out(proseText(composed.result.built.composed).trimEnd());
    });

  program
    .command('reconcile')
    .description(h('reconcile'))
    .addOption(dataOption())
    .option('--json', h('reconcileJson'))
    .action((options: { data?: string; json?: boolean }) => {
      const target = resolveEdition(options.data, io);
      const loaded = loadOrReport(target, io);
      if (!loaded) {
        exitCode = EXIT_DATA;
        return;
      }
      if (!target.world.list(target.editionDir).includes('published.yaml')) {
        // An edition whose study is not printed (yet) has no published.yaml: nothing to compare with.
        const line = say(io, 'cli/no-published', { editionDir: target.editionDir });
        if (options.json) {
          io.out('[]');
          io.err(line);
        } else io.out(line);
        exitCode = EXIT_OK;
        return;
      }
      const rows = reconcile(loaded.published, computeStatistics(loaded));
      if (options.json)
        io.out(
          JSON.stringify(
            rows.map(({ figure, published, computed, explanation }) => ({ figure, published, computed, explanation })),
            null,
            2,
          ),
        );
      else io.out(formatReconciliation(rows, locale));
      const failures = unexplained(rows);
      const figures = new Map(loaded.published.map((f) => [f.id, f]));
      for (const row of failures) {
        const at = figures.get(row.figure)?.at;
        const place = at ? `${at.file}:${at.line}:${at.column}: ` : '';
        const text = say(
          io,
          'reconcile/unexplained',
          row.computed === null ? { figure: row.figure, statistic: String(row.statistic) } : { figure: row.figure, published: String(row.published), computed: String(row.computed) },
        );
        io.err(oneLine(`${place}${severityWord('error', locale)}[reconcile/unexplained]: ${text}`));
      }
      exitCode = failures.length > 0 ? EXIT_DATA : EXIT_OK;
    });

  program
    .command('export')
    .description(h('export'))
    .addOption(dataOption())
    .addOption(new Option('--format <format>', h('format')).choices(['json', 'csv', 'xlsx']).default('json'))
    .option('--output <file>', h('output'))
    .action(async (options: { data?: string; format: 'json' | 'csv' | 'xlsx'; output?: string }) => {
      const loaded = loadOrReport(resolveEdition(options.data, io), io);
      if (!loaded) {
        exitCode = EXIT_DATA;
        return;
      }
      if (options.format !== 'xlsx') {
        const text = options.format === 'json' ? JSON.stringify(exportRegister(loaded), null, 2) : exportCsv(loaded).trimEnd();
        if (options.output === undefined) return void io.out(text);
        writeFileAtomic(resolve(io.cwd, options.output), text + (options.format === 'json' ? '\n' : '\r\n'));
        return void io.out(say(io, 'cli/wrote', { path: options.output }));
      }
      const output = options.output ?? `out/${regionEditionId(loaded)}.xlsx`;
      const createdAt = creationDate(io.env) ?? new Date(Date.UTC(loaded.edition.year, 0, 1));
      writeFileAtomic(resolve(io.cwd, output), await exportXlsx(loaded, createdAt));
      const agreements = loaded.register.communes.reduce((sum, c) => sum + c.agreements.length, 0);
      io.out(say(io, 'cli/wrote', { path: output, communes: loaded.register.communes.length, agreements, rows: true }));
    });

  program
    .command('import')
    .description(h('import'))
    .argument('<file>', h('importFile'))
    .requiredOption('--into <dir>', h('into'))
    .action(async (file: string, options: { into: string }) => {
      exitCode = await commandImport(file, options.into, io);
    });

  program
    .command('editions')
    .description(h('editions'))
    .addOption(dataOption())
    .option('--json', h('editionsJson'))
    .action((options: { data?: string; json?: boolean }) => {
      const target = resolveEdition(options.data, io);
      const loaded = loadOrReport(target, io);
      if (!loaded) {
        exitCode = EXIT_DATA;
        return;
      }
      const editions = listEditions(loaded, target.dataArg, 'out');
      io.out(options.json ? JSON.stringify(editions) : editions.map((e) => `${e.id}\t${e.output}`).join('\n'));
    });

  program
    .command('new')
    .description(h('new'))
    .option('--from <dir>', h('from'))
    .requiredOption('--year <yyyy>', h('year'))
    .option('--region <slug>', h('region'))
    .option('--region-name <name>', h('regionName'))
    .option('--current', h('current'))
    .action((options: NewCommandOptions) => {
      exitCode = commandNew(options, io);
    });

  // "build" is the default command, so a mistyped command would be taken as build's argument:
  // a first word that is no command and no option is refused, with the nearest command.
  const first = argv[0];
  const commands = [...program.commands.map((c) => c.name()), 'help'];
  if (first !== undefined && !first.startsWith('-') && !commands.includes(first)) {
    const nearest = [...commands].sort((a, b) => editDistance(first, a) - editDistance(first, b))[0]!;
    io.err(errorPrefix(locale) + say(io, 'usage/unknown-command', { command: oneLine(first), ...(editDistance(first, nearest) <= 3 ? { nearest } : {}), commands }));
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    const failure = describeFailure(error, io, debug);
    io.err(failure.text);
    return failure.exitCode;
  }
}

/**
 * What a command that stopped on an exception prints, and its exit code: bad usage (2), a write
 * or another system call that failed (1: the files or the machine, said with the system's
 * reason in the reader's language), else a bug of the generator (3).
 */
function describeFailure(error: unknown, io: Io, debug: boolean): { text: string; exitCode: number } {
  const locale = localeOf(io.env);
  if (error instanceof UsageError) return { text: `${errorPrefix(locale)}${oneLine(error.say(locale))}`, exitCode: EXIT_USAGE };
  if (error instanceof OutputError) {
    const message = say(io, 'output/write-failed', { path: shownPath(error.path, io.cwd), errno: error.errno, nothing: true });
    return { text: `${severityWord('error', locale)}[output/write-failed]: ${oneLine(message)}`, exitCode: EXIT_DATA };
  }
  if (isSystemError(error)) {
    const path = error.path === undefined ? {} : { path: error.syscall.startsWith('spawn') ? error.path : shownPath(error.path, io.cwd) };
    const lines = [`${errorPrefix(locale)}${oneLine(say(io, 'cli/system-error', { operation: operationOf(error.syscall), ...path, errno: error.code }))}`];
    if (debug && error.stack) lines.push(error.stack);
    return { text: lines.join('\n'), exitCode: EXIT_DATA };
  }
  return { text: internalError(error, debug, locale), exitCode: EXIT_INTERNAL };
}

/** An error of a system call (node:fs, node:child_process): it has an errno code and the call's name. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string; syscall: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** What a system call was doing, in the user's terms. */
function operationOf(syscall: string): 'read' | 'write' | 'run' | 'other' {
  if (syscall.startsWith('spawn')) return 'run';
  if (/^(open|read|stat|lstat|fstat|scandir|opendir|readlink|realpath|access)$/.test(syscall)) return 'read';
  if (/^(write|mkdir|mkdtemp|rename|unlink|rmdir|rm|link|symlink|copyfile|fsync|ftruncate|chmod|utime)$/.test(syscall)) return 'write';
  return 'other';
}

/** A path in a message: relative to the working folder, with forward slashes. */
function shownPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  return relative(cwd, path).split(sep).join('/') || path;
}

/** A bug's report: what failed, that the input is not to blame, how to report it. */
export function internalError(error: unknown, debug: boolean, locale: Locale = 'en'): string {
  const detail = oneLine(error instanceof Error ? error.message : String(error));
  const text = render('cli/internal-error', { detail, version: PACKAGE_VERSION }, locale)!;
  const lines = [text.message, `   = ${text.hint}`];
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  else lines.push(`   = ${messageText('cli/debug-advice', {}, locale)}`);
  return lines.join('\n');
}

function loadOrReport(target: EditionTarget, io: Io): ValidatedReport | undefined {
  const diagnostics = new Diagnostics();
  const report = loadEdition(target.world, { editionDir: target.editionDir }, diagnostics);
  if (!report || diagnostics.hasErrors) {
    io.err(formatDiagnostics(diagnostics.items, NOTHING_WRITTEN, localeOf(io.env)));
    return undefined;
  }
  return report;
}

/** `check` and `prose`: validates, checks --department, composes the edition (no layout). */
async function composeOnly(target: EditionTarget, department: string | undefined, io: Io): Promise<{ code: number; result?: BuildResult }> {
  const preload = new Diagnostics();
  const report = loadEdition(target.world, { editionDir: target.editionDir }, preload);
  if (!report) {
    io.err(formatDiagnostics(preload.items, NOTHING_WRITTEN, localeOf(io.env)));
    return { code: EXIT_DATA };
  }
  const problem = departmentProblem(report, target, department);
  if (problem) {
    io.err(formatDiagnostics([...preload.items, problem], NOTHING_WRITTEN, localeOf(io.env)));
    return { code: EXIT_DATA };
  }
  const result = await buildReport(target.world, { editionDir: target.editionDir, validated: report, ...(department !== undefined ? { department } : {}), checkOnly: true });
  result.diagnostics.items.unshift(...preload.items);
  return { code: reportDiagnostics(result, io, NOTHING_WRITTEN), result };
}

/** "midi-pyrenees-2002": the id of the region edition, the stem of its departments'. */
function regionEditionId(report: ValidatedReport): string {
  return `${report.edition.region}-${report.edition.year}`;
}

/**
 * --department checked against the edition: a code edition.yaml does not list is bad usage
 * (exit 2); an empty one, or one listed but with no commune in the register (nothing to build),
 * is an error naming the edition (exit 1).
 */
function departmentProblem(report: ValidatedReport, target: EditionTarget, code: string | undefined): Diagnostic | undefined {
  if (code === undefined) return undefined;
  const base = regionEditionId(report);
  const departments = report.edition.departments;
  const editionFile = `${target.editionDir}/edition.yaml`;
  const source = loadYaml(target.world, editionFile, new Diagnostics());
  const at = (path: (string | number)[]) => (source ? positionOf(source, path) : { file: editionFile, line: 1, column: 1 });
  if (code.trim() === '') {
    return diagnostic('error', 'edition/empty-department', { edition: base, codes: departments.map((d) => d.code) }, at(['departments']));
  }
  const index = departments.findIndex((d) => d.code === code);
  if (index < 0) throw usage('usage/unknown-department', { code, file: editionFile, codes: departments.map((d) => d.code) });
  if (report.register.communes.some((c) => c.department === code)) return undefined;
  const present = departments.filter((d) => report.register.communes.some((c) => c.department === d.code)).map((d) => d.code);
  return diagnostic(
    'error',
    'edition/department-without-communes',
    { edition: base, code, name: departments[index]!.name, editionDir: target.editionDir, present },
    at(['departments', index, 'code']),
  );
}

interface EditionEntry {
  id: string;
  args: string[];
  output: string;
  department?: string;
}

/**
 * The region edition, then one per department that has a commune in the register. `dataDir` is
 * --data as given: undefined for the project's current edition, which needs no --data.
 */
function listEditions(
  report: { edition: { region: string; year: number; departments: { code: string }[] }; register: { communes: { department: string }[] } },
  dataDir: string | undefined,
  outDir: string,
): EditionEntry[] {
  const base = `${report.edition.region}-${report.edition.year}`;
  const dataArgs = dataDir === undefined ? [] : ['--data', dataDir];
  const present = new Set(report.register.communes.map((c) => c.department));
  return [
    { id: base, args: [...dataArgs], output: `${outDir}/${base}.pdf` },
    ...report.edition.departments
      .filter((d) => present.has(d.code))
      .map((d) => ({ id: `${base}-${d.code}`, args: [...dataArgs, '--department', d.code], output: `${outDir}/${base}-${d.code}.pdf`, department: d.code })),
  ];
}

interface BuildCommandOptions {
  data?: string;
  department?: string;
  all?: boolean;
  out: string;
  timings?: boolean;
  jobs?: string;
  only?: string;
  diagnosticsJson?: boolean;
  cache: boolean;
}

/** What one edition of --all gave: its diagnostics, and whether its PDF was written. */
interface EditionOutcome {
  id: string;
  built: boolean;
  items: Diagnostic[];
}

/** A child of --jobs prints its editions' outcomes on one stderr line starting with this. */
const OUTCOMES_LINE = 'coopdec-report:outcomes ';

/** What a long-lived process (watch) keeps between builds. */
interface BuildSession {
  /** Charts kept in memory in front of the cache on disk. */
  chartCache?: ChartCache;
}

async function commandBuild(options: BuildCommandOptions, io: Io, session: BuildSession = {}): Promise<number> {
  if (options.all && options.department !== undefined) throw usage('usage/all-and-department', {});
  // The environment is checked before any work: a bad SOURCE_DATE_EPOCH is bad usage (exit 2).
  const createdAt = creationDate(io.env);
  const target = resolveEdition(options.data, io);
  const { world, editionDir } = target;
  if (!existsSync(join(world.root, editionDir))) throw usage('usage/no-edition-folder', { folder: options.data ?? editionDir });
  const preload = new Diagnostics();
  const report = loadEdition(world, { editionDir }, preload);
  if (!report) {
    // The register every edition shares is wrong: no edition can be built.
    io.err(`${options.all ? `${say(io, 'cli/every-edition', { editionDir })}\n` : ''}${formatDiagnostics(preload.items, NOTHING_WRITTEN, localeOf(io.env))}`);
    return EXIT_DATA;
  }
  const problem = departmentProblem(report, target, options.department);
  if (problem) {
    io.err(formatDiagnostics([...preload.items, problem], NOTHING_WRITTEN, localeOf(io.env)));
    return EXIT_DATA;
  }
  // "report.pdf", "report.PDF": a file name; anything else is a folder.
  const outIsFile = /\.pdf$/i.test(options.out);
  if (options.all && outIsFile) throw usage('usage/all-out-file', {});
  const outDir = outIsFile ? dirname(options.out) : options.out;
  const every = listEditions(report, target.dataArg, outDir);
  const only = options.only?.split(',');
  const unknown = only?.filter((id) => !every.some((e) => e.id === id)) ?? [];
  if (unknown.length > 0)
    throw usage('usage/unknown-only', {
      unknown,
      editionDir,
      editions: editionList(
        every.map((e) => e.id),
        regionEditionId(report),
      ),
    });
  const editions = every.filter((e) => (options.all ? !only || only.includes(e.id) : e.department === options.department));
  // Default 1: measured on the 2-core machines this runs on, two processes each run at half speed
  // and --jobs 2 was slower (bench/results.md); more cores, real ones, make it worth asking for.
  const jobs = options.jobs === undefined ? 1 : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw usage('usage/jobs', { jobs: String(options.jobs) });
  if (options.all && editions.length > 1 && jobs > 1) return buildInParallel(editions, options, jobs, regionEditionId(report), io);
  let worst = EXIT_OK;
  const outcomes: EditionOutcome[] = [];
  for (const edition of editions) {
    const started = performance.now();
    const chartCache = session.chartCache ?? (options.cache ? chartCacheIn(outDir, io) : undefined);
    const result = await buildReport(world, {
      editionDir,
      validated: report,
      ...(edition.department ? { department: edition.department } : {}),
      ...(createdAt ? { createdAt } : {}),
      ...(chartCache ? { chartCache } : {}),
    });
    const items = [...preload.items, ...result.diagnostics.items];
    let built = !result.diagnostics.hasErrors && result.built?.pdf !== undefined;
    const pdfPath = resolve(io.cwd, outIsFile ? options.out : edition.output);
    if (built) {
      // One transaction: all three files or none (the CSV beside the PDF is the one embedded in it).
      const stem = pdfPath.replace(/\.pdf$/i, '');
      const failure = writeEditionFiles(
        [
          { path: pdfPath, bytes: result.built!.pdf! },
          { path: `${stem}.csv`, bytes: result.built!.csv ?? exportCsv(result.built!.report) },
          { path: `${stem}.excel.csv`, bytes: exportExcelCsv(result.built!.report) },
        ],
        io,
      );
      if (failure) items.push(failure);
      built = !failure;
    }
    outcomes.push({ id: edition.id, built, items });
    if (!options.all && items.length > 0) io.err(formatDiagnostics(items, built ? BUILT : NOTHING_WRITTEN, localeOf(io.env)));
    if (!built) {
      worst = Math.max(worst, EXIT_DATA);
      continue;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    io.out(say(io, 'cli/built', { path: displayPath(pdfPath, io.cwd), pages: result.built!.pages ?? 0, seconds }));
    if (options.timings) io.out(formatTimings(result));
  }
  if (options.all) {
    if (options.diagnosticsJson) io.err(OUTCOMES_LINE + JSON.stringify(outcomes));
    else if (outcomes.some((o) => o.items.length > 0 || !o.built)) io.err(formatByEdition(outcomes, regionEditionId(report), localeOf(io.env)));
  }
  return worst;
}

/** The chart cache of an output folder: <out>/.cache/charts. */
function chartCacheIn(outDir: string, io: Io): ChartCache {
  return createChartCache(resolve(io.cwd, outDir, '.cache', 'charts'), `${outDir.replace(/\\/g, '/').replace(/\/$/, '')}/.cache/charts`);
}

/** A written file as the user can open it: relative to where the command ran, or absolute outside it. */
function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown === '' ? '.' : shown.startsWith('..') ? path : shown;
}

/**
 * `watch`: one build, then one per burst of saves, in this process (warm: fonts, templates,
 * charts and compiled code stay loaded). A broken save prints its diagnostics and writes nothing,
 * so the last good PDF stays open in the viewer. Ends on Ctrl-C (SIGINT) or SIGTERM.
 */
async function commandWatch(options: BuildCommandOptions, io: Io): Promise<number> {
  const { world } = resolveEdition(options.data, io);
  // Charts drawn in this session stay in memory (they never left the process: no check needed
  // to trust them again), in front of the cache on disk.
  const memory = new Map<string, string>();
  const disk = options.cache ? chartCacheIn(options.out.toLowerCase().endsWith('.pdf') ? dirname(options.out) : options.out, io) : undefined;
  const chartCache: ChartCache = {
    where: disk?.where ?? 'memory',
    get: (key) => {
      const kept = memory.get(key);
      return kept !== undefined ? { svg: kept } : disk?.get(key);
    },
    set: (key, svg) => {
      memory.set(key, svg);
      return disk?.set(key, svg);
    },
  };
  const buildOnce = async () => {
    try {
      await commandBuild(options, io, { chartCache });
    } catch (error) {
      io.err(describeFailure(error, io, io.env.COOPDEC_DEBUG === '1').text);
    }
  };
  await buildOnce();
  const scheduler = createScheduler({
    rebuild: async (changed) => {
      io.out(say(io, 'cli/changed', { clock: clock(), ...(changed.length === 1 ? { file: changed[0]! } : {}), files: changed.length }));
      await buildOnce();
    },
  });
  const watchers = watchProject(world.root, (path) => scheduler.notify(path), existsSync);
  io.out(say(io, 'cli/watching', { folders: [...WATCHED], root: displayPath(world.root, io.cwd) }));
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  scheduler.stop();
  for (const watcher of watchers) watcher.close();
  await scheduler.idle();
  return EXIT_OK;
}

/** "14:03:07": when a rebuild started, for the user watching the terminal. */
function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/**
 * Writes an edition's PDF and its CSVs as one transaction; a failure is a diagnostic
 * (output/write-failed) naming the path, relative to the working folder, and the reason.
 */
function writeEditionFiles(files: OutputFile[], io: Io): Diagnostic | undefined {
  try {
    writeOutputs(files, io.outputFs);
    return undefined;
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    const shown = shownPath(error.path, io.cwd);
    return diagnostic('error', 'output/write-failed', { path: shown, errno: error.errno }, { file: shown, line: 1, column: 1 });
  }
}

/**
 * `--all` on several cores: pdfmake and the canvas are single-threaded, so the editions are
 * shared round-robin between `jobs` child processes of this CLI, each building its share in
 * turn (one start-up per process, not per edition); their output is passed through, and their
 * diagnostics gathered and printed once for all editions.
 */
async function buildInParallel(editions: EditionEntry[], options: BuildCommandOptions, jobs: number, base: string, io: Io): Promise<number> {
  const bin = fileURLToPath(new URL('../bin/coopdec-report.js', import.meta.url));
  const shares = Array.from({ length: Math.min(jobs, editions.length) }, (_, i) => editions.filter((_, k) => k % jobs === i));
  const outDir = dirname(editions[0]!.output);
  const outcomes: EditionOutcome[] = [];
  const runOne = (share: EditionEntry[]) =>
    new Promise<number>((done) => {
      const args = [
        bin,
        'build',
        ...(options.data !== undefined ? ['--data', options.data] : []),
        '--all',
        '--only',
        share.map((e) => e.id).join(','),
        '--out',
        outDir,
        '--jobs',
        '1',
        '--diagnostics-json',
        ...(options.timings ? ['--timings'] : []),
        ...(options.cache ? [] : ['--no-cache']),
      ];
      const child = spawn(process.execPath, args, { cwd: io.cwd, env: { ...process.env, ...io.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk));
      child.on('close', (code) => {
        if (out.trim()) io.out(out.trimEnd());
        const passed: string[] = [];
        for (const line of err.split('\n')) {
          if (line.startsWith(OUTCOMES_LINE)) outcomes.push(...(JSON.parse(line.slice(OUTCOMES_LINE.length)) as EditionOutcome[]));
          else if (line.trim()) passed.push(line);
        }
        if (passed.length > 0) io.err(passed.join('\n'));
        done(code ?? EXIT_USAGE);
      });
      child.on('error', (error) => {
        const failure = describeFailure(error, io, false);
        io.err(failure.text);
        done(failure.exitCode);
      });
    });
  const codes = await Promise.all(shares.map(runOne));
  const order = new Map(editions.map((e, i) => [e.id, i]));
  outcomes.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  if (outcomes.some((o) => o.items.length > 0 || !o.built)) io.err(formatByEdition(outcomes, base, localeOf(io.env)));
  return Math.max(EXIT_OK, ...codes);
}

/**
 * The diagnostics of --all: each once, prefixed with the edition it belongs to, or with the
 * editions when several share it ("in editions midi-pyrenees-2002-09, -12: …"); then a summary.
 */
export function formatByEdition(outcomes: readonly EditionOutcome[], base: string, locale: Locale = 'en'): string {
  const groups = new Map<string, { diagnostic: Diagnostic; ids: string[] }>();
  for (const outcome of outcomes) {
    for (const diagnostic of outcome.items) {
      const key = formatDiagnostic(diagnostic);
      const group = groups.get(key) ?? { diagnostic, ids: [] };
      groups.set(key, group);
      if (!group.ids.includes(outcome.id)) group.ids.push(outcome.id);
    }
  }
  const byDiagnostic = new Map([...groups.values()].map((group) => [group.diagnostic, group.ids]));
  const sorted = sortDiagnostics([...byDiagnostic.keys()]);
  const lines = sorted.map((d) => {
    const ids = byDiagnostic.get(d)!;
    return `${ids.length === 1 ? ids[0] : messageText('cli/in-editions', { editions: editionList(ids, base) }, locale)}: ${formatDiagnostic(d, locale)}`;
  });
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.length - errors;
  const failed = outcomes.filter((o) => !o.built).map((o) => o.id);
  const built = outcomes.length - failed.length;
  lines.push(messageText('cli/editions-summary', { errors, warnings, built, total: outcomes.length, ...(failed.length > 0 ? { failed: editionList(failed, base) } : {}) }, locale));
  return lines.join('\n');
}

/** "midi-pyrenees-2002-09, -12, -31": the first id in full, the others by what follows the region edition's id. */
function editionList(ids: readonly string[], base: string): string {
  return ids.map((id, i) => (i > 0 && id.startsWith(`${base}-`) ? id.slice(base.length) : id)).join(', ');
}

/**
 * `import`: the register of an edition from a spreadsheet. The register is composed and
 * validated whole before anything is written, then written in one atomic rename: a sheet with
 * one bad cell leaves the previous register.yaml as it was.
 */
async function commandImport(file: string, into: string, io: Io): Promise<number> {
  const { world, editionDir } = locateEdition(into, io.cwd);
  if (!world.read(`${editionDir}/edition.yaml`)) throw usage('usage/not-an-edition-folder', { folder: into, hint: true });
  const path = resolve(io.cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) throw usage('usage/spreadsheet-not-found', { file });
  if (statSync(path).size > MAX_SPREADSHEET_BYTES) throw usage('usage/spreadsheet-too-large', { file, mib: MAX_SPREADSHEET_BYTES / 1024 / 1024 });
  const extension = extname(file).toLowerCase();
  const diagnostics = new Diagnostics();
  let sheet: LoadedSheet | undefined;
  if (extension === '.csv' || extension === '.txt') sheet = loadCsvSheet(file, readSpreadsheet(path, file), diagnostics);
  else if (extension === '.xlsx' || extension === '.xlsm') sheet = await loadXlsxSheet(file, readSpreadsheet(path, file), diagnostics);
  else if (extension === '.ods') {
    const converted = convertOdsToXlsx(path, io);
    if (!converted) {
      io.err(formatDiagnostics([diagnostic('error', 'import/ods-needs-libreoffice', {}, { file, line: 1, column: 1 })], NOTHING_WRITTEN, localeOf(io.env)));
      return EXIT_USAGE;
    }
    sheet = await loadXlsxSheet(file, converted, diagnostics);
  } else throw usage('usage/spreadsheet-extension', { file, extension });
  if (!sheet) {
    io.err(formatDiagnostics(diagnostics.items, NOTHING_WRITTEN, localeOf(io.env)));
    return EXIT_DATA;
  }
  const imported = importRegister(sheet, world, editionDir);
  const failed = imported.diagnostics.hasErrors;
  if (imported.diagnostics.items.length > 0)
    io.err(formatDiagnostics(imported.diagnostics.items, failed ? { kind: 'register-kept', path: `${editionDir}/register.yaml` } : { kind: 'written' }, localeOf(io.env)));
  if (failed) return EXIT_DATA;
  writeFileAtomic(join(world.root, editionDir, 'register.yaml'), imported.yaml);
  io.out(say(io, 'cli/wrote', { path: `${editionDir}/register.yaml`, communes: imported.communes, agreements: imported.agreements, from: file, sheet: sheet.sheet }));
  return EXIT_OK;
}

/** The bytes of the spreadsheet `import` reads; one that cannot be read is bad usage, said with the system's reason. */
function readSpreadsheet(path: string, file: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw usage('usage/spreadsheet-unreadable', { file, errno: systemErrorCode(error) });
  }
}

/** The size a register's spreadsheet may have (as for YAML sources: 32 MiB). */
const MAX_SPREADSHEET_BYTES = 32 * 1024 * 1024;

/**
 * An .ods sheet converted to .xlsx by LibreOffice, or undefined when LibreOffice is not installed.
 * No well-kept JavaScript library reads ODS (SheetJS's npm release is 0.18.5, with open
 * advisories), and LibreOffice's own conversion is exact. A private profile folder lets it run
 * while the user's LibreOffice is open.
 */
function convertOdsToXlsx(path: string, io: Io): Uint8Array | undefined {
  const folder = mkdtempSync(join(tmpdir(), 'coopdec-ods-'));
  try {
    for (const command of ['libreoffice', 'soffice']) {
      const run = spawnSync(command, [`-env:UserInstallation=${pathToFileURL(join(folder, 'profile')).href}`, '--headless', '--convert-to', 'xlsx', '--outdir', folder, path], {
        env: { ...process.env, ...io.env },
        timeout: 120_000,
        encoding: 'utf8',
      });
      if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') continue;
      const output = join(folder, `${basename(path, extname(path))}.xlsx`);
      if (run.status !== 0 || !existsSync(output)) {
        const file = basename(path);
        const printed = (run.stderr ?? '').trim();
        throw usage(
          'usage/libreoffice-failed',
          printed ? { file, output: printed } : run.error ? { file, errno: systemErrorCode(run.error) } : run.signal ? { file, errno: run.signal } : { file, status: run.status ?? 0 },
        );
      }
      return readFileSync(output);
    }
    return undefined;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface NewCommandOptions {
  from?: string;
  year: string;
  region?: string;
  regionName?: string;
  current?: boolean;
}

/** `new`: writes data/<region>/<year>/ from an existing edition; never overwrites. */
function commandNew(options: NewCommandOptions, io: Io): number {
  if ((options.region === undefined) !== (options.regionName === undefined)) throw usage('usage/region-pair', {});
  const region = options.region !== undefined ? { slug: options.region, name: options.regionName!.trim() } : undefined;
  const problem = newEditionProblem({ year: options.year, ...(region ? { region } : {}) });
  if (problem) throw new UsageError(problem);
  const locale = localeOf(io.env);
  const { world, editionDir } = resolveEdition(options.from, io);
  const read = new Diagnostics();
  const { bytes: editionYaml, missing: noEditionYaml } = readInputFile(world, `${editionDir}/edition.yaml`, 'source', read);
  const { bytes: registerYaml } = readInputFile(world, `${editionDir}/register.yaml`, 'register', read);
  if (read.hasErrors) {
    io.err(formatDiagnostics(read.items, NOTHING_WRITTEN, localeOf(io.env)));
    return EXIT_DATA;
  }
  if (!editionYaml || noEditionYaml) throw usage('usage/not-an-edition-folder', { folder: editionDir });
  const sourceFolder = join(world.root, editionDir);
  const otherFiles = listFolder(sourceFolder)
    .filter((path) => path !== 'edition.yaml' && path !== 'register.yaml')
    .map((path) => `${editionDir}/${path}`);
  const scaffold = scaffoldEdition({
    from: editionDir,
    editionYaml: Buffer.from(editionYaml).toString('utf8'),
    registerYaml: registerYaml ? Buffer.from(registerYaml).toString('utf8') : undefined,
    otherFiles,
    year: options.year,
    ...(region ? { region } : {}),
  });
  if ('problem' in scaffold) throw new UsageError(scaffold.problem);
  if (existsSync(join(world.root, scaffold.dir))) throw usage('usage/edition-exists', { dir: scaffold.dir });
  // The edition's files together: all of them, or none.
  writeOutputs(
    Object.entries(scaffold.files).map(([path, text]) => ({ path: join(world.root, path), bytes: text })),
    io.outputFs,
  );
  for (const line of scaffold.notCopied) io.out(lineText(line, locale));
  for (const line of scaffold.warnings) io.err(`${warningPrefix(locale)}${oneLine(lineText(line, locale))}`);
  const written = Object.keys(scaffold.files)
    .map((path) => path.slice(scaffold.dir.length + 1))
    .sort();
  io.out(say(io, 'cli/edition-written', { dir: scaffold.dir, files: written, from: editionDir }));
  if (options.current) {
    const settings = join(world.root, SETTINGS_FILE);
    writeFileAtomic(settings, withEdition(existsSync(settings) ? readSettings(settings) : undefined, scaffold.dir));
    io.out(say(io, 'cli/edition-current', { settings: SETTINGS_FILE, dir: scaffold.dir }));
  }
  const check = options.current ? 'coopdec-report check' : `coopdec-report check --data ${scaffold.dir}`;
  io.out(say(io, 'cli/next-steps', { dir: scaffold.dir, check, region: region !== undefined }));
  return EXIT_OK;
}

/** Every file under a folder, relative, with forward slashes, sorted. */
function listFolder(dir: string): string[] {
  const files: string[] = [];
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  walk('');
  return files;
}

/**
 * --timings: stage names and milliseconds, the same in every language (not in the catalogue):
 * bench/run.mjs reads these lines.
 */
function formatTimings(result: BuildResult): string {
  return Object.entries(result.timings)
    .map(([stage, ms]) => `  ${stage.padEnd(11)} ${ms!.toFixed(1).padStart(8)} ms`)
    .join('\n');
}

/** 9999-12-31T23:59:59Z: a PDF date has four digits for the year. */
const MAX_SOURCE_DATE_EPOCH = 253402300799;

/** SOURCE_DATE_EPOCH (reproducible builds) when set; otherwise the pipeline uses the edition's year. */
export function creationDate(env: NodeJS.ProcessEnv): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d+$/.test(epoch) || Number(epoch) > MAX_SOURCE_DATE_EPOCH) {
    throw usage('usage/source-date-epoch', { max: MAX_SOURCE_DATE_EPOCH, value: epoch.length > 40 ? `${epoch.slice(0, 40)}…` : epoch });
  }
  return new Date(Number(epoch) * 1000);
}

function reportDiagnostics(result: BuildResult, io: Io, failure: typeof NOTHING_WRITTEN): number {
  if (result.diagnostics.items.length === 0) return EXIT_OK;
  const failed = result.diagnostics.hasErrors;
  io.err(formatDiagnostics(result.diagnostics.items, failed ? failure : BUILT, localeOf(io.env)));
  return failed ? EXIT_DATA : EXIT_OK;
}
