/**
 * Compares every figure the study prints with the value the register gives, and carries the
 * explanation of each difference (from published.yaml, which cites NOTES.md).
 */
import type { PublishedFigure } from './model.js';
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

export function formatReconciliation(rows: readonly ReconciledFigure[]): string {
  const lines = rows.map((row) => {
    const status = row.computed === null ? 'UNKNOWN STATISTIC' : row.matches ? 'same' : 'differs';
    const head = `p.${String(row.page).padStart(2)} ${row.figure.padEnd(34)} published ${String(row.published).padStart(8)}  computed ${String(row.computed ?? '—').padStart(8)}  ${status}`;
    return row.matches || !row.explanation ? head : `${head}\n      ${row.explanation}`;
  });
  const differing = rows.filter((r) => !r.matches).length;
  const failures = unexplained(rows).length;
  lines.push(`${rows.length} figures, ${rows.length - differing} reproduced, ${differing - failures} explained differences, ${failures} unexplained`);
  return lines.join('\n');
}
