/**
 * Footnotes and page breaks as a typesetter sets them, read off the default edition and two
 * department editions (pdftotext -bbox-layout, tests/helpers/pdf-layout.ts): each note at the
 * foot of the page of its first call, in the room reserved there only (a page without notes
 * keeps its full height, so no page ends short of its notes but for a break the layout chose),
 * and no line of a paragraph alone at the foot or the top of a page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BODY_PITCH, type Line, type PageFlow, type PageFrame, pageFlows, readLayout, widowsAndOrphans } from './helpers/pdf-layout.js';
import { copyProject, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const theme = parse(readFileSync(join(PROJECT_ROOT, 'templates', 'theme.yaml'), 'utf8')) as { page: { margins: [number, number, number, number] } };
const [LEFT, TOP, RIGHT, BOTTOM] = theme.page.margins;
const A4_WIDTH = 595.28;
const RIGHT_EDGE = A4_WIDTH - RIGHT;
const frame: PageFrame = { left: LEFT, top: TOP, bottom: BOTTOM };
const A4_HEIGHT = 841.89;
/** The space under a paragraph (src/layout/document-styles.ts, style `paragraph`), and a point spare. */
const PARAGRAPH_SPACE = 8;
/** The least lines of a paragraph left at the foot of a page (theme styles' `orphans`). */
const ORPHANS = 2;
/** The furniture's rule under the text block, and the space between it and the notes (src/layout/document-styles.ts, src/layout/page-furniture.ts). */
const FOOTER_TOP = 10;
const FOOTNOTE_GAP = 16;

const project = copyProject();
const editions = new Map<string, PageFlow[]>();

beforeAll(async () => {
  for (const department of [undefined, '31', '46']) {
    const built = await runCli(['build', '--out', 'out/', ...(department ? ['--department', department] : [])], project);
    if (built.code !== 0) throw new Error(`build ${department ?? ''} failed:\n${built.stderr}`);
  }
  for (const file of readdirSync(join(project, 'out'))
    .filter((f) => f.endsWith('.pdf'))
    .sort())
    editions.set(file.replace(/\.pdf$/, ''), pageFlows(readLayout(join(project, 'out', file)), frame));
}, 180_000);
afterAll(() => removeDir(project));

describe('footnotes', () => {
  it('are printed at the foot of the page of their first call, each once', () => {
    expect([...editions.keys()].sort()).toEqual(['midi-pyrenees-2002', 'midi-pyrenees-2002-31', 'midi-pyrenees-2002-46']);
    for (const [name, pages] of editions) {
      const firstCall = new Map<number, number>();
      for (const page of pages) for (const n of page.calls) if (!firstCall.has(n)) firstCall.set(n, page.number);
      const printed = pages.flatMap((page) => page.notes.map((n) => [n, page.number] as const));
      expect(printed.length, name).toBeGreaterThan(9);
      expect(
        printed.map(([n]) => n),
        `${name}: every call's note, once, in order`,
      ).toEqual([...firstCall.keys()].sort((a, b) => a - b));
      for (const [n, page] of printed) expect(page, `${name}: note ${n}`).toBe(firstCall.get(n));
    }
  });

  it('fill the room reserved for them: on every page they end as high above the furniture', () => {
    // Before, every page of a section with notes had the room of all of them: the notes of the
    // department 31's pages 9 and 10 ended 54.7 and 31.8 pt above the furniture's rule, 19.7 pt
    // elsewhere; the room left empty was the text's.
    const furniture = A4_HEIGHT - BOTTOM + FOOTER_TOP;
    for (const [name, pages] of editions) {
      for (const page of pages.filter((p) => p.notesEnd !== undefined)) {
        expect(furniture - page.notesEnd!, `${name}: page ${page.number}`).toBeGreaterThan(FOOTNOTE_GAP);
        expect(furniture - page.notesEnd!, `${name}: page ${page.number}`).toBeLessThan(FOOTNOTE_GAP + 4);
      }
    }
  });

  it('leave no page ending short of their room but where the layout chose to break', () => {
    for (const [name, pages] of editions) {
      for (const [index, page] of pages.slice(0, -1).entries()) {
        const next = pages[index + 1]!;
        const first = next.body[0];
        // Only where the text runs on: the next page starts with prose at its top (not a heading,
        // a table or chart laid out whole, a group table broken on purpose, a composed page).
        if (!first || next.runs[0]?.[0] !== first || first.yMin > TOP + 2) continue;
        const end = Math.max(...page.body.map((line: Line) => line.yMax));
        // The space under a paragraph and the lines that did not fit: the two a paragraph must
        // leave at the foot of a page (orphans: 2), or up to three lines more when the next page
        // starts with the last lines of a paragraph (widows).
        const carried = next.runs[0]!.length <= 3 ? 2 : 0;
        expect(page.bottom - end, `${name}: page ${page.number} ends ${(page.bottom - end).toFixed(1)} pt above ${page.notes.length > 0 ? 'its notes' : 'the furniture'}`).toBeLessThan(
          Math.max(ORPHANS, 1 + carried) * BODY_PITCH + PARAGRAPH_SPACE,
        );
      }
    }
  });
});

describe('paragraphs', () => {
  it('leave no line alone at the foot or the top of a page', () => {
    for (const [name, pages] of editions) expect(widowsAndOrphans(pages, frame, RIGHT_EDGE), name).toEqual([]);
  });

  it('are read as such: a line alone is found', () => {
    // The check above on a made-up pair of pages: a justified line alone at a page's foot, and
    // the paragraph's last line alone at the next page's top.
    const line = (text: string, yMin: number, xMax: number): Line => ({ text, words: [{ text, xMin: LEFT, xMax, yMin, yMax: yMin + 11.64 }], xMin: LEFT, xMax, yMin, yMax: yMin + 11.64 });
    const alone = line('goes on', 700, RIGHT_EDGE);
    const widow = line('ends.', TOP, 200);
    const pages: PageFlow[] = [
      { number: 1, body: [alone], runs: [[alone]], notes: [], calls: [], bottom: 778 },
      { number: 2, body: [widow], runs: [[widow]], notes: [], calls: [], bottom: 778 },
    ];
    expect(widowsAndOrphans(pages, frame, RIGHT_EDGE)).toEqual(['p. 1: orphan «goes on»', 'p. 2: widow «ends.»']);
  });
});
