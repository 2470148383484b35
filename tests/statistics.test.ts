/** Statistics against hand-computed values on a small register. */
import { describe, expect, it } from 'vitest';
import type { Commune, ValidatedReport } from '../src/input/model.js';
import { computeStatistics } from '../src/statistics/compute-statistics.js';

const commune = (name: string, postalCode: string, telephoneSurvey: boolean, population: number | null, countries: string[]): Commune => ({
  name,
  displayName: name[0] + name.slice(1).toLowerCase(),
  insee: `${postalCode.slice(0, 2)}${name.length}${postalCode.slice(3)}`,
  postalCode,
  department: postalCode.slice(0, 2),
  population,
  telephoneSurvey,
  agreements: countries.map((country, i) => ({ partner: `${name}-${i}`, country })),
});

// 5 active communes (3 surveyed, 2 small), 10 surveyed communes in all: 7 surveyed with none.
const report: ValidatedReport = {
  edition: {
    region: 'test',
    regionName: 'Test',
    regionPhrase: 'de Test',
    year: 2002,
    title: 't',
    subject: 's',
    keywords: [],
    publisher: 'p',
    website: 'w',
    survey: { threshold: 2500, communesOverThreshold: 10 },
    departments: [{ code: '09', name: 'Ariège', phrase: "de l'Ariège", communesOverThreshold: 10 }],
  },
  zones: [
    { id: 'eu', name: 'Europe CE', europe: true, chartTitle: 'EU', areas: [{ id: 'eu', name: 'Europe CE' }] },
    { id: 'af', name: 'Afrique', europe: false, chartTitle: 'AF', areas: [{ id: 'af', name: 'Afrique' }] },
    {
      id: 'am',
      name: 'Amériques',
      europe: false,
      chartTitle: 'AM',
      areas: [
        { id: 'sud', name: 'Sud' },
        { id: 'nord', name: 'Nord' },
      ],
    },
  ],
  annexGroups: [{ id: 'g', annex: 'II', title: 'G' }],
  countries: [
    { name: 'Espagne', iso2: 'ES', aliases: [], zone: 'eu', area: 'eu', annexGroup: 'g', article: "l'" as const, francophone: false },
    { name: 'Allemagne', iso2: 'DE', aliases: [], zone: 'eu', area: 'eu', annexGroup: 'g', article: 'la' as const, francophone: false },
    { name: 'Tchad', iso2: 'TD', aliases: [], zone: 'af', area: 'af', annexGroup: 'g', article: 'la' as const, francophone: false },
    { name: 'Argentine', iso2: 'AR', aliases: [], zone: 'am', area: 'sud', annexGroup: 'g', article: 'la' as const, francophone: false },
    { name: 'Canada', iso2: 'CA', aliases: [], zone: 'am', area: 'nord', annexGroup: 'g', article: 'la' as const, francophone: false },
  ],
  register: {
    communes: [
      commune('FOIX', '09000', true, 9109, ['Espagne', 'Espagne', 'Allemagne', 'Tchad']),
      commune('PAMIERS', '09100', true, 15013, ['Espagne']),
      commune('MIREPOIX', '09500', true, 3057, ['Tchad', 'Argentine']),
      commune('LUZENAC', '09250', false, 646, ['Allemagne']),
      commune('LEZAT', '09210', false, 2157, ['Canada']),
    ],
  },
  published: [],
};

describe('computeStatistics', () => {
  const s = computeStatistics(report);

  it('counts D-1: agreements and communes over and under the threshold', () => {
    expect(s.agreements).toEqual({ total: 9, overThreshold: 7, underThreshold: 2 });
    expect(s.communes).toEqual({ active: 5, activeOverThreshold: 3, activeUnderThreshold: 2, overThreshold: 10, overThresholdWithout: 7, considered: 12 });
    expect(s.countries.count).toBe(5);
  });

  it('builds the D-2 table with both percentage rows', () => {
    expect(s.byAgreementCount.map((r) => [r.value, r.communes])).toEqual([
      [0, 7],
      [1, 3],
      [2, 1],
      [4, 1],
    ]);
    expect(s.byAgreementCount[0]!.shareOfConsidered).toBeCloseTo(7 / 12);
    expect(s.byAgreementCount[0]!.shareOfActive).toBeNull();
    expect(s.byAgreementCount[1]!.shareOfActive).toBeCloseTo(3 / 5);
    expect(s.singleAgreementShare).toBeCloseTo(0.6);
    expect(s.oneOrTwoAgreementsShare).toBeCloseTo(0.8);
  });

  it('counts zones, areas and zones per commune', () => {
    expect(s.zones.map((z) => [z.id, z.agreements, z.communes, z.countryCount])).toEqual([
      ['eu', 5, 3, 2],
      ['af', 2, 2, 1],
      ['am', 2, 2, 2],
    ]);
    expect(s.zone.eu!.countries.map((c) => [c.name, c.agreements, c.communes])).toEqual([
      ['Allemagne', 2, 2],
      ['Espagne', 3, 2],
    ]);
    expect(s.areas.map((a) => [a.id, a.communes])).toEqual([
      ['eu', 3],
      ['af', 2],
      ['sud', 1],
      ['nord', 1],
    ]);
    // FOIX: eu+af (2), PAMIERS eu (1), MIREPOIX af+am (2), LUZENAC eu (1), LEZAT am (1).
    expect(s.byZoneCount.map((r) => [r.value, r.communes])).toEqual([
      [0, 7],
      [1, 3],
      [2, 2],
      [3, 0],
    ]);
    expect(s.oneOrTwoZonesShare).toBeCloseTo(1);
    expect(s.europeCommunes).toBe(3);
    expect(s.europeShare).toBeCloseTo(0.6);
    expect(s.outsideFirstZoneCommunes).toBe(2);
  });

  it('finds the most active commune and the runners-up', () => {
    expect(s.mostActive.name).toBe('FOIX');
    expect(s.mostActive.agreements).toBe(4);
    expect(s.runnersUp.agreements).toBe(2);
    expect(s.runnersUp.communes.map((c) => c.name)).toEqual(['MIREPOIX']);
    expect(s.country.ES).toEqual({ name: 'Espagne', iso2: 'ES', agreements: 3, communes: 2, the: 'l’Espagne', of: 'de l’Espagne', from: 'd’Espagne', francophone: false });
  });

  it('restricts to a department edition against its own communes over the threshold', () => {
    const department = { ...report.edition.departments[0]!, communesOverThreshold: 4 };
    const d = computeStatistics({ ...report, edition: { ...report.edition, department } });
    expect(d.communes.overThreshold).toBe(4);
    expect(d.communes.overThresholdWithout).toBe(1);
  });
});

describe('Europe among the areas', () => {
  it('is the majority of the region, first without a majority in the Lot (3 communes of 6, North America 2)', async () => {
    const { composeEdition, region2002 } = await import('./helpers/editions.js');
    const region = await composeEdition(region2002());
    expect(region.statistics.europeStanding).toBe('majority');
    const lot = await composeEdition(region2002(), '46');
    expect(lot.statistics.europeCommunes).toBe(3);
    expect(lot.statistics.europeRivals).toEqual([]);
    expect(lot.statistics.europeStanding).toBe('first');
    expect(lot.prose.replace(/[\u00A0\u202F]/g, ' ')).toContain(
      'L’Europe reste la principale aire géographique d’engagement, sans être majoritaire : trois communes sur six ont une coopération européenne.',
    );
  });
});
