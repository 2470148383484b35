/**
 * The layout stage's input (DocumentInput) and the context its modules share while building the
 * pdfmake document definition (LayoutContext).
 */
import type { ContentStack, ContentTable } from 'pdfmake/interfaces.js';
import type { RenderedChart } from '../charts/render-charts.js';
import type { ValidatedReport } from '../input/model.js';
import type { Theme } from '../input/theme.js';
import type { ComposedReport } from '../prose/composed-report.js';
import type { Statistics } from '../statistics/statistics-model.js';

export interface DocumentInput {
  report: ValidatedReport;
  composed: ComposedReport;
  statistics: Statistics;
  charts: RenderedChart[];
  theme: Theme;
  createdAt: Date;
  /** Files embedded in the PDF (the register as CSV), so the data travels with the report. */
  attachments: { name: string; description: string; data: Buffer; type: string }[];

  /** Height (pt) of each footnote's block as the footers print it, measured beforehand (build-report.ts). */
  noteHeights: Record<string, number>;
  /** Start every part on its own page (the default edition's page map). */
  followPageMap: boolean;
  /** Told, for every page, which section it belongs to and the notes printed at its foot. */
  onPage?: (page: number, sectionIndex: number, notes: string[]) => void;
  /** Widths and line heights of text in the body face (tables and contents are fitted with them). */
  measure: TextMeasure;
}

/** Text measured in the body face: what pdfmake will lay out. */
export interface TextMeasure {
  width(text: string, font: FontStyle): number;
  /** Height of a line at lineHeight 1, and of its baseline under the line's top (pt). */
  line(font: FontStyle): { height: number; ascent: number };
}

export interface FontStyle {
  fontSize: number;
  bold?: boolean;
  italics?: boolean;
}

export interface LayoutContext extends DocumentInput {
  footnoteNumbers: Record<string, number>;
  /** Outline ids of the current level-1 and level-2 headings. */
  outlineParents: string[];
  /** Charts laid out so far, for their numbers. */
  chartCount?: number;
  /** Blocks laid out whole, by id. */
  wholeBlocks: Record<string, ContentTable | ContentStack>;
}
