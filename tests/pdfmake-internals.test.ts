/**
 * The pdfmake internals src/layout/pdfmake-internals.ts requires from `pdfmake/js/…` are no public API:
 * this test pins the installed version and checks the shape of each one the print stage uses, so
 * that an upgrade of pdfmake fails here, by name, before any layout goes wrong.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as internals from '../src/layout/pdfmake-internals.js';

const require = createRequire(import.meta.url);

/** The methods of a class's prototype, and their declared parameter counts. */
const methodsOf = (type: unknown) => {
  expect(typeof type).toBe('function');
  const prototype = (type as { prototype: Record<string, unknown> }).prototype;
  return Object.fromEntries(Object.getOwnPropertyNames(prototype).map((name) => [name, typeof prototype[name] === 'function' ? (prototype[name] as (...args: unknown[]) => unknown).length : -1]));
};

describe('pdfmake internals', () => {
  it('the installed pdfmake is the version they are typed against', () => {
    expect((require('pdfmake/package.json') as { version: string }).version).toBe(internals.PDFMAKE_VERSION);
    expect(internals.PDFMAKE_VERSION).toBe('0.3.11');
    const declared = (require('../package.json') as { dependencies: Record<string, string> }).dependencies.pdfmake;
    expect(declared).toBe(internals.PDFMAKE_VERSION);
  });

  it('TextBreaker carries the flags of patches/pdfmake+0.3.11.patch', () => {
    expect(internals.textBreaker.softHyphens).toBe(true);
    expect(internals.textBreaker.wordSpacingShrink).toBe(true);
    expect(internals.textBreaker.footnoteReserve).toBe(true);
  });

  it('Printer: new Printer(fonts, virtualfs, urlResolver, localAccessPolicy).createPdfKitDocument(definition)', () => {
    expect(internals.Printer.length).toBe(4);
    expect(methodsOf(internals.Printer)).toMatchObject({ createPdfKitDocument: expect.any(Number) });
  });

  it('PDFDocument: provideFont(family, bold, italics)', () => {
    expect(methodsOf(internals.PDFDocument)).toMatchObject({ provideFont: 3 });
  });

  it('LayoutBuilder: new LayoutBuilder(pageSize, margins, svgMeasure), registerTableLayouts, layoutDocument with 9 arguments', () => {
    expect(internals.LayoutBuilder.length).toBe(3);
    expect(methodsOf(internals.LayoutBuilder)).toMatchObject({ registerTableLayouts: 1, layoutDocument: 9 });
  });

  it('SVGMeasure: measureSVG and writeDimensions on its prototype (print-pdf.ts replaces both)', () => {
    expect(methodsOf(internals.SVGMeasure)).toMatchObject({ measureSVG: 1, writeDimensions: 2 });
  });

  it('PageSize: normalizePageSize(size, orientation) and normalizePageMargin(margin)', () => {
    expect(internals.normalizePageSize('A4', undefined)).toMatchObject({ width: 595.28, height: 841.89 });
    expect(internals.normalizePageMargin(40)).toEqual({ left: 40, top: 40, right: 40, bottom: 40 });
  });

  it('tableLayouts: the named table layouts', () => {
    expect(Object.keys(internals.tableLayouts)).toEqual(expect.arrayContaining(['noBorders', 'headerLineOnly', 'lightHorizontalLines']));
  });

  it('URLResolver: new URLResolver(fs).setUrlAccessPolicy(policy)', () => {
    expect(internals.URLResolver.length).toBe(1);
    expect(methodsOf(internals.URLResolver)).toMatchObject({ setUrlAccessPolicy: 1 });
    expect(() => new internals.URLResolver(internals.virtualFs).setUrlAccessPolicy(() => false)).not.toThrow();
  });

  it('virtual-fs: the in-memory file system pdfmake reads fonts and images through', () => {
    expect(internals.virtualFs).toMatchObject({ storage: expect.any(Object) });
    for (const method of ['existsSync', 'readFileSync', 'writeFileSync']) expect(typeof (internals.virtualFs as Record<string, unknown>)[method]).toBe('function');
  });
});
