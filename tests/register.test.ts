/** The real 2002 register: loads cleanly, holds the three annexes, reconciles, and exports stably. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEdition } from '../src/build-report.js';
import { screenRegister } from '../src/input/validate-report.js';
import { createFileWorld, MAX_AGREEMENTS } from '../src/input/world.js';
import { exportCsv, exportRegister } from '../src/output/export-register.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { computeStatistics } from '../src/statistics/compute-statistics.js';
import { reconcile, unexplained } from '../src/statistics/reconcile.js';
import { PROJECT_ROOT, runCli } from './helpers/project.js';

const diagnostics = new Diagnostics();
const report = loadEdition(createFileWorld(PROJECT_ROOT), { editionDir: 'data/midi-pyrenees/2002' }, diagnostics)!;

describe('the 2002 register', () => {
  it('loads with no diagnostic', () => {
    expect(diagnostics.items).toEqual([]);
    expect(report).toBeDefined();
  });

  it('holds every commune and agreement of the three annexes', () => {
    expect(report.register.communes).toHaveLength(100);
    expect(report.register.communes.reduce((n, c) => n + c.agreements.length, 0)).toBe(153);
    const toulouse = report.register.communes.find((c) => c.insee === '31555')!;
    expect(toulouse.agreements).toHaveLength(11);
    // SAINT-GIRONS is only in Annexe II; the register is the union of the annexes.
    expect(report.register.communes.some((c) => c.name === 'SAINT-GIRONS')).toBe(true);
  });

  it('reproduces the printed figures or explains each difference', () => {
    const rows = reconcile(report.published, computeStatistics(report));
    expect(rows.length).toBeGreaterThanOrEqual(25);
    expect(unexplained(rows)).toEqual([]);
    const byId = Object.fromEntries(rows.map((r) => [r.statistic, r.computed]));
    expect(byId['agreements.total']).toBe(153);
    expect(byId['communes.active']).toBe(100);
    expect(byId['mostActive.agreements']).toBe(11);
  });

  it('exports JSON that round-trips to the same register', async () => {
    const result = await runCli(['export', '--format', 'json'], PROJECT_ROOT);
    expect(result.code).toBe(0);
    const exported = JSON.parse(result.stdout) as ReturnType<typeof exportRegister>;
    expect(exported).toEqual(exportRegister(report));
    const back = exported.communes.map((c) => ({ name: c.name, postalCode: c.postalCode, population: c.population, agreements: c.agreements.map((a) => [a.partner, a.country]) }));
    expect(back).toEqual(report.register.communes.map((c) => ({ name: c.name, postalCode: c.postalCode, population: c.population, agreements: c.agreements.map((a) => [a.partner, a.country]) })));
    expect(exported.communes[0]!.agreements[0]).toEqual({ partner: 'Lerida', country: 'Espagne', iso2: 'ES', zone: 'europe-ce' });
  });

  it('exports one CSV row per agreement', () => {
    const lines = exportCsv(report).trimEnd().split('\r\n');
    expect(lines[0]).toBe('commune,postal_code,department,population,partner,country,iso2,zone');
    expect(lines).toHaveLength(154);
  });

  it('reconcile --json lists figure, published, computed, explanation', async () => {
    const result = await runCli(['reconcile', '--json'], PROJECT_ROOT);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { figure: string; published: number; computed: number; explanation: string | null }[];
    expect(Object.keys(rows[0]!)).toEqual(['figure', 'published', 'computed', 'explanation']);
    expect(rows).toHaveLength(report.published.length);
    // Differences are explained: 153 agreements match, the Spanish count (52 printed) does not.
    expect(rows.find((r) => r.figure === 'agreements-total')?.explanation ?? null).toBeNull();
    expect(rows.filter((r) => r.explanation).length).toBeGreaterThan(0);
  });
});

describe('the register screen before parsing (issue 11: limits that bound the work)', () => {
  const real = readFileSync(join(PROJECT_ROOT, 'data/midi-pyrenees/2002/register.yaml'), 'utf8');
  const screen = (text: string) => {
    const diagnostics = new Diagnostics();
    return { passed: screenRegister('register.yaml', text, diagnostics), items: diagnostics.items };
  };
  const communes = (agreement: string, count: number) =>
    `communes:\n  - name: "FOIX"\n    insee: "09122"\n    postalCode: "09000"\n    department: "09"\n    population: 9109\n    telephoneSurvey: false\n    agreements:\n${agreement.repeat(count)}`;

  it('lets the real register and a register of MAX_AGREEMENTS agreements through', () => {
    expect(screen(real)).toEqual({ passed: true, items: [] });
    expect(screen(communes('      - partner: "Lerida"\n        country: "Espagne"\n', MAX_AGREEMENTS)).passed).toBe(true);
  });

  it.each([
    ['plain keys', '      - partner: "Lerida"\n        country: "Espagne"\n'],
    ['flow keys', '      - {partner: ~, "country": ES}\n'],
    ['keys spelt with escapes', '      - {partner: ~, "c\\x6funtry": ES}\n'],
    ['keys behind an anchor and aliases', '      - {partner: ~, *k : ES}\n'],
  ])('refuses one agreement too many, %s, at the agreement too many', (_, agreement) => {
    const { passed, items } = screen(communes(agreement, MAX_AGREEMENTS + 1));
    // Lines 1 to 8 hold the commune; its country key is the agreement's last line.
    const lines = agreement.split('\n').length - 1;
    expect(passed).toBe(false);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ code: 'register/too-large', position: { file: 'register.yaml', line: 9 + (MAX_AGREEMENTS + 1) * lines - 1 } });
    expect(items[0]!.message).toContain(`more than ${MAX_AGREEMENTS} agreements`);
  });
});
