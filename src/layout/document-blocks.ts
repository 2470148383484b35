/**
 * A section's blocks (headings, paragraphs, lists, tables, pictures, charts) to pdfmake nodes;
 * the blocks laid out whole are registered for their heights.
 */
import type { Content, ContentBase, ContentStack, ContentTable, ContentText } from 'pdfmake/interfaces.js';
import type { ComposedBlock, ComposedPart } from '../prose/composed-report.js';
import { hyphenateRuns } from '../prose/hyphenation.js';
import type { InlineRun } from '../prose/inline-markup.js';
import { layoutTable } from './computed-tables.js';
import { inlineNodes } from './inline-nodes.js';
import type { LayoutContext } from './layout-context.js';

/** A section's tables and charts alone, with the ids layoutPart gives them. */
export function wholeBlocksOf(part: ComposedPart, partIndex: number, context: LayoutContext): Content[] {
  if (part.kind !== 'section') return [];
  return part.blocks.flatMap((block, blockIndex) => (block.kind === 'table' || block.kind === 'chart' ? layoutBlock(block, `s${partIndex}-${blockIndex}`, context) : []));
}

export function headingNode(level: 1 | 2 | 3, runs: readonly InlineRun[], text: string, id: string, context: LayoutContext): ContentText {
  const parentId = level === 1 ? undefined : context.outlineParents[level - 2];
  context.outlineParents[level - 1] = id;
  context.outlineParents.length = level;
  const style = level === 1 ? 'heading' : level === 2 ? 'subheading' : 'minorheading';
  return {
    text: inlineNodes(runs, context),
    style,
    id,
    outline: true,
    outlineText: text,
    ...(parentId ? { outlineParentId: parentId } : {}),
    headlineLevel: level,
  };
}

export function layoutBlock(block: ComposedBlock, id: string, context: LayoutContext): Content[] {
  switch (block.kind) {
    case 'heading':
      return [headingNode(block.level, block.runs, block.text, id, context)];
    case 'paragraph':
      return [{ text: inlineNodes(hyphenateRuns(justifiable(block.runs)), context), style: 'paragraph' }];
    case 'quote':
      return [{ text: inlineNodes(hyphenateRuns(justifiable(block.runs)), context), style: 'quote' }];
    case 'callout':
      return [{ text: inlineNodes(block.runs, context), style: 'callout' }];
    case 'list': {
      const items = block.items.map((runs): ContentText => ({ text: inlineNodes(hyphenateRuns(runs), context), margin: [0, 0, 0, 3] }));
      return [block.ordered ? { ol: items, style: 'list' } : { ul: items, style: 'list', markerColor: context.theme.colors.accent }];
    }
    case 'table':
      return [whole(layoutTable(block.table, context), `whole-${id}`, context)];
    case 'image':
      return [{ image: block.dataUrl, width: block.width, alignment: 'center', margin: [0, 4, 0, 8] }];
    case 'chart': {
      const chart = context.charts.find((c) => c.id === block.zone);
      if (!chart) return [];
      // Numbered in reading order; the caption is set in the body face under the chart.
      context.chartCount = (context.chartCount ?? 0) + 1;
      const width = Math.min(chart.width, 420);
      return [
        whole(
          {
            stack: [
              { svg: chart.svg, width, height: Math.round((chart.height * width) / chart.width), alignment: 'center', margin: [0, 4, 0, 2] },
              { text: `Graphique ${context.chartCount}\u00A0– ${chart.title}`, style: 'chartCaption' },
            ],
            unbreakable: true,
          },
          `whole-${id}`,
          context,
        ),
      ];
    }
  }
}

/**
 * Registers a block pdfmake lays out whole (unbreakable): the pages' laying out needs its
 * height, measured beforehand, to keep a heading with it (see BuiltDocument.wholeBlocks). Its id
 * is added to the styles of the block's first node that pdfmake reports on (a table's first cell:
 * a table node has no position of its own), a style name pdfmake ignores: an `id` would make
 * pdfmake date that one node from the page it is printed on and the others from where the block
 * began, when the block went on to the next page.
 */
function whole<Block extends ContentTable | ContentStack>(node: Block, id: string, context: LayoutContext): Block {
  // A table's first cell is one of the nodes made here, never a bare string.
  const first = (node.table ? node.table.body[0]![0]! : node) as ContentBase;
  first.style = [...(first.style === undefined ? [] : [first.style].flat()), id];
  context.wholeBlocks[id] = node;
  return node;
}

/**
 * pdfmake breaks lines after a hyphen and, in justified text, widens the gap there too
 * ("Port- Loutre"): hyphens between letters become non-breaking (U+2011) in justified blocks.
 */
function justifiable(runs: readonly InlineRun[]): InlineRun[] {
  return runs.map((run) => (run.link ? run : { ...run, text: run.text.replace(/(?<=\p{L})-(?=\p{L})/gu, '\u2011') }));
}
