/**
 * The prose of a composed report as plain text, one block per paragraph: what a proofreader (or
 * Grammalecte) reads. Tables, charts and annexes are left out: their cells are not sentences.
 */
import type { ComposedBlock, ComposedReport } from './composed-report.js';
import { type InlineRun, plainText } from './inline-markup.js';

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
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}. ` : '• '}${plainText(item)}`).join('\n');
    default:
      return undefined;
  }
}

/** Every heading, paragraph, list item and called footnote of the report, in reading order. */
export function proseText(report: ComposedReport): string {
  const blocks: string[] = [];
  const called = new Set<string>();
  const collect = (runs: readonly InlineRun[]) => {
    for (const run of runs) if (run.footnote) called.add(run.footnote);
  };
  for (const part of report.parts) {
    if (part.kind === 'annex') [part.heading, part.legend].forEach(collect);
    if (part.kind !== 'section') continue;
    for (const block of part.blocks) {
      if (block.kind === 'list') block.items.forEach(collect);
      else if ('runs' in block) collect(block.runs);
    }
  }
  for (const part of report.parts) {
    if (part.kind === 'cover') blocks.push(...part.lines.map((line) => line.text));
    else if (part.kind === 'annex') blocks.push(part.headingText, plainText(part.legend));
    else if (part.kind === 'section')
      for (const block of part.blocks) {
        const text = blockText(block);
        if (text) blocks.push(text);
      }
  }
  for (const [id, runs] of Object.entries(report.footnotes)) if (called.has(id)) blocks.push(plainText(runs));
  // Non-breaking hyphens (in the territory's name) read as hyphens by a proofreader or a checker.
  return (
    blocks
      .filter((text) => text.trim() !== '')
      .join('\n\n')
      .replace(/\u2011/g, '-') + '\n'
  );
}
