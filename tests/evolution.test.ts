/** Year over year: with the previous year's register beside it, the report adds an evolution section. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport, chartSpecs } from '../src/build-report.js';
import { changeScaleLimits, renderCharts, signedLabel, signedLabelPlacement } from '../src/charts/render-charts.js';
import type { Commune, Register, ValidatedReport } from '../src/input/model.js';
import { loadTheme } from '../src/input/theme.js';
import { createFileWorld } from '../src/input/world.js';
import { blockText, proseText } from '../src/prose/prose-text.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { computeEvolution, partnerSimilarity } from '../src/statistics/compute-statistics.js';
import { composeEdition, EDITION_DIR, region2002, world } from './helpers/editions.js';
import { copyProject, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const project = copyProject();
const renamedProject = copyProject();
afterAll(() => {
  removeDir(project);
  removeDir(renamedProject);
});

const zones = [
  { id: 'eu', name: 'EU', europe: true, chartTitle: '', areas: [] },
  { id: 'af', name: 'Afrique', europe: false, chartTitle: '', areas: [] },
];
const countries = [
  { name: 'Espagne', iso2: 'ES', aliases: [], zone: 'eu', area: 'eu', annexGroup: 'g', article: "l'" as const, francophone: false },
  { name: 'Italie', iso2: 'IT', aliases: [], zone: 'eu', area: 'eu', annexGroup: 'g', article: "l'" as const, francophone: false },
  { name: 'Tchad', iso2: 'TD', aliases: [], zone: 'af', area: 'af', annexGroup: 'g', article: 'le' as const, francophone: true },
];
const commune = (insee: string, agreements: [string | null, string][], displayName = insee) => ({
  name: insee,
  displayName,
  insee,
  postalCode: '09000',
  department: '09',
  population: 1,
  telephoneSurvey: false,
  agreements: agreements.map(([partner, country]) => ({ partner, country })),
});

describe('evolution: matching', () => {
  it('matches agreements by commune and partner', () => {
    const before: Register = {
      communes: [
        commune('1', [
          ['A', 'Espagne'],
          [null, 'Italie'],
        ]),
        commune('2', [['B', 'Tchad']]),
      ],
    };
    const after: Register = {
      communes: [
        commune('1', [
          ['a', 'Espagne'],
          [null, 'Italie'],
          [null, 'Italie'],
        ]),
        commune('3', [['C', 'Tchad']]),
      ],
    };
    const e = computeEvolution(before, after, 2001, zones, countries);
    expect(e.added.map((a) => [a.commune, a.partner, a.country, a.from])).toEqual([
      ['1', null, 'Italie', 'd’Italie'],
      ['3', 'C', 'Tchad', 'du Tchad'],
    ]);
    expect(e.ended.map((a) => [a.commune, a.partner])).toEqual([['2', 'B']]);
    expect(e.renamed).toEqual([]);
    expect(e.net).toBe(1);
    expect([e.previousYear, e.year]).toEqual([2001, 2002]);
    expect(e.byZone.map((z) => [z.id, z.previous, z.current, z.change])).toEqual([
      ['eu', 2, 3, 1],
      ['af', 1, 1, 0],
    ]);
    expect(e.byCountry.map((c) => [c.id, c.change, c.the])).toEqual([['IT', 1, 'l’Italie']]);
    expect(e.gained.map((c) => c.id)).toEqual(['IT']);
    expect(e.lost).toEqual([]);
  });

  it('pairs an ended and an added agreement of the same commune and country whose partners are spelt alike', () => {
    const before: Register = {
      communes: [
        commune(
          '1',
          [
            ['Lerida', 'Espagne'],
            ['Gérone', 'Espagne'],
            ['Vitoria', 'Espagne'],
            ['Lodi', 'Italie'],
          ],
          'Auch',
        ),
        commune('2', [['B', 'Tchad']], 'Le Fousseret'),
      ],
    };
    const after: Register = {
      communes: [
        commune(
          '1',
          [
            ['Girona', 'Espagne'],
            ['LLEIDA', 'Espagne'],
            ['Vitoria-Gasteiz', 'Espagne'],
            ['Lodi', 'Italie'],
          ],
          'Auch',
        ),
        commune('2', [['B.', 'Tchad']], 'Le Fousseret'),
      ],
    };
    const e = computeEvolution(before, after, 2001, zones, countries);
    expect(e.renamed).toEqual([
      { commune: '1', displayName: 'Auch', insee: '1', of: 'd’Auch', country: 'Espagne', before: 'Lerida', after: 'LLEIDA' },
      { commune: '1', displayName: 'Auch', insee: '1', of: 'd’Auch', country: 'Espagne', before: 'Gérone', after: 'Girona' },
      { commune: '1', displayName: 'Auch', insee: '1', of: 'd’Auch', country: 'Espagne', before: 'Vitoria', after: 'Vitoria-Gasteiz' },
      // "B" and "B." are the same letters: a rename, though "B" is too short to be found inside another name.
      { commune: '2', displayName: 'Le Fousseret', insee: '2', of: 'du Fousseret', country: 'Tchad', before: 'B', after: 'B.' },
    ]);
    expect(e.added).toEqual([]);
    expect(e.ended).toEqual([]);
    expect(e.net).toBe(0);
    expect(e.byCountry).toEqual([]);
  });

  it('pairs the most alike names first', () => {
    // Lleyda is nearer Lleida (5/6) than Lerida is (4/6): it takes the one added agreement, Lerida ends.
    const before: Register = {
      communes: [
        commune('1', [
          ['Lerida', 'Espagne'],
          ['Lleyda', 'Espagne'],
        ]),
      ],
    };
    const after: Register = { communes: [commune('1', [['Lleida', 'Espagne']])] };
    const e = computeEvolution(before, after, 2001, zones, countries);
    expect(e.renamed.map((r) => [r.before, r.after])).toEqual([['Lleyda', 'Lleida']]);
    expect(e.ended.map((a) => a.partner)).toEqual(['Lerida']);
    expect(e.added).toEqual([]);
    expect(e.net).toBe(-1);
  });

  it('does not pair names too far apart, another commune, another country or unnamed partners', () => {
    const before: Register = {
      communes: [
        commune('1', [
          ['Saragosse', 'Espagne'],
          ['Lerida', 'Espagne'],
          [null, 'Italie'],
          ['Lodi', 'Italie'],
        ]),
        commune('2', [['Gérone', 'Espagne']]),
      ],
    };
    const after: Register = {
      communes: [
        commune('1', [
          ['Zaragoza', 'Espagne'],
          ['Lleida', 'Italie'],
          ['Rome', 'Italie'],
          ['Pavie', 'Italie'],
        ]),
        commune('3', [['Girona', 'Espagne']]),
      ],
    };
    const e = computeEvolution(before, after, 2001, zones, countries);
    expect(e.renamed).toEqual([]);
    expect(e.ended.map((a) => a.partner)).toEqual(['Saragosse', 'Lerida', null, 'Lodi', 'Gérone']);
    expect(e.added.map((a) => a.partner)).toEqual(['Zaragoza', 'Lleida', 'Rome', 'Pavie', 'Girona']);
  });

  it('measures partner names without accents, case or punctuation', () => {
    expect(partnerSimilarity('Lerida', 'Lleida')).toBeCloseTo(4 / 6);
    expect(partnerSimilarity('Gérone', 'Girona')).toBeCloseTo(4 / 6);
    expect(partnerSimilarity('Séville', 'Sevilla')).toBeCloseTo(6 / 7);
    expect(partnerSimilarity('Saint-Jean', 'saint jean')).toBe(1);
    expect(partnerSimilarity('Tel Aviv', 'Tel-Aviv-Jaffa')).toBeDefined();
    // A French name and the local one can be too far apart: Saragosse/Zaragoza (5/9) stays two agreements.
    expect(partnerSimilarity('Saragosse', 'Zaragoza')).toBeUndefined();
    expect(partnerSimilarity('Lodi', 'Pavie')).toBeUndefined();
    expect(partnerSimilarity('Ax', 'Saxe')).toBeUndefined();
    expect(partnerSimilarity('—', 'Lodi')).toBeUndefined();
  });
});

/** The 2002 register with its agreements changed: the register of another year. */
function changed(register: Register, edit: (communes: Commune[]) => void): Register {
  const communes = structuredClone(register.communes);
  edit(communes);
  return { communes: communes.filter((c) => c.agreements.length > 0) };
}
const byInsee = (communes: Commune[], insee: string) => communes.find((c) => c.insee === insee)!;
const drop = (communes: Commune[], insee: string, partner: string | null, country?: string) => {
  const c = byInsee(communes, insee);
  const k = c.agreements.findIndex((a) => a.partner === partner && (country === undefined || a.country === country));
  if (k < 0) throw new Error(`no ${partner} in ${insee}`);
  c.agreements.splice(k, 1);
};
const add = (communes: Commune[], insee: string, partner: string | null, country: string) => byInsee(communes, insee).agreements.push({ partner, country });
const rename = (communes: Commune[], insee: string, from: string, to: string) => {
  byInsee(communes, insee).agreements.find((a) => a.partner === from)!.partner = to;
};
const TOULOUSE = '31555';
const ALBI = '81004';
const FOIX = '09122';
const CARBONNE = '31107';
const AUCH = '32013';

/** No-break spaces (before « : », « ; », in figures) as plain spaces, to compare with plain strings. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** The paragraphs of section D-4 of an edition of `report`, whose `previous` is the register of the year before. */
async function evolutionSection(report: ValidatedReport, department?: string): Promise<string[]> {
  const { composed } = await composeEdition(report, department);
  const section = composed.parts.find((p) => p.kind === 'section' && p.id === 'evolution');
  if (section?.kind !== 'section') throw new Error('no evolution section');
  return section.blocks.flatMap((b) => blockText(b) ?? []).map(plain);
}

/** What a careful French text never says, whatever the counts. */
function expectNoSlip(paragraphs: string[]): void {
  const text = paragraphs.join('\n');
  expect(text).not.toMatch(/\b0 (accord|commune)|\bzéro\b|\b1 accords|\b(un|1) accords|\b([2-9]|deux|trois|quatre|\d{2,}) accord\b/);
  expect(text).not.toMatch(/arrivés à son terme|arrivé à leur terme|accords nouveau\b|accord nouveaux/);
  expect(text).not.toMatch(/\bde [AEIOUÉ]|\bde Le |(^|[\s(])-\d/);
  expect(text).not.toMatch(/\{\{|undefined|NaN/);
  for (const p of paragraphs) expect(p.trim()).not.toBe('');
}

describe('evolution: the prose of section D-4 for any counts', () => {
  const region = region2002();
  const current = region.register;
  const withPrevious = (previous: Register, register = current): ValidatedReport => ({ ...region, register, previous });

  it('more added than ended (the 2001 fixture: two added, one ended)', async () => {
    const previous = changed(current, (c) => {
      drop(c, TOULOUSE, 'Chongqing');
      c.splice(
        c.findIndex((x) => x.insee === '46165'),
        1,
      );
      add(c, ALBI, 'Lodi', 'Italie');
    });
    const text = await evolutionSection(withPrevious(previous));
    expect(text[0]).toBe('D-4. L’évolution depuis 2001');
    expect(text[1]).toBe(
      'Le recensement de 2001 comptait 152 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte 153, soit un accord de plus : deux accords nouveaux et un accord arrivé à son terme ou abandonné.',
    );
    expect(text[2]).toBe('Accords nouveaux : Toulouse avec Chongqing (Chine) ; Lavergne avec La Vergne (États-Unis).');
    expect(text[3]).toBe('Accord terminé : Albi avec Lodi (Italie).');
    expect(text[4]).toBe('Par pays, le nombre d’accords augmente pour la Chine (+1) et les États-Unis (+1), et diminue pour l’Italie (−1).');
    expect(text).toHaveLength(5);
    expectNoSlip(text);
  });

  it('more ended than added', async () => {
    const previous = changed(current, (c) => {
      drop(c, CARBONNE, null, 'Espagne');
      add(c, ALBI, 'Lodi', 'Italie');
      add(c, ALBI, 'Pavie', 'Italie');
    });
    const text = await evolutionSection(withPrevious(previous));
    expect(text[1]).toBe(
      'Le recensement de 2001 comptait 154 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte 153, soit un accord de moins : un accord nouveau et deux accords arrivés à leur terme ou abandonnés.',
    );
    expect(text[2]).toBe('Accord nouveau : Carbonne avec une commune d’Espagne.');
    expect(text[3]).toBe('Accords terminés : Albi avec Lodi (Italie) ; Albi avec Pavie (Italie).');
    expect(text[4]).toBe('Par pays, le nombre d’accords augmente pour l’Espagne (+1) et diminue pour l’Italie (−2).');
    expectNoSlip(text);
  });

  it('as many added as ended', async () => {
    const previous = changed(current, (c) => {
      drop(c, TOULOUSE, 'Chongqing');
      drop(c, AUCH, 'Memmingen');
      add(c, ALBI, 'Lodi', 'Italie');
      add(c, ALBI, 'Pavie', 'Italie');
    });
    const text = await evolutionSection(withPrevious(previous));
    expect(text[1]).toBe(
      'Le recensement de 2001 comptait 153 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte autant, deux accords nouveaux compensant deux accords arrivés à leur terme ou abandonnés.',
    );
    expect(text[4]).toBe('Par pays, le nombre d’accords augmente pour l’Allemagne (+1) et la Chine (+1), et diminue pour l’Italie (−2).');
    expectNoSlip(text);
  });

  it('one added, none ended; one added, one ended, in the same country', async () => {
    const one = await evolutionSection(withPrevious(changed(current, (c) => drop(c, TOULOUSE, 'Chongqing'))));
    expect(one[1]).toBe('Le recensement de 2001 comptait 152 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte 153, soit un accord nouveau ; aucun accord n’a pris fin.');
    expect(one[2]).toBe('Accord nouveau : Toulouse avec Chongqing (Chine).');
    expect(one[3]).toBe('Par pays, le nombre d’accords augmente pour la Chine (+1).');
    expect(one).toHaveLength(4);
    expectNoSlip(one);
    const swapped = await evolutionSection(
      withPrevious(
        changed(current, (c) => {
          drop(c, TOULOUSE, 'Chongqing');
          add(c, ALBI, 'Pékin', 'Chine');
        }),
      ),
    );
    expect(swapped[1]).toBe(
      'Le recensement de 2001 comptait 153 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte autant, un accord nouveau compensant un accord arrivé à son terme ou abandonné.',
    );
    expect(swapped.at(-1)).toBe('Le nombre d’accords de chaque pays est inchangé.');
    expectNoSlip(swapped);
  });

  it('ended only: one, then three', async () => {
    const one = await evolutionSection(withPrevious(changed(current, (c) => add(c, ALBI, 'Lodi', 'Italie'))));
    expect(one[1]).toBe(
      'Le recensement de 2001 comptait 154 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte 153 : un accord est arrivé à son terme ou a été abandonné, et aucun accord nouveau n’est apparu.',
    );
    expect(one[2]).toBe('Accord terminé : Albi avec Lodi (Italie).');
    expectNoSlip(one);
    const three = await evolutionSection(
      withPrevious(
        changed(current, (c) => {
          add(c, ALBI, 'Lodi', 'Italie');
          add(c, ALBI, 'Pavie', 'Italie');
          add(c, FOIX, null, 'Andorre');
        }),
      ),
    );
    expect(three[1]).toBe(
      'Le recensement de 2001 comptait 156 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte 153 : trois accords sont arrivés à leur terme ou ont été abandonnés, et aucun accord nouveau n’est apparu.',
    );
    expect(three[3]).toBe('Par pays, le nombre d’accords diminue pour l’Italie (−2) et l’Andorre (−1).');
    expectNoSlip(three);
  });

  it('nothing changed but spellings', async () => {
    const same = await evolutionSection(withPrevious(current));
    expect(same.slice(1)).toEqual(['Le recensement de 2001 comptait 153 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte autant : ce sont les mêmes.']);
    const one = await evolutionSection(withPrevious(changed(current, (c) => rename(c, ALBI, 'Girona', 'Gérone'))));
    expect(one.slice(1)).toEqual([
      'Le recensement de 2001 comptait 153 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte autant : ce sont les mêmes.',
      'Le partenaire d’Albi s’écrit désormais Girona (Gérone en 2001). C’est le même accord : il n’est compté ni parmi les nouveaux ni parmi les terminés.',
    ]);
    const two = await evolutionSection(
      withPrevious(
        changed(current, (c) => {
          rename(c, ALBI, 'Girona', 'Gérone');
          add(c, ALBI, 'Lodi', 'Italie');
        }),
        changed(current, (c) => rename(c, FOIX, 'Lerida', 'Lleida')),
      ),
    );
    expect(two).toContain(
      'Le partenaire de Foix s’écrit désormais Lleida (Lerida en 2001). Le partenaire d’Albi s’écrit désormais Girona (Gérone en 2001). Ce sont les mêmes accords : ils ne sont comptés ni parmi les nouveaux ni parmi les terminés.',
    );
    expect(two[1]).toContain('celui de 2002 en compte 153 : un accord est arrivé à son terme ou a été abandonné');
    for (const text of [same, one, two]) expectNoSlip(text);
  });

  it('a department with no agreement the year before, and one with none left', async () => {
    const lot = await evolutionSection(withPrevious(changed(current, (c) => c.splice(0, c.length, ...c.filter((x) => x.department !== '46')))), '46');
    expect(lot[1]).toMatch(/^Le recensement de 2001 ne comptait aucun accord de coopération décentralisée dans le Lot ; celui de 2002 en compte (\p{L}+|\d+)\.$/u);
    expectNoSlip(lot);
    const withoutLot = changed(current, (c) => c.splice(0, c.length, ...c.filter((x) => x.department !== '46')));
    const gone = await evolutionSection(withPrevious(current, withoutLot), '46');
    expect(gone[1]).toMatch(/^Le recensement de 2001 comptait (\p{L}+|\d+) accords? de coopération décentralisée dans le Lot ; celui de 2002 n’en compte plus aucun\.$/u);
    expectNoSlip(gone);
  });
});

/** Grammalecte's agreement, conjugation and participle errors (rules as in tests/grammar.test.ts). */
function grammarErrors(text: string): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'coopdec-evolution-'));
  try {
    const file = join(folder, 'evolution.txt');
    writeFileSync(file, text);
    const output = execFileSync('grammalecte-cli', ['-f', file, '-j'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const result = JSON.parse(output) as { data: { iParagraph: number; lGrammarErrors: { sRuleId: string; sMessage: string; nStart: number; nEnd: number }[] }[] };
    const lines = text.split('\n');
    return result.data.flatMap((p) =>
      p.lGrammarErrors
        .filter((e) => /^(g3|gv\d?|conj|ppas)|^g\d__(conj|ppas|gv)/.test(e.sRuleId))
        .map((e) => `${e.sRuleId}: «${(lines[p.iParagraph - 1] ?? '').slice(Math.max(0, e.nStart - 40), e.nEnd + 20)}» (${e.sMessage})`),
    );
  } finally {
    removeDir(folder);
  }
}

describe('evolution: Grammalecte', () => {
  it('finds no grammar error in the section, whatever moved', async () => {
    const region = region2002();
    const current = region.register;
    const lot = (c: Commune[]) => c.splice(0, c.length, ...c.filter((x) => x.department !== '46'));
    const cases: [Register, Register, string?][] = [
      [current, current],
      [changed(current, (c) => drop(c, TOULOUSE, 'Chongqing')), current],
      [changed(current, (c) => add(c, ALBI, 'Lodi', 'Italie')), current],
      [
        changed(current, (c) => {
          for (const p of ['Lodi', 'Pavie', 'Crémone']) add(c, ALBI, p, 'Italie');
        }),
        current,
      ],
      [
        changed(current, (c) => {
          drop(c, TOULOUSE, 'Chongqing');
          drop(c, CARBONNE, null, 'Espagne');
          add(c, ALBI, 'Lodi', 'Italie');
        }),
        current,
      ],
      [
        changed(current, (c) => {
          drop(c, TOULOUSE, 'Chongqing');
          add(c, ALBI, 'Lodi', 'Italie');
          add(c, ALBI, 'Pavie', 'Italie');
        }),
        current,
      ],
      [
        changed(current, (c) => {
          drop(c, TOULOUSE, 'Chongqing');
          add(c, ALBI, 'Lodi', 'Italie');
        }),
        current,
      ],
      [changed(current, (c) => rename(c, ALBI, 'Girona', 'Gérone')), current],
      [
        changed(current, (c) => {
          rename(c, ALBI, 'Girona', 'Gérone');
          drop(c, TOULOUSE, 'Chongqing');
        }),
        changed(current, (c) => rename(c, FOIX, 'Lerida', 'Lleida')),
      ],
      [changed(current, lot), current, '46'],
      [current, changed(current, lot), '46'],
    ];
    const sections: string[] = [];
    // The lists of agreements are partners' names, not sentences ("La Vergne" is a town, not a feminine noun).
    for (const [previous, register, department] of cases)
      sections.push(...(await evolutionSection({ ...region, register, previous }, department)).filter((p) => !/^Accords? (nouveaux?|terminés?) :/.test(p)));
    expect(sections.filter((p) => p.startsWith('Le recensement'))).toHaveLength(cases.length);
    expect(grammarErrors(sections.join('\n'))).toEqual([]);
  });
});

describe('evolution: the report', () => {
  it('adds the section to the 2002 report when the 2001 register exists', async () => {
    mkdirSync(join(project, 'data/midi-pyrenees/2001'), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, 'tests/fixtures/evolution/register-2001.yaml'), join(project, 'data/midi-pyrenees/2001/register.yaml'));
    const result = await runCli(['build', '--out', 'out'], project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = execFileSync('pdftotext', [join(project, 'out/midi-pyrenees-2002.pdf'), '-'], { encoding: 'utf8' })
      .replace(/\u2011/g, '-')
      .replace(/\s+/g, ' ');
    expect(text).toContain('D-4. L’évolution depuis 2001');
    expect(text).toContain('Le recensement de 2001 comptait 152 accords');
    expect(text).toContain('en compte 153, soit un accord de plus : deux accords nouveaux et un accord arrivé à son terme ou abandonné');
    expect(text).toContain('Toulouse avec Chongqing (Chine)');
    expect(text).toContain('Lavergne avec La Vergne (États-Unis)');
    expect(text).toMatch(/Accord terminé : Albi avec Lodi \(Italie\)/);
  });

  it('warns of each probable rename at the partner in the register, and says it in the prose', async () => {
    mkdirSync(join(renamedProject, 'data/midi-pyrenees/2001'), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, 'tests/fixtures/evolution/register-2001.yaml'), join(renamedProject, 'data/midi-pyrenees/2001/register.yaml'));
    const registerPath = join(renamedProject, 'data/midi-pyrenees/2002/register.yaml');
    const register = readFileSync(registerPath, 'utf8');
    writeFileSync(registerPath, register.replace('partner: "Lerida"', 'partner: "Lleida"').replace('partner: "Saragosse"', 'partner: "Zaragoza"'));
    const line = register.split('\n').findIndex((l) => l.includes('partner: "Lerida"')) + 1;
    const result = await runCli(['check'], renamedProject);
    expect(result.code).toBe(0);
    // One warning: Lerida → Lleida; Saragosse → Zaragoza is too far apart to be taken for a rename.
    expect(result.stderr.split('\n').filter((l) => l.includes('warning['))).toEqual([
      `data/midi-pyrenees/2002/register.yaml:${line}:18: warning[evolution/probable-rename]: partner "Lleida" of Foix (Espagne) replaces "Lerida" of the 2001 register: taken for the same town spelt differently, it is counted as the same agreement, neither ended nor added`,
    ]);
    expect(result.stderr).toContain('= hint: same town: write "Lleida" in data/midi-pyrenees/2001/register.yaml too');
    const built = await buildReport(createFileWorld(renamedProject), { editionDir: EDITION_DIR, checkOnly: true });
    expect(built.diagnostics.items.map((d) => d.code)).toEqual(['evolution/probable-rename']);
    const prose = plain(proseText(built.built!.composed));
    expect(prose).toContain(
      'Le recensement de 2001 comptait 152 accords de coopération décentralisée en Midi Pyrénées ; celui de 2002 en compte 153, soit un accord de plus : trois accords nouveaux et deux accords arrivés à leur terme ou abandonnés.',
    );
    expect(prose).toContain('Accords nouveaux : Toulouse avec Zaragoza (Espagne) ; Toulouse avec Chongqing (Chine) ; Lavergne avec La Vergne (États-Unis).');
    expect(prose).toContain('Accords terminés : Toulouse avec Saragosse (Espagne) ; Albi avec Lodi (Italie).');
    expect(prose).toContain('Le partenaire de Foix s’écrit désormais Lleida (Lerida en 2001). C’est le même accord : il n’est compté ni parmi les nouveaux ni parmi les terminés.');
  });

  it('positions the warning at the register file when the agreement cannot be found there', async () => {
    // The register in memory differs from the file (as a department or a test may make it).
    const region = region2002();
    const register = changed(region.register, (c) => rename(c, FOIX, 'Lerida', 'Lérida (Catalogne)'));
    const result = await buildReport(world, { editionDir: EDITION_DIR, validated: { ...region, register, previous: region.register }, checkOnly: true });
    expect(result.diagnostics.items.map((d) => [d.code, d.severity, d.position])).toEqual([['evolution/probable-rename', 'warning', { file: `${EDITION_DIR}/register.yaml`, line: 1, column: 1 }]]);
  });
});

describe('evolution: the chart', () => {
  it('labels changes with their sign and a true minus', () => {
    expect([3, 1, 0, -1, -12].map(signedLabel)).toEqual(['+3', '+1', '0', '\u22121', '\u221212']);
  });

  it('puts each label outside its bar and leaves room for it beyond the bars', () => {
    // Canvas y grows downwards: a gain's end is above zero, a loss's below.
    expect(signedLabelPlacement(2, 40)).toEqual({ y: 37, baseline: 'bottom' });
    expect(signedLabelPlacement(0, 100)).toEqual({ y: 97, baseline: 'bottom' });
    expect(signedLabelPlacement(-1, 130)).toEqual({ y: 133, baseline: 'top' });
    expect(changeScaleLimits([2, 0, -1, -3])).toEqual({ suggestedMax: 3.25, suggestedMin: -4.25 });
    expect(changeScaleLimits([1, 2])).toEqual({ suggestedMax: 2.5, suggestedMin: 0 });
    expect(changeScaleLimits([0, 0])).toEqual({ suggestedMax: 0.25, suggestedMin: 0 });
    expect(changeScaleLimits([-2])).toEqual({ suggestedMax: 0.5, suggestedMin: -2.5 });
  });

  it('is titled by what it shows and drawn apart from the zone charts', async () => {
    const region = region2002();
    const previous = changed(region.register, (c) => add(c, ALBI, 'Lodi', 'Italie'));
    const result = await buildReport(world, { editionDir: EDITION_DIR, validated: { ...region, previous }, checkOnly: true });
    const specs = chartSpecs(result.built!.statistics);
    const evolution = specs.find((s) => s.id === 'evolution')!;
    expect(evolution.title).toBe('Variation nette du nombre d’accords par zone, 2001–2002');
    expect(evolution.signed).toBe(true);
    expect(evolution.values).toEqual(result.built!.statistics.evolution!.byZone.map((z) => z.change));
    expect(specs.filter((s) => s.id !== 'evolution').every((s) => s.signed === undefined)).toBe(true);
    const theme = loadTheme(world, new Diagnostics())!;
    const [signed] = await renderCharts([evolution], theme);
    const [plain] = await renderCharts([{ ...evolution, signed: undefined }], theme);
    expect(signed!.svg).toMatch(/^<\?xml|^<svg/);
    expect(signed!.svg).not.toBe(plain!.svg);
  });
});
