/**
 * The default edition as a reader gets it: text extracted per page with poppler, checked against
 * the page map, the furniture, the footnotes and the annexes; the file checked by qpdf.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEdition } from '../src/build-report.js';
import { createFileWorld } from '../src/input/world.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { copyProject, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const project = copyProject();
const pdfPath = join(project, 'out', 'midi-pyrenees-2002.pdf');
let pages: string[] = [];
let build: Awaited<ReturnType<typeof runCli>>;
const report = loadEdition(createFileWorld(PROJECT_ROOT), { editionDir: 'data/midi-pyrenees/2002' }, new Diagnostics())!;

/** Text of each page, whitespace collapsed. */
function pageTexts(path: string): string[] {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\u2019/g, "'"); // apostrophes compared plain: tests/typography.test.ts asserts none is straight
  return text
    .split('\f')
    .slice(0, -1)
    .map((page) =>
      page
        .replace(/\u2011/g, '-')
        .replace(/\s+/g, ' ')
        .trim(),
    );
}

const onPage = (n: number) => pages[n - 1] ?? '';

beforeAll(async () => {
  build = await runCli(['build', '--out', 'out'], project);
  pages = pageTexts(pdfPath);
});
afterAll(() => removeDir(project));

describe('the default edition', () => {
  it('builds with no diagnostic', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
  });

  it('has 28 pages following the original page map', () => {
    expect(pages).toHaveLength(28);
    const starts: [number, string][] = [
      [2, 'Présentation de COOP DEC Conseil'],
      [2, 'Avertissement'],
      [2, 'Remerciements'],
      [3, 'Sommaire'],
      [4, 'A. Introduction'],
      [4, 'Nos Objectifs'],
      [5, 'B. Historique de la coopération décentralisée'],
      [6, 'C. Cadre de l'],
      [6, 'C-1.'],
      [7, 'C-2.'],
      [7, 'C-3.'],
      [8, 'D-1.'],
      [8, 'D-2.'],
      [9, 'D-3.'],
      [10, 'b) Europe'],
      [11, 'c) Europe de l'],
      [12, 'd) Afrique'],
      [12, 'e) Asie'],
      [13, 'f) Méditerranée'],
      [13, 'g) Amériques'],
      [14, 'E. Conclusion'],
      [15, 'F. Annexes'],
      [16, 'Annexe I'],
      [20, 'Annexe II'],
      [20, "Coopérations avec l'Espagne"],
      [22, "Coopérations avec l'Italie"],
      [23, "Coopérations avec l'Allemagne"],
      [24, 'Autres coopérations européennes'],
      [25, 'Annexe III'],
      [25, 'Coopérations avec la Roumanie'],
      [25, "Coopérations avec l'Asie"],
      [26, "Coopérations avec l'Afrique"],
      [26, 'Coopérations avec la Méditerranée'],
      [27, "Coopérations avec l'Amérique latine"],
      [27, 'Coopérations avec les USA'],
      [27, 'Coopérations avec le Canada'],
      [28, 'Pour tout renseignement complémentaire'],
    ];
    for (const [page, text] of starts) expect(onPage(page), `page ${page} should hold "${text}"`).toContain(text);
  });

  it('carries the header and footer on every page but the cover', () => {
    expect(onPage(1)).not.toContain('Page 1 sur');
    for (let n = 2; n <= 28; n++) {
      expect(onPage(n)).toContain('Action Internationale des Collectivités Locales de Midi Pyrénées');
      expect(onPage(n)).toContain(`www.coopdec.asso.fr 2002 — Page ${n} sur 28`);
      expect(onPage(n)).toContain('Reproduction autorisée sous réserve de mention de la source');
    }
  });

  it('prints each footnote on the page of its call, numbered 1 to 12', () => {
    const notes: [number, number, string][] = [
      [1, 5, 'Dictionnaire Robert'],
      [2, 5, 'Pierre Mauroy'],
      [3, 5, "loi d'orientation n°"],
      [4, 5, 'Guide de la Coopération Décentralisée'],
      [5, 6, 'téléchargeable sur le site'],
      [6, 7, 'Info 82'],
      [7, 7, 'revue de presse'],
      [8, 7, 'Association française du Conseil'],
      [9, 9, 'historique des jumelages'],
      [10, 10, 'Catalogne, Navarre ou Aragon'],
      [11, 10, 'Elche et Saragosse'],
      [12, 16, 'Liste des accords de coopération d.après'],
    ];
    for (const [number, page, text] of notes) {
      expect(onPage(page), `note ${number} on page ${page}`).toMatch(new RegExp(`${number} [^]*${text}`));
      for (let other = 1; other <= 28; other++) if (other !== page) expect(onPage(other)).not.toMatch(new RegExp(text));
    }
  });

  it('computes the D-2 and D-3 tables from the register', () => {
    expect(onPage(8)).toContain('Toulouse est engagée sur 11 partenariats');
    expect(onPage(8)).toMatch(/Millau \(21\s?339 habitants\), Mirande \(4\s?040 habitants\) et Carbonne \(3\s?692 habitants\)/);
    expect(onPage(9)).toMatch(/Europe CE.*88/);
  });

  it('lists every commune in Annexe I and in the right groups of Annexes II and III', () => {
    // Names broken at a hyphen come out of pdftotext without it: compare letters only.
    const letters = (text: string) => text.replace(/[\s-]/g, '');
    const annexI = letters(pages.slice(15, 19).join(' '));
    for (const c of report.register.communes) expect(annexI, c.name).toContain(letters(c.name));
    const byCountry = (country: string) => report.register.communes.filter((c) => c.agreements.some((a) => a.country === country));
    const groups: [string, number[]][] = [
      ['Espagne', [20, 21]],
      ['Italie', [22]],
      ['Allemagne', [23]],
      ['Belgique', [24]],
      ['Roumanie', [25]],
      ['Pologne', [25]],
      ['Chine', [25]],
      ['Tchad', [26]],
      ['Israël', [26]],
      ['Argentine', [27]],
      ['États-Unis', [27]],
      ['Canada', [27]],
    ];
    for (const [country, onPages] of groups) {
      const text = letters(onPages.map(onPage).join(' '));
      const communes = byCountry(country);
      expect(communes.length, country).toBeGreaterThan(0);
      for (const c of communes) expect(text, `${c.name} under ${country}`).toContain(letters(c.name));
    }
  });

  it('passes qpdf --check and renders in poppler without warnings', () => {
    const qpdf = spawnSync('qpdf', ['--check', pdfPath], { encoding: 'utf8' });
    expect(qpdf.status).toBe(0);
    const render = spawnSync('pdftoppm', ['-r', '20', '-png', pdfPath, join(project, 'render')], { encoding: 'utf8' });
    expect(render.status).toBe(0);
    expect(render.stderr).toBe('');
  });

  it('carries its metadata', () => {
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Action Internationale des Collectivités Locales de Midi Pyrénées/);
    expect(info).toMatch(/Author:\s+COOP’DEC Conseil/);
    expect(info).toMatch(/Pages:\s+28/);
  });

  it('gives the same bytes for the same inputs', async () => {
    const again = await runCli(['build', '--out', 'out/again.pdf'], project);
    expect(again.code).toBe(0);
    expect(readFileSync(join(project, 'out', 'again.pdf')).equals(readFileSync(pdfPath))).toBe(true);
  });
});
