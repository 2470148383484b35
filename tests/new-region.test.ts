/**
 * A new region is a folder, not a copied project: the fictional Val de Loutre register
 * (tests/fixtures/fictional-region/data/val-de-loutre: edition, register and census; the shared
 * data/countries.yaml) dropped into data/ of a copy of the project builds with the shared content and
 * templates, region and departments, and its prose says nothing of Midi Pyrénées or of 2002.
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/build-report.js';
import { validateReport } from '../src/input/validate-report.js';
import { createFileWorld } from '../src/input/world.js';
import { proseText } from '../src/prose/prose-text.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { proseProblems } from './helpers/editions.js';
import { type CliRun, copyProject, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const FIXTURE = join(PROJECT_ROOT, 'tests/fixtures/fictional-region/data');
const EDITION = 'data/val-de-loutre/2003';
const project = copyProject();
cpSync(join(FIXTURE, 'val-de-loutre'), join(project, 'data/val-de-loutre'), { recursive: true });
afterAll(() => removeDir(project));

let all: CliRun;
beforeAll(async () => {
  all = await runCli(['build', '--all', '--data', EDITION, '--out', 'out/'], project);
}, 120_000);

describe('a new region dropped into data/', () => {
  it('builds the region and its three departments with no diagnostic', () => {
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    for (const id of ['val-de-loutre-2003', 'val-de-loutre-2003-96', 'val-de-loutre-2003-97', 'val-de-loutre-2003-98']) expect(existsSync(join(project, 'out', `${id}.pdf`)), id).toBe(true);
  });

  it('reads right and speaks of its own territory and year only', async () => {
    const world = createFileWorld(project);
    const diagnostics = new Diagnostics();
    const report = validateReport(world, { dir: EDITION }, diagnostics);
    expect(report, diagnostics.items.map((d) => d.message).join('\n')).toBeDefined();
    const communes = report!.register.communes.map((c) => c.displayName);
    for (const department of [undefined, '96', '97', '98']) {
      const result = await buildReport(world, { editionDir: EDITION, validated: report!, checkOnly: true, ...(department ? { department } : {}) });
      const composed = result.built!.composed;
      const prose = proseText(composed);
      const active = result.built!.report.register.communes.filter((c) => c.agreements.length > 0);
      expect(proseProblems({ composed, prose, active, report: result.built!.report, statistics: result.built!.statistics }, communes), `edition ${department ?? 'region'}`).toEqual([]);
      expect(prose).not.toMatch(/Midi|Pyrénées|Toulouse|2002|AF CCRE|Tarn-et-Garonne|transfrontalière avec|frontalier de/);
      expect(prose).toContain(department ? report!.edition.departments.find((d) => d.code === department)!.phrase.replace(/'/g, '’') : 'du Val\u00A0de\u00A0Loutre');
      expect(composed.metadata.subject).not.toContain('Midi');
    }
  });
});
