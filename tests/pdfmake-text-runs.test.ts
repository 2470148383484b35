/**
 * The pdfmake patch's text runs (patches/pdfmake+0.3.11.patch: Renderer, TextRuns): the words of a
 * line that share font, size, colour, opacity and baseline are drawn as one text object (one BT …
 * ET, one TJ whose adjustments place each word), links and the like word by word as pdfkit draws
 * them; every glyph lands where pdfkit's word-by-word path puts it. Printed uncompressed and read
 * back from the content streams, with the fast path on and off.
 */
import { createRequire } from 'node:module';
import type { Content } from 'pdfmake/interfaces.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Theme } from '../src/input/theme.js';
import { createPrinter, printPdf } from '../src/layout/print-pdf.js';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-Bold.ttf');
const family = { normal: FONT, bold: BOLD, italics: FONT, bolditalics: BOLD };
/** The patch's switch of the fast path. */
const textRuns = require('pdfmake/js/TextRuns') as { enabled: boolean };

/** One text object (BT … ET) of a content stream. */
interface TextObject {
  font: string;
  size: number;
  /** The colour set last before it (`… scn`). */
  color: string;
  /** Number of TJ operators in it. */
  tjs: number;
  /** The TJ arrays' numbers. */
  adjustments: number[];
  glyphs: Glyph[];
}
/** A glyph as a viewer places it: CID, font, size and origin in text space. */
interface Glyph {
  cid: number;
  font: string;
  size: number;
  x: number;
  y: number;
}

const LONG =
  'Les collectivités locales de la région entretiennent des relations avec des partenaires de nombreux pays, ' +
  'en Europe surtout, mais aussi en Afrique et en Amérique latine, par des jumelages, des accords de coopération ' +
  'décentralisée et des projets de solidarité menés avec des associations.';

const CONTENT: Content[] = [
  { text: LONG, alignment: 'justify' },
  { text: ['mots ordinaires ', { text: 'mots gras ', bold: true }, 'et de nouveau ordinaires'] },
  { text: ['voir ', { text: 'le site', link: 'https://example.org' }, ' pour la suite'] },
  { text: ['E = mc', { text: '2', sup: true }, ' en toutes lettres'] },
  { text: ['noir ', { text: 'rouge vif', color: '#cc0000' }, ' et noir'] },
];

async function print(fast: boolean): Promise<string> {
  textRuns.enabled = fast;
  const theme = { fontFiles: [FONT, BOLD], fonts: { body: family, symbols: family } } as unknown as Theme;
  const pdf = await printPdf(createPrinter(theme), {
    compress: false,
    pageSize: { width: 300, height: 500 },
    pageMargins: 20,
    defaultStyle: { font: 'Body', fontSize: 10 },
    content: CONTENT,
  });
  return pdf.toString('latin1');
}

/** Each font resource's glyph widths (/W [0 [w0 w1 …]], as pdfkit writes them), by resource name. */
function fontWidths(pdf: string): Map<string, number[]> {
  const objects = new Map<string, string>();
  for (const match of pdf.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) objects.set(match[1]!, match[2]!);
  const widths = new Map<string, number[]>();
  for (const [, name, id] of pdf.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const descendant = objects.get(id!)?.match(/\/DescendantFonts \[(\d+) 0 R\]/)?.[1];
    const w = objects.get(descendant!)?.match(/\/W \[0 \[([^\]]*)\]\]/)?.[1];
    if (w) widths.set(name!, w.trim().split(/\s+/).map(Number));
  }
  return widths;
}

/** The text objects of every page content stream, with the place of each glyph. */
function textObjects(pdf: string): TextObject[] {
  const widths = fontWidths(pdf);
  const objects: TextObject[] = [];
  let color = '';
  let current: TextObject | undefined;
  let font = '';
  let size = 0;
  let x = 0;
  let y = 0;
  for (const [, stream] of pdf.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    if (!/^BT$/m.test(stream!)) continue;
    for (const line of stream!.split('\n')) {
      const tm = line.match(/^1 0 0 1 (\S+) (\S+) Tm$/);
      const tf = line.match(/^\/(F\d+) (\S+) Tf$/);
      if (line.endsWith(' scn')) color = line;
      else if (line === 'BT') {
        current = { font: '', size: 0, color, tjs: 0, adjustments: [], glyphs: [] };
        objects.push(current);
      } else if (tm) [x, y] = [Number(tm[1]), Number(tm[2])];
      else if (tf) {
        [font, size] = [tf[1]!, Number(tf[2])];
        Object.assign(current!, { font, size });
      } else if (line.endsWith(' TJ')) {
        current!.tjs++;
        for (const [, hex, adjustment] of line.matchAll(/<([0-9a-f]*)> (-?[\d.]+)/g)) {
          for (let i = 0; i < hex!.length; i += 4) {
            const cid = Number.parseInt(hex!.slice(i, i + 4), 16);
            current!.glyphs.push({ cid, font, size, x, y });
            x += (widths.get(font)![cid]! * size) / 1000;
          }
          x -= (Number(adjustment) * size) / 1000;
          current!.adjustments.push(Number(adjustment));
        }
      }
    }
  }
  return objects;
}

describe('text runs', () => {
  afterEach(() => {
    textRuns.enabled = true;
  });

  it('draws each run of same-styled words of a line as one text object with one TJ', async () => {
    const pdf = await print(true);
    const fast = textObjects(pdf);
    const slow = textObjects(await print(false));
    expect(pdf.match(/^BT$/gm)).toHaveLength(fast.length);
    for (const object of fast) expect(object.tjs).toBe(1);
    // Word by word, one object per word (and per group of words joined by no-break spaces).
    expect(slow.length).toBeGreaterThan(60);
    const regular = fast[0]!.font;
    const black = fast[0]!.color;
    const summary = (o: TextObject) => `${o.glyphs.length}${o.font === regular ? '' : ' bold'}${o.size === 10 ? '' : ` ${o.size}pt`}${o.color === black ? '' : ' colour'}`;
    expect(fast.map(summary)).toEqual([
      // The justified paragraph: one object per line.
      '57',
      '52',
      '53',
      '54',
      '54',
      '17',
      // "mots ordinaires ", "mots gras " in bold, "et de nouveau ordinaires".
      '16',
      '10 bold',
      '24',
      // "voir ", the two linked words ("le ", "site") as pdfkit draws them, " pour la suite".
      '5',
      '3',
      '4',
      '14',
      // "E = mc", the superscript (smaller, higher), " en toutes lettres".
      '6',
      '1 5.8pt',
      '18',
      // "noir ", "rouge vif" in red, " et noir".
      '5',
      '9 colour',
      '8',
    ]);
    const baseline = (o: TextObject) => o.glyphs[0]!.y;
    expect(new Set(fast.slice(0, 6).map(baseline)).size).toBe(6);
    expect(baseline(fast[14]!)).toBeGreaterThan(baseline(fast[13]!));
    expect(baseline(fast[15]!)).toBe(baseline(fast[13]!));
    // The justified lines' words are moved apart by TJ adjustments (negative: to the right).
    for (const line of fast.slice(0, 5)) expect(line.adjustments.filter((a) => a < 0).length).toBeGreaterThanOrEqual(5);
  });

  it('puts every glyph where the word-by-word path puts it', async () => {
    const fast = textObjects(await print(true)).flatMap((o) => o.glyphs);
    const slow = textObjects(await print(false)).flatMap((o) => o.glyphs);
    expect(fast.map((g) => `${g.font}/${g.size}/${g.cid}/${g.y}`)).toEqual(slow.map((g) => `${g.font}/${g.size}/${g.cid}/${g.y}`));
    for (let i = 0; i < slow.length; i++) expect(Math.abs(fast[i]!.x - slow[i]!.x)).toBeLessThan(1e-5);
  });

  it('keeps the link annotations', async () => {
    const links = (pdf: string) => [...pdf.matchAll(/\/Subtype \/Link[\s\S]*?\/Rect \[([^\]]*)\]/g)].map((m) => m[1]);
    const fast = links(await print(true));
    expect(fast).toHaveLength(2);
    expect(fast).toEqual(links(await print(false)));
  });
});
