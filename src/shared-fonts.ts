/**
 * Fonts parsed once per process. pdfkit parses a font file anew for every document (fontkit) and
 * keeps the words it measured in that document's font object, so each of a build's documents
 * (the measuring session, the printed PDF) and each rebuild of `watch` parsed the same files and
 * measured the same words again. pdfmake's document asks for its fonts through `provideFont`:
 * this layer hands every document its own pdfkit font object (its own subset, widths and id, so
 * the PDF is what it was) around one parsed font and one table of measured words per font file,
 * found by the file's content, not its name.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** What pdfkit's font object (`EmbeddedFont`) holds that is not per document. */
interface EmbeddedFont {
  /** The fontkit font: parsed tables, glyphs, the shaping engine. */
  font: { postscriptName?: string };
  name?: string;
  id: string;
  /** Word → measured run, scaled to 1000 units: the same for every document using the file. */
  layoutCache?: Record<string, unknown>;
  constructor: new (document: unknown, font: unknown, id: string) => EmbeddedFont;
}

/** The parts of pdfmake's PDFDocument (a pdfkit document) that `provideFont` works with. */
export interface FontProvidingDocument {
  fonts: Record<string, Record<string, unknown>>;
  fontCache: Record<string, Record<string, EmbeddedFont>>;
  virtualfs: { existsSync(path: string): boolean; readFileSync(path: string): Buffer } | null;
  validateLocalFile(path: unknown): void;
  getFontType(bold: boolean, italics: boolean): string;
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont;
  _fontFamilies: Record<string, EmbeddedFont>;
  _fontCount: number;
}

interface SharedFont {
  font: EmbeddedFont['font'];
  layoutCache: Record<string, unknown> | undefined;
  create: EmbeddedFont['constructor'];
}

const sharedFonts = new Map<string, SharedFont>();

/** Patches pdfmake's PDFDocument prototype once; documents made afterwards share their fonts. */
export function shareFontsAcrossDocuments(prototype: FontProvidingDocument): void {
  const provideFont = prototype.provideFont;
  if ((provideFont as { shared?: boolean }).shared) return;
  const shared = function (this: FontProvidingDocument, family: string, bold: boolean, italics: boolean): EmbeddedFont {
    const type = this.getFontType(bold, italics);
    const known = this.fontCache[family]?.[type];
    if (known) return known;
    const source = this.fonts[family]?.[type];
    // Anything but a font file's path (a buffer, a [path, family] pair for collections) as pdfkit does.
    if (typeof source !== 'string') return provideFont.call(this, family, bold, italics);
    const bytes = fontBytes(this, source);
    const key = createHash('sha256').update(bytes).digest('hex');
    const parsed = sharedFonts.get(key);
    if (!parsed) {
      const font = provideFont.call(this, family, bold, italics);
      sharedFonts.set(key, { font: font.font, layoutCache: font.layoutCache, create: font.constructor });
      return font;
    }
    const font = new parsed.create(this, parsed.font, `F${++this._fontCount}`);
    if (font.layoutCache && parsed.layoutCache) font.layoutCache = parsed.layoutCache;
    // Registered as pdfkit's `font()` registers a font: the document embeds what it registered.
    if (font.name && !this._fontFamilies[font.name]) this._fontFamilies[font.name] = font;
    else this._fontFamilies[font.id] = font;
    this.fontCache[family] = { ...this.fontCache[family], [type]: font };
    return font;
  };
  prototype.provideFont = Object.assign(shared, { shared: true });
}

/** The file's bytes, read as pdfmake reads them (its virtual file system first, then the disk under its access policy). */
function fontBytes(document: FontProvidingDocument, path: string): Buffer {
  if (document.virtualfs?.existsSync(path)) return document.virtualfs.readFileSync(path);
  document.validateLocalFile(path);
  return readFileSync(path);
}

/** Forgets the measured words (the parsed fonts stay): for a start-up snapshot, which must hold nothing of a report's text. */
export function forgetMeasuredWords(): void {
  for (const font of sharedFonts.values()) {
    if (font.layoutCache) for (const word of Object.keys(font.layoutCache)) delete font.layoutCache[word];
  }
}
