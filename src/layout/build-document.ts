/**
 * Layout stage: turns the composed report, the statistics and the rendered charts into a pdfmake
 * document definition. Pure: no I/O; the footnotes' heights, measured beforehand, come in as
 * `noteHeights`: each call carries its note's height, which the patched pdfmake reserves at the
 * foot of the page the call's line is set on, and each page's footer prints that page's notes.
 */
import type { Content, ContentSection, ContentStack, ContentTable, ContentText, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ComposedBlock, ComposedPart } from '../prose/composed-report.js';
import { typeset } from '../prose/typography.js';
import { layoutAnnex } from './annex-tables.js';
import { layoutBlock, wholeBlocksOf } from './document-blocks.js';
import { closingPage, groupParts, isClosing } from './document-sections.js';
import { documentStyles, margins } from './document-styles.js';
import { numberFootnotes } from './footnotes.js';
import { inlineNodes } from './inline-nodes.js';
import type { DocumentInput, LayoutContext } from './layout-context.js';
import { footerFor, headerFor } from './page-furniture.js';
import { LEAD_IN_STYLE } from './print-pdf.js';
import { tableOfContents } from './table-of-contents.js';

interface BuiltDocument {
  definition: TDocumentDefinitions;
  /** Footnote numbers in reading order of their first call. */
  footnoteNumbers: Record<string, number>;
  /**
   * The blocks laid out whole (tables, charts), by id. pdfmake dates every node of such a block
   * from where the block began, even when the block moved on to the next page: a heading's
   * keeping with what follows it (src/layout/print-pdf.ts) needs their heights, measured beforehand.
   */
  wholeBlocks: Record<string, ContentTable | ContentStack>;
}

/** Builds the pdfmake document definition. */
export function buildDocument(input: DocumentInput): BuiltDocument {
  const { composed, theme } = input;
  const footnoteNumbers = numberFootnotes(composed);
  const context: LayoutContext = { ...input, footnoteNumbers, outlineParents: [], wholeBlocks: {} };
  const groups = groupParts(composed.parts, input.followPageMap);
  const sections = groups.map((indices, index): ContentSection => {
    const cover = composed.parts[indices[0]!]!.kind === 'cover';
    let section = indices.flatMap((partIndex) => layoutPart(composed.parts[partIndex]!, partIndex, context));
    // A closing part holds paragraphs, callouts and quotes only: text nodes.
    if (index === groups.length - 1 && isClosing(composed.parts[indices[0]!]!, indices.length)) section = closingPage(section as ContentText[], theme);
    return {
      section,
      pageMargins: margins(theme),
      footer: cover
        ? (page: number) => {
            input.onPage?.(page, index, []);
            return null;
          }
        : footerFor(context, index),
      header: cover ? () => null : headerFor(context),
    };
  });
  const definition: TDocumentDefinitions = {
    pageSize: theme.page.size,
    pageMargins: margins(theme),
    info: {
      // Metadata is read by search tools, not set in lines: plain spaces.
      title: plainSpaces(composed.title),
      author: typeset(input.report.edition.publisher),
      subject: plainSpaces(composed.metadata.subject),
      keywords: plainSpaces(composed.metadata.keywords.join(', ')),
      creator: 'coopdec-report',
      producer: 'coopdec-report (pdfmake)',
      creationDate: input.createdAt,
      modDate: input.createdAt,
    },
    language: 'fr-FR',
    // Dates passed explicitly: PDFKit would stamp the attachment with the current time.
    files: Object.fromEntries(
      input.attachments.map((a) => [
        a.name,
        { src: `data:${a.type};base64,${a.data.toString('base64')}`, name: a.name, description: a.description, type: a.type, creationDate: input.createdAt, modifiedDate: input.createdAt },
      ]),
    ),
    content: sections,
    ...documentStyles(theme),
  };
  return { definition, footnoteNumbers, wholeBlocks: context.wholeBlocks };
}

/**
 * The blocks laid out whole, built apart from the document so that they can be measured before it
 * is laid out (pdfmake writes into the nodes it lays out), under the same ids.
 */
export function buildWholeBlocks(input: DocumentInput): BuiltDocument['wholeBlocks'] {
  const context: LayoutContext = { ...input, footnoteNumbers: numberFootnotes(input.composed), outlineParents: [], wholeBlocks: {} };
  for (const [partIndex, part] of input.composed.parts.entries()) wholeBlocksOf(part, partIndex, context);
  return context.wholeBlocks;
}

const plainSpaces = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

/** A paragraph that ends with a colon right before a table or a chart introduces it: they go to a page together. */
function introduces(block: ComposedBlock, next: ComposedBlock | undefined): boolean {
  return block.kind === 'paragraph' && (next?.kind === 'table' || next?.kind === 'chart') && /:\s*$/.test(block.runs.map((run) => run.text).join(''));
}

function layoutPart(part: ComposedPart, partIndex: number, context: LayoutContext): Content[] {
  switch (part.kind) {
    case 'cover':
      return part.lines.map((line) => ({ text: inlineNodes([{ text: line.text }], context), style: line.style }));
    case 'toc':
      return [{ text: part.title, style: 'tocTitle', outline: true, id: 'sommaire' }, tableOfContents(context)];
    case 'section':
      return part.blocks.flatMap((block, blockIndex) => {
        const nodes = layoutBlock(block, `s${partIndex}-${blockIndex}`, context);
        // Marked by a style name (pdfmake hands its page breaking a node's style, not other properties).
        return introduces(block, part.blocks[blockIndex + 1]) ? nodes.map((node) => ({ ...(node as ContentText), style: [(node as ContentText).style ?? [], LEAD_IN_STYLE].flat() })) : nodes;
      });
    case 'annex':
      return layoutAnnex(part, context);
  }
}
