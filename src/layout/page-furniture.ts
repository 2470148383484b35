/**
 * Page furniture: the header, and the footer with, above it, the page's footnotes in the room
 * the patched pdfmake reserved for them.
 */
import type { Content, ContentCanvas, ContentColumns, ContentStack, DynamicContent } from 'pdfmake/interfaces.js';
import { textWidth } from '../input/theme.js';
import { hyphenateRuns } from '../prose/hyphenation.js';
import type { InlineRun } from '../prose/inline-markup.js';
import { FOOTNOTE_RULE } from './document-styles.js';
import { inlineNodes } from './inline-nodes.js';
import type { LayoutContext } from './layout-context.js';

export function headerFor(context: LayoutContext): DynamicContent {
  const { theme, composed } = context;
  return () => ({
    stack: [
      { text: inlineNodes([{ text: composed.header }], context), style: 'header' },
      { canvas: [{ type: 'line', x1: 0, y1: 4, x2: textWidth(theme), y2: 4, lineWidth: 0.5, lineColor: theme.colors.rule }] },
    ],
    margin: [theme.page.margins[0], 30, theme.page.margins[2], 0],
  });
}

/**
 * What the patched pdfmake tells a page's footer: the notes first called on the page, in the
 * order of their calls, and the room (pt) it reserved for them at the foot of the text block.
 */
interface PageNotes {
  footnotes: string[];
  footnoteReserve: number;
}

/**
 * The footer of a part: the two furniture lines under a rule, at the same height on every page;
 * above them, in the room reserved at the foot of the text block, the page's footnotes under a
 * short rule.
 */
export function footerFor(context: LayoutContext, partIndex: number) {
  const { theme, composed } = context;
  const width = textWidth(theme);
  return (currentPage: number, pageCount: number, _pageSize: unknown, { footnotes, footnoteReserve }: PageNotes = { footnotes: [], footnoteReserve: 0 }): ContentStack => {
    const notes = [...footnotes].sort((a, b) => (context.footnoteNumbers[a] ?? 0) - (context.footnoteNumbers[b] ?? 0));
    context.onPage?.(currentPage, partIndex, notes);
    const stack: Content[] = [];
    if (notes.length > 0) {
      // The notes' short rule stands 10 pt under the top of the room reserved for them; the notes
      // take their measured heights and leave about FOOTNOTE_GAP above the furniture's rule.
      const rule: ContentCanvas = { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 0.6, lineColor: theme.colors.text }], margin: [0, 0, 0, FOOTNOTE_RULE] };
      const blocks = notes.map(
        (id): ContentColumns => ({
          columns: [
            { text: String(context.footnoteNumbers[id]), width: 12, style: 'footnote', id: `note-${id}` },
            { text: inlineNodes(hyphenateRuns(composed.footnotes[id] ?? []), context), style: 'footnote' },
          ],
          margin: [0, 0, 0, 1.5],
        }),
      );
      // Set apart (it takes no room in the footer), from the footer's top moved up by the room.
      stack.push({ stack: [rule, ...blocks], relativePosition: { x: 0, y: 0 } });
    }
    const furniture: Content[] = [
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth: 0.5, lineColor: theme.colors.rule }] },
      { text: inlineNodes(parseFooterLinks(composed.footer(currentPage, pageCount)), context), style: 'footer', margin: [0, 4, 0, 0] },
      { text: composed.footerNote, style: 'footer', italics: true },
    ];
    // The footer starts `footnoteReserve` above the page's bottom margin (pdfmake lays it out in
    // that margin only: a negative top margin gives the notes their room) and the furniture
    // keeps its place, the same on every page.
    stack.push({ stack: furniture, margin: [0, footnoteReserve, 0, 0] });
    return { stack, margin: [theme.page.margins[0], 10 - footnoteReserve, theme.page.margins[2], 0] };
  };
}

function parseFooterLinks(text: string): InlineRun[] {
  const match = /(www\.[\w.-]+\.[a-z]{2,})/.exec(text);
  if (!match) return [{ text }];
  return [{ text: text.slice(0, match.index) }, { text: match[1]!, link: `http://${match[1]}` }, { text: text.slice(match.index + match[1]!.length) }];
}
