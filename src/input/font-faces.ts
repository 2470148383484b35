/**
 * The theme's font files parsed by fontkit, as pdfkit will parse them: to validate them when the
 * theme is loaded and to ask which characters they can draw. The files lie in node_modules, not in
 * the project (the World): read here as pdfmake itself reads them.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { parseFont } from '../layout/shared-fonts.js';

/** A parsed font file: its name and the code points it has glyphs for. */
export interface FontFace {
  name: string;
  has(codePoint: number): boolean;
}

// Each font file is parsed once per process: the faces are shared by every build.
const faces = new Map<string, FontFace | { error: string }>();

/** The face of a font file (absolute path inside node_modules), or why it is not a font. */
export function openFontFace(file: string): FontFace | { error: string } {
  let face = faces.get(file);
  if (face) return face;
  try {
    // Parsed once per content for the whole process: pdfkit's documents use this same parse.
    const parsed = parseFont(readFileSync(file));
    if ('fonts' in parsed) throw new Error('a font collection (.ttc), not one font');
    // fontkit parses tables lazily: reading the header and the character map now makes a
    // damaged file fail here, not in the middle of the layout.
    if (!(parsed.unitsPerEm > 0) || !(parsed.numGlyphs > 0)) throw new Error('no glyphs');
    parsed.hasGlyphForCodePoint(0x41);
    const cache = new Map<number, boolean>();
    face = {
      name: parsed.fullName ?? parsed.familyName ?? posix.basename(file),
      has(codePoint) {
        let found = cache.get(codePoint);
        if (found === undefined) {
          found = parsed.hasGlyphForCodePoint(codePoint);
          cache.set(codePoint, found);
        }
        return found;
      },
    };
  } catch (error) {
    face = { error: error instanceof Error ? error.message : String(error) };
  }
  faces.set(file, face);
  return face;
}
