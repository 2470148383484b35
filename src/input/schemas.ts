/**
 * The shape of every YAML file, as zod schemas. Cross-file rules (unknown country, duplicate
 * commune, postal code outside its department, ...) live in validate-report.ts.
 */
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1);
const code2 = z.string().regex(/^\d[\dAB]$/, 'a two-character department code such as "09" or "2A"');

export const countriesSchema = z.strictObject({
  zones: z
    .array(
      z.strictObject({
        id: nonEmpty,
        name: nonEmpty,
        europe: z.boolean(),
        chartTitle: nonEmpty,
        areas: z.array(z.strictObject({ id: nonEmpty, name: nonEmpty })).min(1),
      }),
    )
    .min(1),
  annexGroups: z
    .array(
      z.strictObject({
        id: nonEmpty,
        annex: z.enum(['II', 'III']),
        title: nonEmpty,
        heading: nonEmpty.optional(),
      }),
    )
    .min(1),
  countries: z
    .array(
      z.strictObject({
        name: nonEmpty,
        iso2: z.string().regex(/^[A-Z]{2}$/, 'two capital letters (ISO 3166-1 alpha-2)'),
        aliases: z.array(nonEmpty).default([]),
        zone: nonEmpty,
        area: nonEmpty.optional(),
        annexGroup: nonEmpty,
        /** The article of the name in prose ("le Canada", "les États-Unis", "Israël"); guessed when absent. */
        article: z.enum(['le', 'la', "l'", 'les', '']).optional(),
        /** French is an official or common language there (OIF member): "des pays francophones". */
        francophone: z.boolean().optional(),
      }),
    )
    .min(1),
});

export const editionSchema = z.strictObject({
  region: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by dashes, e.g. "midi-pyrenees"'),
  regionName: nonEmpty,
  regionPhrase: nonEmpty,
  /** "en Midi Pyrénées"; defaults to "en <regionName>". */
  regionIn: nonEmpty.optional(),
  year: z.number().int().min(1900).max(2999),
  title: nonEmpty,
  subject: nonEmpty,
  keywords: z.array(nonEmpty),
  publisher: nonEmpty,
  website: nonEmpty,
  census: nonEmpty,
  survey: z.strictObject({
    threshold: z.number().int().positive(),
    communesOverThreshold: z.number().int().nonnegative(),
    telephone: z.strictObject({ from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as "YYYY-MM"'), to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as "YYYY-MM"') }).optional(),
    email: nonEmpty.optional(),
    other: nonEmpty.optional(),
    /** The directory the register was completed from, as the prose names it: "répertoire 2002 de l’AF CCRE". */
    directory: nonEmpty.optional(),
  }),
  /** The region edition reproduces a printed study page for page (the `page:` targets of templates/structure.yaml). */
  pageMap: z.boolean().optional(),
  /** Countries the region borders ("une région transfrontalière avec l’Espagne"). */
  borders: z.array(z.string().regex(/^[A-Z]{2}$/, 'ISO codes of the countries the territory borders, e.g. [ES]')).optional(),
  departments: z
    .array(
      z.strictObject({
        code: code2,
        name: nonEmpty,
        phrase: nonEmpty,
        inPhrase: nonEmpty.optional(),
        borders: z.array(z.string().regex(/^[A-Z]{2}$/, 'ISO codes of the countries the territory borders, e.g. [ES]')).optional(),
      }),
    )
    .min(1),
});

export const registerSchema = z.strictObject({
  communes: z.array(
    z.strictObject({
      name: nonEmpty,
      insee: z.string().regex(/^\d[\dAB]\d{3}$/, 'a five-character INSEE code such as "09122"'),
      postalCode: z.string().regex(/^\d{5}$/, 'five digits, quoted, such as "09000"'),
      department: code2,
      // Checked in validate-report.ts, for a message that says what is wrong with the number.
      population: z.unknown(),
      telephoneSurvey: z.boolean(),
      note: nonEmpty.optional(),
      agreements: z.array(
        z.strictObject({
          partner: nonEmpty.nullable(),
          country: nonEmpty,
          note: nonEmpty.optional(),
        }),
      ),
    }),
  ),
});

export const publishedSchema = z.strictObject({
  figures: z.array(
    z.strictObject({
      id: nonEmpty,
      label: nonEmpty,
      page: z.number().int().positive(),
      statistic: nonEmpty,
      published: z.number(),
      explanation: nonEmpty.optional(),
    }),
  ),
});

const inlineText = z.string();
export const blockSchema = z.union([
  z.strictObject({ heading: inlineText }),
  z.strictObject({ subheading: inlineText }),
  z.strictObject({ minorheading: inlineText }),
  z.strictObject({ p: inlineText }),
  z.strictObject({ quote: inlineText }),
  z.strictObject({ callout: inlineText }),
  z.strictObject({ bullets: z.array(inlineText).min(1) }),
  z.strictObject({ numbered: z.array(inlineText).min(1) }),
  z.strictObject({ table: z.enum(['agreements-per-commune', 'communes-per-area', 'zones-per-commune', 'evolution-per-zone']) }),
  z.strictObject({ chart: nonEmpty }),
  // A picture from the project (content/images/...), PNG or JPEG.
  z.strictObject({ image: nonEmpty, width: z.number().positive().max(600).optional() }),
  // A group kept only when `when` renders to something other than "", "0" or "false".
  z.strictObject({ when: z.string(), blocks: z.array(z.unknown()).min(1) }),
  // A place an edition's own prose fills (data/<region>/<year>/content/<file>): its blocks replace
  // the default ones here, which are kept when the edition has none or they all come out empty.
  z.strictObject({ slot: z.string().regex(/^[\w-]+$/, 'letters, digits and dashes'), blocks: z.array(z.unknown()).optional() }),
]);

/** An edition's own prose for a shared content file: blocks for its slots, and footnotes. */
export const editionProseSchema = z.strictObject({
  slots: z.record(z.string().regex(/^[\w-]+$/), z.array(z.unknown()).min(1)).optional(),
  footnotes: z.record(z.string().regex(/^[\w-]+$/), inlineText).optional(),
});

export const sectionSchema = z.strictObject({
  id: nonEmpty,
  blocks: z.array(z.unknown()).min(1),
  footnotes: z.record(z.string().regex(/^[\w-]+$/), inlineText).optional(),
});

/* The templates' own files: templates/structure.yaml, the cover, the annexes' texts, the tables' labels. */
export const structureSchema = z.strictObject({
  title: z.string(),
  header: z.string(),
  footer: z.string(),
  footerNote: z.string(),
  expectedPages: z.number().int().positive().optional(),
  parts: z
    .array(
      z.union([
        z.strictObject({ cover: z.string() }),
        z.strictObject({ content: z.string().regex(/^[\w.-]+\.yaml$/, 'a file name in content/'), page: z.number().int().positive().optional(), flow: z.boolean().optional() }),
        z.strictObject({ toc: z.string(), page: z.number().int().positive().optional() }),
        z.strictObject({ annex: z.enum(['I', 'II', 'III']), page: z.number().int().positive().optional(), newPageBefore: z.array(z.string()).optional() }),
      ]),
    )
    .min(1),
});

export const coverSchema = z.strictObject({ lines: z.array(z.strictObject({ style: z.string(), text: z.string() })).min(1) });

// Annexe I has four columns (commune, postal code, inhabitants, agreements); II and III three.
const annexTextSchema = (columns: number) => z.strictObject({ heading: z.string(), columns: z.array(z.string()).length(columns), legend: z.string() });

const tableLabelsSchema = z.strictObject({ corner: z.string(), rows: z.array(z.string()).min(1) });

export const tablesSchema = z.strictObject({
  'agreements-per-commune': tableLabelsSchema,
  'communes-per-area': tableLabelsSchema,
  'zones-per-commune': tableLabelsSchema,
  'evolution-per-zone': tableLabelsSchema.optional(),
});

export const annexesSchema = z.strictObject({ I: annexTextSchema(4), II: annexTextSchema(3), III: annexTextSchema(3) });

export type CountriesFile = z.infer<typeof countriesSchema>;
export type RegisterFile = z.infer<typeof registerSchema>;
