/**
 * Fonts parsed once per process. pdfkit parses a font file anew for every document (fontkit) and
 * keeps the words it measured in that document's font object, so each of a build's documents
 * (the measuring session, the printed PDF) and each rebuild of `watch` parsed the same files and
 * measured the same words again, and the theme's validation (font-faces.ts) parsed them once
 * more. Here each font file is parsed once, found by its content (not its name), by fontkit as
 * pdfkit requires it; pdfmake's document asks for its fonts through `provideFont`, which hands
 * every document its own pdfkit font object (its own subset, widths and id, so the PDF is what
 * it was) around that one parsed font and one table of measured words.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Font, FontCollection } from 'fontkit';
import { fontkit } from './pdfmake-internals.js';

/** What pdfkit's font object (`EmbeddedFont`) holds that is not per document. */
interface EmbeddedFont {
  /** The fontkit font: parsed tables, glyphs, the shaping engine. */
  font: Font;
  name?: string;
  id: string;
  /** Word → measured run, scaled to 1000 units: the same for every document using the file. */
  layoutCache?: Record<string, unknown>;
  constructor: new (document: unknown, font: Font, id: string) => EmbeddedFont;
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

/** Parsed fonts by the SHA-256 of their file. */
const parsedFonts = new Map<string, Font | FontCollection>();
/** Measured words by parsed font. */
const measuredWords = new WeakMap<Font, Record<string, unknown>>();
/** pdfkit's font class, learnt from the first font pdfkit opens itself (it is not exported). */
let EmbeddedFontClass: EmbeddedFont['constructor'] | undefined;

const contentKey = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A font file's bytes parsed by fontkit (throws as fontkit does), once per content. */
export function parseFont(bytes: Uint8Array): Font | FontCollection {
  const key = contentKey(bytes);
  let font = parsedFonts.get(key);
  if (!font) {
    font = fontkit.create(bytes);
    parsedFonts.set(key, font);
  }
  return font;
}

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
    const key = contentKey(bytes);
    const parsed = parsedFonts.get(key);
    if (!EmbeddedFontClass || !parsed || 'fonts' in parsed) {
      const font = provideFont.call(this, family, bold, italics);
      EmbeddedFontClass ??= font.constructor;
      // From now on, this parse (the one whose words get measured) is the file's.
      if (!parsed || !('fonts' in parsed)) parsedFonts.set(key, font.font);
      if (font.layoutCache && !measuredWords.has(font.font)) measuredWords.set(font.font, font.layoutCache);
      return font;
    }
    const font = new EmbeddedFontClass(this, parsed, `F${++this._fontCount}`);
    if (font.layoutCache) {
      const words = measuredWords.get(parsed) ?? font.layoutCache;
      measuredWords.set(parsed, words);
      font.layoutCache = words;
    }
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
  for (const font of parsedFonts.values()) {
    const words = 'fonts' in font ? undefined : measuredWords.get(font);
    if (words) for (const word of Object.keys(words)) delete words[word];
  }
}
