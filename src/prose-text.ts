/**
 * The prose of a composed report as plain text, one block per paragraph: what a proofreader (or
 * Grammalecte) reads. Tables, charts and annexes are left out: their cells are not sentences.
 */
import type { ComposedBlock, ComposedReport } from './compose-sections.js';
import { plainText } from './inline-markup.js';

/** The text of one block, or undefined for a table, chart or picture. */
export function blockText(block: ComposedBlock): string | undefined {
  switch (block.kind) {
    case 'heading':
      return block.text;
    case 'paragraph':
    case 'quote':
    case 'callout':
      return plainText(block.runs);
    case 'list':
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}. ` : '– '}${plainText(item)}`).join('\n');
    default:
      return undefined;
  }
}

/** Every heading, paragraph, list item and footnote of the report, in reading order. */
export function proseText(report: ComposedReport): string {
  const blocks: string[] = [];
  for (const part of report.parts) {
    if (part.kind === 'cover') blocks.push(...part.lines.map((line) => line.text));
    else if (part.kind === 'annex') blocks.push(part.headingText, plainText(part.legend));
    else if (part.kind === 'section') for (const block of part.blocks) {
      const text = blockText(block);
      if (text) blocks.push(text);
    }
  }
  for (const runs of Object.values(report.footnotes)) blocks.push(plainText(runs));
  return blocks.filter((text) => text.trim() !== '').join('\n\n') + '\n';
}
