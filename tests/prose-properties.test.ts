/**
 * Properties of the prose of any edition: random subsets of the 2002 register (region and
 * department editions) and made-up registers. Whatever the counts, no "0 commune", no "que 1",
 * numbers agree with their nouns, only countries and communes of the edition are named, and the
 * minor headings are lettered without gaps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Commune, ValidatedReport } from '../src/model.js';
import { composeEdition, region2002, type ComposedEdition } from './helpers/editions.js';

/** Names that may appear whatever the data: context, not partners. */
const CONTEXT_NAMES = new Set(['France']);
const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const COUNTED = '(accord|commune|ville|partenariat|collectivité|coopération|pays|habitant)';

/** Every problem of one edition's prose, as readable lines (empty when it reads right). */
function proseProblems(edition: ComposedEdition): string[] {
  const { prose, composed, report, active } = edition;
  const problems: string[] = [];
  const find = (pattern: RegExp, what: string) => {
    for (const match of prose.matchAll(pattern)) problems.push(`${what}: «${prose.slice(Math.max(0, match.index - 40), match.index + match[0].length + 20).replace(/\n/g, ' ')}»`);
  };
  find(/(^|[^\d,\u202F\u00A0])0 \p{L}/gu, 'a count written 0');
  find(/\b[Qq]ue 1\b|\b[Ss]eules? 1\b|\bqu[’']1\b/g, '"que 1" or "seule 1"');
  find(new RegExp(`(^|[^\\d,\\u202F])1 ${COUNTED}s\\b`, 'gu'), 'a plural noun after 1');
  find(new RegExp(`(^|[^\\d,\\u202F])([2-9]|[1-9]\\d+) ${COUNTED.replace('|pays', '')}(?![s\\p{L}])`, 'gu'), 'a singular noun after a number over 1');
  find(/\b(aucune?) \p{L}+s\b(?! du| de)/gu, 'a plural after aucun');

  // Countries: named only when the edition has an agreement with them.
  const present = new Set(active.flatMap((c) => c.agreements.map((a) => a.country)));
  const folded = fold(prose);
  for (const country of report.countries) {
    if (present.has(country.name) || CONTEXT_NAMES.has(country.name)) continue;
    const names = [country.name, ...(country.name === 'Etats-Unis' ? ['USA'] : [])];
    for (const name of names) if (new RegExp(`(^|[^\\p{L}])${fold(name)}([^\\p{L}]|$)`, 'u').test(folded)) problems.push(`names ${name}, which has no agreement in the edition`);
  }
  // Communes of the whole register: named only when active in the edition.
  const activeNames = new Set(active.map((c) => c.displayName));
  for (const commune of region2002().register.communes) {
    if (activeNames.has(commune.displayName) || commune.displayName.length < 4) continue;
    if (new RegExp(`(^|[^\\p{L}-])${commune.displayName}([^\\p{L}-]|$)`, 'u').test(prose)) problems.push(`names ${commune.displayName}, which has no agreement in the edition`);
  }
  // Minor headings: a), b), c)… from each heading or subheading on.
  let expected = 0;
  for (const part of composed.parts) {
    if (part.kind !== 'section') continue;
    for (const block of part.blocks) {
      if (block.kind !== 'heading') continue;
      if (block.level < 3) expected = 0;
      else {
        const letter = String.fromCharCode(97 + expected++);
        if (!block.text.startsWith(`${letter}) `)) problems.push(`minor heading "${block.text}" should start with ${letter})`);
      }
    }
  }
  return problems;
}

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
      agreements: fc.array(fc.record({ partner: fc.option(fc.constantFrom('Aranda', 'Lleida', 'Pinto', 'Ulm', 'Tulle'), { nil: null }), country: fc.constantFrom(...countries) }), { minLength: 0, maxLength: 6 }),
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
