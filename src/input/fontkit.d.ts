/** The part of fontkit (a dependency of pdfkit, https://github.com/foliojs/fontkit) the generator uses. */
declare module 'fontkit' {
  export interface Font {
    fullName: string | null;
    familyName: string | null;
    unitsPerEm: number;
    numGlyphs: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export interface FontCollection {
    fonts: Font[];
  }
  /** Parses a font file's bytes; throws "Unknown font format" for anything else. */
  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection;
}
