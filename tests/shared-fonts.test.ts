/**
 * src/layout/shared-fonts.ts: documents of one process share each font file's parsed font and measured
 * words, and each still embeds only its own glyphs under its own font objects.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDFDocument, Printer, URLResolver, virtualFs } from '../src/layout/pdfmake-internals.js';
import '../src/layout/print-pdf.js';

const require = createRequire(import.meta.url);
const SERIF = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf');
const SANS = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const fonts = { Body: { normal: SERIF, bold: SANS, italics: SERIF, bolditalics: SERIF } };

interface ProvidedFont {
  font: object;
  layoutCache?: Record<string, unknown>;
  widthOfString(text: string, size: number): number;
}
const newDocument = () =>
  new PDFDocument(fonts, {}, {}, {}, { autoFirstPage: false, compress: false, info: {}, font: null }, virtualFs, () => true) as unknown as {
    provideFont(family: string, bold: boolean, italics: boolean): ProvidedFont;
  };

async function print(text: string): Promise<Buffer> {
  const resolver = new URLResolver(virtualFs);
  resolver.setUrlAccessPolicy(() => false);
  const printer = new Printer(fonts, virtualFs, resolver, () => true);
  const document = await printer.createPdfKitDocument({ content: [{ text }], defaultStyle: { font: 'Body' }, info: { creationDate: new Date(0) }, compress: false });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    document.on('data', (chunk) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.end();
  });
}

const pdfText = (pdf: Buffer) => {
  const file = join(mkdtempSync(join(tmpdir(), 'shared-fonts-')), 'x.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).trim();
};

describe('fonts shared across documents', () => {
  it('gives each document its own font object around one parsed font and one table of measured words', () => {
    const first = newDocument().provideFont('Body', false, false);
    const width = first.widthOfString('Coopération', 10);
    const second = newDocument().provideFont('Body', false, false);
    expect(second).not.toBe(first);
    expect(second.font).toBe(first.font);
    expect(second.layoutCache).toBe(first.layoutCache);
    expect(second.layoutCache).toHaveProperty('Coopération');
    expect(second.widthOfString('Coopération', 10)).toBe(width);
  });

  it('tells files apart by their content: another face is another font', () => {
    const document = newDocument();
    expect(document.provideFont('Body', true, false).font).not.toBe(document.provideFont('Body', false, false).font);
  });

  it('embeds in each PDF only its own glyphs, and its text reads back', async () => {
    const first = await print('Toulouse Albi');
    const second = await print('Zaragoza');
    expect(pdfText(first)).toBe('Toulouse Albi');
    expect(pdfText(second)).toBe('Zaragoza');
    // Printed alone, in a process that had printed nothing, the second PDF's bytes are these.
    const alone = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { Printer, URLResolver, virtualFs } from './dist/layout/pdfmake-internals.js'; import './dist/layout/print-pdf.js';
         const fonts = ${JSON.stringify(fonts)}; const r = new URLResolver(virtualFs); r.setUrlAccessPolicy(() => false);
         const d = await new Printer(fonts, virtualFs, r, () => true).createPdfKitDocument({ content: [{ text: 'Zaragoza' }], defaultStyle: { font: 'Body' }, info: { creationDate: new Date(0) }, compress: false });
         const c = []; d.on('data', (x) => c.push(x)); d.on('end', () => process.stdout.write(Buffer.concat(c).toString('base64'))); d.end();`,
      ],
      { encoding: 'utf8' },
    );
    expect(second.toString('base64')).toBe(alone);
  });
});
