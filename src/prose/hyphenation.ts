/**
 * French hyphenation of the prose: soft hyphens (U+00AD) are inserted where a word may be
 * broken, before layout; the patched pdfmake (patches/pdfmake+*.patch) breaks there, draws a
 * hyphen at the end of such a line and nothing elsewhere.
 *
 * Where a word may break comes from the `hyphen` package's French patterns (the TeX hyph-fr
 * patterns, by Liang's algorithm); the rules of French usage are ours:
 * - at least 2 letters before a break and 3 after it;
 * - words of 6 letters or more only;
 * - never a word in capitals or with a capital inside (TOULOUSE, AFCCRE, XIXe), nor a proper
 *   noun (a capitalised word that does not start a sentence: Toulouse, Roumanie);
 * - never inside a URL, an e-mail address, a domain name, or a word touching a digit (1er, 92-125);
 * - never across an apostrophe (l’ad-mi-nis-tra-tion breaks inside "administration" only);
 * - in the last word of a block, at least 6 letters after a break: no short piece of a word
 *   alone on the block's last line ("par-/tie.").
 */
import { createRequire } from 'node:module';
import type { InlineRun } from './inline-markup.js';

const require = createRequire(import.meta.url);
const french = require('hyphen/fr') as { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };

export const SOFT_HYPHEN = '\u00AD';
/** Fewest letters of a word that may be hyphenated. */
const MIN_WORD_LETTERS = 6;
/** Fewest letters before a break. */
const MIN_BEFORE = 2;
/** Fewest letters after a break. */
const MIN_AFTER = 3;
/** Fewest letters after a break in the last word of a block. */
const MIN_AFTER_LAST_WORD = 6;

/** Addresses never broken: URLs, www addresses, e-mail addresses, domain names. */
const ADDRESS = /(?:https?:\/\/|mailto:|www\.)\S{1,500}|[\w.+-]{1,64}@[\w.-]{1,255}|\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.(?:fr|com|org|net|eu|int|asso|gouv|info)\b\S{0,500}/giu;
/** A word: letters, with their combining marks (and soft hyphens: such a word is left as it is). */
const WORD = /[\p{L}\p{M}\u00AD]+/gu;
/** Between a sentence's end and its first word: spaces, quotes, an opening bracket. */
const OPENING = /[\s«»"“”‘([\u00A0\u202F]/u;
/** What ends a sentence. */
const SENTENCE_END = /[.!?…]/u;

/** Whether the word at `index` is the first of a sentence (or of the text). */
function startsSentence(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && OPENING.test(text[i]!)) i--;
  return i < 0 || SENTENCE_END.test(text[i]!) || text[i] === '\n';
}

const cache = new Map<string, number[]>();

/** Offsets inside a word where it may break (each offset is the first letter after a break). */
export function wordBreaks(word: string): number[] {
  let breaks = cache.get(word);
  if (breaks === undefined) {
    const marked = french.hyphenateSync(word, { hyphenChar: SOFT_HYPHEN, minWordLength: MIN_WORD_LETTERS });
    breaks = [];
    let letters = 0;
    for (const char of marked) {
      if (char === SOFT_HYPHEN) breaks.push(letters);
      else letters += char.length;
    }
    const length = word.length;
    breaks = breaks.filter((at) => countLetters(word.slice(0, at)) >= MIN_BEFORE && countLetters(word.slice(at, length)) >= MIN_AFTER);
    if (cache.size > 50_000) cache.clear();
    cache.set(word, breaks);
  }
  return breaks;
}

const countLetters = (text: string) => (text.match(/\p{L}/gu) ?? []).length;

/** Whether a word found in `text` at `index` may be hyphenated at all. */
function mayHyphenate(word: string, text: string, index: number): boolean {
  if (countLetters(word) < MIN_WORD_LETTERS) return false;
  // Capitals: TOULOUSE, AFCCRE, XIXe; a capital inside a word (McDonald) too.
  if (/\p{Lu}/u.test(word.slice(1))) return false;
  // A word glued to a digit or to an identifier's punctuation (1er, n°3bis, a_b, x/y).
  const before = text[index - 1] ?? '';
  const after = text[index + word.length] ?? '';
  if (/[\p{N}_@/\\]/u.test(before) || /[\p{N}_@/\\]/u.test(after)) return false;
  // A proper noun: capitalised and not the first word of a sentence.
  if (/^\p{Lu}/u.test(word) && !startsSentence(text, index)) return false;
  return true;
}

/**
 * Offsets in `text` (a block: paragraph, list item, quote, footnote) where a soft hyphen goes,
 * skipping the ranges in `protectedRanges` ([start, end) pairs) and every address.
 */
function hyphenationPoints(text: string, protectedRanges: readonly (readonly [number, number])[] = []): number[] {
  const ranges = [...protectedRanges];
  for (const match of text.matchAll(ADDRESS)) ranges.push([match.index, match.index + match[0].length]);
  const isProtected = (start: number, end: number) => ranges.some(([a, b]) => start < b && end > a);
  const points: number[] = [];
  const words = [...text.matchAll(WORD)];
  words.forEach((match, index) => {
    const word = match[0];
    const start = match.index;
    if (word.includes(SOFT_HYPHEN) || isProtected(start, start + word.length)) return;
    if (!mayHyphenate(word, text, start)) return;
    const last = index === words.length - 1;
    for (const at of wordBreaks(word)) if (!last || countLetters(word.slice(at)) >= MIN_AFTER_LAST_WORD) points.push(start + at);
  });
  return points;
}

/** A text with soft hyphens inserted at its hyphenation points. */
export function hyphenate(text: string): string {
  return insertAt(text, hyphenationPoints(text), 0);
}

/**
 * Runs of prose with soft hyphens inserted. The runs are read as one text (a sentence's start
 * and a word split across runs are seen whole); links and footnote calls are left as they are.
 */
export function hyphenateRuns(runs: readonly InlineRun[]): InlineRun[] {
  const texts = runs.map((run) => (run.footnote ? '' : run.text));
  const starts: number[] = [];
  let offset = 0;
  for (const text of texts) {
    starts.push(offset);
    offset += text.length;
  }
  const whole = texts.join('');
  const links = runs.flatMap((run, i) => (run.link ? [[starts[i]!, starts[i]! + texts[i]!.length] as const] : []));
  const points = hyphenationPoints(whole, links);
  if (points.length === 0) return [...runs];
  return runs.map((run, i) => {
    if (run.footnote || run.link) return run;
    const start = starts[i]!;
    const end = start + texts[i]!.length;
    // A point at a run's start would open the run with a soft hyphen: it goes at the end of the one before.
    const inside = points.filter((p) => p > start && p <= end);
    return inside.length === 0 ? run : { ...run, text: insertAt(run.text, inside, start) };
  });
}

function insertAt(text: string, points: readonly number[], base: number): string {
  let result = '';
  let last = 0;
  for (const point of points) {
    result += text.slice(last, point - base) + SOFT_HYPHEN;
    last = point - base;
  }
  return result + text.slice(last);
}
