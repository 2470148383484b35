/**
 * Inline runs to pdfmake text nodes: styles, links, footnote calls (with the room their notes
 * take at the foot of the page) and the symbols font for glyphs the body face lacks.
 */
import type { ContentText } from 'pdfmake/interfaces.js';
import { SYMBOL_CHARACTERS } from '../input/theme.js';
import type { InlineRun } from '../prose/inline-markup.js';
import { FOOTNOTE_GAP, FOOTNOTE_RULE } from './document-styles.js';
import type { LayoutContext } from './layout-context.js';

/**
 * Inline runs to pdfmake text nodes; glyphs the body font lacks go to the symbols font. A
 * footnote call carries its note's height (`footnoteReserve`) and the rule and gap above the
 * notes (`footnoteBand`): the patched pdfmake reserves them at the foot of the page its line is
 * set on (the band once per page, a note at its first call), or moves the line on.
 */
export function inlineNodes(runs: readonly InlineRun[], context: Pick<LayoutContext, 'footnoteNumbers'> & Partial<Pick<LayoutContext, 'noteHeights'>>): ContentText[] {
  return runs.flatMap((run) => {
    if (run.footnote) {
      const n = context.footnoteNumbers[run.footnote];
      const reserve = context.noteHeights?.[run.footnote];
      const room = reserve === undefined ? {} : { footnoteReserve: reserve, footnoteBand: FOOTNOTE_RULE + FOOTNOTE_GAP };
      // pdfmake 0.3.11 reads `sup` as a flag: the call is set at 0.58 of the size, raised.
      return n === undefined ? [] : [{ text: String(n), sup: true, footnoteCall: run.footnote, ...room }];
    }
    const style: Partial<ContentText> = {};
    if (run.bold) style.bold = true;
    if (run.italic) style.italics = true;
    if (run.link) Object.assign(style, { link: run.link, style: 'link' });
    return splitSymbols(run.text).map((piece) => ({ ...style, ...piece }));
  });
}

const SYMBOL_RUNS = new RegExp(`([${SYMBOL_CHARACTERS}]+)|([^${SYMBOL_CHARACTERS}]+)`, 'g');

/** Splits text so that characters missing from the body font (☎, →, ▸) use the symbols font. */
function splitSymbols(text: string): ContentText[] {
  const pieces: ContentText[] = [];
  for (const match of text.matchAll(SYMBOL_RUNS)) {
    pieces.push(match[1] ? { text: match[1], font: 'Symbols' } : { text: match[2]! });
  }
  return pieces;
}
