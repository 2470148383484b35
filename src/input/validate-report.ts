/**
 * Load and validate stage: reads an edition's files through the World, checks each against its
 * schema and the rules that span files, and resolves countries and census names. Every problem
 * is reported; the result is undefined when there is any error.
 */

import { posix } from 'node:path';
import { parse as parseCsvText } from 'csv-parse/sync';
import { defaultCountryArticle } from '../prose/french-grammar.js';
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import { loadYaml } from './load-yaml.js';
import type { AnnexGroup, Commune, Country, Department, Edition, PublishedFigure, Register, ValidatedReport, Zone } from './model.js';
import { checkSchema } from './schema-diagnostics.js';
import { type CountriesFile, countriesSchema, editionSchema, publishedSchema, type RegisterFile, registerSchema } from './schemas.js';
import { MAX_AGREEMENTS, readInputFile, type World } from './world.js';
import { decodeText, positionOf, writtenScalar, type YamlSource } from './yaml-source.js';

/** A bound on the register's size, so that a runaway file gets a diagnostic, not an out-of-memory crash (world.ts). */
export { MAX_AGREEMENTS };

/** Where an edition's files are, relative to the project root. */
interface EditionLocation {
  /** "data/midi-pyrenees/2002" */
  dir: string;
}

/**
 * What may spell an agreement's `country` key in YAML text: the word itself (plain, quoted, after
 * an anchor or a tag, explicit), a backslash (a double-quoted key can spell it with escapes,
 * "c\x6funtry") and an alias (`*k` for an anchored `&k country`). Every agreement has at least one;
 * a real register has about one per agreement.
 */
const COUNTRY_KEY = /\bcountry\b|\\|(?:^|[\s,[{:?])\*[^\s,[\]{}]/gm;

/**
 * Refuses, before parsing, a register that cannot hold at most MAX_AGREEMENTS agreements because
 * it has more places that may spell a `country` key: parsing a few MiB of YAML takes tens of
 * seconds and a GB, and such a register would be refused after it anyway.
 */
export function screenRegister(path: string, text: string, diagnostics: Diagnostics): boolean {
  COUNTRY_KEY.lastIndex = 0;
  let count = 0;
  for (let match = COUNTRY_KEY.exec(text); match; match = COUNTRY_KEY.exec(text)) {
    if (++count > MAX_AGREEMENTS) {
      const offset = match.index + (match[0].length > 1 && /^[\s,[{:?]/.test(match[0]) ? 1 : 0);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      diagnostics.error('register/too-large', { agreements: count, max: MAX_AGREEMENTS, screened: true }, { file: path, line, column });
      return false;
    }
  }
  return true;
}

/** Validates the edition in `location` and returns it resolved, or undefined on any error. */
export function validateReport(world: World, location: EditionLocation, diagnostics: Diagnostics): ValidatedReport | undefined {
  // A region may list its own countries (data/<region>/countries.yaml); otherwise the shared list.
  const regionCountries = `${posix.dirname(location.dir)}/countries.yaml`;
  const countriesPath = world.exists(regionCountries) ? regionCountries : 'data/countries.yaml';
  const countriesSource = loadYaml(world, countriesPath, diagnostics);
  const countriesFile = countriesSource && checkSchema(countriesSource, countriesSchema, 'countries file', diagnostics);
  const geography = countriesSource && countriesFile ? validateCountries(countriesSource, countriesFile, diagnostics) : undefined;

  const editionSource = loadYaml(world, `${location.dir}/edition.yaml`, diagnostics);
  const editionFile = editionSource && checkSchema(editionSource, editionSchema, 'edition', diagnostics);
  const census = editionSource && editionFile ? loadCensus(world, posix.join(location.dir, editionFile.census), positionOf(editionSource, ['census']), diagnostics) : undefined;

  const registerPath = `${location.dir}/register.yaml`;
  const registerSource = loadYaml(world, registerPath, diagnostics, undefined, undefined, 'register', (text) => screenRegister(registerPath, text, diagnostics));
  const registerFile = registerSource && checkSchema(registerSource, registerSchema, 'register', diagnostics);
  // With a schema error the build stops, but the communes that have the right shape are still
  // checked: one run reports every problem it can.
  const registerToCheck = registerFile ?? (registerSource ? wellFormedCommunes(registerSource) : undefined);

  // published.yaml holds the figures of a printed study: an edition not printed yet has none.
  const publishedPath = `${location.dir}/published.yaml`;
  const hasPublished = world.list(location.dir).includes('published.yaml');
  const publishedSource = hasPublished ? loadYaml(world, publishedPath, diagnostics) : undefined;
  const publishedFile = publishedSource ? checkSchema(publishedSource, publishedSchema, 'published figures', diagnostics) : hasPublished ? undefined : { figures: [] };

  if (!geography || !editionFile || !census || !registerSource || !registerToCheck) return undefined;

  const departments: Department[] = editionFile.departments.map((d) => ({
    ...d,
    communesOverThreshold: census.rows.filter((row) => row.department === d.code && row.population > editionFile.survey.threshold).length,
  }));
  const edition: Edition = {
    ...editionFile,
    survey: {
      threshold: editionFile.survey.threshold,
      communesOverThreshold: editionFile.survey.communesOverThreshold,
      ...(editionFile.survey.telephone ? { telephone: editionFile.survey.telephone } : {}),
      ...(editionFile.survey.directory ? { directory: editionFile.survey.directory } : {}),
    },
    departments,
  };
  const register = validateRegister(registerSource, registerToCheck, geography.countries, departments, census, diagnostics, !registerFile);
  checkSurveyFigures(editionSource!, editionFile, registerToCheck, census, diagnostics);
  if (!registerFile || !publishedFile) return undefined;
  const previous = loadPreviousRegister(world, location, edition, geography.countries, departments, census, diagnostics);
  if (!register || diagnostics.hasErrors) return undefined;
  const published: PublishedFigure[] = publishedFile.figures.map((figure, i) => ({ ...figure, at: positionOf(publishedSource!, ['figures', i, 'statistic']) }));
  return { edition, zones: geography.zones, annexGroups: geography.annexGroups, countries: geography.countries, register, published, previous };
}

/**
 * The communes of a register that failed its schema which have the right shape themselves, at
 * their own index (a sparse list: forEach skips the holes, so positions stay those of the file).
 */
function wellFormedCommunes(source: YamlSource): RegisterFile | undefined {
  const value = source.value as { communes?: unknown } | null;
  if (!value || typeof value !== 'object' || !Array.isArray(value.communes)) return undefined;
  const communeSchema = registerSchema.shape.communes.element;
  const communes: RegisterFile['communes'] = [];
  value.communes.forEach((entry, index) => {
    const parsed = communeSchema.safeParse(entry);
    if (parsed.success) communes[index] = parsed.data;
  });
  return { communes };
}

/**
 * The survey figures of edition.yaml against what the register and census say. The study's own
 * count may differ a little from the census (156 against 154 in 2002: see the edition's NOTES.md),
 * but it cannot be lower than the communes the register marks as reached by the telephone survey
 * (those are over the threshold), and a count far from the census is probably a typo.
 */
function checkSurveyFigures(source: YamlSource, file: { survey: { threshold: number; communesOverThreshold: number } }, register: RegisterFile, census: Census, diagnostics: Diagnostics): void {
  const stated = file.survey.communesOverThreshold;
  const at = positionOf(source, ['survey', 'communesOverThreshold']);
  const marked = register.communes.filter((c) => c?.telephoneSurvey).length;
  if (stated < marked) {
    diagnostics.error('edition/survey-contradicts-register', { stated, marked, counted: censusCount(census, file.survey.threshold) }, at);
    return;
  }
  const counted = censusCount(census, file.survey.threshold);
  if (counted > 0 && Math.abs(stated - counted) > counted * 0.1) {
    diagnostics.warning('edition/survey-far-from-census', { stated, counted, threshold: file.survey.threshold }, at);
  }
}

function censusCount(census: Census, threshold: number): number {
  return census.rows.filter((row) => row.population > threshold).length;
}

interface Geography {
  zones: Zone[];
  annexGroups: AnnexGroup[];
  countries: Country[];
}

function validateCountries(source: YamlSource, file: CountriesFile, diagnostics: Diagnostics): Geography | undefined {
  const before = diagnostics.errorCount;
  const zoneIds = new Map(file.zones.map((z) => [z.id, z]));
  const groupIds = new Set(file.annexGroups.map((g) => g.id));
  const seen = new Map<string, string>();
  file.countries.forEach((country, index) => {
    const at = (key: string) => positionOf(source, ['countries', index, key]);
    const zone = zoneIds.get(country.zone);
    if (!zone) diagnostics.error('countries/unknown-zone', { country: country.name, zone: country.zone, zones: [...zoneIds.keys()] }, at('zone'));
    if (zone && country.area && !zone.areas.some((a) => a.id === country.area))
      diagnostics.error('countries/unknown-area', { area: country.area, zone: zone.id, areas: zone.areas.map((a) => a.id) }, at('area'));
    if (zone && !country.area && zone.areas.length > 1) diagnostics.error('countries/missing-area', { country: country.name, zone: zone.id, areas: zone.areas.map((a) => a.id) }, at('zone'));
    if (!groupIds.has(country.annexGroup)) diagnostics.error('countries/unknown-annex-group', { country: country.name, group: country.annexGroup, groups: [...groupIds] }, at('annexGroup'));
    for (const spelling of [country.name, country.iso2, ...country.aliases]) {
      const owner = seen.get(spelling);
      if (owner && owner !== country.name) diagnostics.error('countries/ambiguous-name', { spelling, owner, country: country.name }, at('aliases'));
      seen.set(spelling, country.name);
    }
  });
  if (diagnostics.errorCount > before) return undefined;
  const zones: Zone[] = file.zones;
  const countries: Country[] = file.countries.map((c) => {
    const zone = zoneIds.get(c.zone)!;
    return { ...c, area: c.area ?? zone.areas[0]!.id, article: c.article ?? defaultCountryArticle(c.name), francophone: c.francophone ?? false };
  });
  return { zones, annexGroups: file.annexGroups, countries };
}

interface CensusRow {
  insee: string;
  name: string;
  department: string;
  population: number;
}

interface Census {
  path: string;
  rows: CensusRow[];
  byInsee: Map<string, CensusRow>;
}

/** The census file: one commune a row (insee,name,department,postal_code,population,...). */
function loadCensus(world: World, path: string, requiredBy: Position, diagnostics: Diagnostics): Census | undefined {
  if (!world.contains(path)) {
    diagnostics.error('edition/census-outside-project', { path }, requiredBy);
    return undefined;
  }
  const census = readInputFile(world, path, 'census', diagnostics);
  const bytes = census.bytes;
  if (!bytes) {
    if (census.missing) diagnostics.error('source/missing-file', { path, census: true }, requiredBy);
    return undefined;
  }
  const text = decodeText(path, bytes, diagnostics);
  if (text === undefined) return undefined;
  const records = parseCsv(path, text, diagnostics);
  if (!records) return undefined;
  const header = records[0]?.cells ?? [];
  const column = (name: string) => header.indexOf(name);
  const required = ['insee', 'name', 'department', 'population'];
  const missing = required.filter((name) => column(name) < 0);
  if (missing.length > 0) {
    diagnostics.error('census/missing-column', { missing, required }, { file: path, line: 1, column: 1 });
    return undefined;
  }
  const rows: CensusRow[] = [];
  // A row whose population is refused still names its commune: the register is checked against
  // it (one run, every problem) without a second, misleading "not in the census" error.
  const named: CensusRow[] = [];
  for (const record of records.slice(1)) {
    const at = (index: number): Position => ({ file: path, line: record.line, column: record.columns[Math.min(index, record.columns.length - 1)] ?? 1 });
    if (record.cells.length !== header.length) {
      diagnostics.error('census/wrong-cell-count', { cells: record.cells.length, columns: header.length }, at(0));
      continue;
    }
    const cell = (name: string) => record.cells[column(name)]!;
    const written = cell('population');
    const population = wholeNumber(written);
    named.push({ insee: cell('insee'), name: cell('name'), department: cell('department'), population: population ?? Number.NaN });
    if (population === undefined) {
      diagnostics.error('census/invalid-population', written.trim() === '' ? { problem: 'empty' } : { problem: 'not-whole', written }, at(column('population')));
      continue;
    }
    if (population > MAX_POPULATION) {
      diagnostics.error('census/invalid-population', { problem: 'too-large', written, max: MAX_POPULATION }, at(column('population')));
      continue;
    }
    rows.push({ insee: cell('insee'), name: cell('name'), department: cell('department'), population });
  }
  return { path, rows, byInsee: new Map(named.map((r) => [r.insee, r])) };
}

/**
 * The largest population a commune may have: Paris, the largest French commune, counts about
 * 2.1 million inhabitants (2,125,246 in 1999). Anything above is a typo or a hostile file.
 */
const MAX_POPULATION = 2_200_000;

/** Plain decimal digits only: not "", " 12", "0x5363", "1e3", "12.0" or "-3". */
function wholeNumber(written: string): number | undefined {
  return /^\d{1,9}$/.test(written) ? Number(written) : undefined;
}

interface CsvRecord {
  cells: string[];
  /** 1-based line of the record's start. */
  line: number;
  /** 1-based column of each cell's start on that line. */
  columns: number[];
}

/**
 * RFC 4180 through csv-parse (quoted cells may hold commas, quotes and line breaks); a syntax
 * error (a quote never closed, text after a closing quote) is reported at its line.
 */
function parseCsv(path: string, text: string, diagnostics: Diagnostics): CsvRecord[] | undefined {
  let parsed: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    parsed = parseCsvText(text, { info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof parsed;
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    diagnostics.error('census/syntax', { detail: e.message.replace(/^Invalid [^:]*: /, '') }, { file: path, line: e.lines ?? 1, column: 1 });
    return undefined;
  }
  return parsed.map(({ record, info, raw }) => {
    const end = info.lines;
    const firstLine = end - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    return { cells: record, line: firstLine, columns: cellColumns(raw) };
  });
}

/** Where each cell of a raw record starts, counting the quotes (first line only is exact). */
function cellColumns(raw: string): number[] {
  const columns = [1];
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) columns.push(i + 2);
    else if ((c === '\n' || c === '\r') && !quoted) break;
  }
  return columns;
}

/** Resolves a country by name, ISO code or alias. */
function findCountry(countries: readonly Country[], spelling: string): Country | undefined {
  return countries.find((c) => c.name === spelling || c.iso2 === spelling || c.aliases.includes(spelling));
}

/** `partial`: the well-formed communes of a register with schema errors; its totals mean nothing. */
function validateRegister(source: YamlSource, file: RegisterFile, countries: Country[], departments: Department[], census: Census, diagnostics: Diagnostics, partial = false): Register | undefined {
  const before = diagnostics.errorCount;
  const at = (...path: (string | number)[]) => positionOf(source, ['communes', ...path]);
  if (partial) {
    // Only the per-commune checks below: skip the totals.
  } else if (file.communes.length === 0) {
    diagnostics.error('register/empty', {}, positionOf(source, ['communes']));
    return undefined;
  }
  const agreementCount = file.communes.reduce((sum, c) => sum + c.agreements.length, 0);
  if (partial) {
    // As above.
  } else if (agreementCount === 0) {
    diagnostics.error('register/no-agreements', {}, positionOf(source, ['communes']));
    return undefined;
  }
  if (agreementCount > MAX_AGREEMENTS) {
    diagnostics.error('register/too-large', { agreements: agreementCount, max: MAX_AGREEMENTS }, positionOf(source, ['communes']));
    return undefined;
  }
  const departmentCodes = new Set(departments.map((d) => d.code));
  const firstByInsee = new Map<string, number>();
  const communes: Commune[] = [];
  file.communes.forEach((entry, index) => {
    const previous = firstByInsee.get(entry.insee);
    if (previous !== undefined) {
      diagnostics.error('register/duplicate-commune', { name: entry.name, insee: entry.insee, line: at(previous).line }, at(index, 'insee'));
    }
    firstByInsee.set(entry.insee, index);
    if (!departmentCodes.has(entry.department)) {
      diagnostics.error('register/unknown-department', { department: entry.department, departments: [...departmentCodes] }, at(index, 'department'));
    }
    if (!entry.postalCode.startsWith(postalPrefix(entry.department))) {
      diagnostics.error('register/postal-code-outside-department', { postalCode: entry.postalCode, department: entry.department, prefix: postalPrefix(entry.department) }, at(index, 'postalCode'));
    }
    const censusRow = census.byInsee.get(entry.insee);
    if (!censusRow) {
      diagnostics.error('register/unknown-insee', { insee: entry.insee, census: census.path }, at(index, 'insee'));
    } else if (censusRow.department !== entry.department) {
      diagnostics.error('register/insee-outside-department', { insee: entry.insee, name: censusRow.name, censusDepartment: censusRow.department, department: entry.department }, at(index, 'insee'));
    }
    const population = checkPopulation(entry.population, () => writtenScalar(source, ['communes', index, 'population']), entry.note, at(index, 'population'), diagnostics);
    const seenAgreements = new Map<string, number>();
    const agreements = entry.agreements.flatMap((agreement, k) => {
      const country = findCountry(countries, agreement.country);
      if (!country) {
        diagnostics.error('register/unknown-country', { country: agreement.country, ...suggestCountry(countries, agreement.country) }, at(index, 'agreements', k, 'country'));
        return [];
      }
      if (agreement.partner !== null) {
        const key = `${agreement.partner.toLowerCase()}|${country.name}`;
        const first = seenAgreements.get(key);
        if (first !== undefined) {
          diagnostics.error(
            'register/duplicate-agreement',
            { commune: entry.name, partner: agreement.partner, country: country.name, line: at(index, 'agreements', first).line },
            at(index, 'agreements', k),
          );
        }
        seenAgreements.set(key, k);
      }
      return [{ partner: agreement.partner, country: country.name, ...(agreement.note ? { note: agreement.note } : {}) }];
    });
    if (entry.agreements.length === 0) {
      diagnostics.error('register/commune-without-agreement', { name: entry.name }, at(index, 'agreements'));
    }
    communes.push({
      name: entry.name,
      displayName: censusRow?.name ?? entry.name,
      insee: entry.insee,
      postalCode: entry.postalCode,
      department: entry.department,
      population,
      telephoneSurvey: entry.telephoneSurvey,
      ...(entry.note ? { note: entry.note } : {}),
      agreements,
    });
  });
  return diagnostics.errorCount > before ? undefined : { communes };
}

/** Corsica's 2A/2B communes have postal codes starting with 20. */
function postalPrefix(department: string): string {
  return /^2[AB]$/.test(department) ? '20' : department;
}

/** `writtenAs`: the scalar as written, asked for only when needed (it may compose the file's tree). */
function checkPopulation(value: unknown, writtenAs: () => string | undefined, note: string | undefined, at: Position, diagnostics: Diagnostics): number | null {
  if (value === null) {
    if (!note) diagnostics.warning('register/population-unknown', {}, at);
    return null;
  }
  const written = writtenAs();
  // As written in the file: 1e309 is Infinity once parsed, and JSON would print it "null".
  const shown = written ?? JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    diagnostics.error('register/invalid-population', { problem: 'not-finite', shown }, at);
    return null;
  }
  if (typeof value === 'number' && value > MAX_POPULATION) {
    diagnostics.error('register/invalid-population', { problem: 'too-large', shown, max: MAX_POPULATION }, at);
    return null;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && written !== undefined && !/^\d+$/.test(written)) {
    diagnostics.error('register/invalid-population', { problem: 'not-decimal', shown }, at);
    return null;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  const problem =
    typeof value === 'number' ? (Number.isInteger(value) ? (value === 0 ? 'zero' : 'negative') : 'fraction') : typeof value === 'string' ? 'text' : Array.isArray(value) ? 'list' : 'other';
  diagnostics.error('register/invalid-population', { problem, shown: JSON.stringify(value) }, at);
  return null;
}

function suggestCountry(countries: readonly Country[], spelling: string): { suggestion?: { name: string; iso2: string } } {
  const candidates = countries.flatMap((c) => [c.name, c.iso2, ...c.aliases].map((s) => ({ s, c })));
  const best = candidates.map(({ s, c }) => ({ c, distance: editDistance(s.toLowerCase(), spelling.toLowerCase()) })).sort((a, b) => a.distance - b.distance)[0];
  return best && best.distance <= 3 ? { suggestion: { name: best.c.name, iso2: best.c.iso2 } } : {};
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The register of the previous year of the same region, when its folder exists. */
function loadPreviousRegister(
  world: World,
  location: EditionLocation,
  edition: Edition,
  countries: Country[],
  departments: Department[],
  census: Census,
  diagnostics: Diagnostics,
): Register | undefined {
  const previousDir = posix.join(posix.dirname(location.dir), String(edition.year - 1));
  const path = `${previousDir}/register.yaml`;
  if (!world.exists(path)) return undefined;
  const source = loadYaml(world, path, diagnostics, undefined, undefined, 'register', (text) => screenRegister(path, text, diagnostics));
  const file = source && checkSchema(source, registerSchema, 'register', diagnostics);
  return source && file ? validateRegister(source, file, countries, departments, census, diagnostics) : undefined;
}
