/**
 * The pdfmake sections (each starts a page) the parts are grouped into, and the closing page.
 */
import type { Content, ContentCanvas, ContentText, Margins } from 'pdfmake/interfaces.js';
import { colourOf, type Theme, textWidth } from '../input/theme.js';
import type { ComposedPart } from '../prose/composed-report.js';

/**
 * The report's last part, when it starts a page of its own and holds a short note (no heading,
 * table, chart or picture): the contact block, composed on its page by closingPage.
 */
export function isClosing(part: ComposedPart, partsInSection: number): boolean {
  return partsInSection === 1 && part.kind === 'section' && part.blocks.length > 0 && part.blocks.every((block) => block.kind === 'paragraph' || block.kind === 'callout' || block.kind === 'quote');
}

/** The closing page: its blocks centred in the upper third of the page, between two short rules. */
export function closingPage(blocks: ContentText[], theme: Theme): Content[] {
  const length = Math.min(theme.closing.rule, textWidth(theme));
  // Centred by the style's alignment, as the blocks between them.
  const rule = (margin: Margins): ContentCanvas => ({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: length, y2: 0, lineWidth: 0.6, lineColor: colourOf(theme, theme.closing.color) }], margin });
  return [{ stack: [rule([0, 0, 0, 16]), ...blocks.map((block): ContentText => ({ ...unhyphenated(block), alignment: 'center' })), rule([0, 6, 0, 0])], style: 'closing' }];
}

/** A node without its soft hyphens: centred lines are never hyphenated. */
function unhyphenated(node: ContentText): ContentText {
  const text = node.text;
  if (typeof text === 'string') return { ...node, text: text.replace(/\u00AD/g, '') };
  if (Array.isArray(text)) return { ...node, text: text.map((item) => (typeof item === 'string' ? item.replace(/\u00AD/g, '') : unhyphenated(item as ContentText))) };
  return node;
}

/**
 * The pdfmake sections (each starts a page) as lists of part indices. With the page map every
 * part is its own section; without it (department editions) a `flow` part continues the page
 * of the part before it. Parts left with no block are dropped: no blank page.
 */
export function groupParts(parts: readonly ComposedPart[], followPageMap: boolean): number[][] {
  const groups: number[][] = [];
  parts.forEach((part, index) => {
    if (part.kind === 'section' && part.blocks.length === 0) return;
    if (!followPageMap && part.kind === 'section' && part.flow && groups.length > 0) groups[groups.length - 1]!.push(index);
    else groups.push([index]);
  });
  return groups;
}
