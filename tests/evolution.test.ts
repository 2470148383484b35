/** Year over year: with the previous year's register beside it, the report adds an evolution section. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeEvolution } from '../src/compute-statistics.js';
import type { Register } from '../src/model.js';
import { copyProject, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const project = copyProject();
afterAll(() => removeDir(project));

describe('evolution', () => {
  it('matches agreements by commune and partner', () => {
    const commune = (insee: string, agreements: [string | null, string][]) => ({ name: insee, displayName: insee, insee, postalCode: '09000', department: '09', population: 1, telephoneSurvey: false, agreements: agreements.map(([partner, country]) => ({ partner, country })) });
    const before: Register = { communes: [commune('1', [['A', 'Espagne'], [null, 'Italie']]), commune('2', [['B', 'Tchad']])] };
    const after: Register = { communes: [commune('1', [['a', 'Espagne'], [null, 'Italie'], [null, 'Italie']]), commune('3', [['C', 'Tchad']])] };
    const zones = [{ id: 'eu', name: 'EU', europe: true, chartTitle: '', areas: [] }, { id: 'af', name: 'Afrique', europe: false, chartTitle: '', areas: [] }];
    const countries = [
      { name: 'Espagne', iso2: 'ES', aliases: [], zone: 'eu', area: 'eu', annexGroup: 'g', article: 'la' as const, francophone: false },
      { name: 'Italie', iso2: 'IT', aliases: [], zone: 'eu', area: 'eu', annexGroup: 'g', article: 'la' as const, francophone: false },
      { name: 'Tchad', iso2: 'TD', aliases: [], zone: 'af', area: 'af', annexGroup: 'g', article: 'la' as const, francophone: false },
    ];
    const e = computeEvolution(before, after, 2001, zones, countries);
    expect(e.added.map((a) => [a.commune, a.partner, a.country])).toEqual([['1', null, 'Italie'], ['3', 'C', 'Tchad']]);
    expect(e.ended.map((a) => [a.commune, a.partner])).toEqual([['2', 'B']]);
    expect(e.net).toBe(1);
    expect(e.byZone.map((z) => [z.id, z.previous, z.current, z.change])).toEqual([['eu', 2, 3, 1], ['af', 1, 1, 0]]);
    expect(e.byCountry.map((c) => [c.id, c.change])).toEqual([['IT', 1]]);
  });

  it('adds the section to the 2002 report when the 2001 register exists', async () => {
    mkdirSync(join(project, 'data/midi-pyrenees/2001'), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, 'tests/fixtures/evolution/register-2001.yaml'), join(project, 'data/midi-pyrenees/2001/register.yaml'));
    const result = await runCli(['build', '--out', 'out'], project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = execFileSync('pdftotext', [join(project, 'out/midi-pyrenees-2002.pdf'), '-'], { encoding: 'utf8' }).replace(/\u2011/g, '-').replace(/\s+/g, ' ');
    expect(text).toContain("D-4. L'évolution depuis 2001");
    expect(text).toContain('Le recensement 2001 comptait 152 accords');
    expect(text).toContain('en compte 153, soit 1 de plus : 2 accords nouveaux et 1 accord arrivé à son terme');
    expect(text).toContain('Toulouse avec Chongqing (Chine)');
    expect(text).toContain('Lavergne avec La Vergne (Etats-Unis)');
    expect(text).toMatch(/Accords terminés : Albi avec Lodi \(Italie\)/);
  });
});
