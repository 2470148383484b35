/** French agreement helpers: count phrases, verbs and participles, elision, country articles. */
import { describe, expect, it } from 'vitest';
import { agreeAdjective, capitalize, countPhrase, defaultCountryArticle, elide, ofCountry, ofName, verbPhrase, withArticle } from '../src/prose/french-grammar.js';
import { createTemplateEngine } from '../src/prose/template-engine.js';

describe('count phrases', () => {
  it('write what a French author writes', () => {
    expect(countPhrase(0, 'commune')).toBe('aucune commune');
    expect(countPhrase(0, 'accord')).toBe('aucun accord');
    expect(countPhrase(1, 'commune')).toBe('une commune');
    expect(countPhrase(1, 'commune', { only: true })).toBe('une seule commune');
    expect(countPhrase(1, 'accord', { only: true })).toBe('un seul accord');
    expect(countPhrase(2, 'accord')).toBe('deux accords');
    expect(countPhrase(9, 'pays')).toBe('neuf pays');
    expect(countPhrase(12, 'commune')).toBe('12 communes');
    expect(countPhrase(1530, 'accord')).toBe('1\u202F530 accords');
    expect(countPhrase(3, 'accord', { digits: true })).toBe('3 accords');
    expect(countPhrase(3, 'zone géographique')).toBe('trois zones géographiques');
    expect(countPhrase(1, 'commune', { adjective: 'engagé' })).toBe('une commune engagée');
    expect(countPhrase(4, 'accord', { adjective: 'nouveau' })).toBe('quatre accords nouveaux');
    expect(countPhrase(0, 'commune', { adjective: 'engagé' })).toBe('aucune commune engagée');
  });
  it('refuse a noun they do not know and a count that is not one', () => {
    expect(() => countPhrase(2, 'chameau')).toThrow(/unknown noun "chameau"/);
    expect(() => countPhrase(-1, 'commune')).toThrow();
    expect(() => countPhrase(1.5, 'commune')).toThrow();
  });
});

describe('verbs and participles', () => {
  it('agree with the count and, after être, with the gender', () => {
    expect(verbPhrase(0, 'a choisi')).toBe('a choisi');
    expect(verbPhrase(1, 'coopère')).toBe('coopère');
    expect(verbPhrase(2, 'coopère')).toBe('coopèrent');
    expect(verbPhrase(5, 'a choisi', 'commune')).toBe('ont choisi');
    expect(verbPhrase(1, 'est engagé', 'commune')).toBe('est engagée');
    expect(verbPhrase(3, 'est engagé', 'commune')).toBe('sont engagées');
    expect(verbPhrase(3, 'est engagé', 'accord')).toBe('sont engagés');
    expect(verbPhrase(2, 'soit engagé', 'ville')).toBe('soient engagées');
    expect(verbPhrase(2, "n'a")).toBe('n’ont');
    expect(verbPhrase(2, 'ne mène')).toBe('ne mènent');
    expect(verbPhrase(2, 'est mené', 'accord')).toBe('sont menés');
    expect(() => verbPhrase(2, 'finit')).toThrow(/no plural known/);
  });
  it('agree adjectives', () => {
    expect(agreeAdjective('nouveau', true, true)).toBe('nouvelles');
    expect(agreeAdjective('principal', false, true)).toBe('principaux');
    expect(agreeAdjective('européen', true, false)).toBe('européenne');
    expect(agreeAdjective('arrivé à son terme', false, true)).toBe('arrivés à son terme');
  });
});

describe('elision and capitals', () => {
  it('elides que, de, ne before un, une, aucun', () => {
    expect(elide('que une commune')).toBe('qu’une commune');
    expect(elide('Que une commune')).toBe('Qu’une commune');
    expect(elide('plus de un accord')).toBe('plus d’un accord');
    expect(elide('lorsque aucun accord')).toBe('lorsqu’aucun accord');
    expect(elide('que deux communes, de huit')).toBe('que deux communes, de huit');
    expect(elide('une unique commune')).toBe('une unique commune');
  });
  it('elides de before a name that starts with a vowel', () => {
    expect(ofName('Albi')).toBe('d’Albi');
    expect(ofName('Écully')).toBe('d’Écully');
    expect(ofName('Mazamet')).toBe('de Mazamet');
    expect(ofName('Le Fousseret')).toBe('du Fousseret');
    expect(ofName('Les Cabannes')).toBe('des Cabannes');
    expect(ofName('La Salvetat-Saint-Gilles')).toBe('de La Salvetat-Saint-Gilles');
  });
  it('capitalises the first letter only', () => {
    expect(capitalize('aucune commune')).toBe('Aucune commune');
    expect(capitalize('« une »')).toBe('« Une »');
  });
});

describe('country names with their article', () => {
  it('picks the article and the contracted forms', () => {
    expect(withArticle('Espagne', defaultCountryArticle('Espagne'))).toBe('l’Espagne');
    expect(withArticle('Chine', defaultCountryArticle('Chine'))).toBe('la Chine');
    expect(withArticle('Canada', defaultCountryArticle('Canada'))).toBe('le Canada');
    expect(ofCountry('Canada', 'le')).toBe('du Canada');
    expect(ofCountry('États-Unis', 'les')).toBe('des États-Unis');
    expect(ofCountry('Israël', '')).toBe('d’Israël');
    expect(ofCountry('Espagne', "l'")).toBe('de l’Espagne');
  });
});

describe('the helpers in templates', () => {
  const engine = createTemplateEngine();
  const render = (template: string, context: object = {}) => {
    const result = engine.render(template, context);
    if (!result.ok) throw new Error(result.error.message);
    return result.text;
  };
  it('write count phrases, verbs and elisions', () => {
    expect(render('il faut noter que {{count n "commune"}} {{verb n "a choisi"}}', { n: 1 })).toBe('il faut noter qu’une commune a choisi');
    expect(render('{{cap (count n "commune" only=true)}} {{verb n "est engagé" "commune"}}', { n: 1 })).toBe('Une seule commune est engagée');
    expect(render('{{cap (count n "commune")}} {{verb n "est engagé" "commune"}}', { n: 0 })).toBe('Aucune commune est engagée');
    expect(render('les {{num n}} {{noun n "commune"}} {{adj n "engagé" "commune"}}', { n: 12 })).toBe('les 12 communes engagées');
  });
  it('report an unknown noun as a template error', () => {
    const result = engine.render('{{count n "chameau"}}', { n: 2 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/unknown noun "chameau"/);
  });
});
