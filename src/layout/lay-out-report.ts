/**
 * The layout stage: the footnotes measured, the blocks laid out whole measured (built apart),
 * the document built and printed.
 */
import type { ContentStack, ContentTable } from 'pdfmake/interfaces.js';
import { A4, type Theme, textWidth } from '../input/theme.js';
import type { World } from '../input/world.js';
import { checkDefinitionGlyphs } from '../prose/glyph-coverage.js';
import type { Diagnostics } from '../shared/diagnostics.js';
import { buildDocument, buildWholeBlocks } from './build-document.js';
import { groupParts } from './document-sections.js';
import { documentStyles } from './document-styles.js';
import { footnoteBlock, numberFootnotes } from './footnotes.js';
import type { DocumentInput } from './layout-context.js';
import { createLayoutSession, createPrinter, printPdf, type WholeHeights } from './print-pdf.js';

type LayoutInput = Omit<DocumentInput, 'noteHeights' | 'onPage' | 'measure'>;

/**
 * pdfmake has no footnotes: each note is measured alone first; its calls carry its height, which
 * the patched pdfmake reserves at the foot of the page where the call's line is set (the line
 * goes on to the next page when it no longer fits with its note), and each page's footer prints
 * the notes first called on it in that room. One layout, one print.
 */
export async function layOut(input: LayoutInput, source: { world: World; editionDir: string }, diagnostics: Diagnostics) {
  const session = createLayoutSession(input.theme);
  const numbers = numberFootnotes(input.composed);
  const { styles, defaultStyle } = documentStyles(input.theme);
  const noteIds = Object.keys(numbers);
  const heights = session.measureHeights(
    noteIds.map((id) => footnoteBlock([id], input.composed, numbers)),
    textWidth(input.theme),
    styles,
    defaultStyle,
  );
  const noteHeights = Object.fromEntries(noteIds.map((id, index) => [id, heights[index]!]));
  const measure = session.measure;
  if (!checkFootnoteRoom(input, noteHeights, diagnostics)) return undefined;
  const wholeHeights = measureWholeHeights(session, buildWholeBlocks({ ...input, noteHeights, measure }), input.theme);
  const pageSections: Record<number, number> = {};
  const footnotePages: Record<number, number> = {};
  const built = buildDocument({
    ...input,
    noteHeights,
    measure,
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

/** Heights (pt) of blocks laid out whole, each alone at the text block's width, their margins excluded. */
function measureWholeHeights(session: LayoutSession, blocks: Record<string, ContentTable | ContentStack>, theme: Theme): WholeHeights {
  const { styles, defaultStyle } = documentStyles(theme);
  const entries = Object.entries(blocks);
  const heights = session.measureHeights(
    entries.map(([, node]) => [node]),
    textWidth(theme),
    styles,
    defaultStyle,
  );
  return Object.fromEntries(
    entries.map(([id, node], index) => {
      const [, top = 0, , bottom = 0] = (node.margin as number[] | undefined) ?? [];
      return [id, heights[index]! - top - bottom];
    }),
  );
}
