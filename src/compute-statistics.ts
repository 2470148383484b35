/**
 * Statistics stage: every figure of the study, computed from the register alone. Pure: the same
 * report gives the same numbers; nothing is formatted here.
 */
import { fromCountry, ofCountry, withArticle } from './french-grammar.js';
import type { Commune, Country, ValidatedReport } from './model.js';
import type { AgreementChange, AreaStatistics, ChangeCount, CommuneSummary, CountryCount, DistributionRow, Evolution, Statistics, ZoneStatistics } from './statistics-model.js';
import type { Register, Zone } from './model.js';

const collator = new Intl.Collator('fr', { sensitivity: 'base' });

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

  const summaries = communes.map((c) => summarize(c, zones.map((z) => z.id), countryOf));
  const ranked = [...summaries].sort((a, b) => b.agreements - a.agreements || a.postalCode.localeCompare(b.postalCode));
  // An edition with no agreement has no most active commune: a summary of none, which no sentence cites.
  const mostActive = ranked[0] ?? { name: '', displayName: '', postalCode: '', population: null, agreements: 0, zoneAgreements: Object.fromEntries(zones.map((z) => [z.id, 0])), zoneCountries: Object.fromEntries(zones.map((z) => [z.id, []])), countryPartners: {}, countryAgreements: {} };
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
    outsideFirstZoneCommunes: active - europeCommunes,
    country: Object.fromEntries(countryCounts.map((c) => [c.iso2, c])),
    commune: Object.fromEntries(summaries.map((c, i) => [communes[i]!.insee, c])),
    ...(report.previous ? { evolution: computeEvolution(report.previous, register, report.edition.year - 1, zones, countries) } : {}),
  };
}

/**
 * Agreements added and ended since the previous year, matched by commune (INSEE code) and
 * partner; agreements with no named partner are matched by country, one for one.
 */
export function computeEvolution(previous: Register, current: Register, previousYear: number, zones: Zone[], countries: Country[]): Evolution {
  const keyOf = (insee: string, partner: string | null, country: string) => `${insee}|${country}|${partner === null ? '' : partner.trim().toLowerCase()}`;
  const bag = (register: Register) => {
    const entries = new Map<string, AgreementChange[]>();
    for (const c of register.communes) {
      for (const a of c.agreements) {
        const key = keyOf(c.insee, a.partner, a.country);
        entries.set(key, [...(entries.get(key) ?? []), { commune: c.name, displayName: c.displayName, partner: a.partner, country: a.country }]);
      }
    }
    return entries;
  };
  const before = bag(previous);
  const after = bag(current);
  const difference = (a: Map<string, AgreementChange[]>, b: Map<string, AgreementChange[]>) =>
    [...a.entries()].flatMap(([key, list]) => list.slice(b.get(key)?.length ?? 0));
  const added = difference(after, before);
  const ended = difference(before, after);
  const countryByName = new Map(countries.map((c) => [c.name, c]));
  const count = (register: Register, match: (country: Country) => boolean) =>
    register.communes.reduce((sum, c) => sum + c.agreements.filter((a) => match(countryByName.get(a.country)!)).length, 0);
  const change = (id: string, name: string, match: (country: Country) => boolean): ChangeCount => {
    const p = count(previous, match);
    const n = count(current, match);
    return { id, name, previous: p, current: n, change: n - p };
  };
  const total = (register: Register) => register.communes.reduce((sum, c) => sum + c.agreements.length, 0);
  return {
    previousYear,
    previousTotal: total(previous),
    added,
    ended,
    net: total(current) - total(previous),
    byZone: zones.map((z) => change(z.id, z.name, (c) => c.zone === z.id)),
    byCountry: countries
      .map((c) => change(c.iso2, c.name, (other) => other.name === c.name))
      .filter((c) => c.change !== 0)
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || collator.compare(a.name, b.name)),
  };
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
  return { name: c.name, displayName: c.displayName, postalCode: c.postalCode, population: c.population, agreements: c.agreements.length, zoneAgreements, zoneCountries, countryPartners, countryAgreements };
}

/** Agreements and engaged communes per country, for every country of the list (zeros included). */
function countCountries(communes: Commune[], countries: Country[]): CountryCount[] {
  return countries.map((country) => {
    const engaged = communes.filter((c) => c.agreements.some((a) => a.country === country.name));
    const agreements = engaged.reduce((sum, c) => sum + c.agreements.filter((a) => a.country === country.name).length, 0);
    return { name: country.name, iso2: country.iso2, agreements, communes: engaged.length, the: withArticle(country.name, country.article), of: ofCountry(country.name, country.article), from: fromCountry(country.name, country.article), francophone: country.francophone };
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
