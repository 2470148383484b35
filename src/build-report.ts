/**
 * The whole pipeline, in the order it runs: validate → statistics → templates → charts →
 * layout → print. Every stage takes the previous stage's value; I/O stays in the World and the CLI.
 */
import { annexRowId } from './annex-tables.js';
import { buildDocument } from './build-document.js';
import { groupParts } from './document-sections.js';
import { documentStyles } from './document-styles.js';
import { footnoteBlock, numberFootnotes } from './footnotes.js';
import type { DocumentInput } from './layout-context.js';
import { composeSections, EVOLUTION_CHART, type ComposedReport } from './compose-sections.js';
import { computeStatistics, warnProbableRenames } from './compute-statistics.js';
import { exportCsv } from './export-register.js';
import { checkDefinitionGlyphs, checkGlyphCoverage } from './glyph-coverage.js';
import { Diagnostics } from './diagnostics.js';
import type { ValidatedReport } from './model.js';
import { createLayoutSession, createPrinter, printPdf, type WholeHeights } from './print-pdf.js';
import { renderCharts, type ChartCache, type ChartSpec } from './render-charts.js';
import type { Statistics } from './statistics-model.js';
import { A4, loadTheme, textWidth, type Theme, type ThemeOptions } from './theme.js';
import { validateReport } from './validate-report.js';
import type { World } from './world.js';

export interface BuildOptions {
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

export type StageName = 'validate' | 'statistics' | 'templates' | 'charts' | 'layout';

export interface BuiltReport {
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
export function restrictToDepartment(report: ValidatedReport, code: string): ValidatedReport | undefined {
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
  const laidOut = await layOut({ report, statistics, composed, charts, theme, followPageMap, attachments, createdAt: options.createdAt ?? defaultCreationDate(report) }, { world, editionDir: options.editionDir }, diagnostics);
  timings.layout = performance.now() - start;
  if (!laidOut) return { diagnostics, timings };
  checkPageMap(composed, laidOut.partPages, laidOut.pages, !followPageMap, diagnostics);
  return { diagnostics, timings, built: { report, statistics, composed, csv, ...laidOut } };
}

/** "midi-pyrenees-2002", "midi-pyrenees-2002-31": the edition's name, used for its files. */
export function editionId(report: ValidatedReport): string {
  const base = `${report.edition.region}-${report.edition.year}`;
  return report.edition.department ? `${base}-${report.edition.department.code}` : base;
}

/** Same inputs, same bytes: without SOURCE_DATE_EPOCH the date comes from the edition. */
export function defaultCreationDate(report: ValidatedReport): Date {
  return new Date(Date.UTC(report.edition.year, 11, 1));
}

type LayoutInput = Omit<DocumentInput, 'noteHeights' | 'onPage' | 'measure' | 'annexBreaks' | 'annexProbe'>;

/**
 * pdfmake has no footnotes: each note is measured alone first; its calls carry its height, which
 * the patched pdfmake reserves at the foot of the page where the call's line is set (the line
 * goes on to the next page when it no longer fits with its note), and each page's footer prints
 * the notes first called on it in that room. One layout, one print.
 */
async function layOut(input: LayoutInput, source: { world: World; editionDir: string }, diagnostics: Diagnostics) {
  const session = createLayoutSession(input.theme);
  const numbers = numberFootnotes(input.composed);
  const { styles, defaultStyle } = documentStyles(input.theme);
  const noteHeights = Object.fromEntries(Object.keys(numbers).map((id) => [id, session.measureHeight(footnoteBlock([id], input.composed, numbers), textWidth(input.theme), styles, defaultStyle)]));
  const measure = session.measure;
  if (!checkFootnoteRoom(input, noteHeights, diagnostics)) return undefined;
  // A first build: the heights of the blocks laid out whole, and where the annexes' tables break.
  const probe = buildDocument({ ...input, noteHeights, measure, annexProbe: true });
  const wholeHeights = Object.fromEntries(Object.entries(probe.wholeBlocks).map(([id, node]) => [id, wholeHeight(session, node, input.theme)]));
  const annexBreaks = findAnnexBreaks(session, probe.definition, input.report.annexGroups, wholeHeights);
  const pageSections: Record<number, number> = {};
  const footnotePages: Record<number, number> = {};
  const built = buildDocument({
    ...input,
    noteHeights,
    measure,
    annexBreaks,
    onPage: (page, section, notes) => {
      pageSections[page] = section;
      for (const id of notes) footnotePages[numbers[id]!] = page;
    },
  });
  // The safety net of checkGlyphCoverage: every text of the document, in the face it is set in.
  if (checkDefinitionGlyphs({ ...source, report: input.report, theme: input.theme }, built.definition, diagnostics)) return undefined;
  const printed = await printPdf(createPrinter(input.theme), built.definition, wholeHeights);
  const pages = Math.max(...Object.keys(pageSections).map(Number));
  // First page of each part: the first page of its section (the page map only holds parts that are sections).
  const sectionParts = groupParts(input.composed.parts, input.followPageMap);
  const partPages: number[] = [];
  for (const [page, section] of Object.entries(pageSections)) {
    const part = sectionParts[section]![0]!;
    if (partPages[part] === undefined || Number(page) < partPages[part]!) partPages[part] = Number(page);
  }
  return { pdf: printed, pages, partPages, footnotePages };
}

/** The share of a page's text block the notes of one block may take: the rest is left to its text. */
const MAX_FOOTNOTE_SHARE = 0.5;

/**
 * A line's notes go at the foot of its page (the room is reserved when the line is placed), so
 * the notes called in one paragraph, list or quote must fit on a page with some of its text:
 * notes taller than half the text block would leave it no room (pdfmake would place nothing and
 * fail on a heading it never placed). A limit diagnostic instead, at the section's file.
 */
function checkFootnoteRoom(input: LayoutInput, noteHeights: Record<string, number>, diagnostics: Diagnostics): boolean {
  const [, top, , bottom] = input.theme.page.margins;
  const limit = Math.floor((A4.height - top - bottom) * MAX_FOOTNOTE_SHARE);
  let fits = true;
  for (const part of input.composed.parts) {
    if (part.kind !== 'section') continue;
    for (const block of part.blocks) {
      const runs = block.kind === 'list' ? block.items.flat() : 'runs' in block ? block.runs : [];
      const notes = new Set(runs.flatMap((run) => (run.footnote ? [run.footnote] : [])));
      const room = Math.ceil([...notes].reduce((sum, id) => sum + (noteHeights[id] ?? 0), 0));
      if (room <= limit) continue;
      fits = false;
      diagnostics.error('layout/footnotes-too-long', { file: part.file, notes: notes.size, space: room, limit }, { file: part.file, line: 1, column: 1 });
    }
  }
  return fits;
}

type LayoutSession = ReturnType<typeof createLayoutSession>;

/** Height (pt) of a block laid out whole, alone at the text block's width, its margins excluded. */
function wholeHeight(session: LayoutSession, node: Record<string, unknown>, theme: Theme): number {
  const { styles, defaultStyle } = documentStyles(theme);
  const [, top = 0, , bottom = 0] = (node.margin as number[] | undefined) ?? [];
  return session.measureHeight([node], textWidth(theme), styles, defaultStyle) - top - bottom;
}

/**
 * Where the group tables of Annexes II and III break across pages: the annexes laid out alone,
 * each group's title repeated where its table breaks (DocumentInput.annexProbe). The rows that
 * start a page, by group (each row's first cell has an id: pdfmake dates such a node from the
 * page it is printed on, even when it moved there whole).
 */
function findAnnexBreaks(session: LayoutSession, probe: Record<string, unknown>, groups: readonly { id: string }[], wholeHeights: WholeHeights): Record<string, number[]> {
  if ((probe.content as unknown[]).length === 0) return {};
  const { nodePages } = session.layout(probe, wholeHeights);
  const breaks: Record<string, number[]> = {};
  for (const group of groups) {
    const starts: number[] = [];
    for (let row = 1; nodePages[annexRowId(group.id, row)] !== undefined; row++) {
      if (nodePages[annexRowId(group.id, row)] !== nodePages[annexRowId(group.id, row - 1)]) starts.push(row);
    }
    if (starts.length > 0) breaks[group.id] = starts;
  }
  return breaks;
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
    diagnostics.warning('layout/page-map', { part: index + 1, kind: part.kind, name: part.kind === 'section' ? part.file : part.kind === 'annex' ? String(part.annex) : part.kind, laidOut, target }, at);
  });
  if (typeof composed.expectedPages === 'number' && pages !== composed.expectedPages) {
    diagnostics.warning('layout/page-count', { pages, expected: composed.expectedPages }, at);
  }
}
