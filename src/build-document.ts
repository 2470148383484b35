/**
 * Layout stage: turns the composed report, the statistics and the rendered charts into a pdfmake
 * document definition. Pure: no I/O; the footnotes' heights, measured beforehand, come in as
 * `noteHeights`: each call carries its note's height, which the patched pdfmake reserves at the
 * foot of the page the call's line is set on, and each page's footer prints that page's notes.
 */
import type { ComposedBlock, ComposedPart, ComposedReport, TableId } from './compose-sections.js';
import { formatNumber, formatPercent } from './french.js';
import { hyphenateRuns } from './hyphenation.js';
import type { InlineRun } from './inline-markup.js';
import type { AnnexGroup, Commune, ValidatedReport } from './model.js';
import type { RenderedChart } from './render-charts.js';
import { typeset } from './typography.js';
import type { DistributionRow, Statistics } from './statistics-model.js';
import { colourOf, SYMBOL_CHARACTERS, textWidth, type Theme } from './theme.js';

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

  /** Height (pt) of each footnote's block as the footers print it, measured beforehand (build-report.ts). */
  noteHeights: Record<string, number>;
  /** Start every part on its own page (the default edition's page map). */
  followPageMap: boolean;
  /** Told, for every page, which section it belongs to and the notes printed at its foot. */
  onPage?: (page: number, sectionIndex: number, notes: string[]) => void;
  /** Widths and line heights of text in the body face (tables and contents are fitted with them). */
  measure: TextMeasure;
  /**
   * Rows (indices among a group's communes) of the Annexe II and III group tables that start a
   * page, learnt by a first layout of `annexProbe`: there the table is split, and the rest printed
   * under its title marked "(suite)".
   */
  annexBreaks?: Record<string, number[]>;
  /**
   * Builds the sections of Annexes II and III alone (and the blocks laid out whole, for their
   * heights), each group's table unsplit under its title marked "(suite)" (the title is a header
   * row: pdfmake repeats it where the table breaks, as high as a continued title is) and an id
   * on each row's first cell (`annexRowId`): where the rows fall gives `annexBreaks`.
   */
  annexProbe?: boolean;
}

/** Text measured in the body face: what pdfmake will lay out. */
export interface TextMeasure {
  width(text: string, font: FontStyle): number;
  /** Height of a line at lineHeight 1, and of its baseline under the line's top (pt). */
  line(font: FontStyle): { height: number; ascent: number };
}

export interface FontStyle {
  fontSize: number;
  bold?: boolean;
  italics?: boolean;
}

/** The id of a row's first cell in a group table of the annex probe. */
export const annexRowId = (group: string, row: number) => `annex-probe-${group}-${row}`;

export interface BuiltDocument {
  definition: Node;
  /** Footnote numbers in reading order of their first call. */
  footnoteNumbers: Record<string, number>;
  /**
   * The blocks laid out whole (tables, charts), by id. pdfmake dates every node of such a block
   * from where the block began, even when the block moved on to the next page: a heading's
   * keeping with what follows it (src/print-pdf.ts) needs their heights, measured beforehand.
   */
  wholeBlocks: Record<string, Node>;
}

/** Builds the pdfmake document definition. */
export function buildDocument(input: DocumentInput): BuiltDocument {
  const { composed, theme } = input;
  const footnoteNumbers = numberFootnotes(composed);
  const context: LayoutContext = { ...input, footnoteNumbers, outlineParents: [], wholeBlocks: {} };
  const groups = groupParts(composed.parts, input.followPageMap);
  const sections = groups.map((indices, index) => {
    const cover = composed.parts[indices[0]!]!.kind === 'cover';
    // The annex probe needs only the annexes it lays out and the blocks laid out whole.
    const probeOnly = input.annexProbe && !indices.some((partIndex) => isGroupedAnnex(composed.parts[partIndex]!));
    let section = indices.flatMap((partIndex) => (probeOnly ? wholeBlocksOf(composed.parts[partIndex]!, partIndex, context) : layoutPart(composed.parts[partIndex]!, partIndex, context)));
    if (index === groups.length - 1 && isClosing(composed.parts[indices[0]!]!, indices.length)) section = closingPage(section, theme);
    return {
      section,
      pageMargins: margins(theme),
      footer: cover ? (page: number) => (input.onPage?.(page, index, []), null) : footerFor(context, index),
      header: cover ? () => null : headerFor(context),
    };
  });
  const definition: Node = {
    pageSize: theme.page.size,
    pageMargins: margins(theme),
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
    // The annex probe lays out the sections of Annexes II and III alone, without page furniture.
    content: input.annexProbe ? sections.filter((_, index) => groups[index]!.some((part) => isGroupedAnnex(composed.parts[part]!))).map(({ section, pageMargins }) => ({ section, pageMargins })) : sections,
    ...documentStyles(theme),
  };
  return { definition, footnoteNumbers, wholeBlocks: context.wholeBlocks };
}

const isGroupedAnnex = (part: ComposedPart) => part.kind === 'annex' && part.annex !== 'I';

/** A section's tables and charts alone, with the ids layoutPart gives them. */
function wholeBlocksOf(part: ComposedPart, partIndex: number, context: LayoutContext): Node[] {
  if (part.kind !== 'section') return [];
  return part.blocks.flatMap((block, blockIndex) => (block.kind === 'table' || block.kind === 'chart' ? layoutBlock(block, `s${partIndex}-${blockIndex}`, context) : []));
}

/**
 * The report's last part, when it starts a page of its own and holds a short note (no heading,
 * table, chart or picture): the contact block, composed on its page by closingPage.
 */
function isClosing(part: ComposedPart, partsInSection: number): boolean {
  return partsInSection === 1 && part.kind === 'section' && part.blocks.length > 0 && part.blocks.every((block) => block.kind === 'paragraph' || block.kind === 'callout' || block.kind === 'quote');
}

/** The closing page: its blocks centred in the upper third of the page, between two short rules. */
function closingPage(blocks: Node[], theme: Theme): Node[] {
  const length = Math.min(theme.closing.rule, textWidth(theme));
  // Centred by the style's alignment, as the blocks between them.
  const rule = (margin: number[]) => ({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: length, y2: 0, lineWidth: 0.6, lineColor: colourOf(theme, theme.closing.color) }], margin });
  return [{ stack: [rule([0, 0, 0, 16]), ...blocks.map((block) => ({ ...unhyphenated(block), alignment: 'center' })), rule([0, 6, 0, 0])], style: 'closing' }];
}

/** A node without its soft hyphens: centred lines are never hyphenated. */
function unhyphenated(node: Node): Node {
  const text = node.text;
  if (typeof text === 'string') return { ...node, text: text.replace(/\u00AD/g, '') };
  if (Array.isArray(text)) return { ...node, text: text.map((item: unknown) => (typeof item === 'string' ? item.replace(/\u00AD/g, '') : unhyphenated(item as Node))) };
  return node;
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
  /** Outline ids of the current level-1 and level-2 headings. */
  outlineParents: string[];
  /** Charts laid out so far, for their numbers. */
  chartCount?: number;
  /** Blocks laid out whole, by id. */
  wholeBlocks: Record<string, Node>;
}

const plainSpaces = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

/** The page's margins: the same on every page, the notes' room is taken from the text block. */
function margins(theme: Theme): number[] {
  return [...theme.page.margins];
}

/**
 * The least lines of a paragraph left at the foot of a page (orphans) and carried to the top of
 * the next (widows): the patched pdfmake moves a line more, or the whole paragraph, rather than
 * leave one alone.
 */
const KEEP_LINES = { orphans: 2, widows: 2 };

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
    paragraph: { alignment: 'justify', wordSpacingShrink: WORD_SPACING_SHRINK, margin: [0, 0, 0, 7], ...KEEP_LINES },
    quote: { alignment: 'justify', wordSpacingShrink: WORD_SPACING_SHRINK, italics: true, margin: [28, 2, 28, 9], color: colors.text, ...KEEP_LINES },
    callout: { alignment: 'center', bold: true, fontSize: sizes.body + 1, color: colors.accent, margin: [0, 4, 0, 10] },
    // Ragged right: a short justified line around a long name opens wide gaps.
    list: { alignment: 'left', margin: [12, 0, 0, 8], ...KEEP_LINES },
    footnote: { fontSize: sizes.footnote, lineHeight: 1.15, alignment: 'justify', wordSpacingShrink: WORD_SPACING_SHRINK },
    // The computed tables: one size for header and body (a table too wide for the text block
    // sets both smaller, see layoutTable).
    tableCell: { fontSize: sizes.table, lineHeight: 1.1 },
    tableHead: { fontSize: sizes.table, bold: true, color: colors.accent, lineHeight: 1.1 },
    annexCell: { fontSize: sizes.annex, lineHeight: 1.08 },
    annexHead: { fontSize: sizes.annex, bold: true, color: colors.accent },
    legend: { fontSize: sizes.footnote, italics: true, color: colors.muted, margin: [0, -4, 0, 8] },
    chartCaption: { fontSize: sizes.footnote + 1, italics: true, color: colors.muted, alignment: 'center', margin: [0, 0, 0, 10] },
    link: { color: colors.link, decoration: 'underline', decorationColor: colors.linkUnderline },
    telephone: { color: colors.telephone },
    // Cover, table of contents, annex zones and groups, closing page: templates/theme.yaml.
    ...themeStyles(theme),
    header: { fontSize: sizes.header, italics: true, color: colors.muted, alignment: 'center' },
    footer: { fontSize: sizes.footer, color: colors.muted, alignment: 'center' },
  };
}

/** The styles templates/theme.yaml sets, colours resolved. */
function themeStyles(theme: Theme): Record<string, Node> {
  return Object.fromEntries(Object.entries(theme.styles).map(([name, style]) => [name, style.color ? { ...style, color: colourOf(theme, style.color) } : { ...style }]));
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

/**
 * Inline runs to pdfmake text nodes; glyphs the body font lacks go to the symbols font. A
 * footnote call carries its note's height (`footnoteReserve`) and the rule and gap above the
 * notes (`footnoteBand`): the patched pdfmake reserves them at the foot of the page its line is
 * set on (the band once per page, a note at its first call), or moves the line on.
 */
export function inlineNodes(runs: readonly InlineRun[], context: Pick<LayoutContext, 'footnoteNumbers'> & Partial<Pick<LayoutContext, 'noteHeights'>>): Node[] {
  return runs.flatMap((run) => {
    if (run.footnote) {
      const n = context.footnoteNumbers[run.footnote];
      const reserve = context.noteHeights?.[run.footnote];
      const room = reserve === undefined ? {} : { footnoteReserve: reserve, footnoteBand: FOOTNOTE_RULE + FOOTNOTE_GAP };
      return n === undefined ? [] : [{ text: String(n), sup: { offset: '35%', fontSize: 6.5 }, footnoteCall: run.footnote, ...room }];
    }
    const style: Node = {};
    if (run.bold) style.bold = true;
    if (run.italic) style.italics = true;
    if (run.link) Object.assign(style, { link: run.link, style: 'link' });
    return splitSymbols(run.text).map((piece) => ({ ...style, ...piece }));
  });
}

const SYMBOL_RUNS = new RegExp(`([${SYMBOL_CHARACTERS}]+)|([^${SYMBOL_CHARACTERS}]+)`, 'g');

/** Splits text so that characters missing from the body font (☎, →, ▸) use the symbols font. */
function splitSymbols(text: string): Node[] {
  const pieces: Node[] = [];
  for (const match of text.matchAll(SYMBOL_RUNS)) {
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
  level: 1 | 2 | 3;
  text: string;
}

/**
 * Every heading (the lettered minor headings a)…g) at level 3) and the annexes, at level 2 under
 * the heading before them ("F. Annexes"), in reading order, with the ids their nodes get.
 */
function tocEntries(composed: ComposedReport): TocEntry[] {
  return composed.parts.flatMap((part, partIndex): TocEntry[] => {
    if (part.kind === 'annex') return [{ id: `annexe-${part.annex}`, level: 2, text: part.headingText }];
    if (part.kind !== 'section') return [];
    return part.blocks.flatMap((block, blockIndex) => (block.kind === 'heading' ? [{ id: `s${partIndex}-${blockIndex}`, level: block.level, text: block.text }] : []));
  });
}

/** Room (in leader dots) kept at the end of an entry's last line for its leader. */
const LEADER_DOTS_LEAST = 4;
/** Space (pt) between a leader's last dot and the page number's column. */
const LEADER_END_GAP = 2;

/**
 * The table of contents: three levels, styled and indented by templates/theme.yaml (toc1 to
 * toc3), each line linked to its heading, a dot leader from the end of its text to its page
 * number (pdfmake's page references; its own toc would copy footnote calls into its lines).
 * An entry is broken into lines here, with the face's own widths, so that its leader starts where
 * its last line ends; the number stands on that last line.
 */
function tableOfContents(context: LayoutContext): Node {
  const { theme, measure } = context;
  const { pageColumn, leader } = theme.toc;
  const entryWidth = textWidth(theme) - pageColumn;
  const dotColour = colourOf(theme, leader.color);
  const body = tocEntries(context.composed).map((entry) => {
    const styleName = `toc${entry.level}` as const;
    const style = theme.styles[styleName];
    const font: FontStyle = { fontSize: style.fontSize ?? theme.sizes.body, bold: style.bold ?? false, italics: style.italics ?? false };
    const [indent, top, , bottom] = style.margin ?? [0, 0, 0, 0];
    const lineHeight = measure.line(font).height * (style.lineHeight ?? theme.sizes.lineHeight);
    const lines = breakLines(entry.text, entryWidth - indent - LEADER_DOTS_LEAST * leader.spacing, font, measure);
    const last = lines.length - 1;
    // Dots on a grid of the column (aligned from one entry to the next), on the last line's baseline.
    const from = Math.ceil((indent + measure.width(lines[last]!, font) + leader.spacing) / leader.spacing) * leader.spacing;
    const to = Math.floor((entryWidth - LEADER_END_GAP) / leader.spacing) * leader.spacing;
    const baseline = top + last * lineHeight + measure.line(font).ascent - leader.dot / 2;
    // The line runs half a step past its last dot: rounding never drops that dot.
    const dots = to > from ? [{ canvas: [{ type: 'line', x1: from, y1: baseline, x2: to + leader.spacing / 2, y2: baseline, lineWidth: leader.dot, lineCap: 'round', lineColor: dotColour, dash: { length: 0.001, space: leader.spacing - 0.001 } }], relativePosition: { x: 0, y: 0 } }] : [];
    return [
      { stack: [...dots, { text: inlineNodes([{ text: lines.join('\n') }], context), style: styleName, margin: [indent, top, 0, bottom], linkToDestination: entry.id }] },
      { pageReference: entry.id, noWrap: true, style: styleName, margin: [0, top + last * lineHeight, 0, bottom], alignment: 'right', linkToDestination: entry.id },
    ];
  });
  const none = () => 0;
  return { table: { widths: [entryWidth, pageColumn], body, dontBreakRows: true }, layout: { hLineWidth: none, vLineWidth: none, paddingLeft: none, paddingRight: none, paddingTop: none, paddingBottom: none } };
}

/** A text broken into lines no wider than `width`, at its spaces, as pdfmake would break it. */
function breakLines(text: string, width: number, font: FontStyle, measure: TextMeasure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const longer = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure.width(longer, font) > width) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  lines.push(line);
  return lines;
}

function headingNode(level: 1 | 2 | 3, runs: readonly InlineRun[], text: string, id: string, context: LayoutContext): Node {
  const parentId = level === 1 ? undefined : context.outlineParents[level - 2];
  context.outlineParents[level - 1] = id;
  context.outlineParents.length = level;
  const style = level === 1 ? 'heading' : level === 2 ? 'subheading' : 'minorheading';
  return {
    text: inlineNodes(runs, context),
    style,
    id,
    outline: true,
    outlineText: text,
    ...(parentId ? { outlineParentId: parentId } : {}),
    headlineLevel: level,
  };
}

function layoutBlock(block: ComposedBlock, id: string, context: LayoutContext): Node[] {
  switch (block.kind) {
    case 'heading':
      return [headingNode(block.level, block.runs, block.text, id, context)];
    case 'paragraph':
      return [{ text: inlineNodes(hyphenateRuns(justifiable(block.runs)), context), style: 'paragraph' }];
    case 'quote':
      return [{ text: inlineNodes(hyphenateRuns(justifiable(block.runs)), context), style: 'quote' }];
    case 'callout':
      return [{ text: inlineNodes(block.runs, context), style: 'callout' }];
    case 'list': {
      const items = block.items.map((runs) => ({ text: inlineNodes(hyphenateRuns(runs), context), margin: [0, 0, 0, 3] }));
      return [block.ordered ? { ol: items, style: 'list' } : { ul: items, style: 'list', markerColor: context.theme.colors.accent }];
    }
    case 'table':
      return [whole(layoutTable(block.table, context), `whole-${id}`, context)];
    case 'image':
      return [{ image: block.dataUrl, width: block.width, alignment: 'center', margin: [0, 4, 0, 8] }];
    case 'chart': {
      const chart = context.charts.find((c) => c.id === block.zone);
      if (!chart) return [];
      // Numbered in reading order; the caption is set in the body face under the chart.
      context.chartCount = (context.chartCount ?? 0) + 1;
      const width = Math.min(chart.width, 420);
      return [
        whole({
          stack: [
            { svg: chart.svg, width, height: Math.round((chart.height * width) / chart.width), alignment: 'center', margin: [0, 4, 0, 2] },
            { text: `Graphique ${context.chartCount}\u00A0– ${chart.title}`, style: 'chartCaption' },
          ],
          unbreakable: true,
        }, `whole-${id}`, context),
      ];
    }
  }
}

/**
 * Registers a block pdfmake lays out whole (unbreakable): the pages' laying out needs its
 * height, measured beforehand, to keep a heading with it (see BuiltDocument.wholeBlocks). Its id
 * is added to the styles of the block's first node that pdfmake reports on (a table's first cell:
 * a table node has no position of its own), a style name pdfmake ignores: an `id` would make
 * pdfmake date that one node from the page it is printed on and the others from where the block
 * began, when the block went on to the next page.
 */
function whole(node: Node, id: string, context: LayoutContext): Node {
  const table = node.table as { body: Node[][] } | undefined;
  const first = table ? table.body[0]![0]! : node;
  first.style = [...(first.style === undefined ? [] : [first.style].flat()), id];
  context.wholeBlocks[id] = node;
  return node;
}

/**
 * pdfmake breaks lines after a hyphen and, in justified text, widens the gap there too
 * ("Port- Loutre"): hyphens between letters become non-breaking (U+2011) in justified blocks.
 */
function justifiable(runs: readonly InlineRun[]): InlineRun[] {
  return runs.map((run) => (run.link ? run : { ...run, text: run.text.replace(/(?<=\p{L})-(?=\p{L})/gu, '\u2011') }));
}

/** Padding (pt) left and right of a table's cells; a computed table too wide may tighten it to the least. */
const CELL_PADDING = 4;
const CELL_PADDING_LEAST = 2;
/** The share of the text block a computed table's label column takes when its figures leave it room. */
const LABEL_SHARE = 0.25;

/**
 * The rules, paddings and header fill of the tables. `titleRows`: rows above the column header
 * that hold a title (the annexes' group tables), set with no rule, fill or padding around them.
 */
const tableLayout = (theme: Theme, { padding = CELL_PADDING, titleRows = 0 } = {}): Node => ({
  hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i < titleRows ? 0 : i === titleRows || i === titleRows + 1 || i === node.table.body.length ? 0.9 : 0.4),
  vLineWidth: () => 0,
  hLineColor: () => theme.colors.rule,
  paddingLeft: () => padding,
  paddingRight: () => padding,
  paddingTop: (row: number) => (row < titleRows ? 0 : 3),
  paddingBottom: (row: number) => (row < titleRows ? 0 : 3),
  fillColor: (row: number) => (row === titleRows ? theme.colors.accentLight : null),
});

/** A cell of a computed table, before it is set: its text, weight and alignment. */
interface CellSpec {
  text: string;
  bold?: boolean;
  alignment?: 'left' | 'center';
}

export interface TableFit {
  fontSize: number;
  /** Left and right padding of every cell (pt). */
  padding: number;
  /** Width of each column's content (pt), padding excluded: pdfmake's `widths`. */
  widths: number[];
}

/**
 * Column widths of a computed table (the first column holds the row labels, the others figures)
 * that fill the text block exactly. Each column must hold its longest word on one line. The
 * label column takes LABEL_SHARE of the width when the figures leave it room, else it shrinks
 * down to its longest word; the figure columns share the rest as evenly as their longest words
 * allow. When they do not fit, the size shrinks by half points down to `sizes.tableMin`, then
 * the padding tightens. Rows are [header, ...body].
 */
export function fitTable(rows: readonly (readonly CellSpec[])[], width: number, sizes: { table: number; tableMin: number }, measure: TextMeasure): TableFit {
  const columns = rows[0]!.length;
  // A point spare: a word as wide as its column, to the hundredth, would be cut.
  const longestWord = (column: number, fontSize: number) =>
    1 + Math.max(0, ...rows.flatMap((row, r) => (row[column]?.text ?? '').split(/[ \t\n]+/).map((word) => measure.width(word, { fontSize, bold: Boolean(row[column]?.bold) || r === 0 }))));
  const attempts: { fontSize: number; padding: number }[] = [];
  for (let size = sizes.table; size >= sizes.tableMin - 1e-9; size -= 0.5) attempts.push({ fontSize: size, padding: CELL_PADDING });
  attempts.push({ fontSize: Math.min(sizes.tableMin, sizes.table), padding: CELL_PADDING_LEAST });
  // A hundredth of a point spare: the columns' sum never passes the text block by rounding.
  const content = (outer: number, padding: number) => Math.floor((outer - 2 * padding) * 100) / 100;
  for (const [index, { fontSize, padding }] of attempts.entries()) {
    const label = longestWord(0, fontSize) + 2 * padding;
    const needs = Array.from({ length: columns - 1 }, (_, i) => longestWord(i + 1, fontSize) + 2 * padding);
    const room = width - needs.reduce((sum, need) => sum + need, 0);
    // The last attempt is taken whatever: words too long for their column are then cut by pdfmake.
    if (room < label && index < attempts.length - 1) continue;
    const labelWidth = needs.length === 0 ? width : Math.max(Math.min(Math.max(label, LABEL_SHARE * width), room), Math.min(label, width / columns));
    return { fontSize, padding, widths: [labelWidth, ...evenOut(needs, width - labelWidth)].map((outer) => content(outer, padding)) };
  }
  throw new Error('unreachable: the last attempt is always taken');
}

/**
 * Widths as even as the needs allow: each max(need, level), the level such that they sum to
 * `total` (a column that needs more than its share keeps its need; the others share the rest).
 */
function evenOut(needs: readonly number[], total: number): number[] {
  let rest = total;
  let count = needs.length;
  for (const need of [...needs].sort((a, b) => b - a)) {
    if (count === 0 || need <= rest / count) break;
    rest -= need;
    count--;
  }
  const level = count > 0 ? rest / count : 0;
  return needs.map((need) => Math.max(need, level));
}

function layoutTable(id: TableId, context: LayoutContext): Node {
  const { statistics, composed, theme } = context;
  const labels = composed.tables[id] ?? { corner: '', rows: [] };
  const cell = (text: string, extra: Partial<CellSpec> = {}): CellSpec => ({ text, alignment: 'center', ...extra });
  const rowLabel = (text: string) => cell(text, { alignment: 'left' });
  // Every share of a table is printed with one decimal ("88,0 %"), as in the other tables.
  const percent = (share: number) => formatPercent(share, 1);
  let rows: CellSpec[][];
  if (id === 'evolution-per-zone') {
    const zones = statistics.evolution?.byZone ?? [];
    const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : '0');
    rows = [
      [rowLabel(labels.corner), ...zones.map((z) => cell(z.name))],
      [rowLabel(labels.rows[0] ?? ''), ...zones.map((z) => cell(formatNumber(z.previous)))],
      [rowLabel(labels.rows[1] ?? ''), ...zones.map((z) => cell(formatNumber(z.current)))],
      [rowLabel(labels.rows[2] ?? ''), ...zones.map((z) => cell(signed(z.change), { bold: true }))],
    ];
  } else if (id === 'communes-per-area') {
    rows = [
      [rowLabel(labels.corner), ...statistics.areas.map((a) => cell(a.name))],
      [rowLabel(labels.rows[0] ?? ''), ...statistics.areas.map((a) => cell(formatNumber(a.communes)))],
      [rowLabel(labels.rows[1] ?? ''), ...statistics.areas.map((a) => cell(percent(a.shareOfActive)))],
    ];
  } else {
    const counts: DistributionRow[] = id === 'agreements-per-commune' ? statistics.byAgreementCount : statistics.byZoneCount;
    const total = counts.reduce((sum, r) => sum + r.communes, 0);
    rows = [
      [rowLabel(labels.corner), ...counts.map((r) => cell(String(r.value))), cell('Total')],
      [rowLabel(labels.rows[0] ?? ''), ...counts.map((r) => cell(formatNumber(r.communes))), cell(formatNumber(total), { bold: true })],
      [rowLabel(labels.rows[1] ?? ''), ...counts.map((r) => cell(percent(r.shareOfConsidered))), cell(percent(total === 0 ? 0 : 1), { bold: true })],
      [rowLabel(labels.rows[2] ?? ''), ...counts.map((r) => cell(r.shareOfActive === null ? '' : percent(r.shareOfActive))), cell(percent(statistics.communes.active === 0 ? 0 : 1), { bold: true })],
    ];
  }
  const fit = fitTable(rows, textWidth(theme), theme.sizes, context.measure);
  // Header and body at the one size the table fits at.
  const body = rows.map((row, r) =>
    row.map(({ text, bold, alignment }) => ({ text: inlineNodes([{ text }], context), style: r === 0 ? 'tableHead' : 'tableCell', alignment, fontSize: fit.fontSize, ...(bold ? { bold } : {}) })),
  );
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: fit.widths, body },
    layout: tableLayout(theme, { padding: fit.padding }),
    margin: [0, 4, 0, 12],
    unbreakable: true,
  };
}

function telephoneMark(commune: Commune): Node[] {
  // A no-break space: the mark never starts a line alone.
  return commune.telephoneSurvey ? [{ text: `\u00A0${TELEPHONE}`, font: 'Symbols', style: 'telephone' }] : [];
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
    // The header row goes to a new page with the first commune under it, never alone.
    nodes.push({ table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths: [122, 40, 56, '*'], body }, layout: tableLayout(theme) });
  } else {
    const countryByName = new Map(report.countries.map((c) => [c.name, c]));
    const groups = report.annexGroups.filter((g) => g.annex === part.annex);
    let lastHeading: string | undefined;
    let first = true;
    // In an annex divided into zones, a group outside any zone ("Coopérations avec l’Afrique")
    // stands at the level of a zone: its title is not read as one of the zone above.
    const zoned = groups.some((g) => g.heading);
    for (const group of groups) {
      const titleStyle = zoned && !group.heading ? 'annexZone' : 'annexGroup';
      const inGroup = (country: string) => countryByName.get(country)?.annexGroup === group.id;
      const members = communes.filter((c) => c.agreements.some((a) => inGroup(a.country)));
      if (members.length === 0) continue;
      const breakBefore = context.followPageMap && !first && part.newPageBefore.includes(group.id);
      first = false;
      // A zone is printed above the first group of its run that has rows (groups of a run repeat it).
      const zone = group.heading && group.heading !== lastHeading ? [{ text: typeset(group.heading), style: 'annexZone' }] : [];
      lastHeading = group.heading;
      const rows = members.map((c, index) => [
        { text: [{ text: typeset(c.name) }, ...telephoneMark(c)], style: 'annexCell', bold: true, ...(context.annexProbe ? { id: annexRowId(group.id, index) } : {}) },
        { text: c.postalCode, style: 'annexCell', alignment: 'center' },
        { text: agreementsText(c, inGroup), style: 'annexCell' },
      ]);
      // The zone and the group's title are the table's first row, a header row: with the column
      // header and the first commune they make one block that pdfmake never breaks, so no title
      // is left at the foot of a page. Where the table breaks (learnt by the probe, in which the
      // title, marked "(suite)", is repeated as high as a continued title is), it continues on the
      // next page under its title marked "(suite)". No space under a piece the table continues
      // after: at the foot of a full page it would push a blank page.
      const table = (titles: Node[], slice: Node[][], continues: boolean) => ({
        table: { headerRows: 2, keepWithHeaderRows: 1, dontBreakRows: true, widths: [140, 44, '*'], body: [[{ stack: titles, colSpan: 3, margin: [-CELL_PADDING, 0, -CELL_PADDING, 0] }, {}, {}], headerRow(), ...slice] },
        layout: tableLayout(theme, { titleRows: 1 }),
        margin: [0, 0, 0, continues ? 0 : 6],
      });
      const continued = { text: continuedTitle(group), style: titleStyle };
      const starts = [0, ...(context.annexBreaks?.[group.id] ?? []).filter((row) => row > 0 && row < rows.length), rows.length];
      nodes.push({ ...table([...zone, context.annexProbe ? continued : { ...groupTitle(group, context), style: titleStyle }], rows.slice(0, starts[1]), starts.length > 2), ...(breakBefore ? { pageBreak: 'before' } : {}) });
      for (let i = 1; i + 1 < starts.length; i++) nodes.push({ ...table([{ ...continued }], rows.slice(starts[i], starts[i + 1]), i + 2 < starts.length), pageBreak: 'before' });
    }
  }
  return nodes;
}

function groupTitle(group: AnnexGroup, context: LayoutContext): Node {
  const id = `annexe-group-${group.id}`;
  return { text: typeset(group.title), style: 'annexGroup', id, outline: true, outlineText: typeset(group.title), outlineParentId: context.outlineParents[0] };
}

/** "Coopérations avec l’Espagne (suite)": the title of a group's table continued on a new page. */
const continuedTitle = (group: AnnexGroup) => `${typeset(group.title)}\u00A0(suite)`;

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

/**
 * What the patched pdfmake tells a page's footer: the notes first called on the page, in the
 * order of their calls, and the room (pt) it reserved for them at the foot of the text block.
 */
interface PageNotes {
  footnotes: string[];
  footnoteReserve: number;
}

/**
 * The footer of a part: the two furniture lines under a rule, at the same height on every page;
 * above them, in the room reserved at the foot of the text block, the page's footnotes under a
 * short rule.
 */
function footerFor(context: LayoutContext, partIndex: number) {
  const { theme, composed } = context;
  const width = textWidth(theme);
  return (currentPage: number, pageCount: number, _pageSize: unknown, { footnotes, footnoteReserve }: PageNotes = { footnotes: [], footnoteReserve: 0 }) => {
    const notes = [...footnotes].sort((a, b) => (context.footnoteNumbers[a] ?? 0) - (context.footnoteNumbers[b] ?? 0));
    context.onPage?.(currentPage, partIndex, notes);
    const stack: Node[] = [];
    if (notes.length > 0) {
      // The notes' short rule stands 10 pt under the top of the room reserved for them; the notes
      // take their measured heights and leave about FOOTNOTE_GAP above the furniture's rule.
      const rule = { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.6, lineColor: theme.colors.text }], margin: [0, 0, 0, FOOTNOTE_RULE] };
      const blocks = notes.map((id) => ({
        columns: [
          { text: String(context.footnoteNumbers[id]), width: 12, style: 'footnote', id: `note-${id}` },
          { text: inlineNodes(hyphenateRuns(composed.footnotes[id] ?? []), context), style: 'footnote' },
        ],
        margin: [0, 0, 0, 1.5],
      }));
      // Set apart (it takes no room in the footer), from the footer's top moved up by the room.
      stack.push({ stack: [rule, ...blocks], relativePosition: { x: 0, y: 0 } });
    }
    const furniture = [
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.5, lineColor: theme.colors.rule }] },
      { text: inlineNodes(parseFooterLinks(composed.footer(currentPage, pageCount)), context), style: 'footer', margin: [0, 4, 0, 0] },
      { text: composed.footerNote, style: 'footer', italics: true },
    ];
    // The footer starts `footnoteReserve` above the page's bottom margin (pdfmake lays it out in
    // that margin only: a negative top margin gives the notes their room) and the furniture
    // keeps its place, the same on every page.
    stack.push({ stack: furniture, margin: [0, footnoteReserve, 0, 0] });
    return { stack, margin: [theme.page.margins[0], 10 - footnoteReserve, theme.page.margins[2], 0] };
  };
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

