/**
 * Hostile input, round two: text the theme's fonts cannot draw, combining accents, a section
 * with more notes than a page can hold, damaged pictures and a theme font that is not a font.
 * Each answers with a positioned diagnostic and exit code 1, never an empty box or an internal error.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createCanvas } from 'canvas';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { afterAll, describe, expect, it } from 'vitest';
import { openFontFace } from '../src/input/font-faces.js';
import type { ValidatedReport } from '../src/input/model.js';
import { checkPicture } from '../src/input/picture-check.js';
import { loadTheme } from '../src/input/theme.js';
import { createFileWorld, createMemoryWorld } from '../src/input/world.js';
import { checkDefinitionGlyphs } from '../src/prose/glyph-coverage.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { copyProject, listFiles, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));
const REGISTER = 'data/midi-pyrenees/2002/register.yaml';

/** A project copy with some of its files rewritten. */
function projectWith(edits: Record<string, (text: string) => string>): string {
  const project = copyProject();
  made.push(project);
  for (const [file, edit] of Object.entries(edits)) writeFileSync(join(project, file), edit(readFileSync(join(project, file), 'utf8')));
  return project;
}

/** Line (1-based) of the first line of a project file that holds `text`. */
function lineOf(project: string, file: string, text: string): number {
  return (
    readFileSync(join(project, file), 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(text)) + 1
  );
}

describe('characters the fonts cannot draw', () => {
  it.each([
    ['a Chinese partner', '重庆', '« 重 » (U+91CD) cannot be drawn by DejaVu Serif Condensed'],
    ['an Arabic partner', 'الرباط', '« ا » (U+0627) cannot be drawn by DejaVu Serif Condensed'],
    ['an emoji', 'Lerida 🎉', '« 🎉 » (U+1F389) cannot be drawn by DejaVu Serif Condensed'],
  ])('%s is an error at its place in the register', async (_, name, message) => {
    const project = projectWith({ [REGISTER]: (text) => text.replace('partner: "Lerida"', `partner: "${name}"`) });
    const line = lineOf(project, REGISTER, name);
    const column = readFileSync(join(project, REGISTER), 'utf8').split('\n')[line - 1]!.indexOf(name) + 1 + (name.startsWith('Lerida') ? 7 : 0);
    const result = await runCli(['check'], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${REGISTER}:${line}:${column}: error[glyph/missing]: ${message}`);
    // One diagnostic for the name, not one per letter.
    expect(result.stderr.match(/glyph\/missing/g)).toHaveLength(1);
    const build = await runCli(['build', '--out', 'out'], project);
    expect(build.code).toBe(1);
    expect(listFiles(join(project, 'out')).filter((f) => !f.startsWith('.cache/'))).toEqual([]);
  });

  it('finds a character in the prose and in a footnote', async () => {
    const project = projectWith({
      'content/05-historique.yaml': (text) => text.replace('fait aujourd’hui partie', 'fait aujourd’hui Ω partie').replace('(Dictionnaire Robert, 1988)', '(Dictionnaire Robert, 1988) 🙂'),
    });
    const result = await runCli(['check'], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^content/05-historique\\.yaml:${lineOf(project, 'content/05-historique.yaml', '🙂')}:\\d+: error\\[glyph/missing\\]: « 🙂 » \\(U\\+1F642\\)`, 'm'));
    // Ω (U+03A9) is in DejaVu Serif Condensed: not an error.
    expect(result.stderr).not.toContain('U+03A9');
  });

  it('composes combining accents (NFC): one letter, measured and drawn as one', async () => {
    // One partner written with YAML escapes, one with the combining characters themselves.
    const project = projectWith({ [REGISTER]: (text) => text.replace('partner: "Terrassa"', 'partner: "Te\\u0301rra\\u0308ssa"').replace('partner: "Lerida"', 'partner: "Le\u0301rida"') });
    const result = await runCli(['build', '--out', 'out/report.pdf'], project, { SOURCE_DATE_EPOCH: '1038700800' });
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    const text = execFileSync('pdftotext', [join(project, 'out/report.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Térrässa');
    expect(text).toContain('Lérida');
    expect(text).not.toMatch(/\p{M}/u);
    expect(readFileSync(join(project, 'out/report.csv'), 'utf8')).toContain('Térrässa');
  });

  it('passes the default edition', async () => {
    const project = copyProject();
    made.push(project);
    const result = await runCli(['check'], project);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('glyph/');
  });
});

describe('the safety net over the document definition', () => {
  const theme = loadTheme(createFileWorld(PROJECT_ROOT), new Diagnostics())!;
  const report = { edition: { year: 2002, census: '../communes-1999.csv' } } as unknown as ValidatedReport;
  const definition = (text: Content): TDocumentDefinitions => ({ content: [{ section: [{ text, style: 'strong' }] }], styles: { strong: { bold: true } }, defaultStyle: { font: 'Body' } });

  it('finds a character in any node, in the face its styles give it, and places it in the input', () => {
    const world = createMemoryWorld({ 'data/r/2002/edition.yaml': 'year: 2002\n', 'content/a.yaml': '# 重 in a comment is not printed\nblocks:\n  - p: "x 重"\n' });
    const diagnostics = new Diagnostics();
    expect(checkDefinitionGlyphs({ world, editionDir: 'data/r/2002', report, theme }, definition([{ table: { body: [[{ text: ['a', { text: 'b 重' }] }]] } }]), diagnostics)).toBe(true);
    expect(diagnostics.items).toEqual([
      expect.objectContaining({ code: 'glyph/missing', message: '« 重 » (U+91CD) cannot be drawn by DejaVu Serif Condensed Bold', position: { file: 'content/a.yaml', line: 3, column: 11 } }),
    ]);
  });

  it('reports at the edition file a character no input holds; passes ☎ (the symbols font) and soft hyphens', () => {
    const world = createMemoryWorld({ 'data/r/2002/edition.yaml': 'year: 2002\n' });
    const diagnostics = new Diagnostics();
    expect(checkDefinitionGlyphs({ world, editionDir: 'data/r/2002', report, theme }, definition('Tél\u00A0\u260E co\u00ADopé\u202Fration'), diagnostics)).toBe(false);
    checkDefinitionGlyphs({ world, editionDir: 'data/r/2002', report, theme }, definition('\u{1F600}'), diagnostics);
    expect(diagnostics.items.map((d) => [d.position, d.message])).toEqual([
      [{ file: 'data/r/2002/edition.yaml', line: 1, column: 1 }, '« \u{1F600} » (U+1F600) cannot be drawn by DejaVu Serif Condensed Bold'],
    ]);
  });
});

describe('more notes than a page can hold', () => {
  it('80 notes in one paragraph: a limit diagnostic, not an internal error', async () => {
    const calls = Array.from({ length: 80 }, (_, i) => `mot[^n${i}]`).join(' ');
    const notes = Array.from({ length: 80 }, (_, i) => `  n${i}: "Note numéro ${i}."\n`).join('');
    const project = projectWith({ 'content/05-historique.yaml': (text) => text.replace('\nfootnotes:\n', `\n  - p: "${calls}"\nfootnotes:\n${notes}`) });
    const result = await runCli(['build', '--out', 'out'], project);
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^content\/05-historique\.yaml:1:1: error\[layout\/footnotes-too-long\]: the 80 notes called in one paragraph of content\/05-historique\.yaml take \d+ pt/m);
    expect(listFiles(join(project, 'out')).filter((f) => !f.startsWith('.cache/'))).toEqual([]);
  });
});

describe('damaged pictures', () => {
  const canvas = createCanvas(40, 30);
  canvas.getContext('2d').fillRect(0, 0, 20, 20);
  const png = canvas.toBuffer('image/png');
  const jpeg = canvas.toBuffer('image/jpeg');
  const flipped = Buffer.from(png);
  flipped[png.length - 20]! ^= 0xff;

  it('reads sound pictures', () => {
    expect(checkPicture(png)).toEqual({ format: 'png', width: 40, height: 30 });
    expect(checkPicture(jpeg)).toEqual({ format: 'jpeg', width: 40, height: 30 });
  });

  it.each([
    ['a truncated PNG', 'broken.png', png.subarray(0, png.length - 30), /PNG file: chunk IDAT at byte \d+ runs past the end of the file/],
    ['a PNG with a damaged byte', 'flipped.png', flipped, /PNG file: chunk IDAT at byte \d+ fails its CRC check/],
    ['a truncated JPEG', 'broken.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)), /JPEG file: /],
    ['a JPEG header alone', 'header.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), /JPEG file: /],
  ])('%s: picture/invalid at the block naming it', async (_, name, bytes, message) => {
    const project = projectWith({ 'content/05-historique.yaml': (text) => text.replace('\nfootnotes:', `\n  - image: "content/images/${name}"\nfootnotes:`) });
    mkdirSync(join(project, 'content/images'), { recursive: true });
    writeFileSync(join(project, 'content/images', name), bytes);
    const result = await runCli(['build', '--out', 'out'], project);
    expect(result.code).toBe(1);
    const line = lineOf(project, 'content/05-historique.yaml', name);
    expect(result.stderr).toMatch(
      new RegExp(`^content/05-historique\\.yaml:${line}:\\d+: error\\[picture/invalid\\]: image "content/images/${name.replace('.', '\\.')}" is not a readable ${message.source}`, 'm'),
    );
    expect(listFiles(join(project, 'out')).filter((f) => !f.startsWith('.cache/'))).toEqual([]);
  });
});

describe('a theme font that is not a font', () => {
  const require = createRequire(import.meta.url);
  it('is theme/font-invalid at its line of templates/theme.yaml', () => {
    const project = copyProject();
    made.push(project);
    const fake = join(project, 'fake.ttf');
    writeFileSync(fake, 'This is a text file named .ttf.\n');
    const theme = readFileSync(join(PROJECT_ROOT, 'templates/theme.yaml'), 'utf8').replace('bold: dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-Bold.ttf', 'bold: fake-fonts/Fake-Bold.ttf');
    writeFileSync(join(project, 'templates/theme.yaml'), theme);
    const diagnostics = new Diagnostics();
    const loaded = loadTheme(createFileWorld(project), diagnostics, { resolveFont: (spec) => (spec.startsWith('fake-fonts/') ? fake : require.resolve(spec)) });
    expect(loaded).toBeUndefined();
    expect(diagnostics.items).toEqual([
      expect.objectContaining({
        code: 'theme/font-invalid',
        message: 'font file "fake-fonts/Fake-Bold.ttf" is not a usable font: Unknown font format',
        position: { file: 'templates/theme.yaml', line: theme.split('\n').findIndex((l) => l.includes('Fake-Bold')) + 1, column: 11 },
      }),
    ]);
    expect(openFontFace(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf'))).toMatchObject({ name: 'DejaVu Serif Condensed' });
  });
});
