/**
 * The computed tables (figures from the statistics), their columns fitted to the text block.
 */
import type { ContentTable } from 'pdfmake/interfaces.js';
import { textWidth } from '../input/theme.js';
import type { TableId } from '../prose/composed-report.js';
import { formatNumber, formatPercent } from '../prose/french.js';
import type { DistributionRow } from '../statistics/statistics-model.js';
import { CELL_PADDING, CELL_PADDING_LEAST, tableLayout } from './document-styles.js';
import { inlineNodes } from './inline-nodes.js';
import type { LayoutContext, TextMeasure } from './layout-context.js';

/** The share of the text block a computed table's label column takes when its figures leave it room. */
const LABEL_SHARE = 0.25;

/** A cell of a computed table, before it is set: its text, weight and alignment. */
interface CellSpec {
  text: string;
  bold?: boolean;
  alignment?: 'left' | 'center';
}

interface TableFit {
  fontSize: number;
  /** Left and right padding of every cell (pt). */
  padding: number;
  /** Width of each column's content (pt), padding excluded: pdfmake's `widths`. */
  widths: number[];
}

/**
 * Column widths of a computed table (the first column holds the row labels, the others figures)
 * that fill the text block exactly. Each column must hold its longest word on one line. The
 * label column takes LABEL_SHARE of the width when the figures leave it room, else it shrinks
 * down to its longest word; the figure columns share the rest as evenly as their longest words
 * allow. When they do not fit, the size shrinks by half points down to `sizes.tableMin`, then
 * the padding tightens. Rows are [header, ...body].
 */
function fitTable(rows: readonly (readonly CellSpec[])[], width: number, sizes: { table: number; tableMin: number }, measure: TextMeasure): TableFit {
  const columns = rows[0]!.length;
  // A point spare: a word as wide as its column, to the hundredth, would be cut.
  const longestWord = (column: number, fontSize: number) =>
    1 + Math.max(0, ...rows.flatMap((row, r) => (row[column]?.text ?? '').split(/[ \t\n]+/).map((word) => measure.width(word, { fontSize, bold: Boolean(row[column]?.bold) || r === 0 }))));
  const attempts: { fontSize: number; padding: number }[] = [];
  for (let size = sizes.table; size >= sizes.tableMin - 1e-9; size -= 0.5) attempts.push({ fontSize: size, padding: CELL_PADDING });
  attempts.push({ fontSize: Math.min(sizes.tableMin, sizes.table), padding: CELL_PADDING_LEAST });
  // A hundredth of a point spare: the columns' sum never passes the text block by rounding.
  const content = (outer: number, padding: number) => Math.floor((outer - 2 * padding) * 100) / 100;
  for (const [index, { fontSize, padding }] of attempts.entries()) {
    const label = longestWord(0, fontSize) + 2 * padding;
    const needs = Array.from({ length: columns - 1 }, (_, i) => longestWord(i + 1, fontSize) + 2 * padding);
    const room = width - needs.reduce((sum, need) => sum + need, 0);
    // The last attempt is taken whatever: words too long for their column are then cut by pdfmake.
    if (room < label && index < attempts.length - 1) continue;
    const labelWidth = needs.length === 0 ? width : Math.max(Math.min(Math.max(label, LABEL_SHARE * width), room), Math.min(label, width / columns));
    return { fontSize, padding, widths: [labelWidth, ...evenOut(needs, width - labelWidth)].map((outer) => content(outer, padding)) };
  }
  throw new Error('unreachable: the last attempt is always taken');
}

/**
 * Widths as even as the needs allow: each max(need, level), the level such that they sum to
 * `total` (a column that needs more than its share keeps its need; the others share the rest).
 */
function evenOut(needs: readonly number[], total: number): number[] {
  let rest = total;
  let count = needs.length;
  for (const need of [...needs].sort((a, b) => b - a)) {
    if (count === 0 || need <= rest / count) break;
    rest -= need;
    count--;
  }
  const level = count > 0 ? rest / count : 0;
  return needs.map((need) => Math.max(need, level));
}

export function layoutTable(id: TableId, context: LayoutContext): ContentTable {
  const { statistics, composed, theme } = context;
  const labels = composed.tables[id] ?? { corner: '', rows: [] };
  const cell = (text: string, extra: Partial<CellSpec> = {}): CellSpec => ({ text, alignment: 'center', ...extra });
  const rowLabel = (text: string) => cell(text, { alignment: 'left' });
  // Every share of a table is printed with one decimal ("88,0 %"), as in the other tables.
  const percent = (share: number) => formatPercent(share, 1);
  let rows: CellSpec[][];
  if (id === 'evolution-per-zone') {
    const zones = statistics.evolution?.byZone ?? [];
    const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : '0');
    rows = [
      [rowLabel(labels.corner), ...zones.map((z) => cell(z.name))],
      [rowLabel(labels.rows[0] ?? ''), ...zones.map((z) => cell(formatNumber(z.previous)))],
      [rowLabel(labels.rows[1] ?? ''), ...zones.map((z) => cell(formatNumber(z.current)))],
      [rowLabel(labels.rows[2] ?? ''), ...zones.map((z) => cell(signed(z.change), { bold: true }))],
    ];
  } else if (id === 'communes-per-area') {
    rows = [
      [rowLabel(labels.corner), ...statistics.areas.map((a) => cell(a.name))],
      [rowLabel(labels.rows[0] ?? ''), ...statistics.areas.map((a) => cell(formatNumber(a.communes)))],
      [rowLabel(labels.rows[1] ?? ''), ...statistics.areas.map((a) => cell(percent(a.shareOfActive)))],
    ];
  } else {
    const counts: DistributionRow[] = id === 'agreements-per-commune' ? statistics.byAgreementCount : statistics.byZoneCount;
    const total = counts.reduce((sum, r) => sum + r.communes, 0);
    rows = [
      [rowLabel(labels.corner), ...counts.map((r) => cell(String(r.value))), cell('Total')],
      [rowLabel(labels.rows[0] ?? ''), ...counts.map((r) => cell(formatNumber(r.communes))), cell(formatNumber(total), { bold: true })],
      [rowLabel(labels.rows[1] ?? ''), ...counts.map((r) => cell(percent(r.shareOfConsidered))), cell(percent(total === 0 ? 0 : 1), { bold: true })],
      [rowLabel(labels.rows[2] ?? ''), ...counts.map((r) => cell(r.shareOfActive === null ? '' : percent(r.shareOfActive))), cell(percent(statistics.communes.active === 0 ? 0 : 1), { bold: true })],
    ];
  }
  const fit = fitTable(rows, textWidth(theme), theme.sizes, context.measure);
  // Header and body at the one size the table fits at.
  const body = rows.map((row, r) =>
    row.map(({ text, bold, alignment }) => ({ text: inlineNodes([{ text }], context), style: r === 0 ? 'tableHead' : 'tableCell', alignment, fontSize: fit.fontSize, ...(bold ? { bold } : {}) })),
  );
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: fit.widths, body },
    layout: tableLayout(theme, { padding: fit.padding }),
    margin: [0, 4, 0, 12],
    unbreakable: true,
  };
}
