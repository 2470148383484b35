/**
 * French typography for every string that reaches the page: typographic apostrophes, « »
 * guillemets with narrow no-break spaces, en dashes for spaced hyphens with no-break spaces on
 * the inner side of an incise, the ellipsis character. Idempotent, so a string may pass twice.
 */

import { NARROW_NBSP, NBSP } from './french.js';
import { APOSTROPHE } from './french-grammar.js';

const EN_DASH = '\u2013';

/** Applies the rules to one string; URLs and e-mail addresses hold none of the characters changed. */
export function typeset(text: string): string {
  // A figure and the word it counts or dates stay on one line: "51 accords", "6 février", "n° 92".
  const bound = text.replace(/(\d) (?=\p{L})/gu, `$1${NBSP}`).replace(/\bn° (?=\d)/g, `n°${NBSP}`);
  if (!/['"]|\.\.\.| [-–] /.test(bound)) return bound;
  let out = bound
    .replace(/\.\.\.+/g, '…')
    .replace(/'/g, APOSTROPHE)
    .replace(/"([^"]*)"/g, (_, inner: string) => `«${NARROW_NBSP}${inner.trim()}${NARROW_NBSP}»`)
    .replace(/ - /g, ` ${EN_DASH} `);
  out = bindIncises(out);
  return out;
}

/**
 * "– dont Toulouse –": within a text, spaced en dashes go by pairs; the space after an opening
 * dash and before a closing one become no-break, so a dash never ends or starts a line alone.
 */
function bindIncises(text: string): string {
  const total = (text.match(/[ \u00A0]–[ \u00A0]/g) ?? []).length;
  let seen = 0;
  return text.replace(/([ \u00A0])–([ \u00A0])/g, (_, before: string, after: string) => {
    seen++;
    // An unpaired last dash ("la Roumanie – 8") is bound on both sides.
    if (seen === total && total % 2 === 1) return `${NBSP}–${NBSP}`;
    return seen % 2 === 1 ? `${before}–${NBSP}` : `${NBSP}–${after}`;
  });
}
