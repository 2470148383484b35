/**
 * Every figure the study prints, computed from the register. Numbers stay numbers (shares are
 * fractions 0..1); fr-FR formatting happens only in the template helpers.
 */

export interface CommuneSummary {
  name: string;
  displayName: string;
  postalCode: string;
  population: number | null;
  agreements: number;
  /** Agreements per zone id (zeros included): "Toulouse anime 3 partenariats" in Eastern Europe. */
  zoneAgreements: Record<string, number>;
  /** Partner countries per zone id, with their article ("le Tchad"), in French order; [] when none. */
  zoneCountries: Record<string, string[]>;
  /** Named partner towns per country's ISO code ("Elche", "Saragosse" under ES); absent countries have none. */
  countryPartners: Record<string, string[]>;
  /** Agreements per country's ISO code, for the countries it has agreements with. */
  countryAgreements: Record<string, number>;
}

export interface CountryCount {
  name: string;
  iso2: string;
  agreements: number;
  communes: number;
  /** The name with its article: "l’Espagne", "le Canada", "Israël". */
  the: string;
  /** "de l’Espagne", "du Canada", "des États-Unis". */
  of: string;
  /** Origin, as in "une commune d’Espagne", "du Tchad", "de Chine", "des États-Unis". */
  from: string;
  francophone: boolean;
}

export interface ZoneStatistics {
  id: string;
  name: string;
  chartTitle: string;
  europe: boolean;
  agreements: number;
  /** Active communes with at least one agreement in the zone. */
  communes: number;
  shareOfActive: number;
  /** Countries of the zone with at least one agreement. */
  countryCount: number;
  /** Agreements per country, in French alphabetical order: the zone's chart. */
  countries: CountryCount[];
  /** Names (display) of the communes engaged in the zone. */
  communeNames: string[];
  /** Countries of the zone with agreements where French is spoken (all of them: "des pays francophones"). */
  francophoneCountryCount: number;
  /** The zone's countries with agreements, with their article, most agreements first. */
  countryNames: string[];
  /** The zone's country with the most agreements (ties: alphabetical), when it has any. */
  leader?: CountryCount;
}

export interface AreaStatistics {
  id: string;
  name: string;
  communes: number;
  shareOfActive: number;
}

/** A row of a "communes by N" table (D-2, zones per commune). */
export interface DistributionRow {
  /** N: the number of agreements, or of zones. */
  value: number;
  communes: number;
  /** Share of all communes considered (active + surveyed with none). */
  shareOfConsidered: number;
  /** Share of active communes; null for the 0 row. */
  shareOfActive: number | null;
}

/** An agreement that appeared or ended between two years. */
export interface AgreementChange {
  commune: string;
  displayName: string;
  insee: string;
  partner: string | null;
  country: string;
  /** Where an unnamed partner is from: "une commune d’Italie", "du Tchad", "des États-Unis". */
  from: string;
}

/**
 * An agreement whose partner is spelt differently in the two registers (same commune, same
 * country, similar name: "Lerida" in 2001, "Lleida" in 2002). It is the same agreement: it is
 * neither added nor ended, and the counts do not change.
 */
export interface RenamedAgreement {
  commune: string;
  displayName: string;
  insee: string;
  /** The commune after "de": "de Tarbes", "d’Auch", "du Fousseret", "des Cabannes". */
  of: string;
  country: string;
  /** The partner's spelling in the previous register. */
  before: string;
  /** Its spelling in this one. */
  after: string;
}

export interface ChangeCount {
  id: string;
  name: string;
  previous: number;
  current: number;
  change: number;
}

/** A country's change, with its name as prose cites it. */
export interface CountryChange extends ChangeCount {
  /** "l’Espagne", "la Chine", "les États-Unis". */
  the: string;
}

/** Year over year, when the previous year's register of the region exists. */
export interface Evolution {
  previousYear: number;
  /** The edition's year (previousYear + 1). */
  year: number;
  previousTotal: number;
  /** Agreements of this register matched by none of the previous one (renamed partners excluded). */
  added: AgreementChange[];
  /** Agreements of the previous register matched by none of this one (renamed partners excluded). */
  ended: AgreementChange[];
  /** Probable renames: one ended and one added agreement paired as the same agreement. */
  renamed: RenamedAgreement[];
  /** This year's total minus the previous one's (= added − ended). */
  net: number;
  /** Every zone, in the study's order. */
  byZone: ChangeCount[];
  /** Countries whose count changed, largest change first. */
  byCountry: CountryChange[];
  /** The countries that gained agreements, largest gain first. */
  gained: CountryChange[];
  /** The countries that lost agreements, largest loss first. */
  lost: CountryChange[];
}

export interface Statistics {
  threshold: number;
  agreements: {
    total: number;
    /** Agreements of communes over the threshold. */
    overThreshold: number;
    underThreshold: number;
  };
  communes: {
    /** Communes with at least one agreement. */
    active: number;
    activeOverThreshold: number;
    activeUnderThreshold: number;
    /** Communes over the threshold in the survey's scope (156 in the study). */
    overThreshold: number;
    /** Communes over the threshold with no agreement (73). */
    overThresholdWithout: number;
    /** Active communes plus those over the threshold with none (173): the D-2 base. */
    considered: number;
  };
  countries: {
    count: number;
    /** Every country with at least one agreement. */
    list: CountryCount[];
    /** The same, most agreements first (ties in alphabetical order). */
    ranked: CountryCount[];
    /** 1-based rank of each country with agreements, by ISO code: countries.rank.ES is 1 in 2002. */
    rank: Record<string, number>;
    /** The second and third countries, when both are strictly behind the first and ahead of the fourth ("les deux pays suivants"); else []. */
    nextTwo: CountryCount[];
  };
  /** D-2: communes by number of agreements, 0 first. */
  byAgreementCount: DistributionRow[];
  /** Share of active communes with exactly one agreement (0.69). */
  singleAgreementShare: number;
  /** Share of active communes with one or two agreements (~0.89). */
  oneOrTwoAgreementsShare: number;
  /** The commune with the most agreements (Toulouse, 11). */
  mostActive: CommuneSummary;
  /** The communes with the second-highest number of agreements (4: Millau, Mirande, Carbonne). */
  runnersUp: { agreements: number; communes: CommuneSummary[] };
  /** D-3 per zone, in the study's order. Also addressable by id: zone['europe-ce']. */
  zones: ZoneStatistics[];
  zone: Record<string, ZoneStatistics>;
  /** D-3 first table: the zone columns, Americas split. */
  areas: AreaStatistics[];
  /** D-3 second table: communes by number of zones. */
  byZoneCount: DistributionRow[];
  /** Share of active communes engaged in one or two zones (95.8 % in the study, from its rounded figures). */
  oneOrTwoZonesShare: number;
  /** Active communes with an agreement in a European zone (88). */
  europeCommunes: number;
  europeShare: number;
  /** Europe among the areas by communes engaged: a majority, first without one, tied for first, or behind another. */
  europeStanding: 'majority' | 'first' | 'tied' | 'behind';
  /** The areas outside Europe with as many communes as Europe or more (names, in the study's order). */
  europeRivals: string[];
  /** Active communes with no agreement in the first zone (the EU): the study's 12. */
  outsideFirstZoneCommunes: number;
  /** Per-country figures addressable by ISO code: country.ES.agreements. */
  country: Record<string, CountryCount>;
  /** Per-commune figures addressable by INSEE code, for prose that names a commune. */
  commune: Record<string, CommuneSummary>;
  /** Set when the previous year's register exists. */
  evolution?: Evolution;
}
