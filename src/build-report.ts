/**
 * The whole pipeline, in the order it runs: validate → statistics → templates → charts →
 * layout → print. Every stage takes the previous stage's value; I/O stays in the World and the CLI.
 */

import { type ChartCache, type ChartSpec, renderCharts } from './charts/render-charts.js';
import type { ValidatedReport } from './input/model.js';
import { loadTheme, type ThemeOptions } from './input/theme.js';
import { validateReport } from './input/validate-report.js';
import type { World } from './input/world.js';
import { layOut } from './layout/lay-out-report.js';
import { exportCsv } from './output/export-register.js';
import { composeSections } from './prose/compose-sections.js';
import { type ComposedReport, EVOLUTION_CHART } from './prose/composed-report.js';
import { checkGlyphCoverage } from './prose/glyph-coverage.js';
import { Diagnostics } from './shared/diagnostics.js';
import { computeStatistics, warnProbableRenames } from './statistics/compute-statistics.js';
import type { Statistics } from './statistics/statistics-model.js';

interface BuildOptions {
  /** Edition folder, project-relative: "data/midi-pyrenees/2002". */
  editionDir: string;
  /** Restrict the edition to one department ("31"). */
  department?: string;
  /** Creation date written into the PDF; defaults to the edition's year. */
  createdAt?: Date;
  /** Stop before laying out the PDF (the `check` command). */
  checkOnly?: boolean;
  /** Charts rendered by earlier builds (warm builds skip Chart.js). */
  chartCache?: ChartCache;
  /** The region's report, already validated (--all validates once for all its editions). */
  validated?: ValidatedReport;
  /** How the theme's font names become files (tests and the fuzzer name other files). */
  theme?: ThemeOptions;
}

type StageName = 'validate' | 'statistics' | 'templates' | 'charts' | 'layout';

interface BuiltReport {
  report: ValidatedReport;
  statistics: Statistics;
  composed: ComposedReport;
  pdf?: Buffer;
  /** The register as CSV, one row per agreement: written beside the PDF and embedded in it. */
  csv?: string;
  pages?: number;
  /** First page of each part of the structure, for the page map. */
  partPages?: number[];
  /** Page of each footnote's call, by footnote number. */
  footnotePages?: Record<number, number>;
}

export interface BuildResult {
  diagnostics: Diagnostics;
  built?: BuiltReport;
  /** Milliseconds per stage. */
  timings: Partial<Record<StageName, number>>;
}

/** Validates the edition and, when it is restricted to a department, keeps only that department. */
export function loadEdition(world: World, options: Pick<BuildOptions, 'editionDir' | 'department' | 'validated'>, diagnostics: Diagnostics): ValidatedReport | undefined {
  const report = options.validated ?? validateReport(world, { dir: options.editionDir }, diagnostics);
  return report && options.department ? restrictToDepartment(report, options.department) : report;
}

/** The edition restricted to one department's communes (undefined for a department it does not list). */
function restrictToDepartment(report: ValidatedReport, code: string): ValidatedReport | undefined {
  const department = report.edition.departments.find((d) => d.code === code);
  if (!department) return undefined;
  const inDepartment = <T extends { department: string }>(list: T[]) => list.filter((c) => c.department === department.code);
  return {
    ...report,
    edition: { ...report.edition, department },
    register: { communes: inDepartment(report.register.communes) },
    ...(report.previous ? { previous: { communes: inDepartment(report.previous.communes) } } : {}),
  };
}

/**
 * The charts of the study: one per zone that has agreements, and with a previous register the
 * net change per zone (bars above or below zero, signed labels).
 */
export function chartSpecs(statistics: Statistics): ChartSpec[] {
  const zones = statistics.zones
    .filter((zone) => zone.agreements > 0)
    .map((zone) => ({ id: zone.id, title: zone.chartTitle, labels: zone.countries.map((c) => c.name), values: zone.countries.map((c) => c.agreements) }));
  const evolution = statistics.evolution;
  if (!evolution) return zones;
  const title = `Variation nette du nombre d’accords par zone, ${evolution.previousYear}–${evolution.year}`;
  return [...zones, { id: EVOLUTION_CHART, title, labels: evolution.byZone.map((z) => z.name), values: evolution.byZone.map((z) => z.change), signed: true }];
}

/** Runs the pipeline; never throws for bad input (diagnostics instead). */
export async function buildReport(world: World, options: BuildOptions): Promise<BuildResult> {
  const diagnostics = new Diagnostics();
  const timings: BuildResult['timings'] = {};
  const timed = <T>(stage: StageName, run: () => T): T => {
    const start = performance.now();
    try {
      return run();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
    }
  };

  const report = timed('validate', () => loadEdition(world, options, diagnostics));
  const theme = timed('validate', () => loadTheme(world, diagnostics, options.theme));
  if (!report || !theme) return { diagnostics, timings };
  const statistics = timed('statistics', () => computeStatistics(report));
  timed('statistics', () => warnProbableRenames(world, options.editionDir, statistics.evolution, diagnostics));
  const composed = timed('templates', () => composeSections(world, statistics, report.edition, diagnostics, options.editionDir));
  // Before layout: a character no face of the theme can draw would print as an empty box.
  if (composed) timed('templates', () => checkGlyphCoverage({ world, editionDir: options.editionDir, report, composed, charts: chartSpecs(statistics), theme }, diagnostics));
  if (!composed || diagnostics.hasErrors) return { diagnostics, timings };
  if (options.checkOnly) return { diagnostics, timings, built: { report, statistics, composed } };

  const chartsStart = performance.now();
  const charts = await renderCharts(chartSpecs(statistics), theme, options.chartCache, diagnostics);
  timings.charts = performance.now() - chartsStart;
  const start = performance.now();
  // Only the edition that reproduces a printed study follows its page map, and not with parts the print lacked.
  const followPageMap = report.edition.pageMap === true && !report.edition.department && !statistics.evolution;
  const csv = exportCsv(report);
  const attachments = [{ name: `${editionId(report)}.csv`, description: 'Le registre des accords de coopération, une ligne par accord', data: Buffer.from(csv, 'utf8'), type: 'text/csv' }];
  const laidOut = await layOut(
    { report, statistics, composed, charts, theme, followPageMap, attachments, createdAt: options.createdAt ?? defaultCreationDate(report) },
    { world, editionDir: options.editionDir },
    diagnostics,
  );
  timings.layout = performance.now() - start;
  if (!laidOut) return { diagnostics, timings };
  checkPageMap(composed, laidOut.partPages, laidOut.pages, !followPageMap, diagnostics);
  return { diagnostics, timings, built: { report, statistics, composed, csv, ...laidOut } };
}

/** "midi-pyrenees-2002", "midi-pyrenees-2002-31": the edition's name, used for its files. */
function editionId(report: ValidatedReport): string {
  const base = `${report.edition.region}-${report.edition.year}`;
  return report.edition.department ? `${base}-${report.edition.department.code}` : base;
}

/** Same inputs, same bytes: without SOURCE_DATE_EPOCH the date comes from the edition. */
function defaultCreationDate(report: ValidatedReport): Date {
  return new Date(Date.UTC(report.edition.year, 11, 1));
}

/**
 * The default edition must follow the original's page map; a part that moved is a warning. Only
 * parts with both a target page (`page:` in templates/structure.yaml) and a laid-out page are
 * compared: a structure without a page map (no `page:`, no expectedPages) has nothing to check.
 */
function checkPageMap(composed: ComposedReport, partPages: number[], pages: number, isDepartment: boolean, diagnostics: Diagnostics): void {
  // The page map is the original study's: an edition with more (a department, an evolution section) has its own pages.
  if (isDepartment || composed.tables['evolution-per-zone']) return;
  const at = { file: 'templates/structure.yaml', line: 1, column: 1 };
  composed.parts.forEach((part, index) => {
    const target = 'page' in part ? part.page : undefined;
    const laidOut = partPages[index];
    if (typeof target !== 'number' || typeof laidOut !== 'number' || laidOut === target) return;
    diagnostics.warning(
      'layout/page-map',
      { part: index + 1, kind: part.kind, name: part.kind === 'section' ? part.file : part.kind === 'annex' ? String(part.annex) : part.kind, laidOut, target },
      at,
    );
  });
  if (typeof composed.expectedPages === 'number' && pages !== composed.expectedPages) {
    diagnostics.warning('layout/page-count', { pages, expected: composed.expectedPages }, at);
  }
}
