/**
 * Print stage: pdfmake lays out the definition and writes PDF bytes, in memory. Network access
 * is refused and local reads are limited to the theme's font files (pdfmake's URL and local
 * access policies, CVE-2026-26801).
 */

import type { Content, Style, StyleDictionary, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { checkChartSvg, svgsIn } from '../charts/svg-safety.js';
import { A4, type Theme } from '../input/theme.js';
import type { FontStyle, TextMeasure } from './layout-context.js';
import {
  LayoutBuilder,
  normalizePageMargin,
  normalizePageSize,
  PDFDocument,
  type PdfKitDocument,
  type PdfKitFont,
  Printer,
  SVGMeasure,
  type SvgMeasurer,
  tableLayouts,
  textBreaker,
  URLResolver,
  virtualFs,
} from './pdfmake-internals.js';
import { type FontProvidingDocument, forgetMeasuredWords, shareFontsAcrossDocuments } from './shared-fonts.js';

// The prose carries soft hyphens (src/prose/hyphenation.ts): pdfmake honours them only as patched by
// patches/pdfmake+*.patch, which `npm ci` applies (postinstall). Unpatched, every soft hyphen
// would break lines without a hyphen and justification would split words apart; the justified
// styles' `wordSpacingShrink` would be ignored and the prose set looser; no room would be kept
// for the footnotes (`footnoteReserve`) and paragraphs would leave widows and orphans; the
// annexes' tables would repeat their zone and lose "(suite)" (`continuedHeaders`): refuse.
if (textBreaker.softHyphens !== true || textBreaker.wordSpacingShrink !== true || textBreaker.footnoteReserve !== true || textBreaker.continuedHeaders !== true) {
  throw new Error('pdfmake is not patched for soft hyphens, shrinkable spaces, footnotes and continued headers: run `npm ci` (or `npx patch-package`) to apply patches/');
}

/**
 * pdfmake parses each chart's SVG text with an XML parser only to read the size on its root tag,
 * then again to write the size back and re-serialise the whole document. Our charts' root tags
 * carry width, height and viewBox: read and rewrite that one tag instead (the full parse stays
 * the fallback for any other SVG).
 */
function fastSvgMeasure(proto: SvgMeasurer): void {
  const { measureSVG, writeDimensions } = proto;
  const root = (svg: unknown) => {
    if (typeof svg !== 'string') return undefined;
    const tag = /<svg\b[^>]*>/.exec(svg);
    if (!tag) return undefined;
    const attributes = Object.fromEntries([...tag[0].matchAll(/\s([\w:-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const width = parseFloat(attributes.width ?? '');
    const height = parseFloat(attributes.height ?? '');
    return Number.isFinite(width) && Number.isFinite(height) && attributes.viewBox ? { tag: tag[0], index: tag.index, width, height } : undefined;
  };
  proto.measureSVG = function (svg) {
    const found = root(svg);
    return found ? { width: found.width, height: found.height } : measureSVG.call(this, svg);
  };
  proto.writeDimensions = function (svg, dimensions) {
    const found = root(svg);
    if (!found || typeof svg !== 'string') return writeDimensions.call(this, svg, dimensions);
    const tag = found.tag.replace(/\swidth="[^"]*"/, ` width="${dimensions.width}"`).replace(/\sheight="[^"]*"/, ` height="${dimensions.height}"`);
    return svg.slice(0, found.index) + tag + svg.slice(found.index + found.tag.length);
  };
}
fastSvgMeasure(SVGMeasure.prototype);
shareFontsAcrossDocuments(PDFDocument.prototype as unknown as FontProvidingDocument);

/** What a layout pass learnt: where the first line of each node that has an id fell. */
interface LayoutProbe {
  /** Top (pt) of the first line of each node that has an id. */
  nodeTops: Record<string, number>;
  /** Page (1-based) of the first line of each node that has an id. */
  nodePages: Record<string, number>;
}

/** Creates the printer of one build, with the access policies set. */
export function createPrinter(theme: Theme) {
  const allowedFiles = new Set(theme.fontFiles);
  const urlResolver = new URLResolver(virtualFs);
  urlResolver.setUrlAccessPolicy(() => false);
  return new Printer(fontsOf(theme), virtualFs, urlResolver, (path: string) => allowedFiles.has(path));
}

function fontsOf(theme: Theme) {
  return { Body: { ...theme.fonts.body }, Symbols: { ...theme.fonts.symbols } };
}

interface ProbedNode {
  id?: string;
  headlineLevel?: number;
  style?: unknown;
  canvas?: unknown;
  text?: unknown;
  svg?: unknown;
  image?: unknown;
  /** Where the node's first line fell, and the room reserved by then at the page's foot for its notes. */
  startPosition?: { pageNumber: number; top: number; verticalRatio: number; pageInnerHeight: number; footnoteReserve?: number };
}

/** Page furniture carries these styles (or is a drawn rule); everything else is the body. */
const FURNITURE_STYLES = new Set(['header', 'footer', 'footnote']);
const isBody = (node: ProbedNode) =>
  !node.canvas && !(typeof node.style === 'string' && FURNITURE_STYLES.has(node.style)) && Boolean(node.svg || node.image || (node.text !== undefined && node.text !== ''));
/**
 * The style name that marks a lead-in ("… est la suivante :"): it goes to the next page with the
 * table or chart it introduces when that block does not fit, as a heading does (no style of the
 * theme has this name).
 */
export const LEAD_IN_STYLE = 'leadIn';
const isLeadIn = (node: ProbedNode) => [node.style].flat().includes(LEAD_IN_STYLE);
/** A table's header row: it introduces the rows under it, as a heading does. */
const HEADER_ROW_STYLES = new Set(['tableHead', 'annexHead']);
/**
 * What a heading must keep on its page: a line of text, a table row or a chart; not another
 * heading (a heading followed only by a subheading moves with it), nor a lead-in, nor a table's
 * header row.
 */
const isContent = (node: ProbedNode) => isBody(node) && !node.headlineLevel && !isLeadIn(node) && !(typeof node.style === 'string' && HEADER_ROW_STYLES.has(node.style));

/**
 * Heights (pt) of the blocks pdfmake lays out whole (unbreakable), by id, margins excluded; the
 * id is one of the styles of the block's first node. Every node of such a block (but one with an
 * id) is dated from where the block began, on that page, even when the block did not fit there
 * and went on to the next: its height tells where it really is.
 */
export type WholeHeights = Record<string, number>;

/** Whether a heading is left last on its page, given the nodes after it on that page. */
function stranded(following: readonly ProbedNode[], wholeHeights: WholeHeights): boolean {
  for (const node of following) {
    const id = [node.style].flat().find((style): style is string => typeof style === 'string' && wholeHeights[style] !== undefined);
    const height = id === undefined ? undefined : wholeHeights[id];
    if (height !== undefined && node.startPosition) {
      // The block stays on this page only if it fits under where it began, above the notes' room.
      const { top, verticalRatio, pageInnerHeight, footnoteReserve = 0 } = node.startPosition;
      return top + height > top - verticalRatio * pageInnerHeight + pageInnerHeight - footnoteReserve + 0.01;
    }
    if (isContent(node)) return false;
  }
  return true;
}

/** A probe that reads positions and keeps headings with what follows them. */
function probingDefinition(definition: TDocumentDefinitions, probe: LayoutProbe, wholeHeights: WholeHeights): TDocumentDefinitions {
  return {
    ...definition,
    // Called for every node after layout: records positions, and keeps a heading with what
    // follows it (a heading alone at the foot of a page moves to the next).
    pageBreakBefore: (node: ProbedNode, nodes: { getFollowingNodesOnPage(): ProbedNode[] }) => {
      // The page's header and footer are laid out too: they do not count as what follows.
      // A lead-in moves as a heading does: with the block it introduces.
      const moves = Boolean(node.headlineLevel || isLeadIn(node)) && stranded(nodes.getFollowingNodesOnPage(), wholeHeights);
      // Each node is asked once: one that moves starts the next page (its top is not known here).
      if (node.id && node.startPosition) {
        if (moves) delete probe.nodeTops[node.id];
        else probe.nodeTops[node.id] = node.startPosition.top;
        probe.nodePages[node.id] = node.startPosition.pageNumber + (moves ? 1 : 0);
      }
      return moves;
    },
  };
}

/**
 * Layout without rendering, for the passes that only need to learn where things fall. One
 * pdfkit document is kept for all of them, so fonts are parsed and words measured once.
 */
export function createLayoutSession(theme: Theme): LayoutSession {
  // One session per set of fonts for the process: a warm rebuild (watch) parses no font again
  // and finds its words' widths measured (pdfkit's fontLayoutCache lives in the document).
  const key = JSON.stringify(fontsOf(theme));
  let session = sessions.get(key);
  if (!session) {
    session = newLayoutSession(theme);
    sessions.set(key, session);
  }
  return session;
}

export type LayoutSession = ReturnType<typeof newLayoutSession>;
const sessions = new Map<string, LayoutSession>();

function newLayoutSession(theme: Theme) {
  const allowedFiles = new Set(theme.fontFiles);
  const measuringDocument = new PDFDocument(
    fontsOf(theme),
    {},
    {},
    {},
    { autoFirstPage: false, compress: false, fontLayoutCache: true, info: {}, font: null, size: [A4.width, A4.height] },
    virtualFs,
    (path: string) => allowedFiles.has(path),
  );
  const layout = (definition: TDocumentDefinitions, wholeHeights: WholeHeights = {}): LayoutProbe => {
    const probe: LayoutProbe = { nodeTops: {}, nodePages: {} };
    const probing = probingDefinition(definition, probe, wholeHeights);
    const builder = new LayoutBuilder(normalizePageSize(probing.pageSize, probing.pageOrientation), normalizePageMargin(probing.pageMargins ?? 40), new SVGMeasure());
    builder.registerTableLayouts(tableLayouts);
    builder.layoutDocument(
      probing.content,
      measuringDocument,
      probing.styles ?? {},
      probing.defaultStyle ?? {},
      probing.background,
      probing.header,
      probing.footer,
      probing.watermark,
      probing.pageBreakBefore,
    );
    return probe;
  };
  return {
    layout,
    /** Height (pt) of some content laid out alone, on a page of the given width. */
    measureHeight(content: Content[], width: number, styles: StyleDictionary, defaultStyle: Style): number {
      return this.measureHeights([content], width, styles, defaultStyle)[0]!;
    },
    /**
     * Heights (pt) of several contents, each laid out alone: in one layout, each on a page of its
     * own (the same position and state as a layout of it alone, so the same figures), which
     * spares a layout's fixed cost per content.
     */
    measureHeights(contents: readonly Content[][], width: number, styles: StyleDictionary, defaultStyle: Style): number[] {
      if (contents.length === 0) return [];
      const content = contents.flatMap((nodes, index): Content[] => [
        { stack: nodes, ...(index > 0 ? { pageBreak: 'before' as const } : {}) },
        { text: '.', id: `__end${index}__` },
      ]);
      const probe = layout({ pageSize: { width, height: 14400 }, pageMargins: 0, content, styles, defaultStyle });
      return contents.map((_, index) => probe.nodeTops[`__end${index}__`] ?? 0);
    },
    /** Width (pt) of a text set in the body face, and the height and baseline of its line. */
    measure: {
      width: (text: string, font: FontStyle) => bodyFont(font).widthOfString(text, font.fontSize),
      line: (font: FontStyle) => {
        const face = bodyFont(font);
        return { height: face.lineHeight(font.fontSize), ascent: (face.ascender / 1000) * font.fontSize };
      },
    } satisfies TextMeasure,
  };
  function bodyFont(font: FontStyle): PdfKitFont {
    return measuringDocument.provideFont('Body', Boolean(font.bold), Boolean(font.italics));
  }
}

/**
 * Parses font files ahead of any build (for the start-up snapshot): their tables and shaping
 * engines are loaded by measuring a few letters, then the measured words are forgotten, so that
 * nothing of any report's text is kept. A build whose theme names other files parses them then.
 */
export function preloadFonts(files: readonly string[]): void {
  const fonts = Object.fromEntries(files.map((file, index) => [`Font${index}`, { normal: file }]));
  const document = new PDFDocument(fonts, {}, {}, {}, { autoFirstPage: false, compress: false, fontLayoutCache: true, info: {}, font: null }, virtualFs, () => true);
  for (const family of Object.keys(fonts)) document.provideFont(family, false, false).widthOfString('Aé fi, « x » 1’', 10);
  forgetMeasuredWords();
}

type PrinterInstance = ReturnType<typeof createPrinter>;

/** Lays the definition out (headings kept with what follows them) and returns the PDF bytes. */
export async function printPdf(printer: PrinterInstance, definition: TDocumentDefinitions, wholeHeights: WholeHeights = {}): Promise<Buffer> {
  // svg-to-pdfkit reads <image> files past the access policy: whatever made an SVG, none unchecked reaches it.
  for (const svg of svgsIn(definition.content)) {
    const refused = checkChartSvg(svg);
    if (refused) throw new Error(`an SVG handed to pdfmake fails the safety check: ${refused}`);
  }
  const document = await printer.createPdfKitDocument(probingDefinition(definition, { nodeTops: {}, nodePages: {} }, wholeHeights));
  return collect(document);
}

function collect(document: PdfKitDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    document.on('data', (chunk) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    document.end();
  });
}
