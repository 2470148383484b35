#!/usr/bin/env node
// Inter-word spacing of justified prose, measured on the PDF as a reader's tools see it:
// `pdftotext -bbox-layout` gives blocks, lines and words with their boxes; the gap between two
// consecutive words of a line is the space the reader sees.
//
// Counted: the lines of justified blocks, the last line of each block excluded (it is set
// ragged). A block is justified when it has two lines or more and every line but its last ends
// on a right edge that at least one other such line of the page shares to within 0.3 pt
// (ragged lines never line up that closely; the body, the quotes and the footnotes each have
// one). Gaps under 1 pt are not word spaces (a style change or a footnote call inside a word),
// nor is the gap between a footnote's number and its text (a hanging indent).
//
//   node scripts/word-spacing.mjs file.pdf [--pages 2-15] [--json] [--lines]
//
// prints the median gap, the count of lines whose mean gap is over 6 pt and the widest lines.
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** Gaps under this (pt) are not word spaces. */
export const MIN_WORD_SPACE = 1;
/** Lines whose right edges lie this close (pt) are aligned on the same edge. */
const EDGE_TOLERANCE = 0.3;
/** A line whose mean gap is over this (pt) is a loose line. */
export const LOOSE_LINE = 6;

/** A number attribute of a `pdftotext -bbox-layout` tag. */
export const attribute = (tag, name) => Number(new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]);
/** The text of a tag, its XML entities decoded. */
export const decode = (text) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * Pages, blocks, lines and words of a `pdftotext -bbox-layout` document.
 * @param {string} xhtml
 */
export function parseBboxLayout(xhtml) {
  const pages = [];
  for (const page of xhtml.split(/<page\b/).slice(1)) {
    const blocks = [];
    for (const block of page.split(/<block\b/).slice(1)) {
      const lines = [];
      for (const line of block.split(/<line\b/).slice(1)) {
        const words = [...line.matchAll(/<word\b([^>]*)>([^<]*)<\/word>/g)].map((m) => ({
          xMin: attribute(m[1], 'xMin'),
          xMax: attribute(m[1], 'xMax'),
          yMin: attribute(m[1], 'yMin'),
          yMax: attribute(m[1], 'yMax'),
          text: decode(m[2]),
        }));
        if (words.length > 0) lines.push({ words, xMin: Math.min(...words.map((w) => w.xMin)), xMax: Math.max(...words.map((w) => w.xMax)) });
      }
      if (lines.length > 0) blocks.push({ lines });
    }
    pages.push({ blocks });
  }
  return pages;
}

/**
 * The justified lines of a page, each with its page number, text and word gaps.
 * @param {{ blocks: { lines: { words: { xMin: number; xMax: number; text: string }[]; xMax: number }[] }[] }} page
 * @param {number} pageNumber
 */
export function justifiedLines(page, pageNumber) {
  // Candidate lines: every line of a block that has a line after it.
  const inner = page.blocks.filter((b) => b.lines.length >= 2).flatMap((b) => b.lines.slice(0, -1));
  const sharedEdge = (x) => inner.filter((l) => Math.abs(l.xMax - x) <= EDGE_TOLERANCE).length >= 2;
  const result = [];
  for (const block of page.blocks) {
    if (block.lines.length < 2) continue;
    const body = block.lines.slice(0, -1);
    if (!body.every((l) => sharedEdge(l.xMax))) continue;
    // A hanging indent (a footnote's number, then its text): the gap before the text's column
    // is not a word space.
    const indents = new Set(block.lines.map((l) => l.xMin).filter((x) => x > Math.min(...block.lines.map((l) => l.xMin)) + EDGE_TOLERANCE));
    const atIndent = (x) => [...indents].some((i) => Math.abs(i - x) <= EDGE_TOLERANCE);
    for (const line of body) {
      const gaps = [];
      for (let i = 1; i < line.words.length; i++) {
        const gap = line.words[i].xMin - line.words[i - 1].xMax;
        if (gap >= MIN_WORD_SPACE && !(i === 1 && atIndent(line.words[i].xMin))) gaps.push(gap);
      }
      if (gaps.length === 0) continue;
      result.push({ page: pageNumber, text: line.words.map((w) => w.text).join(' '), gaps, mean: gaps.reduce((a, b) => a + b, 0) / gaps.length });
    }
  }
  return result;
}

const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Word spacing of the justified prose of a PDF.
 * @param {string} pdf path of the PDF
 * @param {{ first?: number; last?: number }} [range] pages (1-based, inclusive); all by default
 */
export function measureWordSpacing(pdf, range = {}) {
  const args = ['-bbox-layout', '-enc', 'UTF-8'];
  if (range.first) args.push('-f', String(range.first));
  if (range.last) args.push('-l', String(range.last));
  const xhtml = execFileSync('pdftotext', [...args, pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const pages = parseBboxLayout(xhtml);
  const lines = pages.flatMap((page, i) => justifiedLines(page, (range.first ?? 1) + i));
  const gaps = lines.flatMap((l) => l.gaps);
  const loose = lines.filter((l) => l.mean > LOOSE_LINE);
  return {
    lines: lines.length,
    gaps: gaps.length,
    /** Median of every word gap (pt). */
    medianGap: median(gaps),
    /** Median of each line's mean gap (pt). */
    medianLineMean: median(lines.map((l) => l.mean)),
    /** Lines whose mean gap is over LOOSE_LINE. */
    looseLines: loose.length,
    loose: loose.sort((a, b) => b.mean - a.mean).map(({ page, text, mean }) => ({ page, mean: Math.round(mean * 100) / 100, text })),
    all: lines,
  };
}

function parseRange(text) {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text ?? '');
  if (!m) throw new Error(`--pages wants N or N-M, not "${text}"`);
  return { first: Number(m[1]), last: Number(m[2] ?? m[1]) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const pdf = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--pages');
  if (!pdf) {
    console.error('usage: node scripts/word-spacing.mjs file.pdf [--pages 2-15] [--json] [--lines]');
    process.exit(2);
  }
  const pagesAt = args.indexOf('--pages');
  const result = measureWordSpacing(pdf, pagesAt >= 0 ? parseRange(args[pagesAt + 1]) : {});
  const { all, ...summary } = result;
  if (args.includes('--json')) console.log(JSON.stringify(args.includes('--lines') ? result : summary, null, 2));
  else {
    console.log(`${pdf}: ${result.lines} justified lines, ${result.gaps} word spaces`);
    console.log(
      `median word space ${result.medianGap.toFixed(2)} pt (median of line means ${result.medianLineMean.toFixed(2)} pt), ${result.looseLines} lines with a mean space over ${LOOSE_LINE} pt`,
    );
    for (const line of result.loose) console.log(`  p${line.page} ${line.mean.toFixed(2)} pt  ${line.text}`);
    if (args.includes('--lines')) for (const line of all) console.log(`  p${line.page} ${line.mean.toFixed(2)}  ${line.text}`);
  }
}
