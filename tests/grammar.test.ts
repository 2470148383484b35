/**
 * Grammalecte, the free French grammar checker (Debian package grammalecte-cli, installed by
 * scripts/setup.sh), on the prose of the default edition, every department, a 2003 edition with
 * no prose of its own, the fictional region and random editions: no agreement, conjugation or
 * participle error (its rules g3*, gv*, conj*, ppas*). Its typographic rules are not asserted here.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/build-report.js';
import { validateReport } from '../src/input/validate-report.js';
import { createFileWorld } from '../src/input/world.js';
import { proseText } from '../src/prose/prose-text.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { composeEdition, region2002 } from './helpers/editions.js';
import { GRAMMAR_RULE, grammalecte } from './helpers/grammalecte.js';
import { copyProject, PROJECT_ROOT, removeDir } from './helpers/project.js';

/** The grammar errors Grammalecte finds in a text. */
const grammarErrors = (name: string, text: string) => grammalecte(name, text, (id) => GRAMMAR_RULE.test(id));

describe('Grammalecte finds no grammar error', () => {
  it('in the region and every department of 2002', async () => {
    const region = region2002();
    const departments = [...new Set(region.register.communes.map((c) => c.department))];
    for (const department of [undefined, ...departments]) {
      const { prose } = await composeEdition(region, department);
      expect(grammarErrors(`2002-${department ?? 'region'}`, prose), `edition ${department ?? 'region'}`).toEqual([]);
    }
  });

  it('in a 2003 edition that has no prose of its own', async () => {
    const region = region2002();
    // As `new` makes it: the year and survey months changed, the 2002 directory dropped.
    const { directory: _, ...survey } = region.edition.survey;
    const report = { ...region, edition: { ...region.edition, year: 2003, survey: { ...survey, telephone: { from: '2003-03', to: '2003-03' } } } };
    const { prose } = await composeEdition(report, undefined, 'data/midi-pyrenees/2003');
    expect(prose).toContain('en mars 2003');
    expect(prose).not.toMatch(/AF CCRE|Tarn-et-Garonne|obsolètes|Castres/);
    expect(grammarErrors('2003', prose)).toEqual([]);
  });

  it('in the fictional region', async () => {
    const world = createFileWorld(join(PROJECT_ROOT, 'tests/fixtures/fictional-region'));
    const diagnostics = new Diagnostics();
    const editionDir = 'data/val-de-loutre/2003';
    const report = validateReport(world, { dir: editionDir }, diagnostics);
    expect(report).toBeDefined();
    for (const department of [undefined, '96', '97', '98']) {
      const result = await buildReport(world, { editionDir, validated: report!, checkOnly: true, ...(department ? { department } : {}) });
      expect(result.built).toBeDefined();
      expect(grammarErrors(`val-de-loutre-${department ?? 'region'}`, proseText(result.built!.composed))).toEqual([]);
    }
  });

  it('in the fictional region built with the shared content (a new region as a folder)', async () => {
    const project = copyProject();
    try {
      cpSync(join(PROJECT_ROOT, 'tests/fixtures/fictional-region/data/val-de-loutre'), join(project, 'data/val-de-loutre'), { recursive: true });
      const world = createFileWorld(project);
      const editionDir = 'data/val-de-loutre/2003';
      const report = validateReport(world, { dir: editionDir }, new Diagnostics());
      expect(report).toBeDefined();
      for (const department of [undefined, '96', '97', '98']) {
        const result = await buildReport(world, { editionDir, validated: report!, checkOnly: true, ...(department ? { department } : {}) });
        expect(grammarErrors(`val-de-loutre-shared-${department ?? 'region'}`, proseText(result.built!.composed))).toEqual([]);
      }
    } finally {
      removeDir(project);
    }
  });

  it('in random editions of the 2002 register', async () => {
    const region = region2002();
    const samples = fc.sample(fc.subarray(region.register.communes, { minLength: 1 }), { numRuns: 6, seed: 2002 });
    for (const [i, communes] of samples.entries()) {
      const { prose } = await composeEdition({ ...region, register: { communes } });
      expect(grammarErrors(`random-${i}`, prose)).toEqual([]);
    }
  });
});
