/**
 * "A new region or year is a folder, not code": a fictional region (tests/fixtures/fictional-region,
 * laid out like a project root) is built by the CLI, region and departments, with no diagnostic.
 * Every figure checked here is computed by the test itself from the fixture's register, census and
 * countries files, not read from the generator.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CliRun, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const FIXTURE = 'tests/fixtures/fictional-region';
const EDITION = `${FIXTURE}/data/val-de-loutre/2003`;
const fixturePath = (path: string) => join(PROJECT_ROOT, FIXTURE, path);

// ---------------------------------------------------------------- the fixture, read independently
interface RegisterFile {
  communes: { name: string; insee: string; postalCode: string; department: string; population: number | null; telephoneSurvey: boolean; agreements: { partner: string | null; country: string }[] }[];
}
interface CountriesFile {
  zones: { id: string; europe: boolean }[];
  countries: { name: string; iso2: string; aliases?: string[]; zone: string }[];
}
interface EditionFile {
  regionPhrase: string;
  year: number;
  survey: { threshold: number; communesOverThreshold: number };
  departments: { code: string; name: string; phrase: string }[];
}

const register = parse(readFileSync(fixturePath('data/val-de-loutre/2003/register.yaml'), 'utf8')) as RegisterFile;
const countries = parse(readFileSync(fixturePath('data/countries.yaml'), 'utf8')) as CountriesFile;
const edition = parse(readFileSync(fixturePath('data/val-de-loutre/2003/edition.yaml'), 'utf8')) as EditionFile;
const census = readFileSync(fixturePath('data/val-de-loutre/communes-1999.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [insee, name, department, , population] = line.split(',');
    return { insee: insee!, name: name!, department: department!, population: Number(population) };
  });
const censusName = new Map(census.map((row) => [row.insee, row.name]));

/** The country a register spelling designates (name, ISO code or alias). */
function country(spelling: string) {
  const found = countries.countries.find((c) => c.name === spelling || c.iso2 === spelling || (c.aliases ?? []).includes(spelling));
  if (!found) throw new Error(`fixture: unknown country ${spelling}`);
  return found;
}

type Commune = RegisterFile['communes'][number];
const sum = (list: Commune[]) => list.reduce((n, c) => n + c.agreements.length, 0);
const fr1 = (share: number) => `${(share * 100).toFixed(1).replace('.', ',')} %`;
const listFr = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} et ${names.at(-1)}`);

/** What the study must print for a set of communes (the region, or one department). */
function expected(communes: Commune[], overThreshold: number) {
  const over = communes.filter((c) => c.telephoneSurvey);
  const under = communes.filter((c) => !c.telephoneSurvey);
  const without = overThreshold - over.length;
  const byCount = new Map<number, number>();
  for (const c of communes) byCount.set(c.agreements.length, (byCount.get(c.agreements.length) ?? 0) + 1);
  const counts = [...byCount.keys()].sort((a, b) => a - b);
  const ranked = [...communes].sort((a, b) => b.agreements.length - a.agreements.length || a.postalCode.localeCompare(b.postalCode));
  const most = ranked[0]!;
  const second = ranked.find((c) => c.agreements.length < most.agreements.length)?.agreements.length ?? 0;
  const runnersUp = communes.filter((c) => c.agreements.length === second).sort((a, b) => (b.population ?? 0) - (a.population ?? 0));
  const countryNames = new Set(communes.flatMap((c) => c.agreements.map((a) => country(a.country).name)));
  const spain = communes.filter((c) => c.agreements.some((a) => country(a.country).iso2 === 'ES'));
  return {
    total: sum(communes),
    active: communes.length,
    over: over.length,
    overAgreements: sum(over),
    under: under.length,
    underAgreements: sum(under),
    without,
    considered: communes.length + without,
    countries: countryNames.size,
    /** D-2: "Nombre de communes" then the count for 0, each count that occurs, and the total. */
    d2Row: [without, ...counts.map((n) => byCount.get(n)!), communes.length + without],
    singleShare: (byCount.get(1) ?? 0) / communes.length,
    mostActive: { name: censusName.get(most.insee)!, agreements: most.agreements.length },
    runnersUp: { agreements: second, names: runnersUp.map((c) => censusName.get(c.insee)!) },
    spain: { agreements: spain.reduce((n, c) => n + c.agreements.filter((a) => country(a.country).iso2 === 'ES').length, 0), communes: spain.length },
  };
}

// ---------------------------------------------------------------- the PDFs, as text
/** Text of each page, whitespace collapsed. */
function pageTexts(path: string): string[] {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\u2019/g, "'"); // apostrophes compared plain: tests/typography.test.ts asserts none is straight
  return text
    .split('\f')
    .slice(0, -1)
    .map((page) => page.replace(/\s+/g, ' ').trim());
}

/**
 * Letters and digits only: pdftotext drops a hyphen that ends a line, and justified lines come out
 * with a space after hyphens and varying no-break spaces in "2 500" and "59,1 %".
 */
const squash = (text: string) => text.replace(/[\s\u00A0\u202F\u2011-]/g, '');
const contains = (haystack: string, needle: string) => squash(haystack).includes(squash(needle));

/** The pages from Annexe I on (the table of contents names Annexe I too: take the last match). */
function annexPages(pages: string[]): { annexI: string; annexes: string } {
  const last = (text: string) => pages.reduce((found, page, i) => (page.includes(text) ? i : found), -1);
  const start = last('E-1. Annexe I :');
  const second = last('E-2. Annexe II :');
  expect(start, 'Annexe I').toBeGreaterThan(3);
  expect(second, 'Annexe II').toBeGreaterThanOrEqual(start);
  return {
    annexI: pages
      .slice(start, second + 1)
      .join(' ')
      .split('E-2. Annexe II :')[0]!,
    annexes: pages.slice(start).join(' '),
  };
}

function qpdfCheck(path: string): number | null {
  return spawnSync('qpdf', ['--check', path], { encoding: 'utf8' }).status;
}

// ---------------------------------------------------------------- the builds
const out = mkdtempSync(join(tmpdir(), 'coopdec-fixture-'));
const regionPdf = join(out, 'region', 'val-de-loutre-2003.pdf');
const allDir = join(out, 'all');
let build: CliRun;
let buildAll: CliRun;
let check: CliRun;
let reconcile: CliRun;
let pages: string[] = [];

beforeAll(async () => {
  build = await runCli(['build', '--data', EDITION, '--out', `${join(out, 'region')}/`], PROJECT_ROOT);
  if (existsSync(regionPdf)) pages = pageTexts(regionPdf);
  buildAll = await runCli(['build', '--all', '--data', EDITION, '--out', `${allDir}/`], PROJECT_ROOT);
  check = await runCli(['check', '--data', EDITION], PROJECT_ROOT);
  reconcile = await runCli(['reconcile', '--json', '--data', EDITION], PROJECT_ROOT);
}, 120_000);
afterAll(() => removeDir(out));

describe('the fixture itself', () => {
  it('is consistent: census over the threshold, telephone marks, aliases', () => {
    const over = census.filter((row) => row.population > edition.survey.threshold);
    expect(over.length).toBe(edition.survey.communesOverThreshold);
    for (const c of register.communes) {
      const row = census.find((r) => r.insee === c.insee);
      expect(row, c.name).toBeDefined();
      expect(row!.department).toBe(c.department);
      expect(c.postalCode.startsWith(c.department)).toBe(true);
      expect(c.telephoneSurvey, c.name).toBe(row!.population > edition.survey.threshold);
      for (const a of c.agreements) country(a.country);
    }
    expect(register.communes.length).toBeGreaterThanOrEqual(20);
    expect(sum(register.communes)).toBeGreaterThanOrEqual(30);
  });
});

describe('the fictional region, default edition', () => {
  const region = expected(register.communes, edition.survey.communesOverThreshold);

  it('builds with no diagnostic into a valid PDF', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(existsSync(regionPdf)).toBe(true);
    expect(existsSync(regionPdf.replace(/\.pdf$/, '.csv'))).toBe(true);
    expect(qpdfCheck(regionPdf)).toBe(0);
  });

  it('passes check and reconciles every figure but the one explained difference', () => {
    expect(check.code).toBe(0);
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain(`${register.communes.length} communes, ${region.total} agreements`);
    expect(reconcile.code).toBe(0);
    const rows = JSON.parse(reconcile.stdout) as { figure: string; published: number; computed: number; explanation: string | null }[];
    const byId = new Map(rows.map((r) => [r.figure, r]));
    expect(byId.get('agreements-total')?.computed).toBe(region.total);
    expect(byId.get('active-communes')?.computed).toBe(region.active);
    expect(byId.get('agreements-over-threshold')?.computed).toBe(region.overAgreements);
    expect(byId.get('over-threshold-without')?.computed).toBe(region.without);
    expect(byId.get('most-active')?.computed).toBe(region.mostActive.agreements);
    const countriesRow = byId.get('countries-count')!;
    expect(countriesRow.computed).toBe(region.countries);
    expect(countriesRow.published).not.toBe(region.countries);
    expect(countriesRow.explanation).toBeTruthy();
    // Shares are published rounded (0.86 for 0.8636...): compare at the published precision.
    for (const row of rows.filter((r) => r.figure !== 'countries-count')) {
      const decimals = (String(row.published).split('.')[1] ?? '').length;
      expect(Number(row.computed.toFixed(decimals)), row.figure).toBe(row.published);
    }
  });

  it('carries the region title on every page but the cover', () => {
    expect(pages.length).toBeGreaterThanOrEqual(10);
    const title = `Action Internationale des Collectivités Locales ${edition.regionPhrase}`;
    expect(pages[0]).not.toMatch(/Page 1 sur/);
    pages.slice(1).forEach((page, i) => {
      expect(page, `page ${i + 2}`).toContain(title);
      expect(page, `page ${i + 2}`).toContain(`${edition.year} — Page ${i + 2} sur ${pages.length}`);
    });
  });

  it('lists every commune of the register in Annexe I and every partner town in the annexes', () => {
    const { annexI, annexes } = annexPages(pages);
    for (const c of register.communes) {
      expect(contains(annexI, c.name), c.name).toBe(true);
      for (const a of c.agreements) if (a.partner) expect(contains(annexes, a.partner), `${a.partner} (${c.name})`).toBe(true);
    }
    for (const group of ["Coopérations avec l'Espagne", "Coopérations avec l'Allemagne", "Coopérations avec l'Afrique", 'Coopérations avec le Canada']) expect(annexes).toContain(group);
  });

  it('prints the figures the register gives', () => {
    const text = pages.join(' ');
    const says = (sentence: string) => expect(contains(text, sentence), sentence).toBe(true);
    says(
      `Nous avons recensé ${region.overAgreements} accords menés par ${region.over} communes de plus de 2 500 habitants, et ${region.underAgreements} accords pour ${region.under} communes de moins de 2 500 habitants.`,
    );
    says(`Soit ${region.total} accords de coopération décentralisée pour ${region.active} communes`);
    says(`${region.without} communes de plus de 2 500 habitants n'ont aucune action internationale. Les ${region.total} accords engagent les communes dans ${region.countries} pays.`);
    says(`Nombre d'accords de coopération recensés (${region.total}) par commune`);
    says(`Nombre de communes ${region.d2Row.join(' ')}`);
    says(`En % par rapport à ${region.considered} communes`);
    says(`La plupart des communes engagées n'ont qu'un partenaire : ${fr1(region.singleShare)} des ${region.active} communes actives`);
    says(`${region.mostActive.name} est la commune la plus engagée, avec ${region.mostActive.agreements} partenariats.`);
    says(`Viennent ensuite, avec ${region.runnersUp.agreements} accords chacune, ${listFr(region.runnersUp.names)}.`);
    says(`L'Espagne compte ${region.spain.agreements} accords pour ${region.spain.communes} communes`);
    says(`L'enquête a porté sur les ${edition.survey.communesOverThreshold} communes de plus de 2 500 habitants ${edition.regionPhrase}`);
  });

  it('prints a countries file entry with no agreement nowhere', () => {
    expect(pages.join(' ')).not.toContain('Autriche');
  });
});

describe('the fictional region, --all', () => {
  const pdf = (suffix: string) => join(allDir, `val-de-loutre-2003${suffix}.pdf`);

  it('builds the region and each department with no diagnostic', () => {
    expect(buildAll.stderr).toBe('');
    expect(buildAll.code).toBe(0);
    for (const suffix of ['', ...edition.departments.map((d) => `-${d.code}`)]) {
      expect(existsSync(pdf(suffix)), pdf(suffix)).toBe(true);
      expect(qpdfCheck(pdf(suffix)), pdf(suffix)).toBe(0);
    }
  });

  for (const department of edition.departments) {
    it(`restricts the ${department.code} edition to ${department.name}`, () => {
      const deptPages = pageTexts(pdf(`-${department.code}`));
      const title = `Action Internationale des Collectivités Locales ${department.phrase}`;
      for (const [i, page] of deptPages.slice(1).entries()) expect(page, `page ${i + 2}`).toContain(title);

      const communes = register.communes.filter((c) => c.department === department.code);
      const over = census.filter((row) => row.department === department.code && row.population > edition.survey.threshold).length;
      const figures = expected(communes, over);
      const text = deptPages.join(' ');
      const says = (sentence: string) => expect(contains(text, sentence), sentence).toBe(true);
      says(`Soit ${figures.total} accords de coopération décentralisée pour ${figures.active} communes`);
      says(`L'enquête a porté sur les ${over} communes de plus de 2 500 habitants ${department.phrase}`);
      says(`${figures.mostActive.name} est la commune la plus engagée, avec ${figures.mostActive.agreements} partenariats.`);
      says(`Nombre de communes ${figures.d2Row.join(' ')}`);

      const { annexI } = annexPages(deptPages);
      for (const c of register.communes) expect(contains(annexI, c.name), `${c.name} in the ${department.code} Annexe I`).toBe(c.department === department.code);
    });
  }
});
