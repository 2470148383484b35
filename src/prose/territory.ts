/**
 * How the prose names the edition's territory and its survey: "la région" or "le département",
 * "le Gers" / "l’Ariège" / "Midi Pyrénées", "entre septembre et octobre 2002".
 */

import type { Edition, Survey } from '../input/model.js';
import { NBSP } from './french.js';
import { APOSTROPHE } from './french-grammar.js';

/** Where the edition speaks of: the region, or one department of it. */
export interface Scope {
  name: string;
  /** "de Midi Pyrénées", "du Gers" */
  of: string;
  /** "en Midi Pyrénées", "dans le Gers" */
  in: string;
  /** The name as a subject: "Midi Pyrénées", "le Gers", "l’Ariège", "la Haute-Garonne". */
  named: string;
  kind: 'région' | 'département';
  isDepartment: boolean;
  /** "la région", "le département" */
  the: string;
  /** "cette région", "ce département" */
  this: string;
  /** "une région", "un département" */
  a: string;
  /** "de la région", "du département" */
  ofThe: string;
  /** border.ES is true when the territory borders Spain. */
  border: Record<string, boolean>;
}

export function scopeOf(edition: Edition): Scope {
  const d = edition.department;
  const border = Object.fromEntries(((d ? d.borders : edition.borders) ?? []).map((iso) => [iso, true]));
  const kind = d
    ? { kind: 'département' as const, isDepartment: true, the: 'le département', this: 'ce département', a: 'un département', ofThe: 'du département' }
    : { kind: 'région' as const, isDepartment: false, the: 'la région', this: 'cette région', a: 'une région', ofThe: 'de la région' };
  const plainName = d ? d.name : edition.regionName;
  // The territory's name never breaks across lines ("Midi Pyrénées", "Val de Loutre").
  const name = unbreakable(plainName);
  const bind = (phrase: string) => phrase.replace(plainName, name);
  const of = bind(d ? d.phrase : edition.regionPhrase);
  const named = namedFrom(of, name);
  const inPhrase = d ? d.inPhrase : edition.regionIn;
  return { name, of, in: inPhrase ? bind(inPhrase) : inFrom(named), named, ...kind, border };
}

/** Spaces and hyphens inside a name made no-break (U+00A0, U+2011): "Haute‑Garonne" stays whole. */
function unbreakable(name: string): string {
  return name.replace(/ /g, NBSP).replace(/-/g, '\u2011');
}

/** "de l'Ariège" → "l’Ariège", "du Gers" → "le Gers", "des Hautes-Pyrénées" → "les Hautes-Pyrénées". */
function namedFrom(of: string, name: string): string {
  const phrase = of.replace(/'/g, APOSTROPHE);
  if (phrase.startsWith('du ')) return `le ${phrase.slice(3)}`;
  if (phrase.startsWith('des ')) return `les ${phrase.slice(4)}`;
  if (phrase.startsWith('de ')) return phrase.slice(3);
  if (phrase.startsWith(`d${APOSTROPHE}`)) return phrase.slice(2);
  return name;
}

/** "le Val de Loutre" → "dans le Val de Loutre", "les Landes" → "dans les Landes", "la Haute-Garonne" → "en Haute-Garonne". */
function inFrom(named: string): string {
  if (/^les? /.test(named)) return `dans ${named}`;
  if (named.startsWith('la ')) return `en ${named.slice(3)}`;
  if (named.startsWith(`l${APOSTROPHE}`)) return `en ${named.slice(2)}`;
  return `en ${named}`;
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** The survey's dates in words, for the prose. */
export interface SurveyPhrases {
  /** "entre septembre et octobre 2002", "en mars 2003", "entre décembre 2002 et janvier 2003"; else "en 2002". */
  period: string;
  /** The month the survey ended: "octobre 2002"; else the year. */
  lastMonth: string;
  /** "d’octobre 2002", "de mars 2003"; else "de 2002". */
  ofLastMonth: string;
}

export function surveyPhrases(survey: Survey, year: number): SurveyPhrases {
  const month = (value: string) => ({ year: Number(value.slice(0, 4)), name: MONTHS[Number(value.slice(5, 7)) - 1]! });
  if (!survey.telephone) return { period: `en ${year}`, lastMonth: String(year), ofLastMonth: `de ${year}` };
  const from = month(survey.telephone.from);
  const to = month(survey.telephone.to);
  const lastMonth = `${to.name} ${to.year}`;
  const ofLastMonth = /^[aeiou]/.test(to.name) ? `d${APOSTROPHE}${lastMonth}` : `de ${lastMonth}`;
  let period: string;
  if (survey.telephone.from === survey.telephone.to) period = `en ${lastMonth}`;
  else if (from.year === to.year) period = `entre ${from.name} et ${lastMonth}`;
  else period = `entre ${from.name} ${from.year} et ${lastMonth}`;
  return { period, lastMonth, ofLastMonth };
}
