/** `build`: one edition, or with --all the region and each department, written as PDF and CSVs. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type BuildResult, buildReport, loadEdition } from '../build-report.js';
import { type ChartCache, createChartCache } from '../charts/chart-cache.js';
import { exportCsv, exportExcelCsv } from '../output/export-register.js';
import { OutputError, type OutputFile, writeOutputs } from '../output/io.js';
import { type Diagnostic, Diagnostics, diagnostic, formatDiagnostics } from '../shared/diagnostics.js';
import { localeOf } from '../shared/messages.js';
import { buildInParallel, type EditionOutcome, editionList, formatByEdition, OUTCOMES_LINE } from './build-all.js';
import { BUILT, creationDate, displayPath, EXIT_DATA, EXIT_OK, type Io, NOTHING_WRITTEN, say, shownPath, usage } from './command-io.js';
import { departmentProblem, listEditions, regionEditionId, resolveEdition } from './edition-target.js';

export interface BuildCommandOptions {
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

/** What a long-lived process (watch) keeps between builds. */
interface BuildSession {
  /** Charts kept in memory in front of the cache on disk. */
  chartCache?: ChartCache;
}

export async function commandBuild(options: BuildCommandOptions, io: Io, session: BuildSession = {}): Promise<number> {
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
export function chartCacheIn(outDir: string, io: Io): ChartCache {
  return createChartCache(resolve(io.cwd, outDir, '.cache', 'charts'), `${outDir.replace(/\\/g, '/').replace(/\/$/, '')}/.cache/charts`);
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
 * --timings: stage names and milliseconds, the same in every language (not in the catalogue):
 * bench/run.mjs reads these lines.
 */
function formatTimings(result: BuildResult): string {
  return Object.entries(result.timings)
    .map(([stage, ms]) => `  ${stage.padEnd(11)} ${ms!.toFixed(1).padStart(8)} ms`)
    .join('\n');
}
