/**
 * The pdfmake patch's continued headers (patches/pdfmake+0.3.11.patch: PageElementWriter,
 * TableProcessor, Renderer): a table whose header rows are a zone, a title and a column header
 * repeats only the title and the column header where it breaks (`repeatHeaderFrom`), the title's
 * "(suite)" printed there only (`onlyWhenRepeated`), the title's id and outline printed once, and
 * each page it continues after closed by the rule `hLineWidthAtBreak` gives. Laid out and read
 * back item by item, then printed and read back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Content, CustomTableLayout, TableCell } from 'pdfmake/interfaces.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { Theme } from '../src/input/theme.js';
import { LayoutBuilder, PDFDocument, SVGMeasure, tableLayouts, virtualFs } from '../src/layout/pdfmake-internals.js';
import { createPrinter, printPdf } from '../src/layout/print-pdf.js';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-Bold.ttf');
const family = { normal: FONT, bold: BOLD, italics: FONT, bolditalics: BOLD };
const PAGE = { width: 300, height: 400 };
const MARGIN = 20;

interface Line {
  y: number;
  repeated?: boolean;
  id?: string;
  _outline?: unknown;
  inlines: { text: string; onlyWhenRepeated?: boolean }[];
}
interface Vector {
  type: string;
  y1: number;
  y2: number;
  lineWidth: number;
}
type Item = { type: 'line'; item: Line } | { type: 'vector'; item: Vector };

const INNER_RULE = 0.4;
const END_RULE = 0.9;

/** A zone, a group title with its continuation mark, a column header, then `rows` communes. */
function groupTable(rows: number, atBreak: boolean): Content {
  const titleRow = (content: Content): TableCell[] => [{ stack: [content], colSpan: 2 }, {}];
  const layout: CustomTableLayout = {
    hLineWidth: (i, node) => (i < 2 ? 0 : i === node.table.body.length ? END_RULE : INNER_RULE),
    vLineWidth: () => 0,
    ...(atBreak ? { hLineWidthAtBreak: () => END_RULE } : {}),
  };
  return {
    table: {
      headerRows: 3,
      repeatHeaderFrom: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: [100, '*'],
      body: [
        titleRow({ text: 'Europe', fontSize: 14 }),
        titleRow({ text: ['Espagne', { text: '\u00A0(suite)', onlyWhenRepeated: true }], id: 'group-es', outline: true, outlineText: 'Espagne' }),
        [{ text: 'Commune' }, { text: 'Accords' }],
        ...Array.from({ length: rows }, (_, i): TableCell[] => [{ text: `Commune ${i + 1}` }, { text: `Partenaire ${i + 1}` }]),
      ],
    },
    layout,
  };
}

function layOut(content: Content[]): Item[][] {
  const document = new PDFDocument({ Body: family }, {}, {}, {}, { autoFirstPage: false, compress: false, info: {}, font: null }, virtualFs, () => true);
  const builder = new LayoutBuilder({ ...PAGE, orientation: 'portrait' }, { left: MARGIN, top: MARGIN, right: MARGIN, bottom: MARGIN }, new SVGMeasure());
  builder.registerTableLayouts(tableLayouts);
  const pages = builder.layoutDocument(content, document, {}, { font: 'Body', fontSize: 10 }, undefined, undefined, undefined, undefined, undefined) as { items: Item[] }[];
  return pages.map((page) => page.items);
}

const linesOf = (items: Item[]) => items.flatMap((i) => (i.type === 'line' ? [i.item] : [])).sort((a, b) => a.y - b.y);
const textOf = (line: Line) => line.inlines.map((i) => i.text).join('');
/** The horizontal rules of a page in drawing order, one per height (a rule is drawn a segment per column). */
function rulesOf(items: Item[]): Vector[] {
  const rules: Vector[] = [];
  for (const { type, item } of items) {
    if (type !== 'vector' || item.type !== 'line' || item.y1 !== item.y2) continue;
    const same = rules.find((rule) => rule.y1 === item.y1);
    if (same) expect(item.lineWidth).toBe(same.lineWidth);
    else rules.push(item);
  }
  return rules;
}

describe('continued table headers', () => {
  const pages = layOut([groupTable(60, true)]);

  it('repeat the title and the column header, not the rows above repeatHeaderFrom', () => {
    expect(pages.length).toBeGreaterThan(2);
    expect(linesOf(pages[0]!).slice(0, 3).map(textOf)).toEqual(['Europe', 'Espagne\u00A0(suite)', 'Commune']);
    for (const page of pages.slice(1)) {
      const lines = linesOf(page);
      expect(lines.slice(0, 2).map(textOf)).toEqual(['Espagne\u00A0(suite)', 'Commune']);
      expect(lines.some((line) => textOf(line) === 'Europe')).toBe(false);
      // The title moved up to the top of the page, where the zone would have been.
      expect(lines[0]!.y).toBeCloseTo(linesOf(pages[0]!)[0]!.y, 5);
    }
  });

  it('mark the repetitions, which name no place: the first printing keeps the id and the outline', () => {
    const title = (page: Item[]) => linesOf(page).find((line) => textOf(line).startsWith('Espagne'))!;
    expect(title(pages[0]!)).toMatchObject({ id: 'group-es' });
    expect(title(pages[0]!).repeated).toBeUndefined();
    expect(title(pages[0]!)._outline).toBeDefined();
    for (const page of pages.slice(1)) {
      expect(title(page).repeated).toBe(true);
      expect(title(page).id).toBeUndefined();
      expect(title(page)._outline).toBeUndefined();
    }
    expect(title(pages[0]!).inlines.at(-1)).toMatchObject({ onlyWhenRepeated: true });
  });

  it('close each page the table continues after with the rule hLineWidthAtBreak gives, its top edge kept', () => {
    const plain = layOut([groupTable(60, false)]);
    expect(plain.map(linesOf).map((lines) => lines.map(textOf))).toEqual(pages.map(linesOf).map((lines) => lines.map(textOf)));
    for (let p = 0; p + 1 < pages.length; p++) {
      const last = rulesOf(pages[p]!).at(-1)!;
      const before = rulesOf(plain[p]!).at(-1)!;
      expect(before.lineWidth).toBe(INNER_RULE);
      expect(last.lineWidth).toBe(END_RULE);
      expect(last.y1 - END_RULE / 2).toBeCloseTo(before.y1 - INNER_RULE / 2, 5);
      // Only the page's last rule: the ones above it stay inner rules.
      expect(rulesOf(pages[p]!).at(-2)!.lineWidth).toBe(INNER_RULE);
    }
    expect(rulesOf(pages.at(-1)!).at(-1)!.lineWidth).toBe(END_RULE);
  });

  it('leave a table that fits on its page as it was', () => {
    const [page, ...rest] = layOut([groupTable(5, true)]);
    expect(rest).toEqual([]);
    expect(linesOf(page!).map(textOf).slice(0, 3)).toEqual(['Europe', 'Espagne\u00A0(suite)', 'Commune']);
    expect(rulesOf(page!).filter((rule) => rule.lineWidth === END_RULE)).toHaveLength(1);
  });

  describe('printed and read back with pdftotext', () => {
    const work = mkdtempSync(join(tmpdir(), 'coopdec-continued-headers-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('print "(suite)" on the pages the table continues on only, and one outline entry', async () => {
      const theme = { fontFiles: [FONT, BOLD], fonts: { body: family, symbols: family } } as unknown as Theme;
      const pdf = await printPdf(createPrinter(theme), {
        pageSize: PAGE,
        pageMargins: MARGIN,
        defaultStyle: { font: 'Body', fontSize: 10 },
        content: [groupTable(60, true)],
      });
      const file = join(work, 'continued.pdf');
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      const pageTexts = text.split('\f').filter((page) => page.trim());
      expect(pageTexts.length).toBe(pages.length);
      expect(pageTexts[0]).toMatch(/^Europe\s+Espagne\s/);
      expect(pageTexts[0]).not.toContain('suite');
      for (const page of pageTexts.slice(1)) expect(page).toMatch(/^Espagne\s\(suite\)\s/);
      // The outline (bookmarks) and the named destination are written once.
      const raw = pdf.toString('latin1');
      expect(raw.match(/\/Title \(Espagne\)/g) ?? []).toHaveLength(1);
      expect(raw.match(/\(group-es\)/g) ?? []).toHaveLength(1);
    });
  });
});
