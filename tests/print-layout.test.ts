/**
 * The page layout as a typographer would check it, read off every edition's PDF (pdftotext
 * -bbox-layout, tests/helpers/pdf-layout.ts; the table of contents' dot leaders off the rendered
 * page): tables inside the text block whatever the number of zones, one size per table and one
 * decimal per share; a table of contents in three levels with dot leaders and right page numbers;
 * no heading left last on its page; annex tables continued under their title marked "(suite)",
 * annex zones above their groups; the contact block composed on its page; no colour or size of
 * its own in the layout module.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Content } from 'pdfmake/interfaces.js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTheme } from '../src/input/theme.js';
import { createFileWorld } from '../src/input/world.js';
import { documentStyles } from '../src/layout/document-styles.js';
import { createLayoutSession, LEAD_IN_STYLE } from '../src/layout/print-pdf.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { type Block, type Line, type Page, type PageFrame, readLayout, strandedHeadings, wordsPast } from './helpers/pdf-layout.js';
import { renderPage } from './helpers/pictures.js';
import { copyProject, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const theme = parse(readFileSync(join(PROJECT_ROOT, 'templates', 'theme.yaml'), 'utf8')) as { page: { margins: [number, number, number, number] } };
const [LEFT, TOP, RIGHT, BOTTOM] = theme.page.margins;
const A4_WIDTH = 595.28;
/** The text block's right edge, and the tolerance of a word's box. */
const RIGHT_EDGE = A4_WIDTH - RIGHT;
const frame: PageFrame = { left: LEFT, top: TOP, bottom: BOTTOM };
const annexes = parse(readFileSync(join(PROJECT_ROOT, 'templates', 'annexes.yaml'), 'utf8')) as Record<string, { columns: string[] }>;
/** The annex tables' header cells: a heading above them only is still alone. */
const HEADER_ROWS = Object.values(annexes).flatMap((annex) => annex.columns);

const flat = (text: string) =>
  text
    .normalize('NFC')
    .replace(/\u2011/g, '-')
    .replace(/[\u2019']/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

const project = copyProject();
/** The same project with one zone more in data/countries.yaml. */
const widerProject = copyProject();
const editions = new Map<string, Page[]>();
let wider: Page[] = [];

beforeAll(async () => {
  const built = await runCli(['build', '--all', '--out', 'out/'], project);
  if (built.code !== 0) throw new Error(`build --all failed:\n${built.stderr}`);
  for (const file of readdirSync(join(project, 'out'))
    .filter((f) => f.endsWith('.pdf'))
    .sort())
    editions.set(file.replace(/\.pdf$/, ''), readLayout(join(project, 'out', file)));
  const countries = join(widerProject, 'data', 'countries.yaml');
  const oneMore = '  - id: oceanie\n    name: "Océanie"\n    europe: false\n    chartTitle: "Nombre de coopérations avec l’Océanie"\n    areas:\n      - { id: oceanie, name: "Océanie" }\n';
  writeFileSync(countries, readFileSync(countries, 'utf8').replace(/\n(# The groups of Annexe II)/, `\n${oneMore}\n$1`));
  const widerBuild = await runCli(['build', '--out', 'out/wider.pdf'], widerProject);
  if (widerBuild.code !== 0) throw new Error(`build with one zone more failed:\n${widerBuild.stderr}`);
  wider = readLayout(join(widerProject, 'out', 'wider.pdf'));
}, 180_000);
afterAll(() => {
  removeDir(project);
  removeDir(widerProject);
});

const region = () => editions.get('midi-pyrenees-2002')!;
const departments = () => [...editions.keys()].filter((name) => /-\d\d$/.test(name));
/** The first page whose text holds `text`. */
const pageWith = (pages: readonly Page[], text: string) => pages.find((page) => page.blocks.some((b) => flat(b.text).includes(text)))!;
const wordsOf = (page: Page) => page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));

describe('tables', () => {
  it('stay inside the text block in every edition, and with one zone more', () => {
    // Before: both D-3 tables ended at 545 pt, past the text block's 535.3 pt.
    for (const [name, pages] of editions) expect(wordsPast(pages, RIGHT_EDGE + 0.5), name).toEqual([]);
    expect(wider.length).toBeGreaterThan(0);
    const zones = pageWith(wider, 'Zone géographique');
    expect(flat(zones.blocks.map((b) => b.text).join(' '))).toContain('Océanie');
    expect(wordsPast(wider, RIGHT_EDGE + 0.5)).toEqual([]);
  });

  it('set their header at the size of their body', () => {
    for (const pages of [region(), wider]) {
      const page = pageWith(pages, 'Zone géographique');
      const height = (text: string) => wordsOf(page).find((w) => w.text === text)!.yMax - wordsOf(page).find((w) => w.text === text)!.yMin;
      // The area table: its header ("Zone", "Méditerranée"), its row labels and its figures.
      const heights = ['Zone', 'Méditerranée', 'engagées', '88,0'].map(height);
      for (const h of heights) expect(Math.abs(h - heights[0]!), heights.join(', ')).toBeLessThan(0.3);
    }
  });

  it('print every share with one decimal', () => {
    // The area table printed "88 %" where the other tables print "88,0 %".
    const text = flat(
      pageWith(region(), 'Zone géographique')
        .blocks.map((b) => b.text)
        .join(' '),
    );
    expect(text).toMatch(/88,0 % 12,0 % 1,0 % 7,0 % 4,0 % 1,0 % 6,0 %/);
    expect(text).not.toMatch(/\b(88|12|7) % (12|1|7) %/);
  });
});

/** The entries of a table of contents page: their lines, the page number and its line. */
function tocEntries(page: Page): { text: string; lines: Line[]; number: number; numberLine: Line }[] {
  const lines = page.blocks.flatMap((b) => b.lines).filter((l) => l.yMin > TOP + 20 && l.yMax < page.height - BOTTOM);
  const numbers = lines.filter((l) => l.xMin > RIGHT_EDGE - 40 && /^\d+$/.test(l.text));
  const texts = lines.filter((l) => !numbers.includes(l)).sort((a, b) => a.yMin - b.yMin);
  const entries: ReturnType<typeof tocEntries> = [];
  let pending: Line[] = [];
  for (const line of texts) {
    pending.push(line);
    const number = numbers.find((n) => Math.abs(n.yMax - line.yMax) < 1);
    if (!number) continue;
    entries.push({ text: flat(pending.map((l) => l.text).join(' ')), lines: pending, number: Number(number.text), numberLine: number });
    pending = [];
  }
  return entries;
}

/** The page a heading is set on: a block larger than the body, at the left edge, starting with the text. */
function headingPage(pages: readonly Page[], text: string, toc: number): number | undefined {
  const bare = (t: string) => flat(t).replace(/\s*\d+$/, '');
  return pages.find((page) => page.number !== toc && page.blocks.some((b) => b.size > 10.4 && Math.abs(b.xMin - LEFT) < 1 && bare(b.text).startsWith(bare(text))))?.number;
}

describe('the table of contents', () => {
  it('fits page 3 of the default edition, in three levels, the annexes under "F. Annexes"', () => {
    const page = region()[2]!;
    expect(flat(page.blocks[1]!.text)).toBe('Sommaire');
    const entries = tocEntries(page);
    const entry = (start: string) => entries.find((e) => e.text.startsWith(start))!;
    for (const start of ['A. Introduction', 'D-3.', 'a) De manière générale', 'g) Amériques', 'F. Annexes', 'F-1.', 'F-2.', 'F-3.']) expect(entry(start), start).toBeDefined();
    const indent = (start: string) => entry(start).lines[0]!.xMin - LEFT;
    const height = (start: string) => entry(start).lines[0]!.yMax - entry(start).lines[0]!.yMin;
    // Level 1 at the margin, level 2 and the annexes indented once, level 3 twice; sizes decreasing.
    expect(indent('A. Introduction')).toBeCloseTo(0, 0);
    expect(indent('F. Annexes')).toBeCloseTo(0, 0);
    for (const start of ['Nos Objectifs', 'D-3.', 'F-1.', 'F-2.', 'F-3.']) expect(indent(start), start).toBeGreaterThan(8);
    for (const start of ['F-1.', 'F-2.', 'F-3.']) {
      expect(indent(start), start).toBeCloseTo(indent('D-3.'), 0);
      expect(height(start), start).toBeCloseTo(height('D-3.'), 1);
      expect(entry(start).lines, `${start} on one line`).toHaveLength(1);
    }
    expect(indent('a) De manière générale')).toBeGreaterThan(indent('D-3.') + 8);
    expect(height('A. Introduction')).toBeGreaterThan(height('D-3.'));
    expect(height('D-3.')).toBeGreaterThan(height('a) De manière générale'));
    // Page 4 starts the text.
    expect(
      flat(
        region()[3]!
          .blocks.map((b) => b.text)
          .join(' '),
      ),
    ).toContain('A. Introduction');
  });

  it('prints, in every edition, the page each heading is on', () => {
    for (const [name, pages] of editions) {
      const toc = pages.find((p) => p.blocks.some((b) => flat(b.text) === 'Sommaire'))!;
      const entries = tocEntries(toc);
      expect(entries.length, name).toBeGreaterThan(10);
      for (const e of entries) expect(headingPage(pages, e.text, toc.number), `${name}: ${e.text}`).toBe(e.number);
    }
  });

  it('runs a dot leader from each entry to its page number', () => {
    const resolution = 144;
    const pt = resolution / 72;
    const png = PNG.sync.read(renderPage(join(project, 'out', 'midi-pyrenees-2002.pdf'), 3, project, resolution));
    const dark = (x: number, y: number) => {
      const i = (png.width * y + x) << 2;
      return png.data[i]! + png.data[i + 1]! + png.data[i + 2]! < 3 * 200;
    };
    for (const e of tocEntries(region()[2]!)) {
      const last = e.lines.at(-1)!;
      const from = Math.ceil((last.xMax + 6) * pt);
      const to = Math.floor((e.numberLine.xMin - 6) * pt);
      // The dots sit on the baseline, in the line's lower half: count the runs of dark pixels along it.
      let best = 0;
      for (let y = Math.floor(((last.yMin + last.yMax) / 2) * pt); y <= Math.ceil(last.yMax * pt); y++) {
        let runs = 0;
        for (let x = from; x <= to; x++) if (dark(x, y) && !dark(x - 1, y)) runs++;
        best = Math.max(best, runs);
      }
      const expected = (to - from) / pt / 3.6;
      expect(best, `${e.text}: ${best} dots for ${((to - from) / pt).toFixed(0)} pt`).toBeGreaterThan(expected * 0.7);
    }
  });
});

describe('headings', () => {
  it('are never the last thing on their page, in the default edition and every department', () => {
    // Before: the Haute-Garonne's "Coopérations avec l'Italie" (p. 16) and "… la Méditerranée" (p. 19).
    expect(departments().length).toBeGreaterThan(0);
    for (const [name, pages] of editions) expect(strandedHeadings(pages, frame, HEADER_ROWS), name).toEqual([]);
  });
});

describe('a heading before a block laid out whole', () => {
  /**
   * A layout session of the real theme, and a table pdfmake never breaks: its first cell marked
   * with its id, its last cell with an id of its own (pdfmake dates a node with an id from the
   * page it is printed on), with its height laid out whole.
   */
  const wholeTableSetting = () => {
    const loaded = loadTheme(createFileWorld(PROJECT_ROOT), new Diagnostics())!;
    const session = createLayoutSession(loaded);
    const { styles, defaultStyle } = documentStyles(loaded);
    // Fresh nodes for each layout: pdfmake writes into them.
    const table = () => ({
      table: { widths: ['*'], body: Array.from({ length: 8 }, (_, i) => [{ text: `ligne ${i}`, ...(i === 0 ? { style: ['tableHead', 'whole-t'] } : {}), ...(i === 7 ? { id: 'end' } : {}) }]) },
      unbreakable: true,
    });
    const wholeHeights = { 'whole-t': session.measureHeight([table()], A4_WIDTH - LEFT - RIGHT, styles, defaultStyle) };
    return { session, styles, defaultStyle, table, wholeHeights };
  };

  it('goes to the next page with it, and so does a heading above that heading', () => {
    const { session, styles, defaultStyle, table, wholeHeights } = wholeTableSetting();
    const strandedAt: number[] = [];
    for (let filler = 480; filler <= 680; filler += 8) {
      const content = (): Content[] => [
        { text: 'Un paragraphe.', margin: [0, filler, 0, 0] },
        { text: 'D-2. Un titre', style: 'subheading', headlineLevel: 2, id: 'upper' },
        { text: 'a) Un sous-titre', style: 'minorheading', headlineLevel: 3, id: 'lower' },
        table(),
      ];
      const layout = (heights: Record<string, number>) => session.layout({ pageSize: 'A4', pageMargins: theme.page.margins, content: content(), styles, defaultStyle }, heights).nodePages;
      const pages = layout(wholeHeights);
      expect(pages.upper, `filler ${filler}`).toBe(pages.end);
      expect(pages.lower, `filler ${filler}`).toBe(pages.end);
      // Without the heights, pdfmake's dates would leave the headings behind.
      const unaware = layout({});
      if (unaware.lower !== unaware.end) strandedAt.push(filler);
    }
    expect(strandedAt.length).toBeGreaterThan(0);
  });

  it('takes a lead-in ("… est la suivante :") and the heading above it to the next page with the block', () => {
    const { session, styles, defaultStyle, table, wholeHeights } = wholeTableSetting();
    let apart = 0;
    for (let filler = 480; filler <= 680; filler += 8) {
      const content = (leadIn: string[]): Content[] => [
        { text: 'Un paragraphe.', margin: [0, filler, 0, 0] },
        { text: 'b) Europe', style: 'minorheading', headlineLevel: 3, id: 'heading' },
        { text: 'La répartition est la suivante :', style: leadIn, id: 'lead' },
        table(),
      ];
      const pages = (leadIn: string[]) => session.layout({ pageSize: 'A4', pageMargins: theme.page.margins, content: content(leadIn), styles, defaultStyle }, wholeHeights).nodePages;
      const marked = pages(['paragraph', LEAD_IN_STYLE]);
      expect(marked.lead, `filler ${filler}`).toBe(marked.end);
      expect(marked.heading, `filler ${filler}`).toBe(marked.end);
      // Unmarked, the same paragraph stays behind at the foot of the page for some fillers.
      const plain = pages(['paragraph']);
      if (plain.lead !== plain.end) apart++;
    }
    expect(apart).toBeGreaterThan(0);
  });
});

describe('the annexes', () => {
  /** The pages of Annexes II and III (from F-2 to the last page that is not the contact page). */
  const groupedAnnexPages = (pages: readonly Page[]) => {
    const start = pages.findIndex((p) => p.blocks.some((b) => flat(b.text).startsWith('F-2. Annexe II')));
    return pages.slice(start).filter((p) => p.blocks.some((b) => HEADER_ROWS.some((h) => flat(b.text).includes(flat(h)))));
  };
  const firstBodyBlock = (page: Page): Block => page.blocks.filter((b) => b.yMin >= TOP - 1).sort((a, b) => a.yMin - b.yMin)[0]!;

  it('continue a group table on a new page under its title marked "(suite)"', () => {
    const spain = region()[20]!;
    expect(flat(firstBodyBlock(spain).text)).toBe("Coopérations avec l'Espagne (suite)");
    // Its first printing, under the zone, has no mark (the patched pdfmake prints it in repetitions only).
    const titles = region()
      .flatMap((p) => p.blocks)
      .filter((b) => flat(b.text).startsWith("Coopérations avec l'Espagne"));
    expect(titles.map((b) => flat(b.text))).toEqual(["Coopérations avec l'Espagne", "Coopérations avec l'Espagne (suite)"]);
    for (const [name, pages] of editions) {
      for (const page of groupedAnnexPages(pages)) {
        const first = firstBodyBlock(page);
        expect(first.size, `${name} p. ${page.number} starts with "${first.text}"`).toBeGreaterThan(10.4);
      }
    }
  });

  it('set a zone above its groups, larger than their titles', () => {
    const page = region().find((p) => p.number > 3 && p.blocks.some((b) => flat(b.text).startsWith('F-3. Annexe III')))!;
    const block = (text: string) => page.blocks.find((b) => flat(b.text) === text)!;
    const annex = page.blocks.find((b) => flat(b.text).startsWith('F-3. Annexe III'))!;
    const zone = block("Europe de l'Est");
    const group = block('Coopérations avec la Roumanie');
    expect(annex.size).toBeGreaterThan(zone.size + 0.5);
    expect(zone.size).toBeGreaterThan(group.size + 1);
    expect(zone.yMax).toBeLessThan(group.yMin);
    expect(block('Asie').size).toBeCloseTo(zone.size, 1);
    // A group outside any zone stands at the level of a zone, not under the zone above it.
    const africa = region()
      .flatMap((p) => p.blocks)
      .find((b) => flat(b.text) === "Coopérations avec l'Afrique")!;
    expect(africa.size).toBeCloseTo(zone.size, 1);
  });
});

describe('the contact page', () => {
  it('sets its block centred in the upper third, not at the top of the page', () => {
    for (const [name, pages] of editions) {
      const page = pages.at(-1)!;
      const body = page.blocks.filter((b) => b.yMin >= TOP - 1 && b.yMax <= page.height - BOTTOM);
      expect(flat(body.map((b) => b.text).join(' ')), name).toContain('Pour tout renseignement');
      const top = Math.min(...body.map((b) => b.yMin));
      const textHeight = page.height - TOP - BOTTOM;
      expect(top - TOP, name).toBeGreaterThan(textHeight / 6);
      expect(Math.max(...body.map((b) => b.yMax)) - TOP, name).toBeLessThan(textHeight / 2);
      for (const line of body.flatMap((b) => b.lines)) expect(Math.abs((line.xMin + line.xMax) / 2 - A4_WIDTH / 2), `${name}: ${line.text}`).toBeLessThan(2);
    }
  });
});

describe('the layout modules', () => {
  it('take their colours and the cover sizes from templates/theme.yaml', () => {
    const modules = [
      'build-document',
      'layout-context',
      'document-styles',
      'document-sections',
      'document-blocks',
      'inline-nodes',
      'table-of-contents',
      'computed-tables',
      'annex-tables',
      'page-furniture',
      'footnotes',
    ];
    for (const module of modules) {
      const source = readFileSync(join(PROJECT_ROOT, 'src', 'layout', `${module}.ts`), 'utf8');
      expect(source.match(/['"]#[0-9A-Fa-f]{6}['"]/g) ?? [], module).toEqual([]);
      expect(source, module).not.toMatch(/cover\w*: \{[^}]*fontSize/);
    }
  });
});
