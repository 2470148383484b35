/**
 * Layout stage: turns the composed report, the statistics and the rendered charts into a pdfmake
 * document definition. Pure: no I/O; the footnotes' heights, measured beforehand, come in as
 * `noteHeights`, and the footers find each call's page as pdfmake lays the body out.
 */
import type { ComposedBlock, ComposedPart, ComposedReport, TableId } from './compose-sections.js';
import { formatNumber, formatPercent } from './french.js';
import { hyphenateRuns } from './hyphenation.js';
import type { InlineRun } from './inline-markup.js';
import type { AnnexGroup, Commune, ValidatedReport } from './model.js';
import type { RenderedChart } from './render-charts.js';
import { typeset } from './typography.js';
import type { DistributionRow, Statistics } from './statistics-model.js';
import { textWidth, type Theme } from './theme.js';

/* pdfmake's definitions are plain objects; a loose type keeps this module free of its typings. */
type Node = Record<string, unknown>;

export const TELEPHONE = '\u260E';
/** Space (pt) taken by the short rule above the footnotes. */
const FOOTNOTE_RULE = 3;
/** Space (pt) between the body and the footnotes, and under them. */
const FOOTNOTE_GAP = 16;

export interface DocumentInput {
  report: ValidatedReport;
  composed: ComposedReport;
  statistics: Statistics;
  charts: RenderedChart[];
  theme: Theme;
  createdAt: Date;
  /** Files embedded in the PDF (the register as CSV), so the data travels with the report. */
  attachments: { name: string; description: string; data: Buffer; type: string }[];

  /** Height (pt) of each footnote's text block, measured beforehand (see measureFootnotes). */
  noteHeights: Record<string, number>;
  /** Start every part on its own page (the default edition's page map). */
  followPageMap: boolean;
  /** Told, for every page, which section it belongs to and the notes printed at its foot. */
  onPage?: (page: number, sectionIndex: number, notes: string[]) => void;
}

export interface BuiltDocument {
  definition: Node;
  /** Footnote numbers in reading order of their first call. */
  footnoteNumbers: Record<string, number>;
}

/** Builds the pdfmake document definition. */
export function buildDocument(input: DocumentInput): BuiltDocument {
  const { composed, theme } = input;
  const footnoteNumbers = numberFootnotes(composed);
  const context: LayoutContext = { ...input, footnoteNumbers, noteCalls: [], footnoteSpace: {}, outlineParents: [] };
  const sections = groupParts(composed.parts, input.followPageMap).map((indices, index) => {
    const cover = composed.parts[indices[0]!]!.kind === 'cover';
    const callsBefore = context.noteCalls.length;
    const section = indices.flatMap((partIndex) => layoutPart(composed.parts[partIndex]!, partIndex, context));
    // The section's bottom margin grows by the height of all the notes called in it: exact for
    // a one-page section (as every section with notes is in the study), generous otherwise.
    const notes = new Set(context.noteCalls.slice(callsBefore).flatMap((call) => call.notes));
    const space = notes.size === 0 ? 0 : Math.ceil([...notes].reduce((sum, id) => sum + (input.noteHeights[id] ?? 0), FOOTNOTE_RULE + FOOTNOTE_GAP));
    context.footnoteSpace[index] = space;
    return {
      section,
      pageMargins: margins(theme, space),
      footer: cover ? (page: number) => (input.onPage?.(page, index, []), null) : footerFor(context, index),
      header: cover ? () => null : headerFor(context),
    };
  });
  const definition: Node = {
    pageSize: theme.page.size,
    pageMargins: margins(theme, 0),
    info: {
      // Metadata is read by search tools, not set in lines: plain spaces.
      title: plainSpaces(composed.title),
      author: typeset(input.report.edition.publisher),
      subject: plainSpaces(composed.metadata.subject),
      keywords: plainSpaces(composed.metadata.keywords.join(', ')),
      creator: 'coopdec-report',
      producer: 'coopdec-report (pdfmake)',
      creationDate: input.createdAt,
      modDate: input.createdAt,
    },
    language: 'fr-FR',
    // Dates passed explicitly: PDFKit would stamp the attachment with the current time.
    files: Object.fromEntries(input.attachments.map((a) => [a.name, { src: `data:${a.type};base64,${a.data.toString('base64')}`, name: a.name, description: a.description, type: a.type, creationDate: input.createdAt, modifiedDate: input.createdAt }])),
    content: sections,
    ...documentStyles(theme),
  };
  return { definition, footnoteNumbers };
}

/**
 * The pdfmake sections (each starts a page) as lists of part indices. With the page map every
 * part is its own section; without it (department editions) a `flow` part continues the page
 * of the part before it. Parts left with no block are dropped: no blank page.
 */
export function groupParts(parts: readonly ComposedPart[], followPageMap: boolean): number[][] {
  const groups: number[][] = [];
  parts.forEach((part, index) => {
    if (part.kind === 'section' && part.blocks.length === 0) return;
    if (!followPageMap && part.kind === 'section' && part.flow && groups.length > 0) groups[groups.length - 1]!.push(index);
    else groups.push([index]);
  });
  return groups;
}

interface LayoutContext extends DocumentInput {
  footnoteNumbers: Record<string, number>;
  /** Every node that calls notes: pdfmake writes its positions into it, read by the footers. */
  noteCalls: { node: Node; notes: string[] }[];
  /** Extra bottom margin of each section, for its notes. */
  footnoteSpace: Record<number, number>;
  /** Outline ids of the current level-1 and level-2 headings. */
  outlineParents: string[];
  /** Charts laid out so far, for their numbers. */
  chartCount?: number;
}

const plainSpaces = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

function margins(theme: Theme, extraBottom: number): number[] {
  const [left, top, right, bottom] = theme.page.margins;
  return [left, top, right, bottom + extraBottom];
}

/**
 * How much a space of the justified prose may shrink, as a share of its width (patched pdfmake:
 * a word still goes on a line when its spaces, shrunk by at most this much, make it fit). The
 * smallest whole percentage that brings every edition's median space to 3.2 pt or less
 * (tests/word-spacing.test.ts): measured 3.15–3.17 pt at 7 %, 3.16–3.21 pt at 6 %.
 */
const WORD_SPACING_SHRINK = 0.07;

/** The document's default style and named styles. */
export function documentStyles(theme: Theme): { defaultStyle: Node; styles: Record<string, Node> } {
  return { defaultStyle: { font: 'Body', fontSize: theme.sizes.body, lineHeight: theme.sizes.lineHeight, color: theme.colors.text }, styles: styles(theme) };
}

function styles(theme: Theme): Record<string, Node> {
  const { colors, sizes } = theme;
  return {
    heading: { fontSize: sizes.heading, bold: true, color: colors.accent, margin: [0, 0, 0, 12], lineHeight: 1.1 },
    subheading: { fontSize: sizes.subheading, bold: true, color: colors.accent, margin: [0, 10, 0, 7], lineHeight: 1.1 },
    minorheading: { fontSize: sizes.minorheading, bold: true, italics: true, color: colors.accent, margin: [0, 8, 0, 5] },
    paragraph: { alignment: 'justify', wordSpacingShrink: WORD_SPACING_SHRINK, margin: [0, 0, 0, 7] },
    quote: { alignment: 'justify', wordSpacingShrink: WORD_SPACING_SHRINK, italics: true, margin: [28, 2, 28, 9], color: colors.text },
    callout: { alignment: 'center', bold: true, fontSize: sizes.body + 1, color: colors.accent, margin: [0, 4, 0, 10] },
    // Ragged right: a short justified line around a long name opens wide gaps.
    list: { alignment: 'left', margin: [12, 0, 0, 8] },
    footnote: { fontSize: sizes.footnote, lineHeight: 1.15, alignment: 'justify', wordSpacingShrink: WORD_SPACING_SHRINK },
    tableCell: { fontSize: sizes.body - 1, lineHeight: 1.1 },
    tableHead: { fontSize: sizes.body - 1.5, bold: true, color: colors.accent, lineHeight: 1.1 },
    annexCell: { fontSize: sizes.annex, lineHeight: 1.08 },
    annexHead: { fontSize: sizes.annex, bold: true, color: colors.accent },
    annexGroup: { fontSize: sizes.subheading - 1, bold: true, color: colors.accent, margin: [0, 8, 0, 5] },
    annexZone: { fontSize: sizes.minorheading, bold: true, italics: true, color: colors.muted, margin: [0, 4, 0, 2] },
    legend: { fontSize: sizes.footnote, italics: true, color: colors.muted, margin: [0, -4, 0, 8] },
    chartCaption: { fontSize: sizes.footnote + 1, italics: true, color: colors.muted, alignment: 'center', margin: [0, 0, 0, 10] },
    tocTitle: { fontSize: sizes.heading + 2, bold: true, color: colors.accent, margin: [0, 0, 0, 18] },
    toc1: { fontSize: sizes.body + 0.5, bold: true, color: colors.text },
    toc2: { fontSize: sizes.body - 0.5, color: colors.text },
    coverTitle: { fontSize: 28, bold: true, color: colors.accent, alignment: 'center', lineHeight: 1.15, margin: [0, 190, 0, 36] },
    coverYear: { fontSize: 40, color: colors.accent, alignment: 'center', margin: [0, 0, 0, 180] },
    coverPublisher: { fontSize: 16, bold: true, alignment: 'center', color: colors.text, margin: [0, 0, 0, 6] },
    coverWebsite: { fontSize: 12, alignment: 'center', color: colors.muted },
    header: { fontSize: sizes.header, italics: true, color: colors.muted, alignment: 'center' },
    footer: { fontSize: sizes.footer, color: colors.muted, alignment: 'center' },
  };
}

/** Footnotes are numbered in the order of their first call, across the whole report. */
export function numberFootnotes(composed: ComposedReport): Record<string, number> {
  const numbers: Record<string, number> = {};
  let next = 1;
  const visit = (runs: readonly InlineRun[]) => {
    for (const run of runs) if (run.footnote && numbers[run.footnote] === undefined) numbers[run.footnote] = next++;
  };
  for (const part of composed.parts) {
    if (part.kind === 'section') {
      for (const block of part.blocks) {
        if (block.kind === 'list') block.items.forEach(visit);
        else if ('runs' in block) visit(block.runs);
      }
    } else if (part.kind === 'annex') {
      visit(part.heading);
    }
  }
  return numbers;
}

/** Inline runs to pdfmake text nodes; glyphs the body font lacks go to the symbols font. */
export function inlineNodes(runs: readonly InlineRun[], context: Pick<LayoutContext, 'footnoteNumbers'>): Node[] {
  return runs.flatMap((run) => {
    if (run.footnote) {
      const n = context.footnoteNumbers[run.footnote];
      return n === undefined ? [] : [{ text: String(n), sup: { offset: '35%', fontSize: 6.5 }, footnoteCall: run.footnote }];
    }
    const style: Node = {};
    if (run.bold) style.bold = true;
    if (run.italic) style.italics = true;
    if (run.link) Object.assign(style, { link: run.link, color: '#1F4E79', decoration: 'underline', decorationColor: '#8EA9C1' });
    return splitSymbols(run.text).map((piece) => ({ ...style, ...piece }));
  });
}

/** Splits text so that characters missing from the body font (☎, U+202F) use the symbols font. */
function splitSymbols(text: string): Node[] {
  const pieces: Node[] = [];
  for (const match of text.matchAll(/([\u260E\u2192\u25B8]+)|([^\u260E\u2192\u25B8]+)/g)) {
    pieces.push(match[1] ? { text: match[1], font: 'Symbols' } : { text: match[2] });
  }
  return pieces;
}

function layoutPart(part: ComposedPart, partIndex: number, context: LayoutContext): Node[] {
  switch (part.kind) {
    case 'cover':
      return part.lines.map((line) => ({ text: inlineNodes([{ text: line.text }], context), style: line.style }));
    case 'toc':
      return [{ text: part.title, style: 'tocTitle', outline: true, id: 'sommaire' }, tableOfContents(context)];
    case 'section':
      return part.blocks.flatMap((block, blockIndex) => layoutBlock(block, `s${partIndex}-${blockIndex}`, context));
    case 'annex':
      return layoutAnnex(part, context);
  }
}

interface TocEntry {
  id: string;
  level: 1 | 2;
  text: string;
}

/** Headings of levels 1 and 2 and the annexes, in reading order, with the ids their nodes get. */
function tocEntries(composed: ComposedReport): TocEntry[] {
  return composed.parts.flatMap((part, partIndex): TocEntry[] => {
    if (part.kind === 'annex') return [{ id: `annexe-${part.annex}`, level: 1, text: part.headingText }];
    if (part.kind !== 'section') return [];
    return part.blocks.flatMap((block, blockIndex) => (block.kind === 'heading' && block.level < 3 ? [{ id: `s${partIndex}-${blockIndex}`, level: block.level as 1 | 2, text: block.text }] : []));
  });
}

/**
 * The table of contents: each line links to its heading and prints its page through pdfmake's
 * page references (pdfmake's own toc would copy footnote calls into its lines).
 */
function tableOfContents(context: LayoutContext): Node {
  const body = tocEntries(context.composed).map((entry) => {
    const style = entry.level === 1 ? 'toc1' : 'toc2';
    const margin = entry.level === 1 ? [0, 7, 0, 2] : [16, 1, 0, 1];
    return [
      { text: inlineNodes([{ text: entry.text }], context), style, margin, linkToDestination: entry.id },
      { pageReference: entry.id, noWrap: true, style, margin: [0, margin[1], 0, margin[3]], alignment: 'right', linkToDestination: entry.id },
    ];
  });
  return { table: { widths: ['*', 34], body, dontBreakRows: true }, layout: 'noBorders' };
}

function headingNode(level: 1 | 2 | 3, runs: readonly InlineRun[], text: string, id: string, context: LayoutContext): Node {
  const parentId = level === 1 ? undefined : context.outlineParents[level - 2];
  context.outlineParents[level - 1] = id;
  context.outlineParents.length = level;
  const style = level === 1 ? 'heading' : level === 2 ? 'subheading' : 'minorheading';
  return withNotes({
    text: inlineNodes(runs, context),
    style,
    id,
    outline: true,
    outlineText: text,
    ...(parentId ? { outlineParentId: parentId } : {}),
    headlineLevel: level,
  }, runs, context);
}

function layoutBlock(block: ComposedBlock, id: string, context: LayoutContext): Node[] {
  switch (block.kind) {
    case 'heading':
      return [headingNode(block.level, block.runs, block.text, id, context)];
    case 'paragraph':
      return [withNotes({ text: inlineNodes(hyphenateRuns(justifiable(block.runs)), context), style: 'paragraph' }, block.runs, context)];
    case 'quote':
      return [withNotes({ text: inlineNodes(hyphenateRuns(justifiable(block.runs)), context), style: 'quote' }, block.runs, context)];
    case 'callout':
      return [withNotes({ text: inlineNodes(block.runs, context), style: 'callout' }, block.runs, context)];
    case 'list': {
      const items = block.items.map((runs) => withNotes({ text: inlineNodes(hyphenateRuns(runs), context), margin: [0, 0, 0, 3] }, runs, context));
      return [block.ordered ? { ol: items, style: 'list' } : { ul: items, style: 'list', markerColor: context.theme.colors.accent }];
    }
    case 'table':
      return [layoutTable(block.table, context)];
    case 'image':
      return [{ image: block.dataUrl, width: block.width, alignment: 'center', margin: [0, 4, 0, 8] }];
    case 'chart': {
      const chart = context.charts.find((c) => c.id === block.zone);
      if (!chart) return [];
      // Numbered in reading order; the caption is set in the body face under the chart.
      context.chartCount = (context.chartCount ?? 0) + 1;
      const width = Math.min(chart.width, 420);
      return [
        {
          stack: [
            { svg: chart.svg, width, height: Math.round((chart.height * width) / chart.width), alignment: 'center', margin: [0, 4, 0, 2] },
            { text: `Graphique ${context.chartCount}\u00A0– ${chart.title}`, style: 'chartCaption' },
          ],
          unbreakable: true,
        },
      ];
    }
  }
}

/**
 * pdfmake breaks lines after a hyphen and, in justified text, widens the gap there too
 * ("Port- Loutre"): hyphens between letters become non-breaking (U+2011) in justified blocks.
 */
function justifiable(runs: readonly InlineRun[]): InlineRun[] {
  return runs.map((run) => (run.link ? run : { ...run, text: run.text.replace(/(?<=\p{L})-(?=\p{L})/gu, '\u2011') }));
}

/** Registers a node that calls notes: the footers find its page from its laid-out positions. */
function withNotes(node: Node, runs: readonly InlineRun[], context: LayoutContext): Node {
  const notes = runs.filter((r) => r.footnote).map((r) => r.footnote!);
  if (notes.length > 0) context.noteCalls.push({ node, notes });
  return node;
}

const tableLayout = (theme: Theme): Node => ({
  hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 || i === node.table.body.length ? 0.9 : 0.4),
  vLineWidth: () => 0,
  hLineColor: () => theme.colors.rule,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
  fillColor: (row: number) => (row === 0 ? theme.colors.accentLight : null),
});

function layoutTable(id: TableId, context: LayoutContext): Node {
  const { statistics, composed, theme } = context;
  const labels = composed.tables[id] ?? { corner: '', rows: [] };
  const cell = (text: string, extra: Node = {}) => ({ text: inlineNodes([{ text }], context), style: 'tableCell', alignment: 'center', ...extra });
  // Tables with a column per zone or area must fit seven or more columns across the page.
  const wide = id === 'communes-per-area' || id === 'evolution-per-zone';
  const head = (text: string, extra: Node = {}) => ({ text: inlineNodes([{ text }], context), style: 'tableHead', alignment: 'center', ...(wide ? { fontSize: 7 } : {}), ...extra });
  const rowLabel = (text: string) => cell(text, { alignment: 'left' });
  let body: Node[][];
  if (id === 'evolution-per-zone') {
    const zones = statistics.evolution?.byZone ?? [];
    const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : '0');
    body = [
      [head(labels.corner, { alignment: 'left' }), ...zones.map((z) => head(z.name))],
      [rowLabel(labels.rows[0] ?? ''), ...zones.map((z) => cell(formatNumber(z.previous)))],
      [rowLabel(labels.rows[1] ?? ''), ...zones.map((z) => cell(formatNumber(z.current)))],
      [rowLabel(labels.rows[2] ?? ''), ...zones.map((z) => cell(signed(z.change), { bold: true }))],
    ];
  } else if (id === 'communes-per-area') {
    body = [
      [head(labels.corner, { alignment: 'left' }), ...statistics.areas.map((a) => head(a.name))],
      [rowLabel(labels.rows[0] ?? ''), ...statistics.areas.map((a) => cell(formatNumber(a.communes)))],
      [rowLabel(labels.rows[1] ?? ''), ...statistics.areas.map((a) => cell(formatPercent(a.shareOfActive, 0)))],
    ];
  } else {
    const rows: DistributionRow[] = id === 'agreements-per-commune' ? statistics.byAgreementCount : statistics.byZoneCount;
    const total = rows.reduce((sum, r) => sum + r.communes, 0);
    body = [
      [head(labels.corner, { alignment: 'left' }), ...rows.map((r) => head(String(r.value))), head('Total')],
      [rowLabel(labels.rows[0] ?? ''), ...rows.map((r) => cell(formatNumber(r.communes))), cell(formatNumber(total), { bold: true })],
      [rowLabel(labels.rows[1] ?? ''), ...rows.map((r) => cell(formatPercent(r.shareOfConsidered))), cell(formatPercent(total === 0 ? 0 : 1), { bold: true })],
      [rowLabel(labels.rows[2] ?? ''), ...rows.map((r) => cell(r.shareOfActive === null ? '' : formatPercent(r.shareOfActive))), cell(formatPercent(statistics.communes.active === 0 ? 0 : 1), { bold: true })],
    ];
  }
  const columns = body[0]!.length;
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [wide ? 80 : 130, ...Array.from({ length: columns - 1 }, () => '*')], body },
    layout: tableLayout(theme),
    margin: [0, 4, 0, 12],
    unbreakable: true,
  };
}

function telephoneMark(commune: Commune): Node[] {
  // A no-break space: the mark never starts a line alone.
  return commune.telephoneSurvey ? [{ text: `\u00A0${TELEPHONE}`, font: 'Symbols', color: '#1F4E79' }] : [];
}

/** "Lerida (Espagne) ; Andore la Vieille (Andorre)", the listed country's partners in bold. */
function agreementsText(commune: Commune, emphasise: (country: string) => boolean): Node[] {
  const runs: Node[] = [];
  commune.agreements.forEach((agreement, i) => {
    if (i > 0) runs.push({ text: ' ; ' });
    const bold = emphasise(agreement.country) ? { bold: true } : {};
    if (agreement.partner === null) runs.push({ text: 'partenaire non précisé', italics: true, ...bold });
    // "Bad Salzuflen (Allemagne)" is never split: a cell's lines break only between agreements.
    runs.push({ text: typeset(`${agreement.partner ?? ''}\u00A0(${agreement.country})`).replace(/ /g, '\u00A0'), ...bold });
  });
  return mergeRuns(runs);
}

/**
 * Adjacent runs with the same style become one: pdfmake resolves every style property of every
 * run through its style stack, the larger part of laying out the annexes.
 */
function mergeRuns(runs: Node[]): Node[] {
  const merged: Node[] = [];
  const styleOf = (run: Node) => JSON.stringify({ ...run, text: undefined });
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && styleOf(last) === styleOf(run)) last.text = `${String(last.text)}${String(run.text)}`;
    else merged.push({ ...run });
  }
  return merged;
}

function layoutAnnex(part: Extract<ComposedPart, { kind: 'annex' }>, context: LayoutContext): Node[] {
  const { report, theme } = context;
  const communes = [...report.register.communes].sort((a, b) => a.postalCode.localeCompare(b.postalCode) || a.name.localeCompare(b.name, 'fr'));
  const heading = headingNode(1, part.heading, part.headingText, `annexe-${part.annex}`, context);
  // The legend sits under the heading: at the end it could be left alone on a page.
  const nodes: Node[] = [heading, { text: inlineNodes(part.legend, context), style: 'legend' }];
  // A fresh row per table: pdfmake writes its measurements into the nodes it lays out.
  const alignments = part.annex === 'I' ? ['left', 'center', 'right', 'left'] : ['left', 'center', 'left'];
  const headerRow = () => part.columns.map((column, i) => ({ text: column, style: 'annexHead', alignment: alignments[i] ?? 'left' }));
  if (part.annex === 'I') {
    const body = [
      headerRow(),
      ...communes.map((c) => [
        { text: [{ text: typeset(c.name) }, ...telephoneMark(c)], style: 'annexCell', bold: true },
        { text: c.postalCode, style: 'annexCell', alignment: 'center' },
        { text: inlineNodes([{ text: c.population === null ? '—' : formatNumber(c.population) }], context), style: 'annexCell', alignment: 'right' },
        { text: agreementsText(c, () => false), style: 'annexCell' },
      ]),
    ];
    nodes.push({ table: { headerRows: 1, dontBreakRows: true, widths: [122, 40, 56, '*'], body }, layout: tableLayout(theme) });
  } else {
    const countryByName = new Map(report.countries.map((c) => [c.name, c]));
    const groups = report.annexGroups.filter((g) => g.annex === part.annex);
    let lastHeading: string | undefined;
    let first = true;
    for (const group of groups) {
      const inGroup = (country: string) => countryByName.get(country)?.annexGroup === group.id;
      const members = communes.filter((c) => c.agreements.some((a) => inGroup(a.country)));
      if (members.length === 0) continue;
      const breakBefore = context.followPageMap && !first && part.newPageBefore.includes(group.id);
      first = false;
      const block: Node[] = [];
      // A heading is printed above the first group of its run that has rows (groups of a run repeat it).
      if (group.heading && group.heading !== lastHeading) block.push({ text: typeset(group.heading), style: 'annexZone' });
      lastHeading = group.heading;
      block.push(groupTitle(group, context));
      const body = [
        headerRow(),
        ...members.map((c) => [
          { text: [{ text: typeset(c.name) }, ...telephoneMark(c)], style: 'annexCell', bold: true },
          { text: c.postalCode, style: 'annexCell', alignment: 'center' },
          { text: agreementsText(c, inGroup), style: 'annexCell' },
        ]),
      ];
      block.push({ table: { headerRows: 1, dontBreakRows: true, widths: [140, 44, '*'], body }, layout: tableLayout(theme), margin: [0, 0, 0, 6] });
      nodes.push({ stack: block, ...(breakBefore ? { pageBreak: 'before' } : {}) });
    }
  }
  return nodes;
}

function groupTitle(group: AnnexGroup, context: LayoutContext): Node {
  const id = `annexe-group-${group.id}`;
  return { text: typeset(group.title), style: 'annexGroup', id, outline: true, outlineText: typeset(group.title), outlineParentId: context.outlineParents[0], headlineLevel: 2 };
}

function headerFor(context: LayoutContext) {
  const { theme, composed } = context;
  return () => ({
    stack: [
      { text: inlineNodes([{ text: composed.header }], context), style: 'header' },
      { canvas: [{ type: 'line', x1: 0, y1: 4, x2: textWidth(theme), y2: 4, lineWidth: 0.5, lineColor: theme.colors.rule }] },
    ],
    margin: [theme.page.margins[0], 30, theme.page.margins[2], 0],
  });
}

/** The footer of a part: its page's footnotes (if any), a rule, then the two furniture lines. */
function footerFor(context: LayoutContext, partIndex: number) {
  const { theme, composed } = context;
  const width = textWidth(theme);
  return (currentPage: number, pageCount: number) => {
    // Footers are laid out after the body: every call's page is known by now.
    const notes = notesOnPage(context, currentPage);
    context.onPage?.(currentPage, partIndex, notes);
    const stack: Node[] = [];
    if (notes.length > 0 && (context.footnoteSpace[partIndex] ?? 0) > 0) {
      stack.push({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.6, lineColor: theme.colors.text }], margin: [0, 0, 0, FOOTNOTE_RULE] });
      for (const id of notes) {
        stack.push({
          columns: [
            { text: String(context.footnoteNumbers[id]), width: 12, style: 'footnote', id: `note-${id}` },
            { text: inlineNodes(hyphenateRuns(composed.footnotes[id] ?? []), context), style: 'footnote' },
          ],
          margin: [0, 0, 0, 1.5],
        });
      }
    }
    // The furniture sits at the same height on every page: below the notes (or on a page of the
    // section that has none) a spacer fills what the section's grown bottom margin leaves.
    const extra = context.footnoteSpace[partIndex] ?? 0;
    const used = notes.length > 0 && extra > 0 ? notes.reduce((sum, id) => sum + (context.noteHeights[id] ?? 0), FOOTNOTE_RULE) : 0;
    if (extra > 0) stack.push({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: 0, y2: 0, lineWidth: 0 }], margin: [0, Math.max(0, extra - used), 0, 0] });
    stack.push({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.5, lineColor: theme.colors.rule }] });
    stack.push({ text: inlineNodes(parseFooterLinks(composed.footer(currentPage, pageCount)), context), style: 'footer', margin: [0, 4, 0, 0] });
    stack.push({ text: composed.footerNote, style: 'footer', italics: true });
    return { stack, margin: [theme.page.margins[0], 10, theme.page.margins[2], 0] };
  };
}

/** The notes whose first call is on `page`, in number order. */
function notesOnPage(context: LayoutContext, page: number): string[] {
  const firstPage = new Map<string, number>();
  for (const { node, notes } of context.noteCalls) {
    const at = (node.positions as { pageNumber: number }[] | undefined)?.[0]?.pageNumber;
    if (at === undefined) continue;
    for (const id of notes) firstPage.set(id, Math.min(firstPage.get(id) ?? at, at));
  }
  return [...firstPage.entries()]
    .filter(([, p]) => p === page)
    .map(([id]) => id)
    .sort((a, b) => (context.footnoteNumbers[a] ?? 0) - (context.footnoteNumbers[b] ?? 0));
}

function parseFooterLinks(text: string): InlineRun[] {
  const match = /(www\.[\w.-]+\.[a-z]{2,})/.exec(text);
  if (!match) return [{ text }];
  return [{ text: text.slice(0, match.index) }, { text: match[1]!, link: `http://${match[1]}` }, { text: text.slice(match.index + match[1]!.length) }];
}

/** Each note's block, as the footers print it, with an id: laid out alone to measure each one. */
export function footnoteBlock(ids: readonly string[], composed: ComposedReport, numbers: Record<string, number>): Node[] {
  return ids.map((id) => ({
    columns: [
      { text: String(numbers[id]), width: 12, style: 'footnote' },
      { text: inlineNodes(hyphenateRuns(composed.footnotes[id] ?? []), { footnoteNumbers: numbers }), style: 'footnote' },
    ],
    margin: [0, 0, 0, 1.5],
  }));
}

