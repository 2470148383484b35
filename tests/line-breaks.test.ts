/**
 * Read off every edition's pages (pdftotext -bbox-layout): no proper name split over two lines
 * (at a space, at a soft hyphen, or at its own hyphen in the prose) and no word past the text
 * block's right edge.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BboxPage, parseBboxLayout } from '../scripts/word-spacing.mjs';
import { region2002 } from './helpers/editions.js';
import { copyProject, removeDir, runCli } from './helpers/project.js';

const project = copyProject();
afterAll(() => removeDir(project));
let editions: { name: string; pages: BboxPage[] }[] = [];

beforeAll(async () => {
  const built = await runCli(['build', '--all', '--out', 'out/'], project);
  expect(built.code).toBe(0);
  editions = readdirSync(join(project, 'out'))
    .filter((f) => f.endsWith('.pdf'))
    .map((name) => ({ name, pages: parseBboxLayout(execFileSync('pdftotext', ['-bbox-layout', join(project, 'out', name), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) }));
}, 120_000);

/** Every proper name the editions print: territories, communes (both spellings), partners, countries. */
function properNames(): string[] {
  const report = region2002();
  const names = new Set<string>(['Midi Pyrénées', 'AF CCRE', 'Villages Roumains', ...report.edition.departments.map((d) => d.name)]);
  for (const c of report.register.communes) {
    names.add(c.displayName).add(c.name);
    for (const a of c.agreements) if (a.partner) names.add(a.partner);
  }
  for (const country of report.countries) names.add(country.name);
  return [...names].filter((name) => /[ -]/.test(name));
}

const bare = (word: string) => word.replace(/^[«(“"'’]+|[»),;:.!?”"'’]+$/g, '');

describe('every edition', () => {
  it('splits no proper name over two lines', () => {
    const names = properNames().map((n) => n.normalize('NFC'));
    const problems: string[] = [];
    for (const { name, pages } of editions) {
      // The annexes' narrow cells may break a long commune name at its own hyphen; the prose may not.
      const annexStart = pages.findIndex(
        (page, i) =>
          i > 3 &&
          page.blocks.some((b) =>
            b.lines.some((l) =>
              l.words
                .map((w) => w.text)
                .join(' ')
                .startsWith('F-1.'),
            ),
          ),
      );
      pages.forEach((page, p) => {
        for (const block of page.blocks) {
          for (let i = 0; i + 1 < block.lines.length; i++) {
            const last = bare(block.lines[i]!.words.at(-1)!.text);
            const next = bare(block.lines[i + 1]!.words[0]!.text);
            const joined = [`${last} ${next}`, ...(last.endsWith('-') ? [`${last.slice(0, -1)}${next}`] : []), ...(last.endsWith('-') && (annexStart < 0 || p < annexStart) ? [`${last}${next}`] : [])];
            const split = names.find((n) => joined.some((j) => j.length > 2 && n.includes(j) && (n.startsWith(j) || n.includes(` ${j}`) || n.includes(`-${j}`))));
            if (split) problems.push(`${name} p. ${p + 1}: "${last}" / "${next}" (${split})`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('sets no word past the right edge of the text block', () => {
    // A4 is 595.28 pt wide; templates/theme.yaml's right margin is 60 pt.
    const edge = 595.28 - 60 + 0.5;
    const problems: string[] = [];
    for (const { name, pages } of editions) {
      pages.forEach((page, p) => {
        for (const block of page.blocks)
          for (const line of block.lines) for (const word of line.words) if (word.xMax > edge) problems.push(`${name} p. ${p + 1}: "${word.text}" ends at ${word.xMax.toFixed(1)} pt`);
      });
    }
    expect(problems).toEqual([]);
  });
});
