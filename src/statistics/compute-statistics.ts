/**
 * Statistics stage: every figure of the study, computed from the register alone. Pure: the same
 * report gives the same numbers; nothing is formatted here. warnProbableRenames alone reads a
 * file (the register, for the positions of its warnings).
 */
import { posix } from 'node:path';
import { loadYaml } from '../input/load-yaml.js';
import type { Commune, Country, Register, ValidatedReport, Zone } from '../input/model.js';
import type { World } from '../input/world.js';
import { positionOf, type YamlSource } from '../input/yaml-source.js';
import { APOSTROPHE, fromCountry, ofCountry, withArticle } from '../prose/french-grammar.js';
import { Diagnostics, type Position } from '../shared/diagnostics.js';
import type {
  AgreementChange,
  AreaStatistics,
  ChangeCount,
  CommuneSummary,
  CountryChange,
  CountryCount,
  DistributionRow,
  Evolution,
  RenamedAgreement,
  Statistics,
  ZoneStatistics,
} from './statistics-model.js';

// Made on first use: an Intl object made when the module loads could not be kept in the V8
// start-up snapshot (scripts/build-snapshot.mjs).
let frenchCollator: Intl.Collator | undefined;
const collator = {
  compare: (a: string, b: string) => {
    frenchCollator ??= new Intl.Collator('fr', { sensitivity: 'base' });
    return frenchCollator.compare(a, b);
  },
};

/** Computes every statistic of the report from its register. */
export function computeStatistics(report: ValidatedReport): Statistics {
  const { register, countries, zones, edition } = report;
  const countryByName = new Map(countries.map((c) => [c.name, c]));
  const countryOf = (name: string): Country => countryByName.get(name)!;
  const communes = register.communes.filter((c) => c.agreements.length > 0);

  const overThresholdTotal = edition.department ? edition.department.communesOverThreshold : edition.survey.communesOverThreshold;
  const isOver = (c: Commune) => c.telephoneSurvey;
  const activeOver = communes.filter(isOver);
  const activeUnder = communes.filter((c) => !isOver(c));
  const active = communes.length;
  const overThresholdWithout = Math.max(0, overThresholdTotal - activeOver.length);
  const considered = active + overThresholdWithout;
  const agreementsOf = (list: Commune[]) => list.reduce((sum, c) => sum + c.agreements.length, 0);
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

  const countryCounts = countCountries(communes, countries);
  const countryList = countryCounts.filter((c) => c.agreements > 0);
  const countriesRanked = [...countryList].sort((a, b) => b.agreements - a.agreements || collator.compare(a.name, b.name));

  const byAgreementCount = distribution(
    communes.map((c) => c.agreements.length),
    overThresholdWithout,
    active,
    considered,
  );

  const zoneStatistics: ZoneStatistics[] = zones.map((zone) => {
    const inZone = communes.filter((c) => c.agreements.some((a) => countryOf(a.country).zone === zone.id));
    const zoneCountries = countryList.filter((c) => countryByName.get(c.name)!.zone === zone.id).sort((a, b) => collator.compare(a.name, b.name));
    return {
      id: zone.id,
      name: zone.name,
      chartTitle: zone.chartTitle,
      europe: zone.europe,
      agreements: zoneCountries.reduce((sum, c) => sum + c.agreements, 0),
      communes: inZone.length,
      shareOfActive: share(inZone.length, active),
      countryCount: zoneCountries.length,
      countries: zoneCountries,
      communeNames: inZone.map((c) => c.displayName),
      francophoneCountryCount: zoneCountries.filter((c) => c.francophone).length,
      countryNames: countriesRanked.filter((c) => countryByName.get(c.name)!.zone === zone.id).map((c) => c.the),
      ...(zoneCountries.length > 0 ? { leader: countriesRanked.find((c) => countryByName.get(c.name)!.zone === zone.id)! } : {}),
    };
  });

  const areas: AreaStatistics[] = zones.flatMap((zone) =>
    zone.areas.map((area) => {
      const count = communes.filter((c) => c.agreements.some((a) => countryOf(a.country).area === area.id)).length;
      return { id: area.id, name: area.name, communes: count, shareOfActive: share(count, active) };
    }),
  );

  const zoneCountOf = (c: Commune) => new Set(c.agreements.map((a) => countryOf(a.country).zone)).size;
  const byZoneCount = distribution(communes.map(zoneCountOf), overThresholdWithout, active, considered, zones.length);
  const europeZones = new Set(zones.filter((z) => z.europe).map((z) => z.id));
  const europeCommunes = communes.filter((c) => c.agreements.some((a) => europeZones.has(countryOf(a.country).zone))).length;
  // The areas outside Europe with at least as many communes as Europe: whether "l’Europe est la
  // principale aire d’engagement" holds when it has no majority (first, tied or behind).
  const nonEuropeAreas = new Set(zones.filter((z) => !z.europe).flatMap((z) => z.areas.map((a) => a.id)));
  const europeRivals = areas.filter((a) => nonEuropeAreas.has(a.id) && a.communes > 0 && a.communes >= europeCommunes);
  const europeStanding = share(europeCommunes, active) > 0.5 ? 'majority' : europeRivals.length === 0 ? 'first' : europeRivals.some((a) => a.communes > europeCommunes) ? 'behind' : 'tied';

  const summaries = communes.map((c) =>
    summarize(
      c,
      zones.map((z) => z.id),
      countryOf,
    ),
  );
  const ranked = [...summaries].sort((a, b) => b.agreements - a.agreements || a.postalCode.localeCompare(b.postalCode));
  // An edition with no agreement has no most active commune: a summary of none, which no sentence cites.
  const mostActive = ranked[0] ?? {
    name: '',
    displayName: '',
    postalCode: '',
    population: null,
    agreements: 0,
    zoneAgreements: Object.fromEntries(zones.map((z) => [z.id, 0])),
    zoneCountries: Object.fromEntries(zones.map((z) => [z.id, []])),
    countryPartners: {},
    countryAgreements: {},
  };
  const secondCount = ranked.find((c) => c.agreements < mostActive.agreements)?.agreements ?? 0;
  const countOf = (n: number) => communes.filter((c) => c.agreements.length === n).length;
  const zonesOf = (n: number) => communes.filter((c) => zoneCountOf(c) === n).length;

  return {
    threshold: edition.survey.threshold,
    agreements: { total: agreementsOf(communes), overThreshold: agreementsOf(activeOver), underThreshold: agreementsOf(activeUnder) },
    communes: {
      active,
      activeOverThreshold: activeOver.length,
      activeUnderThreshold: activeUnder.length,
      overThreshold: overThresholdTotal,
      overThresholdWithout,
      considered,
    },
    countries: { count: countryList.length, list: countryList, ranked: countriesRanked, rank: Object.fromEntries(countriesRanked.map((c, i) => [c.iso2, i + 1])), nextTwo: nextTwo(countriesRanked) },
    byAgreementCount,
    singleAgreementShare: share(countOf(1), active),
    oneOrTwoAgreementsShare: share(countOf(1) + countOf(2), active),
    mostActive,
    // Largest first, as the study lists them ("Millau, Mirande et Carbonne").
    runnersUp: { agreements: secondCount, communes: secondCount > 0 ? summaries.filter((c) => c.agreements === secondCount).sort((a, b) => (b.population ?? 0) - (a.population ?? 0)) : [] },
    zones: zoneStatistics,
    zone: Object.fromEntries(zoneStatistics.map((z) => [z.id, z])),
    areas,
    byZoneCount,
    oneOrTwoZonesShare: share(zonesOf(1) + zonesOf(2), active),
    europeCommunes,
    europeShare: share(europeCommunes, active),
    europeStanding,
    europeRivals: europeRivals.map((a) => a.name),
    outsideFirstZoneCommunes: active - europeCommunes,
    country: Object.fromEntries(countryCounts.map((c) => [c.iso2, c])),
    commune: Object.fromEntries(summaries.map((c, i) => [communes[i]!.insee, c])),
    ...(report.previous ? { evolution: computeEvolution(report.previous, register, report.edition.year - 1, zones, countries) } : {}),
  };
}

/**
 * Agreements added and ended since the previous year, matched by commune (INSEE code), country
 * and partner; agreements with no named partner are matched by country, one for one. An ended
 * and an added agreement of the same commune and country whose partners' names are similar
 * (`partnerSimilarity`) are then paired as one agreement renamed: they leave the added and ended
 * lists and go to `renamed`. The counts compare totals and are the same either way.
 */
export function computeEvolution(previous: Register, current: Register, previousYear: number, zones: Zone[], countries: Country[]): Evolution {
  const countryByName = new Map(countries.map((c) => [c.name, c]));
  const keyOf = (insee: string, partner: string | null, country: string) => `${insee}|${country}|${partner === null ? '' : partner.trim().toLowerCase()}`;
  const bag = (register: Register) => {
    const entries = new Map<string, AgreementChange[]>();
    for (const c of register.communes) {
      for (const a of c.agreements) {
        const key = keyOf(c.insee, a.partner, a.country);
        const country = countryByName.get(a.country)!;
        entries.set(key, [
          ...(entries.get(key) ?? []),
          { commune: c.name, displayName: c.displayName, insee: c.insee, partner: a.partner, country: a.country, from: fromCountry(country.name, country.article) },
        ]);
      }
    }
    return entries;
  };
  const before = bag(previous);
  const after = bag(current);
  const difference = (a: Map<string, AgreementChange[]>, b: Map<string, AgreementChange[]>) => [...a.entries()].flatMap(([key, list]) => list.slice(b.get(key)?.length ?? 0));
  const { added, ended, renamed } = pairRenames(difference(after, before), difference(before, after));
  const count = (register: Register, match: (country: Country) => boolean) => register.communes.reduce((sum, c) => sum + c.agreements.filter((a) => match(countryByName.get(a.country)!)).length, 0);
  const change = (id: string, name: string, match: (country: Country) => boolean): ChangeCount => {
    const p = count(previous, match);
    const n = count(current, match);
    return { id, name, previous: p, current: n, change: n - p };
  };
  const total = (register: Register) => register.communes.reduce((sum, c) => sum + c.agreements.length, 0);
  const byCountry: CountryChange[] = countries
    .map((c) => ({ ...change(c.iso2, c.name, (other) => other.name === c.name), the: withArticle(c.name, c.article) }))
    .filter((c) => c.change !== 0)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || collator.compare(a.name, b.name));
  return {
    previousYear,
    year: previousYear + 1,
    previousTotal: total(previous),
    added,
    ended,
    renamed,
    net: total(current) - total(previous),
    byZone: zones.map((z) => change(z.id, z.name, (c) => c.zone === z.id)),
    byCountry,
    gained: byCountry.filter((c) => c.change > 0),
    lost: byCountry.filter((c) => c.change < 0),
  };
}

/**
 * Each probable rename as a warning, so that whoever keeps the register sees the pairing the
 * evolution section relies on. Positioned at the partner in the edition's register.yaml, read
 * again through the World for its positions (at the file when the agreement cannot be found).
 * Unlike the rest of this module, it reads a file: the build calls it beside computeStatistics.
 */
export function warnProbableRenames(world: World, editionDir: string, evolution: Evolution | undefined, diagnostics: Diagnostics): void {
  if (!evolution || evolution.renamed.length === 0) return;
  const path = `${editionDir}/register.yaml`;
  const source = loadYaml(world, path, new Diagnostics(), undefined, undefined, 'register');
  const previousPath = `${posix.dirname(editionDir)}/${evolution.previousYear}/register.yaml`;
  for (const r of evolution.renamed) {
    diagnostics.warning(
      'evolution/probable-rename',
      { after: r.after, commune: r.displayName, country: r.country, before: r.before, previousYear: evolution.previousYear, previousPath },
      (source && partnerPosition(source, r)) ?? { file: path, line: 1, column: 1 },
    );
  }
}

/** Where the renamed agreement's partner is written in the register (by INSEE code, then partner, then country). */
function partnerPosition(source: YamlSource, renamed: RenamedAgreement): Position | undefined {
  const communes = (source.value as { communes?: unknown } | null)?.communes;
  if (!Array.isArray(communes)) return undefined;
  const i = communes.findIndex((c) => String((c as { insee?: unknown } | null)?.insee) === renamed.insee);
  const agreements = (communes[i] as { agreements?: unknown } | undefined)?.agreements;
  if (i < 0 || !Array.isArray(agreements)) return undefined;
  const named = agreements.flatMap((a, k) => ((a as { partner?: unknown } | null)?.partner === renamed.after ? [{ k, country: (a as { country?: unknown }).country }] : []));
  const found = named.find((a) => a.country === renamed.country) ?? named[0];
  return found ? positionOf(source, ['communes', i, 'agreements', found.k, 'partner']) : undefined;
}

/** Normalised similarity (0..1) at or above which two partner names are taken for one spelling of the same town. */
const RENAME_SIMILARITY = 0.6;

/**
 * Pairs each ended agreement with an added one of the same commune and country whose partner's
 * name is similar, most similar pairs first; unnamed partners are never paired. What is left
 * stays added or ended, in its order.
 */
function pairRenames(added: AgreementChange[], ended: AgreementChange[]): { added: AgreementChange[]; ended: AgreementChange[]; renamed: RenamedAgreement[] } {
  // Candidates by commune and country, so that a large register is not compared pair by pair.
  const addedByPlace = new Map<string, number[]>();
  for (const [j, a] of added.entries()) {
    if (a.partner === null) continue;
    const place = `${a.insee}|${a.country}`;
    addedByPlace.set(place, [...(addedByPlace.get(place) ?? []), j]);
  }
  const candidates: { i: number; j: number; score: number }[] = [];
  ended.forEach((e, i) => {
    if (e.partner === null) return;
    for (const j of addedByPlace.get(`${e.insee}|${e.country}`) ?? []) {
      const score = partnerSimilarity(e.partner, added[j]!.partner!);
      if (score !== undefined) candidates.push({ i, j, score });
    }
  });
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const pairs = new Map<number, number>();
  const takenAdded = new Set<number>();
  for (const { i, j } of candidates) {
    if (pairs.has(i) || takenAdded.has(j)) continue;
    pairs.set(i, j);
    takenAdded.add(j);
  }
  const renamed = [...pairs.entries()]
    .sort(([a], [b]) => a - b)
    .map(([i, j]): RenamedAgreement => {
      const e = ended[i]!;
      return { commune: e.commune, displayName: e.displayName, insee: e.insee, of: ofCommune(e.displayName), country: e.country, before: e.partner!, after: added[j]!.partner! };
    });
  return { added: added.filter((_, j) => !takenAdded.has(j)), ended: ended.filter((_, i) => !pairs.has(i)), renamed };
}

/** A partner's name reduced to its letters: no accents, no case, no spaces, hyphens or apostrophes. */
function normalizePartner(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]/gu, '');
}

/**
 * How alike two partner names are (1 - Damerau–Levenshtein distance / longer length, on the
 * normalised names), when they are similar enough to be one town spelt two ways; else undefined.
 * One name containing the other ("Vitoria", "Vitoria-Gasteiz") is similar when the shorter has
 * at least three letters. "Lerida"/"Lleida" (0.67) and "Gérone"/"Girona" (0.67) are similar;
 * "Saragosse"/"Zaragoza" (0.56) is not: a French name and its local one can be far apart, and
 * the pair then stays one ended and one added agreement.
 */
export function partnerSimilarity(a: string, b: string): number | undefined {
  const x = normalizePartner(a);
  const y = normalizePartner(b);
  if (x === '' || y === '') return undefined;
  const score = 1 - damerauLevenshtein(x, y) / Math.max(x.length, y.length);
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  const contains = shorter.length >= 3 && longer.includes(shorter);
  return contains || score >= RENAME_SIMILARITY ? score : undefined;
}

/** Edits (insertion, deletion, substitution, swap of two neighbours) from a to b: optimal string alignment. */
function damerauLevenshtein(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** "de Tarbes", "d’Auch", "du Fousseret", "des Cabannes", "de La Romieu", "de L’Union": a commune after "de". */
function ofCommune(name: string): string {
  const article = /^(Le|Les) (.+)$/.exec(name);
  if (article) return `${article[1] === 'Le' ? 'du' : 'des'} ${article[2]}`;
  return /^[AEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜ]/i.test(name) ? `d${APOSTROPHE}${name}` : `de ${name}`;
}

/** Ranks 2 and 3 when they stand apart: behind the first, ahead of the fourth (ties make "the two next" false). */
function nextTwo(ranked: CountryCount[]): CountryCount[] {
  const [first, second, third, fourth] = ranked;
  if (!first || !second || !third) return [];
  return first.agreements > second.agreements && third.agreements > (fourth?.agreements ?? 0) ? [second, third] : [];
}

function summarize(c: Commune, zoneIds: string[], countryOf: (name: string) => Country): CommuneSummary {
  const zoneAgreements = Object.fromEntries(zoneIds.map((id) => [id, c.agreements.filter((a) => countryOf(a.country).zone === id).length]));
  const zoneCountries = Object.fromEntries(
    zoneIds.map((id) => {
      const names = [...new Set(c.agreements.map((a) => countryOf(a.country)).filter((country) => country.zone === id))].sort((a, b) => collator.compare(a.name, b.name));
      return [id, names.map((country) => withArticle(country.name, country.article))];
    }),
  );
  const countryPartners: Record<string, string[]> = {};
  const countryAgreements: Record<string, number> = {};
  for (const a of c.agreements) {
    const iso = countryOf(a.country).iso2;
    countryPartners[iso] = [...(countryPartners[iso] ?? []), ...(a.partner ? [a.partner] : [])];
    countryAgreements[iso] = (countryAgreements[iso] ?? 0) + 1;
  }
  return {
    name: c.name,
    displayName: c.displayName,
    postalCode: c.postalCode,
    population: c.population,
    agreements: c.agreements.length,
    zoneAgreements,
    zoneCountries,
    countryPartners,
    countryAgreements,
  };
}

/** Agreements and engaged communes per country, for every country of the list (zeros included). */
function countCountries(communes: Commune[], countries: Country[]): CountryCount[] {
  return countries.map((country) => {
    const engaged = communes.filter((c) => c.agreements.some((a) => a.country === country.name));
    const agreements = engaged.reduce((sum, c) => sum + c.agreements.filter((a) => a.country === country.name).length, 0);
    return {
      name: country.name,
      iso2: country.iso2,
      agreements,
      communes: engaged.length,
      the: withArticle(country.name, country.article),
      of: ofCountry(country.name, country.article),
      from: fromCountry(country.name, country.article),
      francophone: country.francophone,
    };
  });
}

/**
 * Communes by a count (agreements or zones): a row for 0 (the communes over the threshold with
 * none), then one per value. With `upTo`, every value 1..upTo gets a row, zeros included (the
 * zones table prints 4 and 5 zones as 0); without it, only the values that occur (D-2).
 */
function distribution(values: number[], none: number, active: number, considered: number, upTo?: number): DistributionRow[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const keys = upTo ? Array.from({ length: upTo }, (_, i) => i + 1) : [...counts.keys()].sort((a, b) => a - b);
  const row = (value: number, communes: number, ofActive: boolean): DistributionRow => ({
    value,
    communes,
    shareOfConsidered: considered === 0 ? 0 : communes / considered,
    shareOfActive: ofActive ? (active === 0 ? 0 : communes / active) : null,
  });
  return [row(0, none, false), ...keys.map((k) => row(k, counts.get(k) ?? 0, true))];
}
