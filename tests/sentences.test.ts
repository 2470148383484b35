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

/** Deliberate corrections of the original, as [printed, corrected]. */
const CORRECTIONS: [string, string][] = [
  ['–dont Toulouse- mène une', '–dont Toulouse- mènent une'], // agreement with "Seules 4 communes"
];

const letters = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');

/** The prose sentences of the original: its pages 2–15 and the contact page, without furniture, chart labels or table rows. */
function studySentences(): string[] {
  const seed = readFileSync(join(PROJECT_ROOT, 'tests/fixtures/study-2002.txt'), 'utf8');
  const prose = `${seed.slice(0, seed.indexOf(' F-1. ANNEXE I'))}\n\n${seed.slice(seed.indexOf('Pour tout renseignement'))}`;
  return prose
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .filter((block) => block && !/^(mailto:|http:)|Page \d+ sur 28|^Nombre de coopérations|^Action Internationale des Collectivités Locales de Midi Pyrénées$|^Reproduction autorisée|Nombre de communes (engagées|concernées)/.test(block))
    .flatMap((block) => block.split(/(?<=[.;!?»])\s+/))
    // A footnote's number before its text; the next page's heading ("C.", "C-2.") glued after it.
    .map((sentence) => sentence.replace(/^\d{1,2} (?=\D)/, '').replace(/ [A-F](-\d)?\.$/, ''))
    .map((sentence) => CORRECTIONS.reduce((s, [printed, corrected]) => s.replace(printed, corrected), sentence))
    .filter((sentence) => letters(sentence).length >= 25);
}

let text = '';
beforeAll(async () => {
  const result = await runCli(['build', '--out', 'out'], project);
  expect(result.code).toBe(0);
  text = letters(execFileSync('pdftotext', [join(project, 'out/midi-pyrenees-2002.pdf'), '-'], { encoding: 'utf8' }));
});

describe('the prose of the study', () => {
  it('holds every sentence of the original', () => {
    const sentences = studySentences();
    expect(sentences.length).toBeGreaterThan(130);
    const missing = sentences.filter((sentence) => !text.includes(letters(sentence)));
    expect(missing).toEqual([]);
  });
});
