/**
 * The pdfmake patch (patches/pdfmake+<version>.patch, applied by `npm ci` through patch-package):
 * soft hyphens, justification that widens real spaces only, and spaces of a justified line that
 * may shrink by the style's `wordSpacingShrink` share of their width to take one more word. Tiny
 * documents laid out by the patched pdfmake and inspected line by line, then printed and
 * read back with pdftotext. Pinned to the pdfmake version the patch was written for, so that an
 * upgrade fails here, loudly, until the patch is redone for it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBboxLayout } from '../scripts/word-spacing.mjs';
import type { Theme } from '../src/input/theme.js';
import { LayoutBuilder, PDFDocument, SVGMeasure, tableLayouts, virtualFs } from '../src/layout/pdfmake-internals.js';
import { createPrinter, printPdf } from '../src/layout/print-pdf.js';
import { SOFT_HYPHEN } from '../src/prose/hyphenation.js';
import { PROJECT_ROOT } from './helpers/project.js';

const require = createRequire(import.meta.url);

/** The pdfmake version the patch was written and checked for. */
const PATCHED_VERSION = '0.3.11';
const PATCH = join(PROJECT_ROOT, 'patches', `pdfmake+${PATCHED_VERSION}.patch`);

interface Inline {
  text: string;
  x: number;
  width: number;
  trailingCut?: number;
  justifyShift?: number;
}
interface Line {
  inlines: Inline[];
  maxWidth: number;
  getWidth(): number;
}

const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-Bold.ttf');
const family = { normal: FONT, bold: BOLD, italics: FONT, bolditalics: BOLD };

/** Lays out content in a column `width` pt wide and returns its lines. */
function layOut(content: unknown[], width: number): Line[] {
  const document = new PDFDocument({ Body: family }, {}, {}, {}, { autoFirstPage: false, compress: false, info: {}, font: null, size: [width, 2000] }, virtualFs, () => true);
  const builder = new LayoutBuilder({ width, height: 2000, orientation: 'portrait' }, { left: 0, top: 0, right: 0, bottom: 0 }, new SVGMeasure());
  builder.registerTableLayouts(tableLayouts);
  const pages = builder.layoutDocument(content, document, {}, { font: 'Body', fontSize: 10 }, undefined, undefined, undefined, undefined, undefined) as { items: { type: string; item: Line }[] }[];
  return pages.flatMap((page) => page.items.filter((i) => i.type === 'line').map((i) => i.item));
}

const lineText = (line: Line) => line.inlines.map((i) => i.text).join('');
const right = (inline: Inline) => inline.x + inline.width;
const endsWithSpace = (inline: Inline) => /[^\S\u00A0\u2007\u202F]$/.test(inline.text);

// Long words with soft hyphens, no real hyphen: every "-" drawn comes from a soft hyphen.
const S = SOFT_HYPHEN;
const PROSE = [
  `La co${S}opé${S}ra${S}tion dé${S}cen${S}tra${S}li${S}sée des col${S}lec${S}ti${S}vi${S}tés ter${S}ri${S}to${S}riales `,
  `fran${S}çaises s’ins${S}crit dans une dé${S}marche in${S}ter${S}na${S}tio${S}nale d’ap${S}pré${S}hen${S}sion `,
  `des en${S}ga${S}ge${S}ments in${S}ter${S}na${S}tio${S}naux et des par${S}te${S}na${S}riats trans${S}fron${S}ta${S}liers.`,
].join('');
const PLAIN = PROSE.replaceAll(SOFT_HYPHEN, '');

describe(`pdfmake ${PATCHED_VERSION} with the patch (soft hyphens, shrinkable spaces)`, () => {
  it('is the version the patch was written for, with every hunk applied', () => {
    const installed = (require('pdfmake/package.json') as { version: string }).version;
    expect(
      installed,
      `pdfmake ${installed} is installed: redo patches/pdfmake+${PATCHED_VERSION}.patch for it (edit node_modules/pdfmake/js, npx patch-package pdfmake), check these tests, then update PATCHED_VERSION`,
    ).toBe(PATCHED_VERSION);
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(manifest.dependencies.pdfmake, 'pdfmake is pinned: the patch is for one version').toBe(PATCHED_VERSION);
    // postinstall runs patch-package (scripts/postinstall.mjs finds where pdfmake is installed), failing the install when a hunk does not apply.
    expect(manifest.scripts.postinstall).toBe('node scripts/postinstall.mjs');
    expect(readFileSync(join(PROJECT_ROOT, 'scripts', 'postinstall.mjs'), 'utf8')).toMatch(/patch-package.*'--error-on-fail'/s);
    // Each file the patch touches carries as many markers as the patch adds to it.
    const patch = readFileSync(PATCH, 'utf8');
    for (const section of patch.split(/^diff --git /m).slice(1)) {
      const file = /^a\/node_modules\/(\S+)/.exec(section)![1]!;
      const added = section.split('\n').filter((l) => l.startsWith('+') && l.includes('coopdec-report patch')).length;
      const present = readFileSync(require.resolve(file), 'utf8').split('coopdec-report patch').length - 1;
      expect(present, `${file}: patch not applied (run npm ci)`).toBe(added);
    }
    expect((require('pdfmake/js/TextBreaker') as { softHyphens?: boolean }).softHyphens).toBe(true);
    expect((require('pdfmake/js/TextBreaker') as { wordSpacingShrink?: boolean }).wordSpacingShrink).toBe(true);
  });

  it('draws a hyphen at the end of a line broken at a soft hyphen, and no soft hyphen anywhere', () => {
    const lines = layOut([{ text: PROSE, alignment: 'justify' }], 150);
    const texts = lines.map(lineText);
    expect(texts.join('')).not.toContain(SOFT_HYPHEN);
    const broken = texts.filter((t) => t.endsWith('-'));
    expect(broken.length, texts.join('\n')).toBeGreaterThan(2);
    // Taking the hyphens away gives the text back, word for word.
    expect(texts.map((t) => (t.endsWith('-') ? t.slice(0, -1) : t)).join('')).toBe(PLAIN);
    // The hyphen is its own piece's end: the pieces before it on the line are whole words or pieces.
    for (const line of lines.slice(0, -1)) expect(line.inlines.at(-1)!.text).toMatch(/(\p{L}-|[\s.,])$/u);
  });

  it('measures the hyphen of a line that ends at one: no line runs past its width', () => {
    for (const width of [90, 120, 150, 200, 260]) {
      const lines = layOut([{ text: PROSE, alignment: 'justify' }], width);
      for (const line of lines) {
        expect(line.getWidth()).toBeLessThanOrEqual(width + 1e-6);
        const last = line.inlines.at(-1)!;
        expect(right(last) - (last.trailingCut ?? 0)).toBeLessThanOrEqual(width + 1e-6);
      }
    }
  });

  it('neither draws nor measures a soft hyphen where the line does not break', () => {
    const [withSoft] = layOut([{ text: `la co${S}opé${S}ra${S}tion` }], 400);
    const [without] = layOut([{ text: 'la coopération' }], 400);
    expect(lineText(withSoft!)).toBe('la coopération');
    expect(withSoft!.getWidth()).toBeCloseTo(without!.getWidth(), 6);
    // Its pieces sit edge to edge.
    for (let i = 1; i < withSoft!.inlines.length; i++) expect(withSoft!.inlines[i]!.x).toBeCloseTo(right(withSoft!.inlines[i - 1]!), 6);
  });

  it('justifies by widening the spaces only, never inside a word', () => {
    // Pieces of words: soft hyphens, a change of style inside a word, a footnote call.
    const text = [{ text: PROSE.slice(0, 120) }, { text: `co${S}opé`, bold: true }, { text: `ra${S}tion` }, { text: '3', sup: true }, { text: ` ${PROSE.slice(120)}` }];
    for (const width of [110, 150, 230]) {
      const lines = layOut([{ text, alignment: 'justify' }], width);
      for (const line of lines.slice(0, -1)) {
        const last = line.inlines.at(-1)!;
        expect(right(last) - (last.trailingCut ?? 0), lineText(line)).toBeCloseTo(width, 6);
        const extras: number[] = [];
        for (let i = 1; i < line.inlines.length; i++) {
          const gap = line.inlines[i]!.x - right(line.inlines[i - 1]!);
          if (endsWithSpace(line.inlines[i - 1]!)) extras.push(gap);
          else expect(gap, `inside a word: "${line.inlines[i - 1]!.text}|${line.inlines[i]!.text}"`).toBeCloseTo(0, 6);
        }
        // Every space of a line gets the same extra width.
        for (const extra of extras) expect(extra).toBeCloseTo(extras[0]!, 6);
      }
    }
  });

  it('leaves left-aligned and last lines as they were, and text without soft hyphens as it was', () => {
    const lines = layOut([{ text: PLAIN, alignment: 'left' }], 150);
    expect(lines.map(lineText).join('')).toBe(PLAIN);
    for (const line of lines) for (let i = 1; i < line.inlines.length; i++) expect(line.inlines[i]!.x).toBeCloseTo(right(line.inlines[i - 1]!), 6);
  });

  describe('shrinkable spaces (wordSpacingShrink)', () => {
    const SHRINK = 0.1;
    const WORDS = PLAIN.split(' ');
    const K = 5;
    /** Natural width of the first k words on one line, and the width of a space. */
    const [natural] = layOut([{ text: WORDS.slice(0, K).join(' ') }], 2000);
    const naturalWidth = natural!.getWidth();
    const space = natural!.inlines[0]!.trailingCut!;
    /** The most the K - 1 spaces of those words may give up together. */
    const room = (K - 1) * SHRINK * space;
    const firstLine = (width: number, style: object) => layOut([{ text: PLAIN, ...style }], width)[0]!;
    const words = (line: Line) => lineText(line).trim().split(' ').length;
    /** Each space's change of width on a line (negative: shrunk), as a share of the space. */
    const spaceChanges = (line: Line) => line.inlines.slice(0, -1).flatMap((inline, i) => (endsWithSpace(inline) ? [(line.inlines[i + 1]!.x - right(inline)) / inline.trailingCut!] : []));

    it('sets on a justified line a word that fits only once its spaces shrink, the spaces shrunk alike', () => {
      expect(space).toBeGreaterThan(2);
      const width = naturalWidth - room / 2;
      const line = firstLine(width, { alignment: 'justify', wordSpacingShrink: SHRINK });
      expect(words(line), lineText(line)).toBe(K);
      // The line ends on the right edge, every space shrunk by the same share, within the limit.
      const last = line.inlines.at(-1)!;
      expect(right(last) - (last.trailingCut ?? 0)).toBeCloseTo(width, 6);
      const changes = spaceChanges(line);
      expect(changes).toHaveLength(K - 1);
      for (const change of changes) expect(change).toBeCloseTo(-SHRINK / 2, 6);
      // Printed as laid out: the line's pieces keep their shrunk positions.
      for (const inline of line.inlines.slice(1)) expect(inline.justifyShift).toBeCloseTo((-SHRINK / 2) * space, 6);
    });

    it('shrinks no space without the property, on a line that is not justified, or with a shrink of 0', () => {
      const width = naturalWidth - room / 2;
      for (const style of [{ alignment: 'justify' }, { alignment: 'justify', wordSpacingShrink: 0 }, { alignment: 'left', wordSpacingShrink: SHRINK }]) {
        const line = firstLine(width, style);
        expect(words(line), JSON.stringify(style)).toBe(K - 1);
        for (const change of spaceChanges(line)) expect(change).toBeGreaterThanOrEqual(-1e-9);
      }
      // Text that fits as it is lays out exactly as without the property.
      for (const width of [120, 170, 260]) {
        const plain = layOut([{ text: PROSE, alignment: 'justify' }], width);
        const styled = layOut([{ text: PROSE, alignment: 'justify', wordSpacingShrink: 0 }], width);
        expect(styled.map((l) => l.inlines.map((i) => [i.text, i.x]))).toEqual(plain.map((l) => l.inlines.map((i) => [i.text, i.x])));
      }
    });

    it('never shrinks a space past the limit', () => {
      // Just past the limit the word goes to the next line; just within it, it stays.
      expect(words(firstLine(naturalWidth - room - 0.01, { alignment: 'justify', wordSpacingShrink: SHRINK }))).toBe(K - 1);
      expect(words(firstLine(naturalWidth - room + 0.01, { alignment: 'justify', wordSpacingShrink: SHRINK }))).toBe(K);
      // Soft hyphens, a larger word (a larger space), a footnote call, over many widths: no line
      // runs past its width, no space shrinks by more than the share, no word piece is moved apart.
      const text = [{ text: PROSE.slice(0, 120) }, { text: `co${S}opé${S}ra${S}tion `, fontSize: 13 }, { text: 'dé' }, { text: '3', sup: true }, { text: ` ${PROSE.slice(120)} ${PROSE}` }];
      let shrunk = 0;
      for (let width = 80; width <= 300; width += 3.7) {
        const lines = layOut([{ text, alignment: 'justify', wordSpacingShrink: SHRINK }], width);
        expect(lines.map(lineText).join('').replaceAll('-', '')).toBe(
          text
            .map((t) => t.text)
            .join('')
            .replaceAll(S, ''),
        );
        for (const [n, line] of lines.entries()) {
          const last = line.inlines.at(-1)!;
          const end = right(last) - (last.trailingCut ?? 0);
          // (A line of one word has no space to justify with.)
          if (n < lines.length - 1 && spaceChanges(line).length > 0) expect(end, lineText(line)).toBeCloseTo(width, 6);
          else expect(end).toBeLessThanOrEqual(width + 1e-6);
          for (const change of spaceChanges(line)) expect(change, `${width} pt: ${lineText(line)}`).toBeGreaterThanOrEqual(-SHRINK - 1e-9);
          if (spaceChanges(line).some((c) => c < -1e-9)) shrunk++;
          for (let i = 1; i < line.inlines.length; i++) {
            if (!endsWithSpace(line.inlines[i - 1]!)) expect(line.inlines[i]!.x - right(line.inlines[i - 1]!)).toBeCloseTo(0, 6);
          }
        }
      }
      expect(shrunk, 'some lines fit only by shrinking').toBeGreaterThan(10);
    });
  });

  describe('printed and read back with pdftotext', () => {
    const work = mkdtempSync(join(tmpdir(), 'coopdec-soft-hyphens-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('shows the hyphens at line ends and the words whole', async () => {
      const theme = { fontFiles: [FONT, BOLD], fonts: { body: family, symbols: family } } as unknown as Theme;
      const pdf = await printPdf(createPrinter(theme), {
        pageSize: 'A5',
        pageMargins: [40, 40, 200, 40],
        defaultStyle: { font: 'Body', fontSize: 10 },
        content: [{ text: PROSE, alignment: 'justify' }],
      });
      const file = join(work, 'soft-hyphens.pdf');
      writeFileSync(file, pdf);
      const [page] = parseBboxLayout(execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
      const lines = page!.blocks.flatMap((b) => b.lines.map((l) => l.words.map((w) => w.text)));
      expect(lines.length).toBeGreaterThan(4);
      const lineEnds = lines.map((words) => words.at(-1)!);
      expect(lineEnds.filter((w) => /\p{L}-$/u.test(w)).length).toBeGreaterThan(2);
      // No word is cut apart by justification: the words read back, hyphens joined, are the text's words.
      const read = lines
        .map((words) => words.join(' '))
        .map((t) => (/\p{L}-$/u.test(t) ? t.slice(0, -1) : `${t} `))
        .join('');
      expect(read.trim().split(/\s+/)).toEqual(PLAIN.split(/\s+/));
      expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).not.toContain(SOFT_HYPHEN);
    });
  });
});
