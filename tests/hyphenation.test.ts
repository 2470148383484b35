/**
 * French hyphenation of the prose (src/prose/hyphenation.ts): where soft hyphens go, and where never.
 */
import { describe, expect, it } from 'vitest';
import { hyphenate, hyphenateRuns, SOFT_HYPHEN, wordBreaks } from '../src/prose/hyphenation.js';
import type { InlineRun } from '../src/prose/inline-markup.js';

/** Soft hyphens shown as "|" to read the expectations. */
const shown = (text: string) => text.replaceAll(SOFT_HYPHEN, '|');

describe('hyphenate', () => {
  it('breaks French words where the French patterns allow', () => {
    expect(shown(hyphenate('La coopération décentralisée des collectivités locales'))).toBe('La co|opé|ra|tion dé|cen|tra|li|sée des col|lec|ti|vi|tés locales');
    expect(shown(hyphenate('transfrontalières et'))).toBe('trans|fron|ta|lières et');
  });

  it('keeps at least 2 letters before a break and 3 after it', () => {
    for (const word of ['coopération', 'hiérarchiser', 'administration', 'internationales', 'téléchargeables', 'accompagnant', 'relative', 'mondiale']) {
      const breaks = wordBreaks(word);
      for (const at of breaks) {
        expect(at, `${word} at ${at}`).toBeGreaterThanOrEqual(2);
        expect(word.length - at, `${word} at ${at}`).toBeGreaterThanOrEqual(3);
      }
    }
    // The patterns alone would allow "mon|dia|le"-like 2-letter ends: never here.
    expect(shown(hyphenate('amicale globale'))).not.toMatch(/\|\p{L}{1,2}\b/u);
  });

  it('leaves words shorter than 6 letters whole', () => {
    expect(hyphenate('ville pays monde aussi comme leurs cette avec étape')).not.toContain(SOFT_HYPHEN);
    expect(shown(hyphenate('accord et'))).toBe('ac|cord et');
  });

  it('never breaks words in capitals, nor a capital inside a word', () => {
    expect(hyphenate('la mairie de TOULOUSE et l’AFCCRE avec AF CCRE')).toBe('la mai' + SOFT_HYPHEN + 'rie de TOULOUSE et l’AFCCRE avec AF CCRE');
    expect(hyphenate('COOPERATION DECENTRALISEE au XIXe siècle')).not.toMatch(/[A-Z]\u00AD/);
  });

  it('never breaks a proper noun, but breaks a capitalised word that starts a sentence', () => {
    expect(hyphenate('avec la Roumanie et Villefranche')).toBe('avec la Roumanie et Villefranche');
    expect(shown(hyphenate('Fin. Coopération et'))).toBe('Fin. Co|opé|ra|tion et');
    expect(shown(hyphenate('Collectivités locales.'))).toBe('Col|lec|ti|vi|tés locales.');
    expect(shown(hyphenate('« Coopération » et'))).toBe('« Co|opé|ra|tion » et');
  });

  it('never breaks URLs, e-mail addresses, domain names or numbers', () => {
    const text = 'voir www.coopdec.asso.fr, https://exemple.fr/coopération/internationale, yleche@magic.fr ou coopdec.asso.fr';
    expect(hyphenate(text)).toBe(text);
    expect(hyphenate('2 600 collectivités, 1er septembre, n°92-125, 2002')).toBe(
      `2 600 col${SOFT_HYPHEN}lec${SOFT_HYPHEN}ti${SOFT_HYPHEN}vi${SOFT_HYPHEN}tés, 1er sep${SOFT_HYPHEN}tembre, n°92-125, 2002`,
    );
    expect(hyphenate('référence123abc')).toBe('référence123abc');
  });

  it('breaks after an elision inside the word only, never at the apostrophe', () => {
    expect(shown(hyphenate('l’administration d’appréhender ici'))).toBe('l’ad|mi|nis|tra|tion d’ap|pré|hen|der ici');
  });

  it('leaves at least 6 letters after a break in the last word of a block', () => {
    expect(shown(hyphenate('des droits opposables à l’une ou l’autre partie.'))).toBe('des droits op|po|sables à l’une ou l’autre partie.');
    expect(shown(hyphenate('son aura internationale.'))).toBe('son aura in|ter|na|tionale.');
  });

  it('leaves text that already has soft hyphens as it is', () => {
    expect(hyphenate(`coo${SOFT_HYPHEN}pération et`)).toBe(`coo${SOFT_HYPHEN}pération et`);
  });
});

describe('hyphenateRuns', () => {
  it('leaves links and footnote calls untouched and keeps the runs', () => {
    const runs: InlineRun[] = [
      { text: 'La coopération ' },
      { text: 'internationale', bold: true },
      { text: '', footnote: 'note' },
      { text: ' : ' },
      { text: 'www.coopdec.asso.fr/documentation', link: 'http://www.coopdec.asso.fr/documentation' },
    ];
    const result = hyphenateRuns(runs);
    expect(result).toHaveLength(runs.length);
    expect(result.map((r) => shown(r.text))).toEqual(['La co|opé|ra|tion ', 'in|ter|na|tio|nale', '', ' : ', 'www.coopdec.asso.fr/documentation']);
    expect(result[1]!.bold).toBe(true);
    expect(result[2]!.footnote).toBe('note');
    expect(result[4]!.link).toBe(runs[4]!.link);
    expect(result.map((r) => r.text.replaceAll(SOFT_HYPHEN, '')).join('')).toBe(runs.map((r) => r.text).join(''));
  });

  it('sees a word split across runs whole, and a sentence start across runs', () => {
    const result = hyphenateRuns([{ text: 'la coopé' }, { text: 'ration', italic: true }, { text: '. ' }, { text: 'Collectivités', bold: true }, { text: ' et' }]);
    expect(result.map((r) => shown(r.text))).toEqual(['la co|opé|', 'ra|tion', '. ', 'Col|lec|ti|vi|tés', ' et']);
  });
});
