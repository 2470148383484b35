/**
 * A PDF's pages as a reader's tools see them: `pdftotext -bbox-layout` gives blocks, lines and
 * words with their boxes (pt, from the page's top left). The size a block is set at is estimated
 * from its words' heights (the body face's ascent plus descent is about 1.17 em).
 */
import { execFileSync } from 'node:child_process';
import { attribute, decode } from '../../scripts/word-spacing.mjs';

export interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface Word extends Box {
  text: string;
}

export interface Line extends Box {
  words: Word[];
  text: string;
}

export interface Block extends Box {
  lines: Line[];
  /** The block's words, joined by spaces (lines too). */
  text: string;
  /** Estimated size (pt) of its type: the median height of its words over 1.17. */
  size: number;
}

export interface Page {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  blocks: Block[];
}

/** Height of a word's box over its size, for the body face (DejaVu Serif Condensed). */
export const EM_HEIGHT = 1.17;

function boxOf(boxes: readonly Box[]): Box {
  return { xMin: Math.min(...boxes.map((b) => b.xMin)), yMin: Math.min(...boxes.map((b) => b.yMin)), xMax: Math.max(...boxes.map((b) => b.xMax)), yMax: Math.max(...boxes.map((b) => b.yMax)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Parses the XHTML of `pdftotext -bbox-layout`. */
export function parseLayout(xhtml: string): Page[] {
  return xhtml
    .split(/<page\b/)
    .slice(1)
    .map((page, index) => {
      const tag = page.slice(0, page.indexOf('>'));
      const blocks: Block[] = [];
      for (const block of page.split(/<block\b/).slice(1)) {
        const lines: Line[] = [];
        for (const line of block.split(/<line\b/).slice(1)) {
          const words = [...line.matchAll(/<word\b([^>]*)>([^<]*)<\/word>/g)].map(
            (m): Word => ({ xMin: attribute(m[1]!, 'xMin'), yMin: attribute(m[1]!, 'yMin'), xMax: attribute(m[1]!, 'xMax'), yMax: attribute(m[1]!, 'yMax'), text: decode(m[2]!) }),
          );
          if (words.length > 0) lines.push({ ...boxOf(words), words, text: words.map((w) => w.text).join(' ') });
        }
        if (lines.length === 0) continue;
        const words = lines.flatMap((l) => l.words);
        blocks.push({ ...boxOf(lines), lines, text: lines.map((l) => l.text).join(' '), size: median(words.map((w) => w.yMax - w.yMin)) / EM_HEIGHT });
      }
      return { number: index + 1, width: attribute(tag, 'width'), height: attribute(tag, 'height'), blocks };
    });
}

/** The pages of a PDF file. */
export function readLayout(pdf: string): Page[] {
  return parseLayout(execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }));
}

/** The words whose box passes `right` (pt from the page's left edge), as "p. N: "word" ends at X pt". */
export function wordsPast(pages: readonly Page[], right: number): string[] {
  const found: string[] = [];
  for (const page of pages)
    for (const block of page.blocks)
      for (const line of block.lines) for (const word of line.words) if (word.xMax > right) found.push(`p. ${page.number}: "${word.text}" ends at ${word.xMax.toFixed(1)} pt`);
  return found;
}

export interface PageFrame {
  /** The text block's left edge, top and bottom (pt): the page's margins from templates/theme.yaml. */
  left: number;
  top: number;
  bottom: number;
}

/** Sizes (pt) that tell headings and notes from the body: a heading is set larger than the body (10 pt). */
const HEADING_SIZE = 10.6;
/** Footnotes and legends are set at 8 pt; the annexes' cells at 8.5 pt. */
const NOTE_SIZE = 8.25;

/**
 * The headings left last on their page: a block set larger than the body, flush with the text
 * block's left edge (callouts are centred), with nothing under it on its page but page furniture
 * (running header and footer), notes, or a table's header row (`headerRows`: the texts of the
 * header cells, which may be split into blocks word by word). Returns "p. N: heading".
 */
export function strandedHeadings(pages: readonly Page[], frame: PageFrame, headerRows: readonly string[]): string[] {
  const flat = (text: string) =>
    text
      .replace(/[\u2019']/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  const headerWords = new Set(headerRows.flatMap((t) => flat(t).split(' ')));
  const isHeaderRow = (block: Block) =>
    flat(block.text)
      .split(' ')
      .every((word) => headerWords.has(word));
  const found: string[] = [];
  for (const page of pages) {
    const body = page.blocks.filter((b) => b.yMin >= frame.top - 1 && b.yMax <= page.height - frame.bottom + 1 && b.size >= NOTE_SIZE);
    const headings = body.filter((b) => b.size >= HEADING_SIZE && Math.abs(b.xMin - frame.left) < 1);
    if (headings.length === 0) continue;
    const lowest = headings.reduce((a, b) => (b.yMax > a.yMax ? b : a));
    const after = body.filter((b) => b !== lowest && b.yMin >= lowest.yMax - 0.5 && !isHeaderRow(b) && !headings.includes(b));
    if (after.length === 0) found.push(`p. ${page.number}: ${flat(lowest.text)}`);
  }
  return found;
}

/** The body's line pitch (pt): 10 pt at lineHeight 1.18 in DejaVu Serif Condensed. */
export const BODY_PITCH = 13.74;
/** A line of the prose: set at the body's size (10 pt), not a heading (≥ 11 pt), a note (8 pt) or a table cell (≤ 9 pt). */
const isProse = (line: Line) => {
  const size = median(line.words.map((w) => w.yMax - w.yMin)) / EM_HEIGHT;
  return size > 9.5 && size < 10.5;
};
/** A footnote call: a number set small (under 3/4 of the line's size), raised in a line of the text. */
const isCall = (word: Word, line: Line) => /^\d+$/.test(word.text) && word.yMax - word.yMin < 0.75 * median(line.words.map((w) => w.yMax - w.yMin)) && word.yMin < line.yMax - (word.yMax - word.yMin);

/** One page's text block as the notes' checks read it. */
export interface PageFlow {
  number: number;
  /** Lines of the text block above the notes, top to bottom (page furniture excluded). */
  body: Line[];
  /** The prose lines of the body in runs: lines one pitch apart (a paragraph, a quote, a list item). */
  runs: Line[][];
  /** Numbers of the notes printed at the page's foot. */
  notes: number[];
  /** Numbers of the footnote calls in its text. */
  calls: number[];
  /** Top (pt) of the room the page's notes take (their rule 10 pt under it), or the text block's bottom. */
  bottom: number;
  /** Bottom (pt) of the page's last note, if it has notes. */
  notesEnd?: number;
}

/**
 * The pages' text blocks, their footnote calls and notes. A note is a line set small that
 * starts with its number at the text block's left edge, its text 12 pt further; the notes
 * stand under a short rule 10 pt under the top of their room (src/layout/page-furniture.ts).
 */
export function pageFlows(pages: readonly Page[], frame: PageFrame): PageFlow[] {
  return pages.map((page) => {
    const lines = page.blocks
      .flatMap((b) => b.lines)
      .filter((l) => l.yMin >= frame.top - 1 && l.yMax <= page.height - frame.bottom + 1)
      .sort((a, b) => a.yMin - b.yMin);
    const noteStarts = lines.filter(
      (l) =>
        /^\d+$/.test(l.words[0]!.text) &&
        Math.abs(l.words[0]!.xMin - frame.left) < 1 &&
        l.words.length > 1 &&
        Math.abs(l.words[1]!.xMin - frame.left - 12) < 1 &&
        l.words[1]!.yMax - l.words[1]!.yMin < 10,
    );
    const bottom = noteStarts.length > 0 ? Math.min(...noteStarts.map((l) => l.yMin)) - 13 : page.height - frame.bottom;
    const body = lines.filter((l) => l.yMax <= bottom + 1);
    const runs: Line[][] = [];
    let previous: Line | undefined;
    for (const line of body) {
      if (!isProse(line)) {
        previous = undefined;
        continue;
      }
      if (previous && Math.abs(line.yMin - previous.yMin - BODY_PITCH) < 0.6) runs[runs.length - 1]!.push(line);
      else runs.push([line]);
      previous = line;
    }
    return {
      number: page.number,
      body,
      runs,
      notes: noteStarts.map((l) => Number(l.words[0]!.text)),
      calls: body.flatMap((l) => l.words.filter((w) => isCall(w, l)).map((w) => Number(w.text))),
      bottom,
      ...(noteStarts.length > 0 ? { notesEnd: Math.max(...lines.filter((l) => l.yMin >= bottom).map((l) => l.yMax)) } : {}),
    };
  });
}

/**
 * Lines of a paragraph left alone at a page's foot (an orphan: the page's last run of prose is
 * one line, justified to its measure's right end, so its paragraph goes on) or at the top of
 * the next (a widow: the page's first line is a run of one line, under a page that ended on
 * such a justified line). A quote's measure is indented as much on the right as on the left.
 * "p. N: orphan «…»".
 */
export function widowsAndOrphans(flows: readonly PageFlow[], frame: PageFrame, right: number): string[] {
  const found: string[] = [];
  const goesOn = (line: Line | undefined) => line !== undefined && line.xMax > right - (line.xMin - frame.left) - 0.5;
  for (let i = 0; i + 1 < flows.length; i++) {
    const page = flows[i]!;
    const next = flows[i + 1]!;
    const lastLine = page.body.at(-1);
    const lastRun = page.runs.at(-1);
    const firstLine = next.body[0];
    const firstRun = next.runs[0];
    // The paragraph goes on: the page ends on a justified prose line, the next starts with prose at its top.
    if (!lastRun || !firstRun || lastRun.at(-1) !== lastLine || firstRun[0] !== firstLine || !goesOn(lastLine) || firstLine!.yMin > frame.top + 2) continue;
    if (lastRun.length === 1) found.push(`p. ${page.number}: orphan «${lastLine!.text}»`);
    if (firstRun.length === 1) found.push(`p. ${next.number}: widow «${firstLine!.text}»`);
  }
  return found;
}
