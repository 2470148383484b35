/**
 * The command line: parses arguments, builds the World, runs the pipeline, prints diagnostics and
 * writes outputs. The only module besides io.ts and world.ts that touches the process.
 */
import { Command, CommanderError, Option } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { buildReport, loadEdition, type BuildResult } from './build-report.js';
import { Diagnostics, formatDiagnostics } from './diagnostics.js';
import { exportCsv, exportRegister } from './export-register.js';
import { createChartCache, writeFileAtomic } from './io.js';
import { computeStatistics } from './compute-statistics.js';
import { formatReconciliation, reconcile, unexplained } from './reconcile.js';
import { createFileWorld, type World } from './world.js';

export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;

const DEFAULT_DATA = 'data/midi-pyrenees/2002';

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const processIo: Io = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n'), env: process.env, cwd: process.cwd() };

// `coopdec-report editions | head -1`: a reader that stops early is not an error (no stack trace).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** An edition folder is <root>/data/<region>/<year>: the root holds content/ and templates/. */
export function locateEdition(dataDir: string, cwd: string): { world: World; editionDir: string } {
  const absolute = resolve(cwd, dataDir);
  const root = resolve(absolute, '..', '..', '..');
  return { world: createFileWorld(root), editionDir: relative(root, absolute).split(sep).join('/') };
}

class UsageError extends Error {}

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('coopdec-report')
    .description("Builds the study « Action Internationale des Collectivités Locales » from a register and YAML prose.")
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t.trimEnd()), writeErr: (t) => io.err(t.trimEnd()) })
    .showHelpAfterError();

  const dataOption = () => new Option('--data <dir>', 'edition folder (data/<region>/<year>)').default(DEFAULT_DATA);

  program
    .command('build', { isDefault: true })
    .description('build the PDF (and its CSV) of an edition')
    .addOption(dataOption())
    .option('--department <code>', 'the edition restricted to one department')
    .option('--all', 'the region and each of its departments present in the register')
    .option('--out <file|dir>', 'output file (one edition) or folder', 'out')
    .option('--timings', 'print the time of each stage')
    .option('--no-cache', 'render every chart again (by default charts are kept in <out>/.cache/charts)')
    .option('--jobs <n>', 'processes building editions at once with --all (default 1: see README, "Speed")', '1')
    .addOption(new Option('--only <ids>', 'with --all: only these editions (comma-separated ids); used by --jobs').hideHelp())
    .action(async (options: BuildCommandOptions) => {
      exitCode = await commandBuild(options, io);
    });

  program
    .command('check')
    .description('run every stage short of writing the PDF and print the diagnostics')
    .addOption(dataOption())
    .option('--department <code>', 'check one department edition')
    .action(async (options: { data: string; department?: string }) => {
      const { world, editionDir } = locateEdition(options.data, io.cwd);
      const result = await buildReport(world, { editionDir, ...(options.department ? { department: options.department } : {}), checkOnly: true });
      exitCode = reportDiagnostics(result, io, 'nothing written');
      if (exitCode === EXIT_OK) io.out(`${editionDir}: ${result.built!.report.register.communes.length} communes, ${result.built!.statistics.agreements.total} agreements: OK`);
    });

  program
    .command('reconcile')
    .description("compare every figure the study prints with the register's")
    .addOption(dataOption())
    .option('--json', 'print a JSON array of {figure, published, computed, explanation}')
    .action((options: { data: string; json?: boolean }) => {
      const loaded = loadOrReport(options.data, io);
      if (!loaded) return void (exitCode = EXIT_DATA);
      const rows = reconcile(loaded.published, computeStatistics(loaded));
      if (options.json) io.out(JSON.stringify(rows.map(({ figure, published, computed, explanation }) => ({ figure, published, computed, explanation })), null, 2));
      else io.out(formatReconciliation(rows));
      const failures = unexplained(rows);
      const figures = new Map(loaded.published.map((f) => [f.id, f]));
      for (const row of failures) {
        const at = figures.get(row.figure)?.at;
        const place = at ? `${at.file}:${at.line}:${at.column}: ` : '';
        io.err(`${place}error[reconcile/unexplained]: ${row.figure}: ${row.computed === null ? `statistic "${row.statistic}" does not exist` : `published ${row.published}, computed ${row.computed}, and published.yaml gives no explanation`}`);
      }
      exitCode = failures.length > 0 ? EXIT_DATA : EXIT_OK;
    });

  program
    .command('export')
    .description('print the register as JSON or CSV')
    .addOption(dataOption())
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .action((options: { data: string; format: 'json' | 'csv' }) => {
      const loaded = loadOrReport(options.data, io);
      if (!loaded) return void (exitCode = EXIT_DATA);
      io.out(options.format === 'json' ? JSON.stringify(exportRegister(loaded), null, 2) : exportCsv(loaded).trimEnd());
    });

  program
    .command('editions')
    .description('list the editions that --all builds')
    .addOption(dataOption())
    .option('--json', 'as a JSON array for a CI matrix')
    .action((options: { data: string; json?: boolean }) => {
      const loaded = loadOrReport(options.data, io);
      if (!loaded) return void (exitCode = EXIT_DATA);
      const editions = listEditions(loaded, options.data, 'out');
      io.out(options.json ? JSON.stringify(editions) : editions.map((e) => `${e.id}\t${e.output}`).join('\n'));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return EXIT_USAGE;
    }
    io.err(`internal error: ${(error as Error).message ?? String(error)}`);
    return EXIT_USAGE;
  }
}

function loadOrReport(dataDir: string, io: Io) {
  const { world, editionDir } = locateEdition(dataDir, io.cwd);
  const diagnostics = new Diagnostics();
  const report = loadEdition(world, { editionDir }, diagnostics);
  if (!report || diagnostics.hasErrors) {
    io.err(formatDiagnostics(diagnostics.items, 'nothing written'));
    return undefined;
  }
  return report;
}

export interface EditionEntry {
  id: string;
  args: string[];
  output: string;
  department?: string;
}

/** The region edition, then one per department that has a commune in the register. */
export function listEditions(report: { edition: { region: string; year: number; departments: { code: string }[] }; register: { communes: { department: string }[] } }, dataDir: string, outDir: string): EditionEntry[] {
  const base = `${report.edition.region}-${report.edition.year}`;
  const dataArgs = dataDir === DEFAULT_DATA ? [] : ['--data', dataDir];
  const present = new Set(report.register.communes.map((c) => c.department));
  return [
    { id: base, args: [...dataArgs], output: `${outDir}/${base}.pdf` },
    ...report.edition.departments
      .filter((d) => present.has(d.code))
      .map((d) => ({ id: `${base}-${d.code}`, args: [...dataArgs, '--department', d.code], output: `${outDir}/${base}-${d.code}.pdf`, department: d.code })),
  ];
}

interface BuildCommandOptions {
  data: string;
  department?: string;
  all?: boolean;
  out: string;
  timings?: boolean;
  jobs?: string;
  only?: string;
  cache: boolean;
}

async function commandBuild(options: BuildCommandOptions, io: Io): Promise<number> {
  if (options.all && options.department) throw new UsageError('--all and --department cannot be used together');
  const { world, editionDir } = locateEdition(options.data, io.cwd);
  if (!existsSync(join(world.root, editionDir))) throw new UsageError(`edition folder ${options.data} does not exist`);
  const createdAt = creationDate(io.env);
  const preload = new Diagnostics();
  const report = loadEdition(world, { editionDir }, preload);
  if (!report) {
    io.err(formatDiagnostics(preload.items, 'nothing written'));
    return EXIT_DATA;
  }
  if (options.department && !report.edition.departments.some((d) => d.code === options.department)) {
    throw new UsageError(`department "${options.department}" is not in ${editionDir}/edition.yaml (departments: ${report.edition.departments.map((d) => d.code).join(', ')})`);
  }
  const outIsFile = options.out.endsWith('.pdf');
  if (options.all && outIsFile) throw new UsageError('--all writes several PDFs: --out must be a folder');
  const outDir = outIsFile ? dirname(options.out) : options.out;
  const only = options.only?.split(',');
  const editions = listEditions(report, options.data, outDir).filter((e) => (options.all ? !only || only.includes(e.id) : e.department === options.department));
  // Default 1: measured on the 2-core machines this runs on, two processes each run at half speed
  // and --jobs 2 was slower (bench/results.md); more cores, real ones, make it worth asking for.
  const jobs = options.jobs === undefined ? 1 : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, not "${options.jobs}"`);
  if (editions.length > 1 && jobs > 1) return buildInParallel(editions, options, jobs, io);
  let worst = EXIT_OK;
  for (const edition of editions) {
    const started = performance.now();
    const chartCache = options.cache ? createChartCache(resolve(io.cwd, outDir, '.cache', 'charts')) : undefined;
    const result = await buildReport(world, { editionDir, validated: report, ...(edition.department ? { department: edition.department } : {}), ...(createdAt ? { createdAt } : {}), ...(chartCache ? { chartCache } : {}) });
    const code = reportDiagnostics(result, io, 'nothing written');
    if (code !== EXIT_OK || !result.built?.pdf) {
      worst = Math.max(worst, code === EXIT_OK ? EXIT_DATA : code);
      continue;
    }
    const pdfPath = resolve(io.cwd, outIsFile ? options.out : edition.output);
    writeFileAtomic(pdfPath, result.built.pdf);
    writeFileAtomic(pdfPath.replace(/\.pdf$/, '.csv'), result.built.csv ?? exportCsv(result.built.report));
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    io.out(`${basename(pdfPath)}\t${result.built.pages} pages\t${seconds} s`);
    if (options.timings) io.out(formatTimings(result));
  }
  return worst;
}

/**
 * `--all` on several cores: pdfmake and the canvas are single-threaded, so the editions are
 * shared round-robin between `jobs` child processes of this CLI, each building its share in
 * turn (one start-up per process, not per edition); their output is passed through.
 */
async function buildInParallel(editions: EditionEntry[], options: BuildCommandOptions, jobs: number, io: Io): Promise<number> {
  const bin = fileURLToPath(new URL('../bin/coopdec-report.js', import.meta.url));
  const shares = Array.from({ length: Math.min(jobs, editions.length) }, (_, i) => editions.filter((_, k) => k % jobs === i));
  const outDir = dirname(editions[0]!.output);
  const runOne = (share: EditionEntry[]) =>
    new Promise<number>((done) => {
      const args = [bin, 'build', '--data', options.data, '--all', '--only', share.map((e) => e.id).join(','), '--out', outDir, '--jobs', '1', ...(options.timings ? ['--timings'] : []), ...(options.cache ? [] : ['--no-cache'])];
      const child = spawn(process.execPath, args, { cwd: io.cwd, env: { ...process.env, ...io.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk));
      child.on('close', (code) => {
        if (out.trim()) io.out(out.trimEnd());
        if (err.trim()) io.err(err.trimEnd());
        done(code ?? EXIT_USAGE);
      });
      child.on('error', (error) => {
        io.err(`internal error: ${error.message}`);
        done(EXIT_USAGE);
      });
    });
  const codes = await Promise.all(shares.map(runOne));
  return Math.max(EXIT_OK, ...codes);
}

function formatTimings(result: BuildResult): string {
  return Object.entries(result.timings)
    .map(([stage, ms]) => `  ${stage.padEnd(11)} ${ms!.toFixed(1).padStart(8)} ms`)
    .join('\n');
}

/** SOURCE_DATE_EPOCH (reproducible builds) when set; otherwise the pipeline uses the edition's year. */
function creationDate(env: NodeJS.ProcessEnv): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be a number of seconds, not "${epoch}"`);
  return new Date(Number(epoch) * 1000);
}

function reportDiagnostics(result: BuildResult, io: Io, failure: string): number {
  if (result.diagnostics.items.length === 0) return EXIT_OK;
  const failed = result.diagnostics.hasErrors;
  io.err(formatDiagnostics(result.diagnostics.items, failed ? failure : 'built'));
  return failed ? EXIT_DATA : EXIT_OK;
}

