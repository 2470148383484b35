/**
 * The table of contents: entries broken into lines with the face's widths, dot leaders, page
 * references.
 */
import type { ContentCanvas, ContentTable, TableCell } from 'pdfmake/interfaces.js';
import { colourOf, textWidth } from '../input/theme.js';
import type { ComposedReport } from '../prose/composed-report.js';
import { inlineNodes } from './inline-nodes.js';
import type { FontStyle, LayoutContext, TextMeasure } from './layout-context.js';

interface TocEntry {
  id: string;
  level: 1 | 2 | 3;
  text: string;
}

/**
 * Every heading (the lettered minor headings a)…g) at level 3) and the annexes, at level 2 under
 * the heading before them ("F. Annexes"), in reading order, with the ids their nodes get.
 */
function tocEntries(composed: ComposedReport): TocEntry[] {
  return composed.parts.flatMap((part, partIndex): TocEntry[] => {
    if (part.kind === 'annex') return [{ id: `annexe-${part.annex}`, level: 2, text: part.headingText }];
    if (part.kind !== 'section') return [];
    return part.blocks.flatMap((block, blockIndex) => (block.kind === 'heading' ? [{ id: `s${partIndex}-${blockIndex}`, level: block.level, text: block.text }] : []));
  });
}

/** Room (in leader dots) kept at the end of an entry's last line for its leader. */
const LEADER_DOTS_LEAST = 4;
/** Space (pt) between a leader's last dot and the page number's column. */
const LEADER_END_GAP = 2;

/**
 * The table of contents: three levels, styled and indented by templates/theme.yaml (toc1 to
 * toc3), each line linked to its heading, a dot leader from the end of its text to its page
 * number (pdfmake's page references; its own toc would copy footnote calls into its lines).
 * An entry is broken into lines here, with the face's own widths, so that its leader starts where
 * its last line ends; the number stands on that last line.
 */
export function tableOfContents(context: LayoutContext): ContentTable {
  const { theme, measure } = context;
  const { pageColumn, leader } = theme.toc;
  const entryWidth = textWidth(theme) - pageColumn;
  const dotColour = colourOf(theme, leader.color);
  const body = tocEntries(context.composed).map((entry): TableCell[] => {
    const styleName = `toc${entry.level}` as const;
    const style = theme.styles[styleName];
    const font: FontStyle = { fontSize: style.fontSize ?? theme.sizes.body, bold: style.bold ?? false, italics: style.italics ?? false };
    const [indent, top, , bottom] = style.margin ?? [0, 0, 0, 0];
    const lineHeight = measure.line(font).height * (style.lineHeight ?? theme.sizes.lineHeight);
    const lines = breakLines(entry.text, entryWidth - indent - LEADER_DOTS_LEAST * leader.spacing, font, measure);
    const last = lines.length - 1;
    // Dots on a grid of the column (aligned from one entry to the next), on the last line's baseline.
    const from = Math.ceil((indent + measure.width(lines[last]!, font) + leader.spacing) / leader.spacing) * leader.spacing;
    const to = Math.floor((entryWidth - LEADER_END_GAP) / leader.spacing) * leader.spacing;
    const baseline = top + last * lineHeight + measure.line(font).ascent - leader.dot / 2;
    // The line runs half a step past its last dot: rounding never drops that dot.
    const dots: ContentCanvas[] =
      to > from
        ? [
            {
              canvas: [
                {
                  type: 'line',
                  x1: from,
                  y1: baseline,
                  x2: to + leader.spacing / 2,
                  y2: baseline,
                  lineWidth: leader.dot,
                  lineCap: 'round',
                  lineColor: dotColour,
                  dash: { length: 0.001, space: leader.spacing - 0.001 },
                },
              ],
              relativePosition: { x: 0, y: 0 },
            },
          ]
        : [];
    return [
      { stack: [...dots, { text: inlineNodes([{ text: lines.join('\n') }], context), style: styleName, margin: [indent, top, 0, bottom], linkToDestination: entry.id }] },
      // pdfmake links a page reference to the node it names.
      { pageReference: entry.id, noWrap: true, style: styleName, margin: [0, top + last * lineHeight, 0, bottom], alignment: 'right' },
    ];
  });
  const none = () => 0;
  return {
    table: { widths: [entryWidth, pageColumn], body, dontBreakRows: true },
    layout: { hLineWidth: none, vLineWidth: none, paddingLeft: none, paddingRight: none, paddingTop: none, paddingBottom: none },
  };
}

/** A text broken into lines no wider than `width`, at its spaces, as pdfmake would break it. */
function breakLines(text: string, width: number, font: FontStyle, measure: TextMeasure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const longer = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure.width(longer, font) > width) {
      lines.push(line);
      line = word;
    } else line = longer;
  }
  lines.push(line);
  return lines;
}
