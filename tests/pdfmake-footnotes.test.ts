/**
 * The pdfmake patch's page breaking (patches/pdfmake+0.3.11.patch, see also
 * tests/pdfmake-soft-hyphens.test.ts): a line that calls a footnote reserves the note's height
 * (`footnoteReserve`, with `footnoteBand` once per page) at the foot of its page, or goes on to
 * the next page with its note; a text whose style sets `orphans` and `widows` leaves no line of
 * it alone at a page's foot or top. Small documents laid out by the patched pdfmake, read line by
 * line with the arguments each page's footer was given.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { LayoutBuilder, PDFDocument, SVGMeasure, tableLayouts, virtualFs } from '../src/layout/pdfmake-internals.js';

const require = createRequire(import.meta.url);

interface Line {
  y: number;
  inlines: { text: string }[];
  getHeight(): number;
}
interface PageNotes {
  footnotes: string[];
  footnoteReserve: number;
}

const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf');
const family = { normal: FONT, bold: FONT, italics: FONT, bolditalics: FONT };

const WIDTH = 300;
const HEIGHT = 400;
const MARGIN = 20;
/** The text block's bottom (pt from the page's top). */
const BOTTOM = HEIGHT - MARGIN;

interface LaidOutPage {
  /** The text of each body line, and its top and bottom. */
  lines: { text: string; top: number; bottom: number }[];
  /** What the page's footer was told. */
  notes: PageNotes;
}

/** Lays out content on pages HEIGHT pt high; the footer (an empty stack) records its arguments. */
function layOut(content: unknown[]): LaidOutPage[] {
  const document = new PDFDocument({ Body: family }, {}, {}, {}, { autoFirstPage: false, compress: false, info: {}, font: null, size: [WIDTH, HEIGHT] }, virtualFs, () => true);
  const builder = new LayoutBuilder({ width: WIDTH, height: HEIGHT, orientation: 'portrait' }, { left: MARGIN, top: MARGIN, right: MARGIN, bottom: MARGIN }, new SVGMeasure());
  builder.registerTableLayouts(tableLayouts);
  const told: PageNotes[] = [];
  const footer = (page: number, _count: number, _size: unknown, notes: PageNotes) => {
    told[page - 1] = notes;
    return null;
  };
  const pages = builder.layoutDocument(content, document, {}, { font: 'Body', fontSize: 10 }, undefined, undefined, footer, undefined, undefined) as { items: { type: string; item: Line }[] }[];
  return pages.map((page, index) => ({
    lines: page.items
      .filter((i) => i.type === 'line')
      .map(({ item }) => ({
        text: item.inlines
          .map((i) => i.text)
          .join('')
          .trim(),
        top: item.y,
        bottom: item.y + item.getHeight(),
      })),
    notes: told[index]!,
  }));
}

const LINE = layOut([{ text: 'x' }])[0]!.lines[0]!;
/** Height of a line of the body (10 pt, lineHeight 1). */
const H = LINE.bottom - LINE.top;
/** Lines that fill a page. */
const PER_PAGE = Math.floor((BOTTOM - MARGIN) / H);
/** `count` one-line paragraphs, "f1", "f2"… */
const filler = (count: number, from = 1) => Array.from({ length: count }, (_, i) => ({ text: `f${from + i}` }));
/** A footnote call as src/layout/inline-nodes.ts writes one. */
const call = (id: string, reserve: number, band = 10) => ({ text: id, sup: true, footnoteCall: id, footnoteReserve: reserve, footnoteBand: band });
const pageOf = (pages: LaidOutPage[], text: string) => pages.findIndex((p) => p.lines.some((l) => l.text === text)) + 1;

describe('pdfmake 0.3.11 with the patch (footnotes)', () => {
  it('is patched for footnotes', () => {
    expect((require('pdfmake/js/TextBreaker') as { footnoteReserve?: boolean }).footnoteReserve).toBe(true);
  });

  it('keeps a page without notes at full height, and tells its footer it has none', () => {
    const pages = layOut(filler(PER_PAGE + 1));
    expect(pages[0]!.lines).toHaveLength(PER_PAGE);
    expect(pages[0]!.notes).toEqual({ footnotes: [], footnoteReserve: 0 });
  });

  it('reserves a note and its band at the foot of the page of its call, and tells the page’s footer', () => {
    const reserve = 3.5 * H;
    const pages = layOut([{ text: ['called here', call('a', reserve)] }, ...filler(PER_PAGE)]);
    // The call's page loses the note's height and the band: 4.5 lines' worth, so 5 lines move on.
    expect(pages[0]!.notes).toEqual({ footnotes: ['a'], footnoteReserve: reserve + 10 });
    expect(pages[0]!.lines.at(-1)!.bottom).toBeLessThanOrEqual(BOTTOM - reserve - 10 + 1e-6);
    expect(pages[0]!.lines).toHaveLength(Math.floor((BOTTOM - MARGIN - reserve - 10) / H));
    // The next page has no note: it is filled.
    expect(pages[1]!.notes.footnoteReserve).toBe(0);
  });

  it('sends a line on with its note when the two no longer fit, not the others', () => {
    // The call's line is the page's last: it fits alone, not with its note.
    const pages = layOut([...filler(PER_PAGE - 1), { text: ['called', call('a', 2 * H)] }, ...filler(3, 100)]);
    expect(pageOf(pages, 'calleda')).toBe(2);
    expect(pages[0]!.lines).toHaveLength(PER_PAGE - 1);
    expect(pages[0]!.notes.footnotes).toEqual([]);
    expect(pages[1]!.notes.footnotes).toEqual(['a']);
  });

  it('reserves a note once, at its first call, and the band once per page', () => {
    const pages = layOut([{ text: ['one', call('a', 20)] }, { text: ['two', call('b', 30)] }, ...filler(PER_PAGE), { text: ['again', call('a', 20), ' and', call('c', 5)] }]);
    expect(pages[0]!.notes).toEqual({ footnotes: ['a', 'b'], footnoteReserve: 20 + 30 + 10 });
    const last = pages.at(-1)!;
    expect(last.notes).toEqual({ footnotes: ['c'], footnoteReserve: 5 + 10 });
  });

  it('lays out text without calls as unpatched pdfmake does', () => {
    // A call without footnoteReserve (the annex probe, a measured note) takes no room.
    const pages = layOut([{ text: ['called', { text: 'a', sup: true, footnoteCall: 'a' }] }, ...filler(PER_PAGE)]);
    expect(pages[0]!.lines).toHaveLength(PER_PAGE);
    expect(pages[0]!.notes.footnotes).toEqual([]);
  });
});

describe('pdfmake 0.3.11 with the patch (widows and orphans)', () => {
  /** A paragraph of `count` lines, "p1"…, each forced onto its own line. */
  const paragraph = (count: number, style: object = { orphans: 2, widows: 2 }) => ({ text: Array.from({ length: count }, (_, i) => `p${i + 1}${i + 1 < count ? '\n' : ''}`).join(''), ...style });
  const linesOf = (pages: LaidOutPage[], page: number) => pages[page - 1]!.lines.filter((l) => /^p\d+$/.test(l.text)).map((l) => l.text);

  it('without the style, leaves a line alone as pdfmake does', () => {
    const orphan = layOut([...filler(PER_PAGE - 1), paragraph(4, {})]);
    expect(linesOf(orphan, 1)).toEqual(['p1']);
    const widow = layOut([...filler(PER_PAGE - 3), paragraph(4, {})]);
    expect(linesOf(widow, 2)).toEqual(['p4']);
  });

  it('moves a paragraph whose first line only would be left at the foot of the page', () => {
    const pages = layOut([...filler(PER_PAGE - 1), paragraph(4)]);
    expect(linesOf(pages, 1)).toEqual([]);
    expect(linesOf(pages, 2)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('carries one line more when only the last line would go to the next page', () => {
    const pages = layOut([...filler(PER_PAGE - 3), paragraph(4)]);
    expect(linesOf(pages, 1)).toEqual(['p1', 'p2']);
    expect(linesOf(pages, 2)).toEqual(['p3', 'p4']);
  });

  it('moves a paragraph of three lines whole when two would fit, and one of two lines', () => {
    expect(linesOf(layOut([...filler(PER_PAGE - 2), paragraph(3)]), 2)).toEqual(['p1', 'p2', 'p3']);
    expect(linesOf(layOut([...filler(PER_PAGE - 1), paragraph(2)]), 2)).toEqual(['p1', 'p2']);
  });

  it('breaks a long paragraph over three pages with no line alone, and keeps a paragraph that fits', () => {
    const pages = layOut([...filler(PER_PAGE - 5), paragraph(2 * PER_PAGE + 2)]);
    const counts = [1, 2, 3].map((page) => linesOf(pages, page).length);
    expect(counts.reduce((a, b) => a + b)).toBe(2 * PER_PAGE + 2);
    for (const count of counts) expect(count).toBeGreaterThanOrEqual(2);
    expect(linesOf(layOut([...filler(PER_PAGE - 4), paragraph(4)]), 1)).toHaveLength(4);
  });

  it('counts the room of the notes its lines call', () => {
    // Two lines fit with no note; the second line's note leaves room for one: the paragraph moves.
    const text = { text: ['p1\n', 'p2', call('a', H), '\np3\np4'], orphans: 2, widows: 2 };
    const pages = layOut([...filler(PER_PAGE - 2), text]);
    expect(pages[0]!.lines.filter((l) => l.text.startsWith('p'))).toEqual([]);
    expect(pages[1]!.notes.footnotes).toEqual(['a']);
  });
});
