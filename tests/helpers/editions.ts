/** Editions built in memory up to their prose: the real register restricted at will, or made up. */

import { buildReport } from '../../src/build-report.js';
import type { Commune, ValidatedReport } from '../../src/input/model.js';
import { validateReport } from '../../src/input/validate-report.js';
import { createFileWorld, type World } from '../../src/input/world.js';
import type { ComposedReport } from '../../src/prose/composed-report.js';
import { proseText } from '../../src/prose/prose-text.js';
import { Diagnostics } from '../../src/shared/diagnostics.js';
import type { Statistics } from '../../src/statistics/statistics-model.js';
import { PROJECT_ROOT } from './project.js';

export const EDITION_DIR = 'data/midi-pyrenees/2002';
export const world: World = createFileWorld(PROJECT_ROOT);

let cached: ValidatedReport | undefined;
/** The 2002 region, validated once. */
export function region2002(): ValidatedReport {
  if (!cached) {
    const diagnostics = new Diagnostics();
    cached = validateReport(world, { dir: EDITION_DIR }, diagnostics);
    if (!cached) throw new Error(diagnostics.items.map((d) => d.message).join('\n'));
  }
  return cached;
}

export interface ComposedEdition {
  composed: ComposedReport;
  prose: string;
  /** Communes with at least one agreement in the edition. */
  active: Commune[];
  report: ValidatedReport;
  statistics: Statistics;
}

/** Composes an edition (no layout) of `report`, restricted to a department when given. */
export async function composeEdition(report: ValidatedReport, department?: string, editionDir = EDITION_DIR): Promise<ComposedEdition> {
  const result = await buildReport(world, { editionDir, validated: report, checkOnly: true, ...(department ? { department } : {}) });
  if (!result.built) throw new Error(`edition did not compose:\n${result.diagnostics.items.map((d) => `${d.position.file}:${d.position.line}: ${d.code}: ${d.message}`).join('\n')}`);
  const { composed, report: restricted, statistics } = result.built;
  return { composed, prose: proseText(composed), active: restricted.register.communes.filter((c) => c.agreements.length > 0), report: restricted, statistics };
}

/** Names that may appear whatever the data: context, not partners. */
const CONTEXT_NAMES = new Set(['France']);
const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const COUNTED = '(accord|commune|ville|partenariat|collectivité|coopération|pays|habitant)';

/**
 * Every problem of one edition's prose, as readable lines (empty when it reads right). */
export function proseProblems(edition: ComposedEdition, knownCommunes: readonly string[] = region2002().register.communes.map((c) => c.displayName)): string[] {
  const { prose, composed, report, active } = edition;
  const problems: string[] = [];
  const find = (pattern: RegExp, what: string) => {
    for (const match of prose.matchAll(pattern)) problems.push(`${what}: «${prose.slice(Math.max(0, match.index - 40), match.index + match[0].length + 20).replace(/\n/g, ' ')}»`);
  };
  find(/(^|[^\d,\u202F\u00A0])0 \p{L}/gu, 'a count written 0');
  // Europe's rank among the areas, as the prose states it, against the figures.
  const { europeCommunes, europeRivals, europeStanding } = edition.statistics;
  const said = prose.includes('l’Europe est la principale aire')
    ? 'majority'
    : prose.includes('L’Europe reste la principale aire')
      ? 'first'
      : prose.includes('L’Europe partage ici le premier rang')
        ? 'tied'
        : prose.includes('n’est pas ici la principale aire')
          ? 'behind'
          : undefined;
  if (said !== undefined && said !== europeStanding)
    problems.push(`Europe's rank said "${said}", but it is "${europeStanding}" (${europeCommunes} communes; rivals: ${europeRivals.join(', ') || 'none'})`);
  find(/\b[Qq]ue 1\b|\b[Ss]eules? 1\b|\bqu[’']1\b/g, '"que 1" or "seule 1"');
  find(new RegExp(`(^|[^\\d,\\u202F])1 ${COUNTED}s\\b`, 'gu'), 'a plural noun after 1');
  find(new RegExp(`(^|[^\\d,\\u202F])([2-9]|[1-9]\\d+) ${COUNTED.replace('|pays', '')}(?![s\\p{L}])`, 'gu'), 'a singular noun after a number over 1');
  find(/\b(aucune?) (?!des\b|les\b|pays\b)\p{L}+s\b(?! du| de)/gu, 'a plural after aucun');

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
  for (const name of knownCommunes) {
    if (activeNames.has(name) || name.length < 4) continue;
    if (new RegExp(`(^|[^\\p{L}-])${name}([^\\p{L}-]|$)`, 'u').test(prose)) problems.push(`names ${name}, which has no agreement in the edition`);
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
