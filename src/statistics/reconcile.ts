/**
 * Compares every figure the study prints with the value the register gives, and carries the
 * explanation of each difference (from published.yaml, which cites NOTES.md).
 */

import type { PublishedFigure } from '../input/model.js';
import { type Locale, messageText } from '../shared/messages.js';
import type { Statistics } from './statistics-model.js';

interface ReconciledFigure {
  figure: string;
  label: string;
  page: number;
  statistic: string;
  published: number;
  computed: number | null;
  matches: boolean;
  explanation: string | null;
}

/** Reads a dotted statistic path: "zone.europe-ce.agreements", "byAgreementCount.5.communes". */
function readStatistic(statistics: Statistics, path: string): number | null {
  let current: unknown = statistics;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return null;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'number' ? current : null;
}

/** A share printed as 0.697 matches 0.6969 but not 0.69: compare at the printed precision. */
function matchesAtPrecision(published: number, computed: number): boolean {
  const decimals = (String(published).split('.')[1] ?? '').length;
  return Math.abs(published - computed) < 0.5 * 10 ** -decimals + 1e-12;
}

export function reconcile(figures: readonly PublishedFigure[], statistics: Statistics): ReconciledFigure[] {
  return figures.map((figure) => {
    const computed = readStatistic(statistics, figure.statistic);
    const matches = computed !== null && matchesAtPrecision(figure.published, computed);
    return {
      figure: figure.id,
      label: figure.label,
      page: figure.page,
      statistic: figure.statistic,
      published: figure.published,
      computed,
      matches,
      explanation: figure.explanation ?? null,
    };
  });
}

/** Figures that differ with no explanation, or whose statistic does not exist: each one a failure. */
export function unexplained(rows: readonly ReconciledFigure[]): ReconciledFigure[] {
  return rows.filter((row) => row.computed === null || (!row.matches && !row.explanation));
}

/** The table `reconcile` prints: one line per figure (and its explanation), then the counts. */
export function formatReconciliation(rows: readonly ReconciledFigure[], locale: Locale): string {
  const lines = rows.map((row) => {
    const status = row.computed === null ? 'unknown' : row.matches ? 'same' : 'differs';
    const head = messageText('cli/reconcile-row', { page: row.page, figure: row.figure, published: row.published, computed: row.computed, status }, locale);
    return row.matches || !row.explanation ? head : `${head}\n      ${row.explanation}`;
  });
  const differing = rows.filter((r) => !r.matches).length;
  const failures = unexplained(rows).length;
  const counts = { figures: rows.length, reproduced: rows.length - differing, explained: differing - failures, unexplained: failures };
  lines.push(messageText('cli/reconcile-summary', counts, locale));
  return lines.join('\n');
}
