/**
 * fr-FR formatting and typography, applied at the edge (template helpers, text layout); the
 * statistics stay plain numbers.
 */

/** U+202F NARROW NO-BREAK SPACE: thousands separator, and before ; ! ? and inside « » per French usage. */
export const NARROW_NBSP = '\u202F';
/** U+00A0 NO-BREAK SPACE: before the colon. */
export const NBSP = '\u00A0';

// Building an Intl.NumberFormat costs far more than formatting: one per precision, kept.
const formatters = new Map<number | undefined, Intl.NumberFormat>();

/** 390775 → "390 775" (narrow no-break spaces), 3.5 → "3,5". */
export function formatNumber(value: number, fractionDigits?: number): string {
  let formatter = formatters.get(fractionDigits);
  if (!formatter) {
    const options: Intl.NumberFormatOptions = fractionDigits === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
    formatter = new Intl.NumberFormat('fr-FR', { ...options, useGrouping: true });
    formatters.set(fractionDigits, formatter);
  }
  return formatter.format(value).replace(/[\u00A0\u202F\s]/g, NARROW_NBSP);
}

/** 0.4219 → "42,2 %"; digits decimal places (1 by default). */
export function formatPercent(share: number, digits = 1): string {
  return `${formatNumber(share * 100, digits)}${NBSP}%`;
}

/** ["Millau", "Mirande", "Carbonne"] → "Millau, Mirande et Carbonne". */
export function formatList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/**
 * French spacing: the space before : ; ! ? » and after « becomes no-break, so the sign never
 * starts a line; a missing one inside guillemets is added. Leaves URLs (no space before "://") alone.
 */
export function applyFrenchSpacing(text: string): string {
  return text
    .replace(/[ \u00A0\u202F]+:(?=\s|$)/g, `${NBSP}:`)
    .replace(/[ \u00A0\u202F]+([;!?])/g, `${NARROW_NBSP}$1`)
    .replace(/«[ \u00A0\u202F]*/g, `«${NARROW_NBSP}`)
    .replace(/[ \u00A0\u202F]*»/g, `${NARROW_NBSP}»`);
}
