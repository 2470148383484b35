import type { CountryArticle } from '../prose/french-grammar.js';
import type { Position } from '../shared/diagnostics.js';

/**
 * The typed values passed between pipeline stages. Each stage takes one of these and returns the
 * next: RawSources → ValidatedReport → Statistics → ComposedSection[] → RenderedChart[] → PDF bytes.
 */

/** A zone of the study (a chart, a D-3 table column group). */
export interface Zone {
  id: string;
  name: string;
  /** Counted as "Europe" when the prose speaks of communes engaged in Europe. */
  europe: boolean;
  /** Title of the zone's chart, as printed in the study. */
  chartTitle: string;
  /** The D-3 table columns this zone is split into (one column when not split). */
  areas: Area[];
}

interface Area {
  id: string;
  name: string;
}

/** A group of Annexe II or III ("Coopérations avec l'Espagne"). */
export interface AnnexGroup {
  id: string;
  annex: 'II' | 'III';
  title: string;
  /** Heading printed above a run of groups (e.g. "Europe de l'Est"), optional. */
  heading?: string;
}

export interface Country {
  name: string;
  iso2: string;
  aliases: string[];
  zone: string;
  area: string;
  annexGroup: string;
  /** The article of the name in prose: "le" Canada, "les" États-Unis, "" for Israël. */
  article: CountryArticle;
  francophone: boolean;
}

interface Agreement {
  /** Partner town as printed; null where the study names none. */
  partner: string | null;
  /** The country's French name (resolved from any alias). */
  country: string;
  note?: string;
}

export interface Commune {
  name: string;
  /** Official (census) name, used in prose: "Bagnères-de-Luchon" for "BAGNERES-DE-LUCHON". */
  displayName: string;
  insee: string;
  postalCode: string;
  department: string;
  population: number | null;
  telephoneSurvey: boolean;
  note?: string;
  agreements: Agreement[];
}

export interface Department {
  code: string;
  name: string;
  /** "de l'Ariège", "du Gers": the phrase that follows a title. */
  phrase: string;
  /** "en Ariège", "dans le Gers". */
  inPhrase?: string;
  /** Communes of the department over the survey threshold, from the census file. */
  communesOverThreshold: number;
  /** ISO codes of the countries it borders. */
  borders?: string[];
}

export interface Survey {
  /** Population threshold of the telephone survey (2,500 inhabitants). */
  threshold: number;
  /** Communes over the threshold the survey reached (the study's 156). */
  communesOverThreshold: number;
  /** Months of the telephone survey, "2002-09" to "2002-10". */
  telephone?: { from: string; to: string };
  /** The directory the register was completed from: "répertoire 2002 de l’AF CCRE". */
  directory?: string;
}

/** One figure printed in the study, to be compared with the register. */
export interface PublishedFigure {
  id: string;
  label: string;
  page: number;
  /** The statistic it is compared with: a dotted path into Statistics. */
  statistic: string;
  published: number;
  explanation?: string;
  /** Where the figure's statistic is named in published.yaml. */
  at?: Position;
}

export interface Edition {
  /** "midi-pyrenees" */
  region: string;
  regionName: string;
  /** "de Midi Pyrénées" */
  regionPhrase: string;
  /** "en Midi Pyrénées" */
  regionIn?: string;
  year: number;
  title: string;
  subject: string;
  keywords: string[];
  publisher: string;
  website: string;
  survey: Survey;
  departments: Department[];
  /** The census file (insee,name,department,population), relative to the edition folder. */
  census?: string;
  /** ISO codes of the countries the region borders. */
  borders?: string[];
  /** The region edition follows the page map of templates/structure.yaml (the printed 2002 study). */
  pageMap?: boolean;
  /** Set for a department edition. */
  department?: Department;
}

export interface Register {
  communes: Commune[];
}

/** Everything validated and resolved: the input of the statistics stage. */
export interface ValidatedReport {
  edition: Edition;
  zones: Zone[];
  annexGroups: AnnexGroup[];
  countries: Country[];
  register: Register;
  published: PublishedFigure[];
  /** The previous year's register of the same region, when it exists. */
  previous?: Register;
}
