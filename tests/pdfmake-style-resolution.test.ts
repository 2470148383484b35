/**
 * The pdfmake patch's style resolution (patches/pdfmake+0.3.11.patch, TextInlines.resolveStyle):
 * the words of one text are styled once, from the first, and words of the next text, in its own
 * style, are not styled like the previous ones. Inlines read back from a laid-out document.
 */
import { createRequire } from 'node:module';
import type { StyleDictionary } from 'pdfmake/interfaces.js';
import { describe, expect, it } from 'vitest';
import { LayoutBuilder, PDFDocument, SVGMeasure, tableLayouts, virtualFs } from '../src/layout/pdfmake-internals.js';

const require = createRequire(import.meta.url);
const SERIF = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-Bold.ttf');

interface Inline {
  text: string;
  fontSize: number;
  color: string;
  font: { name: string };
  alignment: string;
  link?: string;
  decoration?: string;
  opacity?: number;
}

function inlines(content: unknown[], styles: StyleDictionary = {}): Inline[] {
  const document = new PDFDocument(
    { Body: { normal: SERIF, bold: BOLD, italics: SERIF, bolditalics: BOLD } },
    {},
    {},
    {},
    { autoFirstPage: false, compress: false, info: {}, font: null },
    virtualFs,
    () => true,
  );
  const builder = new LayoutBuilder({ width: 400, height: 600, orientation: 'portrait' }, { left: 20, top: 20, right: 20, bottom: 20 }, new SVGMeasure());
  builder.registerTableLayouts(tableLayouts);
  const pages = builder.layoutDocument(content, document, styles, { font: 'Body', fontSize: 10 }, undefined, undefined, undefined, undefined, undefined) as {
    items: { type: string; item: { inlines: Inline[] } }[];
  }[];
  return pages.flatMap((page) => page.items.filter((i) => i.type === 'line').flatMap((i) => i.item.inlines));
}

const describeWord = (inline: Inline) => `${inline.text.trim()}:${inline.fontSize}:${inline.color}:${inline.font.name.includes('Bold') ? 'bold' : 'normal'}`;

describe('style resolved once per text', () => {
  it('styles every word of a text as its text, and each text in its own style', () => {
    const words = inlines(
      [
        {
          text: ['plain words here ', { text: 'bold red words ', bold: true, color: 'red' }, 'plain again ', { text: 'big named style', style: 'big' }],
          style: 'body',
        },
      ],
      { body: { color: 'blue' }, big: { fontSize: 20, extends: 'loud' }, loud: { bold: true } },
    );
    expect(words.map(describeWord)).toEqual([
      'plain:10:blue:normal',
      'words:10:blue:normal',
      'here:10:blue:normal',
      'bold:10:red:bold',
      'red:10:red:bold',
      'words:10:red:bold',
      'plain:10:blue:normal',
      'again:10:blue:normal',
      'big:20:blue:bold',
      'named:20:blue:bold',
      'style:20:blue:bold',
    ]);
  });

  it('styles two paragraphs of the same strings each in its own stack', () => {
    const words = inlines(
      [
        { text: 'same text', style: 'one' },
        { text: 'same text', style: 'two' },
      ],
      { one: { fontSize: 8 }, two: { fontSize: 14, color: 'green' } },
    );
    expect(words.map(describeWord)).toEqual(['same:8:black:normal', 'text:8:black:normal', 'same:14:green:normal', 'text:14:green:normal']);
  });

  it('follows extends, the last parent first, through a cycle without looping, and arrays of styles', () => {
    const words = inlines(
      [
        { text: 'cyclic', style: 'a' },
        { text: 'listed', style: ['b', 'c'] },
      ],
      { a: { extends: ['c', 'b'] }, b: { extends: 'a', fontSize: 14 }, c: { color: 'red', fontSize: 9 } },
    );
    // a: own nothing; its parents read last first: b (fontSize 14, extends a: already seen), then c (color red).
    expect(words.map(describeWord)).toEqual(['cyclic:14:red:normal', 'listed:9:red:normal']);
  });
});

describe('lean inlines', () => {
  it('carry a rare style property only where it differs from its default', () => {
    const words = inlines([{ text: ['plain ', { text: 'linked ', link: 'https://example.org', decoration: 'underline' }, { text: 'faint', opacity: 0.5 }] }]);
    const [plain, linked, faint] = words;
    expect(Object.hasOwn(plain!, 'link') || Object.hasOwn(plain!, 'decoration') || Object.hasOwn(plain!, 'opacity')).toBe(false);
    expect(linked).toMatchObject({ link: 'https://example.org', decoration: 'underline' });
    expect(faint).toMatchObject({ opacity: 0.5 });
  });
});
