/**
 * Properties of the prose of any edition: random subsets of the 2002 register (region and
 * department editions) and made-up registers. Whatever the counts, no "0 commune", no "que 1",
 * numbers agree with their nouns, only countries and communes of the edition are named, and the
 * minor headings are lettered without gaps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Commune, ValidatedReport } from '../src/input/model.js';
import { composeEdition, proseProblems, region2002 } from './helpers/editions.js';

/** 0 → "Aa", 1 → "Ab": names without digits, so that no figure is made up by a name. */
const letters = (i: number) => String.fromCharCode(65 + Math.floor(i / 26)) + String.fromCharCode(97 + (i % 26));

/** The 2002 region with only the communes picked. */
function withCommunes(report: ValidatedReport, communes: Commune[]): ValidatedReport {
  return { ...report, register: { communes } };
}

describe('the prose of every real edition', () => {
  it('reads right for the region and each department of 2002', async () => {
    const region = region2002();
    const departments = [...new Set(region.register.communes.map((c) => c.department))];
    for (const department of [undefined, ...departments]) {
      expect(proseProblems(await composeEdition(region, department)), `edition ${department ?? 'region'}`).toEqual([]);
    }
  });
});

describe('the prose of random subsets of the 2002 register', () => {
  it('reads right whatever communes an edition holds', async () => {
    const region = region2002();
    const communes = region.register.communes;
    const departments = [...new Set(communes.map((c) => c.department))];
    await fc.assert(
      fc.asyncProperty(fc.subarray(communes, { minLength: 0 }), fc.option(fc.constantFrom(...departments), { nil: undefined }), async (picked, department) => {
        const report = withCommunes(region, picked);
        if (department && !picked.some((c) => c.department === department)) return;
        expect(proseProblems(await composeEdition(report, department))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the prose of made-up registers', () => {
  it('reads right for any counts', async () => {
    const region = region2002();
    const countries = region.countries.map((c) => c.name);
    const departments = region.edition.departments.map((d) => d.code);
    const commune = fc.record({
      department: fc.constantFrom(...departments),
      population: fc.option(fc.integer({ min: 50, max: 400_000 }), { nil: null }),
      agreements: fc.array(fc.record({ partner: fc.option(fc.constantFrom('Aranda', 'Lleida', 'Pinto', 'Ulm', 'Tulle'), { nil: null }), country: fc.constantFrom(...countries) }), {
        minLength: 0,
        maxLength: 6,
      }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(commune, { minLength: 0, maxLength: 25 }), fc.boolean(), async (made, byDepartment) => {
        const communes: Commune[] = made.map((c, i) => ({
          name: `VILLENEUVE-${letters(i).toUpperCase()}`,
          displayName: `Villeneuve-${letters(i)}`,
          insee: `${c.department}${String(900 + i).padStart(3, '0')}`,
          postalCode: `${c.department}${String(100 + i).padStart(3, '0')}`,
          department: c.department,
          population: c.population,
          telephoneSurvey: (c.population ?? 0) > 2500,
          agreements: c.agreements,
        }));
        const department = byDepartment ? communes[0]?.department : undefined;
        expect(proseProblems(await composeEdition(withCommunes(region, communes), department))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
