/**
 * The composed report: what the templates stage (compose-sections.ts) gives the layout, every
 * string rendered and typeset, the prose parsed into runs.
 */
import type { InlineRun } from './inline-markup.js';

export type TableId = 'agreements-per-commune' | 'communes-per-area' | 'zones-per-commune' | 'evolution-per-zone';

export type ComposedBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; runs: InlineRun[]; text: string }
  | { kind: 'paragraph' | 'quote' | 'callout'; runs: InlineRun[] }
  | { kind: 'list'; ordered: boolean; items: InlineRun[][] }
  | { kind: 'table'; table: TableId }
  | { kind: 'chart'; zone: string }
  | { kind: 'image'; dataUrl: string; width: number };

export type ComposedPart =
  | { kind: 'cover'; lines: { style: string; text: string }[] }
  | { kind: 'section'; id: string; file: string; page?: number /** May continue the previous page when the edition has no page map. */; flow: boolean; blocks: ComposedBlock[] }
  | { kind: 'toc'; title: string; page?: number }
  | { kind: 'annex'; annex: 'I' | 'II' | 'III'; page?: number; heading: InlineRun[]; headingText: string; columns: string[]; legend: InlineRun[]; newPageBefore: string[] };

export interface ComposedReport {
  title: string;
  /** The PDF's subject and keywords, of the edition's territory and year. */
  metadata: { subject: string; keywords: string[] };
  header: string;
  /** The footer's first line for a page. */
  footer: (page: number, pages: number) => string;
  footerNote: string;
  expectedPages?: number;
  parts: ComposedPart[];
  /** Footnote texts by id, from every content file. */
  footnotes: Record<string, InlineRun[]>;
  /** Row and column headings of the computed tables. */
  tables: Record<TableId, TableLabels>;
}

export interface TableLabels {
  corner: string;
  rows: string[];
}

/** The id of the year-over-year chart (net change per zone). */
export const EVOLUTION_CHART = 'evolution';
