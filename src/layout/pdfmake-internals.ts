/**
 * Every pdfmake internal the print stage uses (pdfmake 0.3 exports no API for laying out without
 * printing, nor a printer without global state), each required from `pdfmake/js/…` here with the
 * type we rely on. tests/pdfmake-internals.test.ts checks the installed version and each shape, so
 * an upgrade of pdfmake fails there first.
 */
import { createRequire } from 'node:module';
import type { Style, StyleDictionary, TDocumentDefinitions } from 'pdfmake/interfaces.js';

/** The pdfmake these handles are typed against (package.json pins it; patches/ patches it). */
export const PDFMAKE_VERSION = '0.3.11';

const require = createRequire(import.meta.url);
/** The line breaker; its flags say whether patches/pdfmake+*.patch is applied. */
export const textBreaker = require('pdfmake/js/TextBreaker') as { softHyphens?: boolean; wordSpacingShrink?: boolean; footnoteReserve?: boolean; continuedHeaders?: boolean };
// pdfmake 0.3's printer, used directly so that no global state is shared between builds.
export const Printer = require('pdfmake/js/Printer').default as new (
  fonts: object,
  virtualfs: unknown,
  urlResolver: unknown,
  localAccessPolicy: (path: string) => boolean,
) => {
  createPdfKitDocument(definition: TDocumentDefinitions, options?: object): Promise<PdfKitDocument>;
};
export const PDFDocument = require('pdfmake/js/PDFDocument').default as new (
  fonts: object,
  images: object,
  patterns: object,
  attachments: object,
  options: object,
  virtualfs: unknown,
  localAccessPolicy: (path: string) => boolean,
) => { provideFont(family: string, bold: boolean, italics: boolean): PdfKitFont };
export const LayoutBuilder = require('pdfmake/js/LayoutBuilder').default as new (
  pageSize: object,
  margins: object,
  svgMeasure: object,
) => {
  registerTableLayouts(layouts: object): void;
  // Content and callbacks as pdfmake's internals take them (the patched footer gets a 4th argument).
  layoutDocument(
    content: unknown,
    pdfDocument: object,
    styles: StyleDictionary,
    defaultStyle: Style,
    background: unknown,
    header: unknown,
    footer: unknown,
    watermark: unknown,
    pageBreakBefore: unknown,
  ): unknown[];
};
export const SVGMeasure = require('pdfmake/js/SVGMeasure').default as { new (): object; prototype: SvgMeasurer };
export const { normalizePageSize, normalizePageMargin } = require('pdfmake/js/PageSize') as {
  normalizePageSize(size: unknown, orientation: unknown): { width: number; height: number };
  normalizePageMargin(margin: unknown): object;
};
export const { tableLayouts } = require('pdfmake/js/tableLayouts') as { tableLayouts: object };
export const URLResolver = require('pdfmake/js/URLResolver').default as new (fs: unknown) => { setUrlAccessPolicy(policy: (url: string) => boolean): void };
export const virtualFs = require('pdfmake/js/virtual-fs').default as unknown;
/** fontkit as pdfkit requires it (one instance: fonts it parses are pdfkit's fonts). */
export const fontkit = require('fontkit') as typeof import('fontkit');

export interface SvgMeasurer {
  measureSVG(svg: unknown): { width: number; height: number };
  writeDimensions(svg: unknown, dimensions: { width: number; height: number }): unknown;
}

export interface PdfKitDocument {
  on(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'end' | 'error', listener: (value?: unknown) => void): void;
  end(): void;
}

export interface PdfKitFont {
  ascender: number;
  widthOfString(text: string, size: number): number;
  lineHeight(size: number): number;
}
