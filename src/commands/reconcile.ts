/** `reconcile`: every figure the printed study gives, beside the value the register gives now. */

import { oneLine } from '../shared/diagnostics.js';
import { localeOf, severityWord } from '../shared/messages.js';
import { computeStatistics } from '../statistics/compute-statistics.js';
import { formatReconciliation, reconcile, unexplained } from '../statistics/reconcile.js';
import { EXIT_DATA, EXIT_OK, type Io, say } from './command-io.js';
import { loadOrReport, resolveEdition } from './edition-target.js';

/** Prints the table (or JSON); a difference published.yaml does not explain is an error (exit 1). */
export function commandReconcile(options: { data?: string; json?: boolean }, io: Io): number {
  const locale = localeOf(io.env);
  const target = resolveEdition(options.data, io);
  const loaded = loadOrReport(target, io);
  if (!loaded) return EXIT_DATA;
  if (!target.world.list(target.editionDir).includes('published.yaml')) {
    // An edition whose study is not printed (yet) has no published.yaml: nothing to compare with.
    const line = say(io, 'cli/no-published', { editionDir: target.editionDir });
    if (options.json) {
      io.out('[]');
      io.err(line);
    } else io.out(line);
    return EXIT_OK;
  }
  const rows = reconcile(loaded.published, computeStatistics(loaded));
  if (options.json)
    io.out(
      JSON.stringify(
        rows.map(({ figure, published, computed, explanation }) => ({ figure, published, computed, explanation })),
        null,
        2,
      ),
    );
  else io.out(formatReconciliation(rows, locale));
  const failures = unexplained(rows);
  const figures = new Map(loaded.published.map((f) => [f.id, f]));
  for (const row of failures) {
    const at = figures.get(row.figure)?.at;
    const place = at ? `${at.file}:${at.line}:${at.column}: ` : '';
    const text = say(
      io,
      'reconcile/unexplained',
      row.computed === null ? { figure: row.figure, statistic: String(row.statistic) } : { figure: row.figure, published: String(row.published), computed: String(row.computed) },
    );
    io.err(oneLine(`${place}${severityWord('error', locale)}[reconcile/unexplained]: ${text}`));
  }
  return failures.length > 0 ? EXIT_DATA : EXIT_OK;
}
