/**
 * French agreement for prose written over counts: "aucune commune", "une seule commune",
 * "deux accords", "qu'une commune", verbs and participles agreeing with their subject. The
 * nouns the prose counts are listed with their gender, so a template never spells a plural.
 */
import { formatNumber } from './french.js';

/** The typographic apostrophe. */
export const APOSTROPHE = '\u2019';

interface Noun {
  singular: string;
  plural: string;
  feminine: boolean;
}

const masculine = (singular: string, plural = `${singular}s`): Noun => ({ singular, plural, feminine: false });
const feminine = (singular: string, plural = `${singular}s`): Noun => ({ singular, plural, feminine: true });

/** The nouns the prose counts. A noun missing here is a template error, not a guess. */
const NOUNS: Readonly<Record<string, Noun>> = {
  accord: masculine('accord'),
  commune: feminine('commune'),
  ville: feminine('ville'),
  partenariat: masculine('partenariat'),
  pays: masculine('pays', 'pays'),
  collectivité: feminine('collectivité'),
  coopération: feminine('coopération'),
  zone: feminine('zone'),
  'zone géographique': feminine('zone géographique', 'zones géographiques'),
  habitant: masculine('habitant'),
  jumelage: masculine('jumelage'),
  département: masculine('département'),
  région: feminine('région'),
  projet: masculine('projet'),
  partenaire: masculine('partenaire'),
  continent: masculine('continent'),
};

export function noun(name: string): Noun {
  const found = Object.hasOwn(NOUNS, name) ? NOUNS[name] : undefined;
  if (!found) throw new Error(`unknown noun "${name}" (known: ${Object.keys(NOUNS).join(', ')})`);
  return found;
}

const WORDS = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf'];

/** A count below ten in words ("six"), larger ones in figures ("12", "1 530"). */
export function numberWord(count: number): string {
  return Number.isInteger(count) && count >= 0 && count < 10 ? WORDS[count]! : formatNumber(count);
}

/** Plural from 2 on; 0 and 1 take the singular ("aucune commune n'a", "une commune a"). */
export const isPlural = (count: number) => Math.abs(count) >= 2;

interface CountOptions {
  /** "une seule commune" for one. */
  only?: boolean;
  /** Digits even below ten ("3 accords" in a table-like aside). */
  digits?: boolean;
  /** An adjective or participle agreeing with the noun: "une commune engagée". */
  adjective?: string;
}

/**
 * The count and its noun as a writer puts them: "aucune commune", "une (seule) commune",
 * "deux communes" (words below ten), "12 communes", "1 530 accords".
 */
export function countPhrase(count: number, nounName: string, options: CountOptions = {}): string {
  if (!Number.isInteger(count) || count < 0) throw new Error(`a count must be a whole number, not ${count}`);
  const n = noun(nounName);
  const word = isPlural(count) ? n.plural : n.singular;
  const adjective = options.adjective ? ` ${agreeAdjective(options.adjective, n.feminine, isPlural(count))}` : '';
  if (count === 0) return `${n.feminine ? 'aucune' : 'aucun'} ${word}${adjective}`;
  if (count === 1) return `${n.feminine ? 'une' : 'un'}${options.only ? (n.feminine ? ' seule' : ' seul') : ''} ${word}${adjective}`;
  const figure = count < 10 && !options.digits ? WORDS[count]! : formatNumber(count);
  return `${figure} ${word}${adjective}`;
}

/** The noun agreeing with a count: "commune" / "communes". */
export function nounFor(count: number, nounName: string): string {
  const n = noun(nounName);
  return isPlural(count) ? n.plural : n.singular;
}

/** A masculine singular adjective or participle agreed: engagé → engagée, engagés, engagées. */
export function agreeAdjective(adjective: string, isFeminine: boolean, plural: boolean): string {
  // Only the first word agrees: the rest is its complement ("arrivé à son terme").
  const [first, ...rest] = adjective.split(' ');
  return [agreeWord(first!, isFeminine, plural), ...rest].join(' ');
}

function agreeWord(word: string, isFeminine: boolean, plural: boolean): string {
  if (word === '') return word;
  let form = word;
  if (isFeminine) {
    if (form.endsWith('eau')) form = `${form.slice(0, -3)}elle`;
    else if (form.endsWith('eux')) form = `${form.slice(0, -3)}euse`;
    else if (form.endsWith('if')) form = `${form.slice(0, -2)}ive`;
    else if (form.endsWith('er')) form = `${form.slice(0, -2)}ère`;
    else if (/(el|en|on)$/.test(form)) form = `${form}${form.slice(-1)}e`;
    else if (!form.endsWith('e')) form = `${form}e`;
  }
  if (plural) {
    if (/[sx]$/.test(form)) return form;
    if (!isFeminine && form.endsWith('eau')) return `${form}x`;
    if (!isFeminine && form.endsWith('al')) return `${form.slice(0, -2)}aux`;
    return `${form}s`;
  }
  return form;
}

/** Third-person plural of the finite verbs the prose uses (third-person singular → plural). */
const PLURAL_VERBS: Readonly<Record<string, string>> = {
  a: 'ont',
  est: 'sont',
  soit: 'soient',
  ait: 'aient',
  va: 'vont',
  fait: 'font',
  peut: 'peuvent',
  doit: 'doivent',
  choisit: 'choisissent',
  reste: 'restent',
  compte: 'comptent',
  sera: 'seront',
  aura: 'auront',
  était: 'étaient',
  avait: 'avaient',
};

/** Forms of être after which a participle or adjective agrees with the subject. */
const ETRE = new Set(['est', 'sont', 'soit', 'soient', 'était', 'étaient', 'sera', 'seront', 'reste', 'restent']);

/**
 * A verb phrase in the third person agreeing with a count of `nounName` (its gender matters only
 * after être): verbPhrase(3, "est engagé", "commune") → "sont engagées"; "n'a" → "n'ont";
 * "coopère" → "coopèrent". The phrase is written in the masculine singular.
 */
export function verbPhrase(count: number, phrase: string, nounName?: string): string {
  const plural = isPlural(count);
  const isFeminine = nounName ? noun(nounName).feminine : false;
  const words = phrase.split(' ');
  let verbIndex = 0;
  // Clitics before the verb: "ne", "n'", "se", "s'", "y".
  while (verbIndex < words.length - 1 && /^(ne|se|y|en)$/.test(words[verbIndex]!)) verbIndex++;
  const verb = words[verbIndex]!;
  const elided = /^([nsl][’'])(.+)$/.exec(verb);
  const prefix = elided ? elided[1]!.replace("'", APOSTROPHE) : '';
  const bare = elided ? elided[2]! : verb;
  let conjugated = bare;
  if (plural) {
    if (Object.hasOwn(PLURAL_VERBS, bare)) conjugated = PLURAL_VERBS[bare]!;
    else if (bare.endsWith('e')) conjugated = `${bare}nt`;
    else throw new Error(`no plural known for the verb "${bare}": write it ending in -e or add it to PLURAL_VERBS`);
  }
  words[verbIndex] = prefix + conjugated;
  if (ETRE.has(bare)) {
    // The participle or adjective after être (after "pas", "plus", "bien" if present).
    let i = verbIndex + 1;
    while (i < words.length && /^(pas|plus|bien|très|toujours|aussi)$/.test(words[i]!)) i++;
    if (i < words.length) words[i] = agreeWord(words[i]!, isFeminine, plural);
  }
  return words.join(' ');
}

/** Words that elide before a vowel sound and the counting words they meet: "que une" → "qu'une". */
const ELISION = /(^|[^\p{L}])([Qq]u|[Dd]|[Nn]|[Jj]|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)e (un|une|aucun|aucune)(?![\p{L}])/gu;

/**
 * Elision where a template put a counting word after "que", "de", "ne", "jusque", "lorsque",
 * "puisque": "que une commune" → "qu'une commune", "de un accord" → "d'un accord".
 */
export function elide(text: string): string {
  return text.replace(ELISION, (_, before: string, stem: string, next: string) => `${before}${stem}${APOSTROPHE}${next}`);
}

/** The first letter in capitals: a count phrase that opens a sentence. */
export function capitalize(text: string): string {
  return text.replace(/^(\P{L}*)(\p{L})/u, (_, before: string, letter: string) => before + letter.toLocaleUpperCase('fr'));
}

export type CountryArticle = 'le' | 'la' | "l'" | 'les' | '';

/** The article a country's name takes, when countries.yaml does not say: l'Espagne, le Canada, la Chine. */
export function defaultCountryArticle(name: string): CountryArticle {
  if (/^[AEIOUYÉÈÊÂÎÔ]/i.test(name)) return "l'";
  if (/s$/.test(name) && /-/.test(name)) return 'les';
  return /e$/.test(name) ? 'la' : 'le';
}

/** "l'Espagne", "le Canada", "les États-Unis", "Israël". */
export function withArticle(name: string, article: CountryArticle): string {
  if (article === '') return name;
  return article === "l'" ? `l${APOSTROPHE}${name}` : `${article} ${name}`;
}

/** "de l'Espagne", "du Canada", "des États-Unis", "d'Israël", "de Cuba". */
export function ofCountry(name: string, article: CountryArticle): string {
  if (article === 'le') return `du ${name}`;
  if (article === 'les') return `des ${name}`;
  if (article === '') return /^[AEIOUYÉÈÊÂÎÔ]/i.test(name) ? `d${APOSTROPHE}${name}` : `de ${name}`;
  return `de ${withArticle(name, article)}`;
}

/** "d’Espagne", "de Chine", "du Tchad", "des États-Unis", "d’Israël": where a commune is from. */
export function fromCountry(name: string, article: CountryArticle): string {
  if (article === 'le') return `du ${name}`;
  if (article === 'les') return `des ${name}`;
  return /^[AEIOUYÉÈÊÂÎÔ]/i.test(name) ? `d${APOSTROPHE}${name}` : `de ${name}`;
}

/** "de" before a name, elided or contracted: "d’Albi", "de Mazamet", "du Fousseret" (Le Fousseret), "des Cabannes". */
export function ofName(name: string): string {
  if (/^Le /.test(name)) return `du ${name.slice(3)}`;
  if (/^Les /.test(name)) return `des ${name.slice(4)}`;
  return /^[AEIOUYÉÈÊÂÎÔaeiouyéèêâîô]/.test(name) ? `d${APOSTROPHE}${name}` : `de ${name}`;
}
