/**
 * Print stage: pdfmake lays out the definition and writes PDF bytes, in memory. Network access
 * is refused and local reads are limited to the theme's font files (pdfmake's URL and local
 * access policies, CVE-2026-26801).
 */
import { createRequire } from 'node:module';
import type { Theme } from './theme.js';

const require = createRequire(import.meta.url);
// pdfmake 0.3's printer, used directly so that no global state is shared between builds.
const Printer = require('pdfmake/js/Printer').default as new (fonts: object, virtualfs: unknown, urlResolver: unknown, localAccessPolicy: (path: string) => boolean) => {
  createPdfKitDocument(definition: object, options?: object): Promise<PdfKitDocument>;
};
const URLResolver = require('pdfmake/js/URLResolver').default as new (fs: unknown) => { setUrlAccessPolicy(policy: (url: string) => boolean): void };
const virtualFs = require('pdfmake/js/virtual-fs').default as unknown;

interface PdfKitDocument {
  on(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'end' | 'error', listener: (value?: unknown) => void): void;
  end(): void;
  page?: { height: number };
  bufferedPageRange?(): { count: number };
}

/** What a layout pass learnt: each marked node's first page, and the page count. */
export interface LayoutProbe {
  pages: number;
  /** Page of the first line of each node that has an id. */
  nodePages: Record<string, number>;
}

/** Creates the printer of one build, with the access policies set. */
export function createPrinter(theme: Theme) {
  const allowedFiles = new Set(theme.fontFiles);
  const urlResolver = new URLResolver(virtualFs);
  urlResolver.setUrlAccessPolicy(() => false);
  const fonts = { Body: { ...theme.fonts.body }, Symbols: { ...theme.fonts.symbols } };
  return new Printer(fonts, virtualFs, urlResolver, (path: string) => allowedFiles.has(path));
}

type PrinterInstance = ReturnType<typeof createPrinter>;

/** Lays the definition out and returns the PDF bytes, with what the layout learnt. */
export async function printPdf(printer: PrinterInstance, definition: Record<string, unknown>): Promise<{ bytes: Buffer; probe: LayoutProbe }> {
  const probe: LayoutProbe = { pages: 0, nodePages: {} };
  const withProbe = {
    ...definition,
    // Called for every node after layout: records positions, and keeps a heading with what
    // follows it (a heading alone at the foot of a page moves to the next).
    pageBreakBefore: (node: { id?: string; headlineLevel?: number; startPosition?: { pageNumber: number }; pages?: number }, nodes: { getFollowingNodesOnPage(): unknown[] }) => {
      if (node.id && node.startPosition) probe.nodePages[node.id] = node.startPosition.pageNumber;
      if (node.pages) probe.pages = node.pages;
      return Boolean(node.headlineLevel) && nodes.getFollowingNodesOnPage().length === 0;
    },
  };
  const document = await printer.createPdfKitDocument(withProbe);
  const bytes = await collect(document);
  return { bytes, probe };
}

/** Height (pt) of some content laid out alone on a page of the given width. */
export async function measureHeight(printer: PrinterInstance, content: unknown[], width: number, styles: object, defaultStyle: object): Promise<number> {
  const document = await printer.createPdfKitDocument({ pageSize: { width, height: 'auto' }, pageMargins: 0, content, styles, defaultStyle, compress: false });
  const height = document.page?.height ?? 0;
  await collect(document);
  return height;
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
