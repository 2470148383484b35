/**
 * Footnotes: numbered in the order of their first call; each note's block, laid out alone to
 * measure the room it takes at the foot of a page (the footer prints it, src/layout/page-furniture.ts).
 */
import type { ContentColumns } from 'pdfmake/interfaces.js';
import type { ComposedReport } from '../prose/composed-report.js';
import { hyphenateRuns } from '../prose/hyphenation.js';
import type { InlineRun } from '../prose/inline-markup.js';
import { inlineNodes } from './inline-nodes.js';

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

/** Each note's block, as the footers print it, with an id: laid out alone to measure each one. */
export function footnoteBlock(ids: readonly string[], composed: ComposedReport, numbers: Record<string, number>): ContentColumns[] {
  return ids.map(
    (id): ContentColumns => ({
      columns: [
        { text: String(numbers[id]), width: 12, style: 'footnote' },
        { text: inlineNodes(hyphenateRuns(composed.footnotes[id] ?? []), { footnoteNumbers: numbers }), style: 'footnote' },
      ],
      margin: [0, 0, 0, 1.5],
    }),
  );
}
