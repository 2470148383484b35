/** The French typography pass over strings that reach the page. */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { typeset } from '../src/prose/typography.js';
import { composeEdition, region2002 } from './helpers/editions.js';
import { GRAMMAR_RULE, grammalecte } from './helpers/grammalecte.js';
import { copyProject, removeDir, runCli } from './helpers/project.js';

describe('typeset', () => {
  it('sets apostrophes, guillemets, dashes and ellipses', () => {
    expect(typeset("C. Cadre de l'étude")).toBe('C. Cadre de l’étude');
    expect(typeset('votée pour "légaliser" un engagement')).toBe('votée pour «\u202Flégaliser\u202F» un engagement');
    expect(typeset('Roumanie - 8')).toBe('Roumanie\u00A0–\u00A08');
    expect(typeset('municipalités...')).toBe('municipalités…');
  });
  it('keeps a figure with the word it counts', () => {
    expect(typeset('51 accords et 2 500 habitants, le 6 février')).toBe('51\u00A0accords et 2 500\u00A0habitants, le 6\u00A0février');
    expect(typeset('loi n° 92-125')).toBe('loi n°\u00A092-125');
    expect(typeset('Tél : 06 12 72 96 71')).toBe('Tél : 06 12 72 96 71');
  });
  it('binds an incise to its words on the inner side', () => {
    expect(typeset('importante – 4 accords – sont')).toBe('importante –\u00A04\u00A0accords\u00A0– sont');
    expect(typeset('proposée – et utilisée – par')).toBe('proposée –\u00A0et utilisée\u00A0– par');
  });
  it('is idempotent and leaves addresses alone', () => {
    const once = typeset('« x » l\'Est - "y" ...');
    expect(typeset(once)).toBe(once);
    expect(typeset('www.coopdec.asso.fr yleche@magic.fr 06 12 72 96 71')).toBe('www.coopdec.asso.fr yleche@magic.fr 06 12 72 96 71');
  });
});

describe('every edition in print', () => {
  const project = copyProject();
  afterAll(() => removeDir(project));

  it('prints no straight apostrophe or quotation mark', async () => {
    const built = await runCli(['build', '--all', '--out', 'out/'], project);
    expect(built.code).toBe(0);
    const pdfs = readdirSync(join(project, 'out')).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBe(9);
    for (const pdf of pdfs) {
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(project, 'out', pdf), '-'], { encoding: 'utf8' });
      const straight = text.split('\n').filter((line) => /['"]/.test(line));
      expect(straight, pdf).toEqual([]);
    }
  }, 120_000);

  it('breaks none of Grammalecte’s typographic rules in its prose', async () => {
    const region = region2002();
    const departments = [...new Set(region.register.communes.map((c) => c.department))];
    for (const department of [undefined, ...departments]) {
      const { prose } = await composeEdition(region, department);
      // Grammar is tests/grammar.test.ts's; a proper name in capitals ("Opération Villages Roumains") is not an adjective.
      expect(
        grammalecte(`typo-${department ?? 'region'}`, prose, (id) => !GRAMMAR_RULE.test(id) && !id.startsWith('g2__maj_gentilés')),
        `edition ${department ?? 'region'}`,
      ).toEqual([]);
    }
  });
});
