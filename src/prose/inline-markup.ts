/**
 * The small inline language of the prose: *italic*, **bold**, [^note] footnote calls,
 * [text](url) links, and bare www addresses and e-mail addresses, which become links.
 */
import { applyFrenchSpacing } from './french.js';

export interface InlineRun {
  text: string;
  italic?: boolean;
  bold?: boolean;
  /** Absolute URL (https:, mailto:). */
  link?: string;
  /** Footnote id, for a call: the text is empty and the number is assigned at layout. */
  footnote?: string;
}

// Every repetition is bounded and an e-mail starts only at a word boundary: the fuzzer found
// that unbounded ones backtrack quadratically (44 s on a 220,000-character paragraph).
const TOKEN =
  /(\*\*|\*|\[\^([\w-]{1,64})\]|\[([^\]]{1,300})\]\(((?:https?:\/\/|mailto:)[^)\s]{1,500})\)|(?:https?:\/\/|www\.)[\w.-]{1,200}\.[a-z]{2,10}(?:\/[^\s)]{0,500})?|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,10})/giu;

/**
 * Private-use stand-ins for the characters that open markup (*, [, ]). The template engine puts
 * them in every value it interpolates (`{{name}}`), so a census name "[Millau](https://…) **x"
 * is no link, no bold, no footnote call: parseInline finds no token in them and shows the
 * characters themselves. (Bare addresses in data, e.g. the edition's website, are still linked:
 * their text is the link, shown as written.)
 */
const STAND_INS: Record<string, string> = { '*': '\uE02A', '[': '\uE05B', ']': '\uE05D' };
const ORIGINALS: Record<string, string> = Object.fromEntries(Object.entries(STAND_INS).map(([c, s]) => [s, c]));

/** Data as text: its markup characters replaced by their stand-ins. */
export function literalText(value: string): string {
  return value.replace(/[*[\]]/g, (c) => STAND_INS[c]!);
}

/** The characters the stand-ins stand for (for text that is not parsed as inline markup). */
export function restoreLiteral(text: string): string {
  return text.replace(/[\uE02A\uE05B\uE05D]/g, (s) => ORIGINALS[s]!);
}

/** Parses inline markup; French spacing is applied to the text runs. */
export function parseInline(source: string): InlineRun[] {
  const runs: InlineRun[] = [];
  let bold = false;
  let italic = false;
  let last = 0;
  const push = (run: InlineRun) => {
    if (run.text === '' && !run.footnote) return;
    const text = restoreLiteral(run.text);
    runs.push({ ...run, text, ...(run.link ? { link: restoreLiteral(run.link) } : {}), ...(bold ? { bold } : {}), ...(italic ? { italic } : {}) });
  };
  for (const match of source.matchAll(TOKEN)) {
    const index = match.index;
    push({ text: source.slice(last, index) });
    last = index + match[0].length;
    const token = match[0];
    if (token === '**') bold = !bold;
    else if (token === '*') italic = !italic;
    else if (match[2]) push({ text: '', footnote: match[2] });
    else if (match[3] && match[4]) push({ text: match[3], link: match[4] });
    else {
      const bare = token.replace(/[.,;:]+$/, '');
      push({ text: bare, link: linkTarget(bare) });
      last -= token.length - bare.length;
    }
  }
  push({ text: source.slice(last) });
  return mergeSpacing(runs);
}

/**
 * A link target holding a control, line-separator or bidirectional character: a PDF viewer may
 * show one address and open another. Returns the first such character, or undefined.
 */
export function unsafeLinkCharacter(url: string): string | undefined {
  return /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/.exec(url)?.[0];
}

function linkTarget(token: string): string {
  if (token.includes('@') && !token.includes('/')) return `mailto:${token}`;
  return token.startsWith('http') ? token : `http://${token}`;
}

/** French spacing across run boundaries: applied to the joined text, then split back. */
function mergeSpacing(runs: InlineRun[]): InlineRun[] {
  return runs.map((run) => (run.link ? run : { ...run, text: applyFrenchSpacing(run.text) }));
}

/** The plain text of runs (footnote calls omitted), for outlines and tests. */
export function plainText(runs: readonly InlineRun[]): string {
  return runs.map((r) => r.text).join('');
}
