// Types of scripts/word-spacing.mjs, for the tests that import it.
export declare const MIN_WORD_SPACE: number;
export declare const LOOSE_LINE: number;
export declare function attribute(tag: string, name: string): number;
export declare function decode(text: string): string;

export interface BboxWord {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  text: string;
}
export interface BboxLine {
  words: BboxWord[];
  xMin: number;
  xMax: number;
}
export interface BboxPage {
  blocks: { lines: BboxLine[] }[];
}
export interface JustifiedLine {
  page: number;
  text: string;
  gaps: number[];
  mean: number;
}
export interface WordSpacing {
  lines: number;
  gaps: number;
  medianGap: number;
  medianLineMean: number;
  looseLines: number;
  loose: { page: number; mean: number; text: string }[];
  all: JustifiedLine[];
}

export declare function parseBboxLayout(xhtml: string): BboxPage[];
export declare function justifiedLines(page: BboxPage, pageNumber: number): JustifiedLine[];
export declare function measureWordSpacing(pdf: string, range?: { first?: number; last?: number }): WordSpacing;
