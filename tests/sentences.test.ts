/**
 * Every sentence of the study's prose (tests/fixtures/study-2002.txt, the text extracted from the
 * original PDF) is in the default edition. Compared letters only: figures may differ where the
 * register gives another value (reconcile explains), and spacing and apostrophes are typographic.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const project = copyProject();
afterAll(() => removeDir(project));

/**
 * Deliberate corrections of the original, as [printed, corrected]; each is listed in
 * data/midi-pyrenees/2002/NOTES.md ("Corrections of the original's slips").
 */
const CORRECTIONS: [string, string][] = [
  ['Seules 4 communes –dont Toulouse- mène une', 'Seules quatre communes – dont Toulouse – mènent une'], // agreement; counts below ten in words
  ['ACDC a recensé', 'Nous avons recensé'], // "ACDC" is nobody: the study speaks as "nous"
  ['aucune analyse n’existent actuellement ou du moins ne sont diffusés', 'aucune analyse n’existe actuellement ou du moins n’est diffusée'], // agreement with "aucun…, aucune…"
  ['nombre d’information concernant', 'nombre d’informations concernant'],
  ['quelques précisions méthodologique', 'quelques précisions méthodologiques'],
  ['réalisé entre en septembre', 'réalisé entre septembre'],
  ['l’adresse mél des chacune', 'l’adresse mél de chacune'],
  ['Une souhait', 'Un souhait'],
  ['avec ce pays, menées par', 'avec ce pays, menés par'], // "accords … menés"
  ['coopération méditerranée', 'coopération méditerranéenne'],
  ['(exceptée celle', '(excepté celle'], // "excepté" before the noun is invariable
  ['signés uniquement vers des pays', 'signés uniquement avec des pays'],
  ['n’a pas été développé', 'n’ont pas été développés'], // "les échanges … n’ont pas été développés"
  ['fonds structurels annoncés', 'fonds structurels annoncée'], // "la fin … annoncée"
  ['historique des jumelages – infra', 'historique des jumelages, supra'], // the history section comes before
  ['que seule 1 ville (Toulouse)', 'qu’une seule ville (Toulouse)'],
  ['et près de 90% des communes', 'et 89 % des communes'], // the recomputed share is exactly 89/100: no "près de"
  ['l’Amérique latine se limite à 1 seul accord', 'l’Amérique du Sud se limite à un seul accord'], // Martel–Tequila (Mexique) is Latin America too
  ['avec les USA ou le Canada', 'avec les États-Unis ou le Canada'],
];

const letters = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** The prose sentences of the original: its pages 2–15 and the contact page, without furniture, chart labels or table rows. */
function studySentences(): string[] {
  const seed = readFileSync(join(PROJECT_ROOT, 'tests/fixtures/study-2002.txt'), 'utf8');
  const prose = `${seed.slice(0, seed.indexOf(' F-1. ANNEXE I'))}\n\n${seed.slice(seed.indexOf('Pour tout renseignement'))}`;
  return (
    prose
      .split(/\n\s*\n/)
      .map((block) => block.replace(/\s+/g, ' ').trim())
      .filter(
        (block) =>
          block &&
          !/^(mailto:|http:)|Page \d+ sur 28|^Nombre de coopérations|^Action Internationale des Collectivités Locales de Midi Pyrénées$|^Reproduction autorisée|Nombre de communes (engagées|concernées)/.test(
            block,
          ),
      )
      .flatMap((block) => block.split(/(?<=[.;!?»])\s+/))
      // A footnote's number before its text; the next page's heading ("C.", "C-2.") glued after it.
      .map((sentence) => sentence.replace(/^\d{1,2} (?=\D)/, '').replace(/ [A-F](-\d)?\.$/, ''))
      .map((sentence) => CORRECTIONS.reduce((s, [printed, corrected]) => s.replace(printed, corrected), sentence))
      .filter((sentence) => letters(sentence).length >= 25)
  );
}

let text = '';
beforeAll(async () => {
  const result = await runCli(['build', '--out', 'out'], project);
  expect(result.code).toBe(0);
  // The numbered chart captions are ours, not the original's: left out of the comparison.
  const printed = execFileSync('pdftotext', [join(project, 'out/midi-pyrenees-2002.pdf'), '-'], { encoding: 'utf8' });
  text = letters(printed.replace(/^Graphique \d+\s–.*$/gmu, ''));
});

describe('the prose of the study', () => {
  it('holds every sentence of the original', () => {
    const sentences = studySentences();
    expect(sentences.length).toBeGreaterThan(130);
    const missing = sentences.filter((sentence) => !text.includes(letters(sentence)));
    expect(missing).toEqual([]);
  });
});
