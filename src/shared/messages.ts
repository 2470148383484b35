/**
 * The one catalogue of the messages a user reads: every diagnostic, keyed by its permanent
 * `stage/rule` code, in English and in French, as functions of typed parameters. A diagnostic
 * carries its code and parameters (plain JSON: they cross processes with --jobs); its text is
 * rendered in the reader's language only when printed (formatDiagnostic), from this file.
 *
 * French lines follow French typography: ’ for the apostrophe, « » around quoted words with narrow
 * no-break spaces (U+202F) inside, a no-break space (U+00A0) before « : » and a narrow one before
 * « ; ! ? ». The `fr` tag applies it to the words written here, never to the quoted data.
 */

export type Locale = 'en' | 'fr';

/**
 * The language of the messages, from the environment given (never process.env inside a stage):
 * LC_ALL, else LC_MESSAGES, else LANG, as POSIX orders them (an empty variable counts as unset);
 * French when it starts with "fr" (fr_FR.UTF-8, fr_CA, fr), English otherwise.
 */
export function localeOf(env: Readonly<Record<string, string | undefined>>): Locale {
  const value = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /^fr(?:[_.@-]|$)/i.test(value) ? 'fr' : 'en';
}

/** U+00A0 before a colon, U+202F before ; ! ? and inside guillemets. */
const NBSP = '\u00A0';
const NNBSP = '\u202F';

/** French typography on the literal words of a template string (not on what is interpolated). */
export function fr(strings: TemplateStringsArray, ...values: unknown[]): string {
  const typeset = (s: string) =>
    s
      .replace(/'/g, '’')
      .replace(/« /g, `«${NNBSP}`)
      .replace(/ »/g, `${NNBSP}»`)
      .replace(/ :/g, `${NBSP}:`)
      .replace(/ ([;!?])/g, `${NNBSP}$1`);
  return strings.reduce((text, s, i) => text + typeset(s) + (i < values.length ? String(values[i]) : ''), '');
}

/** "word" in English. */
const q = (s: unknown) => `"${String(s)}"`;
/** « mot » in French. */
const g = (s: unknown) => `«${NNBSP}${String(s)}${NNBSP}»`;
const enList = (items: readonly unknown[]) => items.map(String).join(', ');
const frList = (items: readonly unknown[]) => items.map(String).join(', ');
const plural = (n: number, one: string, many: string) => (n === 1 || (n === 0 && one === many) ? one : many);
/** French: 0 and 1 take the singular. */
const frPlural = (n: number, one: string, many: string) => (Math.abs(n) < 2 ? one : many);
const frNumber = (n: number) => n.toLocaleString('fr-FR').replace(/\u202F|\u00A0/g, NNBSP);
const enNumber = (n: number) => n.toLocaleString('en-US');
/** A number as written, with a decimal comma (no rounding: a reconciled figure is shown whole). */
const frDecimal = (n: number) => String(n).replace('.', ',');

/* ------------------------------------------------------------------------------------------------
 * Places in a YAML file, in the user's terms: "commune Foix (line 20), population", not
 * "communes[1].population".
 */

/** One step of a path: a key as written, or an item of a list (with its name when it has one). */
export type PlaceStep = { key: string } | { list: string; index: number; name?: string; line?: number; row?: number } | { column: string };

/** A place in a file: what the file is (register, section…) and the steps down to the value. */
export interface Place {
  what: string;
  steps: PlaceStep[];
}

const FILE_KIND: Record<string, [string, string]> = {
  register: ['the register', 'le registre'],
  section: ['the section', 'la section'],
  content: ['the content file', 'le fichier de contenu'],
  structure: ['the structure', 'la structure'],
  'countries file': ['the countries file', 'le fichier des pays'],
  edition: ['the edition', 'l’édition'],
  'published figures': ['the published figures', 'les chiffres publiés'],
  'edition prose': ['the edition’s prose', 'la prose de l’édition'],
};

/** The name of one item of a list, by the list's key. */
const ITEM_NAME: Record<string, [string, string]> = {
  communes: ['commune', 'commune'],
  agreements: ['agreement', 'accord'],
  blocks: ['block', 'bloc'],
  parts: ['part', 'partie'],
  countries: ['country', 'pays'],
  zones: ['zone', 'zone'],
  areas: ['area', 'aire'],
  departments: ['department', 'département'],
  figures: ['figure', 'chiffre'],
  items: ['item', 'élément'],
  rows: ['row', 'ligne'],
  columns: ['column', 'colonne'],
  aliases: ['alias', 'alias'],
  bullets: ['bullet', 'puce'],
  numbered: ['item', 'élément'],
};

function describePlace(place: Place, locale: Locale): string {
  const l = locale === 'fr' ? 1 : 0;
  if (place.steps.length === 0) return FILE_KIND[place.what]?.[l] ?? place.what;
  const parts: string[] = [];
  let keys: string[] = [];
  const flush = () => {
    if (keys.length > 0) parts.push(keys.join('.'));
    keys = [];
  };
  for (const step of place.steps) {
    if ('column' in step) {
      flush();
      parts.push(locale === 'fr' ? g(step.column) : q(step.column));
      continue;
    }
    if ('key' in step) {
      keys.push(step.key);
      continue;
    }
    // The list's own key is said by the item's name: "communes" then [3] is "commune Foix".
    if (keys[keys.length - 1] === step.list) keys.pop();
    flush();
    const itemName = ITEM_NAME[step.list]?.[l] ?? (locale === 'fr' ? `${step.list}, élément` : `${step.list} item`);
    const label = step.name !== undefined ? `${itemName} ${step.name}` : `${itemName} ${locale === 'fr' ? `n°${NBSP}` : ''}${step.index + 1}`;
    const at =
      step.row !== undefined ? (locale === 'fr' ? `ligne ${step.row} de la feuille` : `row ${step.row}`) : step.line !== undefined ? `${locale === 'fr' ? 'ligne' : 'line'} ${step.line}` : undefined;
    parts.push(at !== undefined ? `${label} (${at})` : label);
  }
  flush();
  return parts.join(', ');
}

/** A value as the user wrote it, described in words. */
export type ValueShape = { kind: 'null' | 'list' | 'mapping' } | { kind: 'text' | 'number' | 'other'; text: string };

function describeValue(v: ValueShape, locale: Locale): string {
  const fr_ = locale === 'fr';
  switch (v.kind) {
    case 'null':
      return 'null';
    case 'list':
      return fr_ ? 'une liste' : 'a list';
    case 'mapping':
      return fr_ ? 'un ensemble de clés' : 'a mapping';
    case 'text':
      return fr_ ? `le texte ${g(v.text)}` : `the text ${JSON.stringify(v.text)}`;
    case 'number':
      return fr_ ? `le nombre ${v.text}` : `the number ${v.text}`;
    default:
      return v.text;
  }
}

/** What a schema expected: zod's type names in words. */
function expectedType(expected: string, locale: Locale): string {
  const names: Record<string, [string, string]> = {
    string: ['a text', 'un texte'],
    number: ['a number', 'un nombre'],
    boolean: ['true or false', 'true ou false (vrai ou faux)'],
    array: ['a list', 'une liste'],
    object: ['a mapping', 'un ensemble de clés'],
    record: ['a mapping', 'un ensemble de clés'],
    nonoptional: ['a value', 'une valeur'],
    population: ['a number of inhabitants, or null', 'un nombre d’habitants, ou null'],
  };
  return names[expected]?.[locale === 'fr' ? 1 : 0] ?? expected;
}

/** The formats src/input/schemas.ts asks for (zod regex messages), in French. */
const FORMATS_FR: Record<string, string> = {
  'a two-character department code such as "09" or "2A"': 'un code de département de deux caractères, par exemple "09" ou "2A"',
  'two capital letters (ISO 3166-1 alpha-2)': 'deux lettres capitales (ISO 3166-1 alpha-2)',
  'lower-case words joined by dashes, e.g. "midi-pyrenees"': 'des mots en minuscules reliés par des tirets, par exemple "midi-pyrenees"',
  'a month as "YYYY-MM"': 'un mois écrit "AAAA-MM"',
  'ISO codes of the countries the territory borders, e.g. [ES]': 'les codes ISO des pays voisins du territoire, par exemple [ES]',
  'a five-character INSEE code such as "09122"': 'un code INSEE de cinq caractères, par exemple "09122"',
  'five digits, quoted, such as "09000"': 'cinq chiffres, entre guillemets, par exemple "09000"',
  'letters, digits and dashes': 'des lettres, des chiffres et des tirets',
};

function docOf(what: string): string {
  return what === 'section' || what === 'content' ? 'content/README.md' : what === 'structure' ? 'templates/README.md' : 'data/README.md';
}

/* ------------------------------------------------------------------------------------------------
 * The catalogue.
 */

type Rendered = readonly [message: string, hint?: string];

interface Entry<P> {
  /** Parameters that exercise the entry, for the catalogue test. */
  samples: readonly P[];
  en: (p: P) => Rendered;
  fr: (p: P) => Rendered;
}

const entry = <P>(e: Entry<P>): Entry<P> => e;

const KIND_EN: Record<string, string> = { source: 'file', template: 'template', census: 'census file', picture: 'picture', font: 'font file', file: 'file' };
const KIND_FR: Record<string, string> = { source: 'le fichier', template: 'le modèle', census: 'le fichier du recensement', picture: 'l’image', font: 'le fichier de police', file: 'le fichier' };

function sizeText(bytes: number, locale: Locale): string {
  const MIB = 1024 * 1024;
  const n = (x: number) => (locale === 'fr' ? x.toFixed(1).replace('.', ',') : x.toFixed(1));
  if (bytes >= 1024 * MIB) return `${n(bytes / (1024 * MIB))} ${locale === 'fr' ? 'Gio' : 'GiB'}`;
  if (bytes >= MIB) return `${n(bytes / MIB)} ${locale === 'fr' ? 'Mio' : 'MiB'}`;
  return `${bytes} ${locale === 'fr' ? 'octets' : 'bytes'}`;
}

const TOO_LARGE_ADVICE = {
  file: ['split the file or check that this is the right file', 'scindez le fichier, ou vérifiez que c’est le bon'],
  register: ['split the register or check that this is the right file', 'scindez le registre, ou vérifiez que c’est le bon fichier'],
  section: ['split the section into several content files', 'scindez la section en plusieurs fichiers de contenu'],
  partial: ['split the partial into several', 'scindez le fragment en plusieurs'],
  picture: ['reduce the picture (a page-wide picture needs no more than a few MiB)', 'réduisez l’image (une image pleine page n’a pas besoin de plus de quelques Mio)'],
  font: ['name a smaller font file', 'indiquez un fichier de police plus petit'],
} as const;
export type TooLargeAdvice = keyof typeof TOO_LARGE_ADVICE;

/**
 * The system's error codes (errno) in words: the system's own text ("EACCES: permission denied,
 * open '/…'") is English whatever the locale. The phrases fit a path named before them.
 */
const SYSTEM_ERRORS: Record<string, readonly [string, string]> = {
  ENOENT: ['no such file or folder', 'fichier ou dossier introuvable'],
  EACCES: ['permission denied', 'permission refusée'],
  EPERM: ['operation not permitted', 'opération non permise'],
  EISDIR: ['a folder is in the way', 'un dossier occupe la place'],
  ENOTDIR: ['a file is in the way of its folder', 'un fichier occupe la place d’un dossier du chemin'],
  EEXIST: ['a file is in the way', 'un fichier occupe la place'],
  ENOTEMPTY: ['a folder is in the way', 'un dossier occupe la place'],
  ENOSPC: ['no space left on the device', 'plus de place sur le disque'],
  EDQUOT: ['disk quota exceeded', 'quota de disque dépassé'],
  EROFS: ['read-only file system', 'système de fichiers en lecture seule'],
  EMFILE: ['too many open files', 'trop de fichiers ouverts'],
  ENAMETOOLONG: ['file name too long', 'nom de fichier trop long'],
  EIO: ['input/output error', 'erreur d’entrée-sortie'],
};

/** The system's error code of a failure (EACCES…), or its text when it has none: what systemErrorText words. */
export function systemErrorCode(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return typeof e?.code === 'string' ? e.code : String(e?.message ?? e);
}

/**
 * A system error in a language: "permission denied (EACCES)"; a code without a phrase here is
 * said as itself ("EXDEV"), and so is a failure that has no code (its text).
 */
export function systemErrorText(errno: string, locale: Locale): string {
  const phrase = Object.hasOwn(SYSTEM_ERRORS, errno) ? SYSTEM_ERRORS[errno]![locale === 'fr' ? 1 : 0] : undefined;
  return phrase === undefined ? errno : `${phrase} (${errno})`;
}

const QUOTE_HINT = [
  'check the indentation and quoting on this line (strings holding ": " or "{{" need quotes)',
  fr`vérifiez l'indentation et les guillemets de cette ligne (un texte contenant ": " ou "{{" doit être entre guillemets)`,
] as const;

/** The YAML parser's error codes (err.code), each said in a plain sentence. */
const YAML_ERRORS = {
  'yaml/alias-props': ['an alias (*name) cannot have a tag or an anchor', fr`un alias (*nom) ne peut pas porter d'étiquette ni d'ancre`],
  'yaml/bad-alias': ['an alias or anchor has no name', fr`un alias ou une ancre n'a pas de nom`],
  'yaml/bad-directive': ['this "%" directive line is not valid', fr`cette ligne de directive « % » n'est pas valable`],
  'yaml/bad-dq-escape': ['a backslash escape in a double-quoted text is not valid', fr`une séquence d'échappement (barre oblique inverse) n'est pas valable dans ce texte entre guillemets doubles`],
  'yaml/bad-indent': ['the indentation of this line does not match the lines around it', fr`l'indentation de cette ligne ne correspond pas à celle des lignes voisines`],
  'yaml/bad-prop-order': ['a tag or anchor is in the wrong place', fr`une étiquette ou une ancre est mal placée`],
  'yaml/bad-scalar-start': ['a value cannot start with this character without quotes', fr`une valeur ne peut pas commencer par ce caractère sans guillemets`],
  'yaml/block-as-implicit-key': [
    'a list or a mapping stands where a key was expected: a line is probably indented too little or too much',
    fr`une liste ou des clés se trouvent là où une clé était attendue : une ligne est sans doute trop ou pas assez indentée`,
  ],
  'yaml/block-in-flow': ['an indented list or mapping is inside brackets [ ] or braces { }', fr`une liste ou des clés indentées se trouvent entre crochets [ ] ou accolades { }`],
  'yaml/duplicate-key': ['this key is written twice in the same mapping', fr`cette clé est écrite deux fois au même niveau`],
  'yaml/impossible': ['this line cannot be read', fr`cette ligne est illisible`],
  'yaml/key-over-1024-chars': ['a key is longer than 1,024 characters (a missing colon?)', fr`une clé dépasse 1 024 caractères (un deux-points oublié ?)`],
  'yaml/missing-char': ['a character is missing here: a closing quote, a colon, a comma or a space', fr`il manque un caractère ici : un guillemet fermant, un deux-points, une virgule ou une espace`],
  'yaml/multiline-implicit-key': ['a key runs over several lines', fr`une clé s'étend sur plusieurs lignes`],
  'yaml/multiple-anchors': ['a value has two anchors', fr`une valeur porte deux ancres`],
  'yaml/multiple-docs': ['the file holds several documents (a "---" line inside it)', fr`le fichier contient plusieurs documents (une ligne « --- » en son milieu)`],
  'yaml/multiple-tags': ['a value has two tags', fr`une valeur porte deux étiquettes`],
  'yaml/non-string-key': ['a key is a list or a mapping, not a word', fr`une clé est une liste ou un ensemble de clés, pas un mot`],
  'yaml/resource-exhaustion': ['the file is too complex to read (aliases repeated too many times)', fr`le fichier est trop complexe à lire (alias trop répétés)`],
  'yaml/tab-as-indent': ['a tab is used to indent: YAML indents with spaces only', fr`une tabulation sert d'indentation : le YAML s'indente uniquement avec des espaces`],
  'yaml/tag-resolve-failed': ['a tag cannot be resolved', fr`une étiquette est inconnue`],
  'yaml/unexpected-token': [
    'something is written where the file cannot have it (a stray character, a value after a closed quote, or a badly indented line)',
    fr`quelque chose est écrit là où le fichier ne peut pas l'avoir (un caractère en trop, une valeur après un guillemet fermé, ou une ligne mal indentée)`,
  ],
  'yaml/bad-collection-type': ['a tag does not fit the kind of value it is on', fr`une étiquette ne convient pas au type de la valeur qui la porte`],
} satisfies Record<string, [string, string]>;
export type YamlErrorCode = keyof typeof YAML_ERRORS;

/** The catalogue's code of a YAML parser error ("BAD_INDENT" → "yaml/bad-indent"); "yaml/impossible" for a code it does not know. */
export function yamlErrorCode(parserCode: string): YamlErrorCode {
  const code = `yaml/${parserCode.toLowerCase().replace(/_/g, '-')}`;
  return Object.hasOwn(YAML_ERRORS, code) ? (code as YamlErrorCode) : 'yaml/impossible';
}

/** MISSING_CHAR, told apart by what is missing (from the parser's message, never shown). */
export type MissingChar = 'quote' | 'colon' | 'comma' | 'space' | 'dash' | 'other';
const MISSING_CHAR: Record<MissingChar, [string, string]> = {
  quote: ['a quoted text is not closed: its closing quote is missing', fr`un texte entre guillemets n'est pas refermé : il manque le guillemet fermant`],
  colon: ['a key is not followed by ":" and its value', fr`une clé n'est pas suivie de « : » et de sa valeur`],
  comma: ['a comma is missing between two items in brackets or braces', fr`il manque une virgule entre deux éléments entre crochets ou accolades`],
  space: ['a space is missing (after ":", before "#", or after a tag or anchor)', fr`il manque une espace (après « : », avant « # », ou après une étiquette ou une ancre)`],
  dash: ['a list item lacks its "- " at the start of the line', fr`un élément de liste n'a pas son « - » en début de ligne`],
  other: YAML_ERRORS['yaml/missing-char'],
};

const yamlEntries = Object.fromEntries(
  Object.entries(YAML_ERRORS).map(([code, [en, frText]]) => [
    code,
    entry<{ missing?: MissingChar }>({
      samples: code === 'yaml/missing-char' ? [{ missing: 'quote' }, { missing: 'other' }] : [{}],
      en: (p) => [`YAML syntax: ${p.missing ? MISSING_CHAR[p.missing][0] : en}`, QUOTE_HINT[0]],
      fr: (p) => [fr`syntaxe YAML : ${p.missing ? MISSING_CHAR[p.missing][1] : frText}`, QUOTE_HINT[1]],
    }),
  ]),
) as Record<YamlErrorCode, Entry<{ missing?: MissingChar }>>;

type PopulationProblem = 'not-finite' | 'too-large' | 'not-decimal' | 'text' | 'zero' | 'negative' | 'fraction' | 'list' | 'other';
const POPULATION_FR: Record<PopulationProblem, string> = {
  'not-finite': 'n’est pas un nombre fini',
  'too-large': '',
  'not-decimal': 'n’est pas écrite en chiffres décimaux',
  text: 'est un texte',
  zero: 'est zéro',
  negative: 'est négative',
  fraction: 'n’est pas un nombre entier',
  list: 'est une liste',
  other: 'n’est pas un nombre',
};
const POPULATION_EN: Record<PopulationProblem, string> = {
  'not-finite': 'is not a finite number',
  'too-large': '',
  'not-decimal': 'is not written in decimal digits',
  text: 'is text',
  zero: 'is zero',
  negative: 'is negative',
  fraction: 'is not a whole number',
  list: 'is a list',
  other: 'is not a number',
};
const MAX_POPULATION_SHOWN = 10_000_000;

const SCHEMA_SAMPLE: Place = { what: 'register', steps: [{ key: 'communes' }, { list: 'communes', index: 5, name: 'FOIX', line: 12 }, { key: 'population' }] };

export const MESSAGES = {
  ...yamlEntries,

  // ---- sources -------------------------------------------------------------------------------
  'source/too-large': entry<{ kind: string; size: number; limit: number; advice: TooLargeAdvice; path?: string; brief?: boolean }>({
    samples: [
      { kind: 'source', size: 40_000_000, limit: 33_554_432, advice: 'register' },
      { kind: 'picture', size: 2_000, limit: 1_000, advice: 'picture', path: 'content/images/a.png' },
      { kind: 'file', size: 1_100_000, limit: 1_000_000, advice: 'section', brief: true },
    ],
    en: (p) => [
      p.brief
        ? `file is ${p.size} bytes, more than the ${p.limit} the generator reads`
        : `${p.path ? `${p.path}: ` : ''}${KIND_EN[p.kind] ?? p.kind} is ${p.size} bytes (${sizeText(p.size, 'en')}), more than the ${p.limit} (${sizeText(p.limit, 'en')}) the generator reads`,
      TOO_LARGE_ADVICE[p.advice][0],
    ],
    fr: (p) => [
      fr`${p.path ? fr`${p.path} : ` : ''}${KIND_FR[p.kind] ?? p.kind} fait ${sizeText(p.size, 'fr')}, plus que les ${sizeText(p.limit, 'fr')} que le générateur lit`,
      TOO_LARGE_ADVICE[p.advice][1],
    ],
  }),
  'source/not-a-file': entry<{ kind: string; path?: string }>({
    samples: [{ kind: 'picture', path: 'content/images/a.png' }, { kind: 'source' }],
    en: (p) => [`${p.path ? `${p.path}: ` : ''}${KIND_EN[p.kind] ?? p.kind} is not a regular file (a folder, a device or a pipe)`, 'name a regular file'],
    fr: (p) => [fr`${p.path ? fr`${p.path} : ` : ''}${KIND_FR[p.kind] ?? p.kind} n'est pas un fichier ordinaire (c'est un dossier, un périphérique ou un tube)`, fr`indiquez un fichier ordinaire`],
  }),
  'source/binary': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['file is binary, not text', 'save it as UTF-8 text'],
    fr: () => [fr`le fichier est binaire, ce n'est pas du texte`, fr`enregistrez-le en texte UTF-8`],
  }),
  'source/not-utf8': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['file is not valid UTF-8', 'save the file as UTF-8 (in a text editor: "Save with encoding" → UTF-8)'],
    fr: () => [fr`le fichier n'est pas en UTF-8 valide`, fr`enregistrez le fichier en UTF-8 (dans un éditeur de texte : « Enregistrer avec l'encodage » → UTF-8)`],
  }),
  'source/empty': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['file is empty', 'an empty file is probably a mistake: restore its content or remove it from the edition'],
    fr: () => [fr`le fichier est vide`, fr`un fichier vide est sans doute une erreur : rétablissez son contenu ou retirez-le de l'édition`],
  }),
  'source/missing-file': entry<{ path: string; census?: boolean }>({
    samples: [{ path: 'content/01-intro.yaml' }, { path: 'data/census.csv', census: true }],
    en: (p) => [
      p.census ? `census file ${p.path} not found` : `file ${p.path} not found`,
      p.census ? 'the path is relative to the edition folder' : 'check the path; files must lie inside the project',
    ],
    fr: (p) => [
      p.census ? fr`fichier du recensement ${p.path} introuvable` : fr`fichier ${p.path} introuvable`,
      p.census ? fr`le chemin part du dossier de l'édition` : fr`vérifiez le chemin ; les fichiers doivent être dans le projet`,
    ],
  }),

  // ---- YAML ------------------------------------------------------------------------------------
  'yaml/too-deep': entry<{ max: number }>({
    samples: [{ max: 64 }],
    en: (p) => [`mappings and lists nested more than ${p.max} deep`, 'no data file needs this many levels: check the indentation, or whether this is the right file'],
    fr: (p) => [fr`listes et clés imbriquées sur plus de ${p.max} niveaux`, fr`aucun fichier de données n'a besoin d'autant de niveaux : vérifiez l'indentation, ou que c'est le bon fichier`],
  }),
  'yaml/unknown-tag': entry<{ tag: string }>({
    samples: [{ tag: '!!js/function' }],
    en: (p) => [`unknown YAML tag ${JSON.stringify(p.tag)}`, 'data files hold plain text, numbers, lists and mappings: remove the tag'],
    fr: (p) => [fr`étiquette YAML inconnue ${g(p.tag)}`, fr`les fichiers de données ne contiennent que du texte, des nombres, des listes et des clés : retirez l'étiquette`],
  }),
  'yaml/unquoted-template': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['a text starting with "{{" must be in quotes', QUOTE_HINT[0]],
    fr: () => [fr`un texte qui commence par « {{ » doit être entre guillemets`, QUOTE_HINT[1]],
  }),
  'yaml/aliases': entry<{ detail: string }>({
    samples: [{ detail: 'Excessive alias count indicates a resource exhaustion attack' }],
    en: (p) => [`YAML aliases: ${p.detail}`, 'do not use YAML aliases (*name) in data files'],
    fr: () => [fr`alias YAML trop nombreux ou mal formés`, fr`n'utilisez pas d'alias YAML (*nom) dans les fichiers de données`],
  }),

  // ---- schemas -----------------------------------------------------------------------------------
  'schema/unknown-key': entry<{ key: string; place: Place }>({
    samples: [{ key: 'mayor', place: { what: 'register', steps: [{ key: 'communes' }, { list: 'communes', index: 1, name: 'Foix', line: 20 }] } }],
    en: (p) => [`unknown key "${p.key}" in ${describePlace(p.place, 'en')}`, `remove it, or check its spelling; allowed keys are listed in ${docOf(p.place.what)}`],
    fr: (p) => [fr`clé inconnue ${g(p.key)} dans ${describePlace(p.place, 'fr')}`, fr`retirez-la, ou vérifiez son orthographe ; les clés permises sont dans ${docOf(p.place.what)}`],
  }),
  'schema/missing-key': entry<{ key: string; place: Place; expected: string }>({
    samples: [
      {
        key: 'partner',
        place: { what: 'register', steps: [{ key: 'communes' }, { list: 'communes', index: 1, name: 'Foix', line: 20 }, { key: 'agreements' }, { list: 'agreements', index: 1 }] },
        expected: 'string',
      },
    ],
    en: (p) => [`missing key "${p.key}" in ${describePlace(p.place, 'en')}`, `add "${p.key}:" (${expectedType(p.expected, 'en')}); see ${docOf(p.place.what)}`],
    fr: (p) => [fr`clé ${g(p.key)} absente dans ${describePlace(p.place, 'fr')}`, fr`ajoutez ${g(`${p.key}:`)} (${expectedType(p.expected, 'fr')}) ; voir ${docOf(p.place.what)}`],
  }),
  'register/agreement-without-country': entry<{ key: string; place: Place; expected: string }>({
    samples: [
      {
        key: 'country',
        place: { what: 'register', steps: [{ key: 'communes' }, { list: 'communes', index: 0, name: 'Foix', line: 8 }, { key: 'agreements' }, { list: 'agreements', index: 0, name: 'Lerida' }] },
        expected: 'string',
      },
    ],
    en: (p) => [`missing key "${p.key}" in ${describePlace(p.place, 'en')}`, `add "${p.key}:" (${expectedType(p.expected, 'en')}); see ${docOf(p.place.what)}`],
    fr: (p) => [
      fr`clé ${g(p.key)} absente dans ${describePlace(p.place, 'fr')} : un accord nomme toujours le pays du partenaire`,
      fr`ajoutez ${g(`${p.key}:`)} (${expectedType(p.expected, 'fr')}) ; voir ${docOf(p.place.what)}`,
    ],
  }),
  'schema/wrong-type': entry<{ place: Place; expected: string; value: ValueShape; quote?: string }>({
    samples: [
      { place: SCHEMA_SAMPLE, expected: 'boolean', value: { kind: 'text', text: 'oui' } },
      {
        place: { what: 'register', steps: [{ key: 'communes' }, { list: 'communes', index: 0, name: 'Foix', line: 8 }, { key: 'postalCode' }] },
        expected: 'string',
        value: { kind: 'number', text: '09000' },
        quote: '09000',
      },
    ],
    en: (p) => [
      `${describePlace(p.place, 'en')} should be ${expectedType(p.expected, 'en')}, not ${describeValue(p.value, 'en')}`,
      p.quote !== undefined ? `put it in quotes ("${p.quote}"): without quotes a number loses its leading 0; see ${docOf(p.place.what)}` : `see ${docOf(p.place.what)}`,
    ],
    fr: (p) => [
      fr`${describePlace(p.place, 'fr')} : il faut ${expectedType(p.expected, 'fr')}, pas ${describeValue(p.value, 'fr')}`,
      p.quote !== undefined ? fr`mettez-le entre guillemets ("${p.quote}") : sans guillemets, un nombre perd son 0 initial ; voir ${docOf(p.place.what)}` : fr`voir ${docOf(p.place.what)}`,
    ],
  }),
  'schema/unknown-part': entry<{ place: Place }>({
    samples: [{ place: { what: 'structure', steps: [{ key: 'parts' }, { list: 'parts', index: 5 }] } }],
    en: (p) => [`${describePlace(p.place, 'en')} is not a known part`, 'a part is one key among cover, content, toc, annex, with an optional page (and flow for content) (see templates/README.md)'],
    fr: (p) => [
      fr`${describePlace(p.place, 'fr')} n'est pas une partie connue`,
      fr`une partie est une clé parmi cover, content, toc, annex, avec éventuellement page (et flow pour content) (voir templates/README.md)`,
    ],
  }),
  'schema/unknown-block': entry<{ place: Place }>({
    samples: [{ place: { what: 'section', steps: [{ key: 'blocks' }, { list: 'blocks', index: 6 }] } }],
    en: (p) => [
      `${describePlace(p.place, 'en')} is not a known block`,
      'a block is one key among heading, subheading, minorheading, p, quote, callout, bullets, numbered, table, chart, image, or a when/blocks group (see content/README.md)',
    ],
    fr: (p) => [
      fr`${describePlace(p.place, 'fr')} n'est pas un bloc connu`,
      fr`un bloc est une clé parmi heading, subheading, minorheading, p, quote, callout, bullets, numbered, table, chart, image, ou un groupe when/blocks (voir content/README.md)`,
    ],
  }),
  'schema/invalid-value': entry<
    | { place: Place; problem: 'one-of'; value: ValueShape; allowed: string[] }
    | { place: Place; problem: 'empty' }
    | { place: Place; problem: 'too-few'; minimum: string; list: boolean }
    | { place: Place; problem: 'other'; detail: string }
  >({
    samples: [
      { place: SCHEMA_SAMPLE, problem: 'one-of', value: { kind: 'text', text: 'x' }, allowed: ['"a"', '"b"'] },
      { place: SCHEMA_SAMPLE, problem: 'empty' },
      { place: SCHEMA_SAMPLE, problem: 'too-few', minimum: '1', list: true },
      { place: SCHEMA_SAMPLE, problem: 'other', detail: 'invalid' },
      { place: SCHEMA_SAMPLE, problem: 'other', detail: 'a five-character INSEE code such as "09122"' },
    ],
    en: (p) => {
      const where = describePlace(p.place, 'en');
      const doc = `see ${docOf(p.place.what)}`;
      switch (p.problem) {
        case 'one-of':
          return [`${where} is ${describeValue(p.value, 'en')}, expected one of ${p.allowed.join(', ')}`, doc];
        case 'empty':
          return [`${where} is empty`, doc];
        case 'too-few':
          return [`${where} needs at least ${p.minimum}${p.list ? ' item(s)' : ''}`, doc];
        default:
          return [`${where}: ${p.detail}`, doc];
      }
    },
    fr: (p) => {
      const where = describePlace(p.place, 'fr');
      const doc = fr`voir ${docOf(p.place.what)}`;
      switch (p.problem) {
        case 'one-of':
          return [fr`${where} : ${describeValue(p.value, 'fr')} n'est pas permis, les valeurs possibles sont ${p.allowed.join(', ')}`, doc];
        case 'empty':
          return [fr`${where} est vide`, doc];
        case 'too-few':
          return [p.list ? fr`${where} : il faut au moins ${p.minimum} élément(s)` : fr`${where} : il faut au moins ${p.minimum}`, doc];
        default:
          return [FORMATS_FR[p.detail] ? fr`${where} : il faut ${FORMATS_FR[p.detail]}` : fr`${where} : valeur non valable`, doc];
      }
    },
  }),

  // ---- edition, countries, census, register ----------------------------------------------------
  'edition/survey-contradicts-register': entry<{ stated: number; marked: number; counted: number }>({
    samples: [{ stated: 20, marked: 25, counted: 30 }],
    en: (p) => [
      `communesOverThreshold is ${p.stated}, but the register marks ${p.marked} communes as reached by the telephone survey, all over the threshold`,
      `write the number of communes over the threshold the survey covered (the census file counts ${p.counted})`,
    ],
    fr: (p) => [
      fr`communesOverThreshold vaut ${p.stated}, mais le registre marque ${p.marked} communes comme jointes par l'enquête téléphonique, toutes au-dessus du seuil`,
      fr`écrivez le nombre de communes au-dessus du seuil que l'enquête a couvertes (le fichier du recensement en compte ${p.counted})`,
    ],
  }),
  'edition/survey-far-from-census': entry<{ stated: number; counted: number; threshold: number }>({
    samples: [{ stated: 20, counted: 30, threshold: 2500 }],
    en: (p) => [
      `communesOverThreshold is ${p.stated}, but the census file counts ${p.counted} communes over ${p.threshold} inhabitants`,
      "check the figure: a study's count may differ a little from the census, not by more than a tenth",
    ],
    fr: (p) => [
      fr`communesOverThreshold vaut ${p.stated}, mais le fichier du recensement compte ${p.counted} communes de plus de ${frNumber(p.threshold)} habitants`,
      fr`vérifiez le chiffre : le compte d'une étude peut différer un peu du recensement, pas de plus d'un dixième`,
    ],
  }),
  'edition/census-outside-project': entry<{ path: string }>({
    samples: [{ path: '../../x.csv' }],
    en: (p) => [`census file "${p.path}" lies outside the project`, 'the census file must be inside the project, e.g. "../communes-1999.csv"'],
    fr: (p) => [fr`le fichier du recensement ${g(p.path)} est hors du projet`, fr`le fichier du recensement doit être dans le projet, par exemple "../communes-1999.csv"`],
  }),
  'edition/empty-department': entry<{ edition: string; codes: string[] }>({
    samples: [{ edition: 'midi-pyrenees-2002', codes: ['09', '31'] }],
    en: (p) => [
      `--department is empty: edition ${p.edition} has the departments ${enList(p.codes)}`,
      `name one of them (e.g. --department ${p.codes[0]}), or leave --department out to build the region`,
    ],
    fr: (p) => [
      fr`--department est vide : l'édition ${p.edition} a les départements ${frList(p.codes)}`,
      fr`nommez-en un (par exemple --department ${p.codes[0]}), ou omettez --department pour construire la région`,
    ],
  }),
  'edition/department-without-communes': entry<{ edition: string; code: string; name: string; editionDir: string; present: string[] }>({
    samples: [
      { edition: 'midi-pyrenees-2002', code: '46', name: 'Lot', editionDir: 'data/midi-pyrenees/2002', present: ['09'] },
      { edition: 'x-2002', code: '46', name: 'Lot', editionDir: 'data/x/2002', present: [] },
    ],
    en: (p) => [
      `edition ${p.edition}-${p.code} has nothing to build: department ${p.code} (${p.name}) is listed in edition.yaml but no commune of ${p.editionDir}/register.yaml is in it`,
      p.present.length > 0 ? `add its communes to the register, or build a department that has some: ${enList(p.present)}` : 'add its communes to the register',
    ],
    fr: (p) => [
      fr`l'édition ${p.edition}-${p.code} n'a rien à construire : le département ${p.code} (${p.name}) figure dans edition.yaml, mais aucune commune de ${p.editionDir}/register.yaml n'y est`,
      p.present.length > 0 ? fr`ajoutez ses communes au registre, ou construisez un département qui en a : ${frList(p.present)}` : fr`ajoutez ses communes au registre`,
    ],
  }),
  'countries/unknown-zone': entry<{ country: string; zone: string; zones: string[] }>({
    samples: [{ country: 'Espagne', zone: 'europ', zones: ['europe-ce', 'afrique'] }],
    en: (p) => [`country "${p.country}" is filed under unknown zone "${p.zone}"`, `zones are: ${enList(p.zones)}`],
    fr: (p) => [fr`le pays ${g(p.country)} est rangé dans une zone inconnue, ${g(p.zone)}`, fr`les zones sont : ${frList(p.zones)}`],
  }),
  'countries/unknown-area': entry<{ area: string; zone: string; areas: string[] }>({
    samples: [{ area: 'nord', zone: 'afrique', areas: ['maghreb', 'subsaharienne'] }],
    en: (p) => [`area "${p.area}" is not an area of zone "${p.zone}"`, `areas of ${p.zone}: ${enList(p.areas)}`],
    fr: (p) => [fr`${g(p.area)} n'est pas une aire de la zone ${g(p.zone)}`, fr`aires de ${p.zone} : ${frList(p.areas)}`],
  }),
  'countries/missing-area': entry<{ country: string; zone: string; areas: string[] }>({
    samples: [{ country: 'Mali', zone: 'afrique', areas: ['maghreb', 'subsaharienne'] }],
    en: (p) => [`zone "${p.zone}" is split into areas: country "${p.country}" needs an "area"`, `areas of ${p.zone}: ${enList(p.areas)}`],
    fr: (p) => [fr`la zone ${g(p.zone)} est divisée en aires : le pays ${g(p.country)} doit avoir une clé ${g('area')}`, fr`aires de ${p.zone} : ${frList(p.areas)}`],
  }),
  'countries/unknown-annex-group': entry<{ country: string; group: string; groups: string[] }>({
    samples: [{ country: 'Mali', group: 'afr', groups: ['europe', 'afrique'] }],
    en: (p) => [`country "${p.country}" is listed in unknown annex group "${p.group}"`, `groups are: ${enList(p.groups)}`],
    fr: (p) => [fr`le pays ${g(p.country)} est classé dans un groupe d'annexe inconnu, ${g(p.group)}`, fr`les groupes sont : ${frList(p.groups)}`],
  }),
  'countries/ambiguous-name': entry<{ spelling: string; owner: string; country: string }>({
    samples: [{ spelling: 'Congo', owner: 'République du Congo', country: 'République démocratique du Congo' }],
    en: (p) => [`"${p.spelling}" names both ${p.owner} and ${p.country}`, 'each name, ISO code and alias must designate one country'],
    fr: (p) => [fr`${g(p.spelling)} désigne à la fois ${p.owner} et ${p.country}`, fr`chaque nom, code ISO et alias doit désigner un seul pays`],
  }),
  'census/missing-column': entry<{ missing: string[]; required: string[] }>({
    samples: [{ missing: ['population'], required: ['insee', 'name', 'department', 'population'] }],
    en: (p) => [`census file lacks column(s) ${enList(p.missing)}`, `the header must name ${enList(p.required)}`],
    fr: (p) => [fr`il manque au fichier du recensement ${frPlural(p.missing.length, 'la colonne', 'les colonnes')} ${frList(p.missing)}`, fr`l'en-tête doit nommer ${frList(p.required)}`],
  }),
  'census/wrong-cell-count': entry<{ cells: number; columns: number }>({
    samples: [{ cells: 3, columns: 4 }],
    en: (p) => [`row has ${p.cells} cells, the header names ${p.columns}`, 'one cell per column of the header; put a cell holding a comma in double quotes'],
    fr: (p) => [
      fr`la ligne a ${p.cells} ${frPlural(p.cells, 'cellule', 'cellules')}, l'en-tête en nomme ${p.columns}`,
      fr`une cellule par colonne de l'en-tête ; mettez entre guillemets doubles une cellule qui contient une virgule`,
    ],
  }),
  'census/invalid-population': entry<{ problem: 'empty' } | { problem: 'not-whole'; written: string } | { problem: 'too-large'; written: string; max: number }>({
    samples: [{ problem: 'empty' }, { problem: 'not-whole', written: '2 157' }, { problem: 'too-large', written: '99999999', max: 10_000_000 }],
    en: (p) =>
      p.problem === 'too-large'
        ? [`population ${p.written} is more than ${enNumber(p.max)}, above any French commune`, 'check the figure: Paris, the largest commune, has about 2.1 million inhabitants']
        : [
            `population ${p.problem === 'empty' ? 'is empty' : `"${p.written}" is not a whole number written in decimal digits`}`,
            'the census population must be a whole number of inhabitants, digits only (e.g. 21339)',
          ],
    fr: (p) =>
      p.problem === 'too-large'
        ? [
            fr`la population ${p.written} dépasse ${frNumber(p.max)}, plus que toute commune française`,
            fr`vérifiez le chiffre : Paris, la plus grande commune, compte environ 2,1 millions d'habitants`,
          ]
        : [
            p.problem === 'empty' ? fr`la population est vide` : fr`la population ${g(p.written)} n'est pas un nombre entier écrit en chiffres`,
            fr`la population du recensement est un nombre entier d'habitants, en chiffres seulement (par exemple 21339)`,
          ],
  }),
  'census/syntax': entry<{ detail: string }>({
    samples: [{ detail: 'Quote Not Closed' }],
    en: (p) => [`CSV syntax: ${p.detail}`, 'a cell holding a comma or a quote is written in double quotes, its quotes doubled ("")'],
    fr: () => [
      fr`syntaxe CSV : une cellule est mal délimitée (guillemet non refermé, ou texte après un guillemet fermant)`,
      fr`une cellule qui contient une virgule ou un guillemet s'écrit entre guillemets doubles, ses guillemets doublés ("")`,
    ],
  }),
  'register/empty': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['the register holds no commune', 'list every commune that has an agreement under "communes:"'],
    fr: () => [fr`le registre ne contient aucune commune`, fr`listez sous ${g('communes:')} chaque commune qui a un accord`],
  }),
  'register/no-agreements': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['the register holds no agreement', 'a report needs at least one agreement'],
    fr: () => [fr`le registre ne contient aucun accord`, fr`une étude demande au moins un accord`],
  }),
  'register/too-large': entry<{ agreements: number; max: number; screened?: boolean }>({
    samples: [
      { agreements: 20000, max: 10000 },
      { agreements: 10001, max: 10000, screened: true },
    ],
    en: (p) =>
      p.screened
        ? [
            `the register holds more than ${p.max} agreements, more than a report can lay out: here is "country" key number ${p.agreements} (or an escape or alias that may spell one)`,
            'split it into regional editions',
          ]
        : [`the register holds ${p.agreements} agreements, more than the ${p.max} a report can lay out`, 'split it into regional editions'],
    fr: (p) =>
      p.screened
        ? [
            fr`le registre contient plus de ${frNumber(p.max)} accords, plus qu'une étude peut mettre en page : voici la clé « country » numéro ${frNumber(p.agreements)} (ou un échappement ou un alias qui peut l'écrire)`,
            fr`scindez-le en éditions régionales`,
          ]
        : [fr`le registre contient ${frNumber(p.agreements)} accords, plus que les ${frNumber(p.max)} qu'une étude peut mettre en page`, fr`scindez-le en éditions régionales`],
  }),
  'register/duplicate-commune': entry<{ name: string; insee: string; line?: number; row?: number }>({
    samples: [
      { name: 'Foix', insee: '09122', line: 12 },
      { name: 'Foix', insee: '09122', row: 4 },
    ],
    en: (p) => [`commune ${p.name} (INSEE ${p.insee}) is already listed ${p.row !== undefined ? `in row ${p.row}` : `at line ${p.line}`}`, 'list each commune once, with all its agreements'],
    fr: (p) => [
      fr`la commune ${p.name} (INSEE ${p.insee}) figure déjà ${p.row !== undefined ? fr`à la ligne ${p.row} de la feuille` : fr`à la ligne ${p.line}`}`,
      fr`listez chaque commune une seule fois, avec tous ses accords`,
    ],
  }),
  'register/unknown-department': entry<{ department: string; departments: string[] }>({
    samples: [{ department: '99', departments: ['09', '31'] }],
    en: (p) => [`department "${p.department}" is not a department of this edition`, `departments: ${enList(p.departments)}`],
    fr: (p) => [fr`${g(p.department)} n'est pas un département de cette édition`, fr`départements : ${frList(p.departments)}`],
  }),
  'register/postal-code-outside-department': entry<{ postalCode: string; department: string; prefix: string }>({
    samples: [{ postalCode: '31000', department: '09', prefix: '09' }],
    en: (p) => [`postal code ${p.postalCode} is outside department ${p.department}`, `postal codes of department ${p.department} start with "${p.prefix}"`],
    fr: (p) => [fr`le code postal ${p.postalCode} n'est pas dans le département ${p.department}`, fr`les codes postaux du département ${p.department} commencent par ${g(p.prefix)}`],
  }),
  'register/unknown-insee': entry<{ insee: string; census: string }>({
    samples: [{ insee: '09999', census: 'data/communes-1999.csv' }],
    en: (p) => [`INSEE code ${p.insee} is not in the census file ${p.census}`, 'look the commune up in the census file'],
    fr: (p) => [fr`le code INSEE ${p.insee} n'est pas dans le fichier du recensement ${p.census}`, fr`cherchez la commune dans le fichier du recensement`],
  }),
  'register/insee-outside-department': entry<{ insee: string; name: string; censusDepartment: string; department: string }>({
    samples: [{ insee: '31555', name: 'Toulouse', censusDepartment: '31', department: '09' }],
    en: (p) => [`INSEE code ${p.insee} (${p.name}) is in department ${p.censusDepartment}, not ${p.department}`, 'check the INSEE code and the department'],
    fr: (p) => [fr`le code INSEE ${p.insee} (${p.name}) est dans le département ${p.censusDepartment}, pas dans le ${p.department}`, fr`vérifiez le code INSEE et le département`],
  }),
  'register/unknown-country': entry<{ country: string; suggestion?: { name: string; iso2: string } }>({
    samples: [{ country: 'Allemagnne', suggestion: { name: 'Allemagne', iso2: 'DE' } }, { country: 'Atlantide' }],
    en: (p) => [
      `unknown country "${p.country}"`,
      `use a name, ISO code or alias from data/countries.yaml${p.suggestion ? `, e.g. "${p.suggestion.name}" (${p.suggestion.iso2})` : ''}, or add the country there`,
    ],
    fr: (p) => [
      fr`pays inconnu ${g(p.country)}`,
      fr`employez un nom, un code ISO ou un alias de data/countries.yaml${p.suggestion ? fr`, par exemple ${g(p.suggestion.name)} (${p.suggestion.iso2})` : ''}, ou ajoutez-y le pays`,
    ],
  }),
  'register/duplicate-agreement': entry<{ commune: string; partner: string; country: string; line?: number; row?: number }>({
    samples: [
      { commune: 'Foix', partner: 'Lerida', country: 'Espagne', line: 30 },
      { commune: 'Foix', partner: 'Lerida', country: 'Espagne', row: 3 },
    ],
    en: (p) => [`${p.commune} already has an agreement with ${p.partner} (${p.country}) ${p.row !== undefined ? `in row ${p.row}` : `at line ${p.line}`}`, 'list each agreement once'],
    fr: (p) => [
      fr`${p.commune} a déjà un accord avec ${p.partner} (${p.country}) ${p.row !== undefined ? fr`à la ligne ${p.row} de la feuille` : fr`à la ligne ${p.line}`}`,
      fr`listez chaque accord une seule fois`,
    ],
  }),
  'register/commune-without-agreement': entry<{ name: string }>({
    samples: [{ name: 'Foix' }],
    en: (p) => [`commune ${p.name} has no agreement`, 'the register lists only communes with at least one agreement: remove it or add its agreements'],
    fr: (p) => [fr`la commune ${p.name} n'a aucun accord`, fr`le registre ne liste que les communes qui ont au moins un accord : retirez-la ou ajoutez ses accords`],
  }),
  'register/population-unknown': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['population is null with no note saying why', 'add a "note:" to the commune (missing in the study? a misprint?)'],
    fr: () => [fr`la population est null sans note qui dise pourquoi`, fr`ajoutez une ${g('note:')} à la commune (absente de l'étude ? une coquille ?)`],
  }),
  'register/invalid-population': entry<{ problem: PopulationProblem; shown: string; max?: number }>({
    samples: [
      { problem: 'not-finite', shown: '1e309' },
      { problem: 'too-large', shown: '99999999', max: 10_000_000 },
      { problem: 'text', shown: '"2 157"' },
      { problem: 'zero', shown: '0' },
    ],
    en: (p) =>
      p.problem === 'too-large'
        ? [`population ${p.shown} is more than ${enNumber(p.max ?? MAX_POPULATION_SHOWN)}, above any French commune`, 'check the figure: Paris, the largest commune, has about 2.1 million inhabitants']
        : [
            p.problem === 'not-decimal' ? `population ${p.shown} ${POPULATION_EN[p.problem]}` : `population ${p.shown} ${POPULATION_EN[p.problem]}: it must be a positive whole number`,
            'write the number of inhabitants without spaces or separators (e.g. 21339), or null with a note when unknown',
          ],
    fr: (p) =>
      p.problem === 'too-large'
        ? [
            fr`la population ${p.shown} dépasse ${frNumber(p.max ?? MAX_POPULATION_SHOWN)}, plus que toute commune française`,
            fr`vérifiez le chiffre : Paris, la plus grande commune, compte environ 2,1 millions d'habitants`,
          ]
        : [
            p.problem === 'not-decimal' ? fr`la population ${p.shown} ${POPULATION_FR[p.problem]}` : fr`la population ${p.shown} ${POPULATION_FR[p.problem]} : ce doit être un nombre entier positif`,
            fr`écrivez le nombre d'habitants sans espaces ni séparateurs (par exemple 21339), ou null avec une note quand il est inconnu`,
          ],
  }),
  'evolution/probable-rename': entry<{ after: string; commune: string; country: string; before: string; previousYear: number; previousPath: string }>({
    samples: [{ after: 'Lleida', commune: 'Foix', country: 'Espagne', before: 'Lerida', previousYear: 2001, previousPath: 'data/midi-pyrenees/2001/register.yaml' }],
    en: (p) => [
      `partner "${p.after}" of ${p.commune} (${p.country}) replaces "${p.before}" of the ${p.previousYear} register: taken for the same town spelt differently, it is counted as the same agreement, neither ended nor added`,
      `same town: write "${p.after}" in ${p.previousPath} too and this warning goes; two different towns: the evolution section misses one ended and one added agreement`,
    ],
    fr: (p) => [
      fr`le partenaire ${g(p.after)} de ${p.commune} (${p.country}) remplace ${g(p.before)} du registre de ${p.previousYear} : pris pour la même ville autrement orthographiée, il compte comme le même accord, ni terminé ni ajouté`,
      fr`même ville : écrivez aussi ${g(p.after)} dans ${p.previousPath} et cet avertissement disparaît ; deux villes différentes : la section sur l'évolution omet un accord terminé et un accord ajouté`,
    ],
  }),

  // ---- content and structure --------------------------------------------------------------------
  'content/unsafe-link': entry<{ link: string; char: string }>({
    samples: [{ link: 'https://x\u202e', char: 'U+202E' }],
    en: (p) => [`the link to ${JSON.stringify(p.link)} holds the invisible character ${p.char}`, 'a link address holds no control, line-separator or direction character: retype it'],
    fr: (p) => [
      fr`le lien vers ${g(p.link)} contient le caractère invisible ${p.char}`,
      fr`une adresse de lien ne contient ni caractère de contrôle, ni séparateur de ligne, ni caractère de direction : retapez-la`,
    ],
  }),
  'structure/duplicate-section': entry<{ section: string; first: number }>({
    samples: [{ section: '05-historique.yaml', first: 3 }],
    en: (p) => [`section ${p.section} is listed twice (first as part ${p.first})`, 'list each content file once'],
    fr: (p) => [fr`la section ${p.section} est listée deux fois (d'abord comme partie ${p.first})`, fr`listez chaque fichier de contenu une seule fois`],
  }),
  'content/unknown-section': entry<{ path: string; file: string; listed: string[] }>({
    samples: [{ path: 'data/x/2002/content/99.yaml', file: '99.yaml', listed: ['01.yaml', '02.yaml'] }],
    en: (p) => [`${p.path} adds to content/${p.file}, which templates/structure.yaml does not list`, `name it after a content file of the structure: ${enList(p.listed)}`],
    fr: (p) => [fr`${p.path} complète content/${p.file}, que templates/structure.yaml ne liste pas`, fr`nommez-le d'après un fichier de contenu de la structure : ${frList(p.listed)}`],
  }),
  'content/unknown-footnote': entry<{ id: string }>({
    samples: [{ id: 'toulouse' }],
    en: (p) => [`footnote [^${p.id}] has no text`, 'add it under "footnotes:" in a content file'],
    fr: (p) => [fr`la note [^${p.id}] n'a pas de texte`, fr`ajoutez-la sous ${g('footnotes:')} dans un fichier de contenu`],
  }),
  'content/duplicate-footnote': entry<{ id: string }>({
    samples: [{ id: 'toulouse' }],
    en: (p) => [`footnote "${p.id}" is defined twice`, 'footnote ids are shared by all content files: rename one'],
    fr: (p) => [fr`la note ${g(p.id)} est définie deux fois`, fr`les identifiants de note sont communs à tous les fichiers de contenu : renommez l'une des deux`],
  }),
  'content/unknown-slot': entry<{ path: string; name: string; slots: string[] }>({
    samples: [
      { path: 'content/05.yaml', name: 'etapes', slots: ['steps'] },
      { path: 'content/05.yaml', name: 'etapes', slots: [] },
    ],
    en: (p) => [`${p.path} has no slot "${p.name}"`, `slots of ${p.path}: ${enList(p.slots) || 'none'}`],
    fr: (p) => [fr`${p.path} n'a pas d'emplacement ${g(p.name)}`, fr`emplacements de ${p.path} : ${frList(p.slots) || 'aucun'}`],
  }),
  'content/unknown-chart': entry<{ chart: string; zones: string[] }>({
    samples: [{ chart: 'europ', zones: ['europe-ce', 'afrique'] }],
    en: (p) => [`unknown chart "${p.chart}"`, `charts are the zones of data/countries.yaml: ${enList(p.zones)}`],
    fr: (p) => [fr`graphique inconnu ${g(p.chart)}`, fr`les graphiques sont les zones de data/countries.yaml : ${frList(p.zones)}`],
  }),
  'content/image-url-refused': entry<{ path: string }>({
    samples: [{ path: 'https://example.org/a.png' }],
    en: (p) => [`image "${p.path}" is a URL: the generator reads no network resource`, 'copy the picture into the project (e.g. content/images/) and name it by its path'],
    fr: (p) => [
      fr`l'image ${g(p.path)} est une adresse web : le générateur ne lit rien sur le réseau`,
      fr`copiez l'image dans le projet (par exemple dans content/images/) et désignez-la par son chemin`,
    ],
  }),
  'content/image-outside-project': entry<{ path: string }>({
    samples: [{ path: '../a.png' }],
    en: (p) => [`image "${p.path}" lies outside the project`, 'pictures must be inside the project, named by a relative path without ".." (e.g. "content/images/logo.png")'],
    fr: (p) => [fr`l'image ${g(p.path)} est hors du projet`, fr`les images doivent être dans le projet, désignées par un chemin relatif sans ".." (par exemple "content/images/logo.png")`],
  }),
  'content/image-not-found': entry<{ path: string }>({
    samples: [{ path: 'content/images/a.png' }],
    en: (p) => [`image "${p.path}" not found in the project`, 'check the path, relative to the project root (e.g. "content/images/logo.png")'],
    fr: (p) => [fr`image ${g(p.path)} introuvable dans le projet`, fr`vérifiez le chemin, relatif à la racine du projet (par exemple "content/images/logo.png")`],
  }),
  'content/image-format': entry<{ path: string }>({
    samples: [{ path: 'content/images/a.gif' }],
    en: (p) => [`image "${p.path}" is neither a PNG nor a JPEG file`, 'save the picture as PNG or JPEG'],
    fr: (p) => [fr`l'image ${g(p.path)} n'est ni un fichier PNG ni un fichier JPEG`, fr`enregistrez l'image en PNG ou en JPEG`],
  }),
  'picture/invalid': entry<{ path: string; format: string; detail: string }>({
    samples: [{ path: 'content/images/a.png', format: 'PNG', detail: 'truncated chunk at byte 33' }],
    en: (p) => [`image "${p.path}" is not a readable ${p.format} file: ${p.detail}`, 'the file is damaged or truncated: export the picture again as PNG or JPEG'],
    fr: (p) => [fr`l'image ${g(p.path)} n'est pas un fichier ${p.format} lisible (${p.detail})`, fr`le fichier est abîmé ou tronqué : exportez de nouveau l'image en PNG ou en JPEG`],
  }),
  'content/paragraph-too-long': entry<{ length: number; max: number }>({
    samples: [{ length: 200000, max: 100000 }],
    en: (p) => [`text is ${p.length} characters long once rendered, more than the ${p.max} a paragraph may hold`, 'split it into several paragraphs'],
    fr: (p) => [fr`le texte fait ${frNumber(p.length)} caractères une fois rendu, plus que les ${frNumber(p.max)} qu'un paragraphe peut contenir`, fr`scindez-le en plusieurs paragraphes`],
  }),
  'glyph/missing': entry<{ chars: { character: string; codePoint: string }[]; faces: string[]; more: number }>({
    samples: [
      { chars: [{ character: '重', codePoint: '91CD' }], faces: ['Roboto'], more: 0 },
      {
        chars: [
          { character: '重', codePoint: '91CD' },
          { character: 'ا', codePoint: '0627' },
        ],
        faces: ['Roboto', 'Roboto italic'],
        more: 2,
      },
    ],
    en: (p) => {
      const describe = (c: { character: string; codePoint: string }) => `« ${c.character} » (U+${c.codePoint})`;
      const [first, ...others] = p.chars;
      const also = others.length === 0 ? '' : `; nor ${others.map(describe).join(', ')}${p.more > 0 ? ` and ${p.more} more` : ''} on this line`;
      return [
        `${describe(first!)} cannot be drawn by ${p.faces.join(', ')}${also}`,
        "the theme's fonts have no glyph for it: it would print as an empty box. Write the name in Latin letters (transliterated) or leave the character out, or set a font that has it in templates/theme.yaml",
      ];
    },
    fr: (p) => {
      const describe = (c: { character: string; codePoint: string }) => `${g(c.character)} (U+${c.codePoint})`;
      const [first, ...others] = p.chars;
      const also = others.length === 0 ? '' : fr` ; ni ${others.map(describe).join(', ')}${p.more > 0 ? fr` et ${p.more} autres` : ''} sur cette ligne`;
      return [
        fr`${describe(first!)} ne peut pas être dessiné par ${p.faces.join(', ')}${also}`,
        fr`les polices du thème n'ont pas de glyphe pour ce caractère : il s'imprimerait comme une case vide. Écrivez le nom en lettres latines (translittéré), ou omettez le caractère, ou choisissez dans templates/theme.yaml une police qui l'a`,
      ];
    },
  }),

  // ---- templates --------------------------------------------------------------------------------
  'template/recursive-partial': entry<{ cycle: string[] }>({
    samples: [{ cycle: ['a', 'a'] }, { cycle: ['a', 'b', 'c', 'a'] }],
    en: (p) => [`partial "${p.cycle[0]}" includes itself${p.cycle.length > 2 ? ` through ${p.cycle.slice(1, -1).join(' → ')}` : ''}`, 'a partial must not include itself, directly or through another'],
    fr: (p) => [
      fr`le fragment ${g(p.cycle[0])} s'inclut lui-même${p.cycle.length > 2 ? fr` par ${p.cycle.slice(1, -1).join(' → ')}` : ''}`,
      fr`un fragment ne doit pas s'inclure lui-même, ni directement ni par un autre`,
    ],
  }),
  'template/budget': entry<{ what: string; limit: 'steps' | 'output'; max: number }>({
    samples: [
      { what: 'the build', limit: 'steps', max: 100000 },
      { what: 'content/05.yaml', limit: 'output', max: 2000000 },
    ],
    en: (p) => [
      p.limit === 'steps' ? `${p.what}'s templates did more than ${p.max} steps (block iterations, partial expansions, helper calls)` : `${p.what}'s templates produced more than ${p.max} characters`,
      'a block or partial repeats far more than any report needs: look for nested {{#each}} or partials that include others several times',
    ],
    fr: (p) => {
      const whose = p.what === 'the build' ? 'de la construction' : `de ${p.what}`;
      return [
        p.limit === 'steps'
          ? fr`les modèles ${whose} ont fait plus de ${frNumber(p.max)} étapes (tours de blocs, expansions de fragments, appels d'assistants)`
          : fr`les modèles ${whose} ont produit plus de ${frNumber(p.max)} caractères`,
        fr`un bloc ou un fragment se répète bien plus qu'aucune étude n'en a besoin : cherchez des {{#each}} imbriqués, ou des fragments qui en incluent d'autres plusieurs fois`,
      ];
    },
  }),
  'template/too-long': entry<{ length: number; max: number }>({
    samples: [{ length: 300000, max: 200000 }],
    en: (p) => [`template is ${p.length} characters long, more than ${p.max}`, 'split the text into several blocks'],
    fr: (p) => [fr`le modèle fait ${frNumber(p.length)} caractères, plus que ${frNumber(p.max)}`, fr`scindez le texte en plusieurs blocs`],
  }),
  'template/too-deep': entry<{ max: number } | { recursion: true }>({
    samples: [{ max: 64 }, { recursion: true }],
    en: (p) =>
      'recursion' in p
        ? ['template recursion too deep (a partial that includes itself?)', 'a partial must not include itself, directly or through another']
        : [`blocks nested more than ${p.max} deep`, 'simplify the conditions: no real sentence needs this many nested blocks'],
    fr: (p) =>
      'recursion' in p
        ? [fr`récursion trop profonde dans les modèles (un fragment qui s'inclut lui-même ?)`, fr`un fragment ne doit pas s'inclure lui-même, ni directement ni par un autre`]
        : [fr`blocs imbriqués sur plus de ${p.max} niveaux`, fr`simplifiez les conditions : aucune phrase réelle n'a besoin d'autant de blocs imbriqués`],
  }),
  'template/forbidden-decorator': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['inline partials and decorators ({{#*…}}, {{*…}}) may not be used in a template', 'put shared text in a partial, templates/partials/<name>.hbs, and include it with {{> name}}'],
    fr: () => [
      fr`les fragments en ligne et les décorateurs ({{#*…}}, {{*…}}) sont interdits dans un modèle`,
      fr`mettez le texte commun dans un fragment, templates/partials/<nom>.hbs, et incluez-le avec {{> nom}}`,
    ],
  }),
  'template/forbidden-name': entry<{ name: string }>({
    samples: [{ name: 'constructor' }],
    en: (p) => [`"${p.name}" may not be used in a template`, 'templates read statistics only; prototype members are refused'],
    fr: (p) => [fr`${g(p.name)} est interdit dans un modèle`, fr`les modèles ne lisent que les statistiques ; les membres de prototype sont refusés`],
  }),
  'template/unknown-statistic': entry<{ path: string; suggestion?: string; known?: string }>({
    samples: [{ path: 'communes.actives' }, { path: 'commune.[81004].populaton', suggestion: 'population', known: 'commune.[81004]' }],
    en: (p) => [
      p.suggestion ? `unknown statistic "${p.path}": ${p.known} has no "${p.path.slice(p.known!.length + 1)}", did you mean "${p.suggestion}"?` : `unknown statistic "${p.path}"`,
      p.suggestion
        ? `write ${p.known}.${p.suggestion}; the statistics are listed in content/README.md`
        : 'check the spelling against the statistics listed in content/README.md (e.g. agreements.total, zone.[europe-ce].communes)',
    ],
    fr: (p) => [
      p.suggestion
        ? fr`statistique inconnue ${g(p.path)} : ${p.known} n'a pas de ${g(p.path.slice(p.known!.length + 1))}, vouliez-vous dire ${g(p.suggestion)} ?`
        : fr`statistique inconnue ${g(p.path)}`,
      p.suggestion
        ? fr`écrivez ${p.known}.${p.suggestion} ; les statistiques sont listées dans content/README.md`
        : fr`vérifiez l'orthographe d'après les statistiques listées dans content/README.md (par exemple agreements.total, zone.[europe-ce].communes)`,
    ],
  }),
  'template/unknown-commune': entry<{ path: string; commune: string; match?: { insee: string; name: string } }>({
    samples: [
      { path: 'commune.Albii.population', commune: 'Albii' },
      { path: 'commune.Albi.population', commune: 'Albi', match: { insee: '81004', name: 'Albi' } },
    ],
    en: (p) => [
      `no commune "${p.commune}" in the register of this edition (in "${p.path}")`,
      p.match
        ? `communes are named by their INSEE code: write commune.[${p.match.insee}] for ${p.match.name}`
        : 'communes are named by their INSEE code (commune.[31555]); guard a commune absent from some editions with {{#with commune.[INSEE]}}…{{/with}}',
    ],
    fr: (p) => [
      fr`aucune commune ${g(p.commune)} dans le registre de cette édition (dans ${g(p.path)})`,
      p.match
        ? fr`les communes sont désignées par leur code INSEE : écrivez commune.[${p.match.insee}] pour ${p.match.name}`
        : fr`les communes sont désignées par leur code INSEE (commune.[31555]) ; protégez une commune absente de certaines éditions par {{#with commune.[INSEE]}}…{{/with}}`,
    ],
  }),
  'template/missing-value': entry<{ before?: string }>({
    samples: [{}, { before: 'population' }],
    en: (p) =>
      p.before === undefined
        ? ['a helper was given no value', 'check the names passed to num, pct, plural and list']
        : [
            `a value is missing before ".${p.before}" in this edition`,
            'a commune or country absent from an edition has no statistics: guard the text with {{#with commune.[INSEE]}}…{{/with}} or {{#if …}}',
          ],
    fr: (p) =>
      p.before === undefined
        ? [fr`un assistant n'a reçu aucune valeur`, fr`vérifiez les noms passés à num, pct, plural et list`]
        : [
            fr`il manque une valeur avant ${g(`.${p.before}`)} dans cette édition`,
            fr`une commune ou un pays absent d'une édition n'a pas de statistiques : protégez le texte par {{#with commune.[INSEE]}}…{{/with}} ou {{#if …}}`,
          ],
  }),
  'template/syntax': entry<{ unclosed: true } | { expected: string[] }>({
    samples: [{ unclosed: true }, { expected: ['CLOSE', 'ID'] }],
    en: (p) => [
      `Handlebars syntax: ${'unclosed' in p ? 'the template ends inside an unclosed block' : `expected ${p.expected.map((t) => `'${t}'`).join(', ')}`}`,
      'every {{#block}} needs its {{/block}}; write literal braces as \\{{',
    ],
    fr: (p) => [
      'unclosed' in p
        ? fr`syntaxe des modèles : le texte se termine dans un bloc non refermé`
        : fr`syntaxe des modèles : les accolades {{ … }} sont mal formées ici (un nom, une fermeture }} ou un bloc mal écrit)`,
      fr`chaque {{#bloc}} demande son {{/bloc}} ; écrivez des accolades littérales \\{{`,
    ],
  }),
  'template/unknown-helper': entry<{ helper: string; helpers: string[] }>({
    samples: [{ helper: 'nmu', helpers: ['num', 'pct'] }],
    en: (p) => [`unknown helper "${p.helper}"`, `helpers: ${enList(p.helpers)}`],
    fr: (p) => [fr`assistant inconnu ${g(p.helper)}`, fr`assistants : ${frList(p.helpers)}`],
  }),
  'template/unknown-partial': entry<{ partial: string }>({
    samples: [{ partial: 'signature' }],
    en: (p) => [`unknown partial "${p.partial}"`, 'partials are the .hbs files of templates/partials/'],
    fr: (p) => [fr`fragment inconnu ${g(p.partial)}`, fr`les fragments sont les fichiers .hbs de templates/partials/`],
  }),
  'template/render': entry<{ detail: string }>({
    samples: [{ detail: 'num expects a number' }],
    en: (p) => [p.detail, 'check the helper arguments: numbers for num and pct, a list for list'],
    fr: (p) => [fr`le modèle n'a pas pu être rendu (${p.detail})`, fr`vérifiez les arguments des assistants : des nombres pour num et pct, une liste pour list`],
  }),

  // ---- theme, charts, layout --------------------------------------------------------------------
  'theme/unknown-font': entry<{ spec: string; example?: boolean }>({
    samples: [{ spec: 'x.ttf' }, { spec: 'x.ttf', example: true }],
    en: (p) => [
      `font file "${p.spec}" is not in an installed package`,
      p.example ? 'name a .ttf file inside node_modules, e.g. "pdfmake/build/fonts/Roboto/Roboto-Regular.ttf"' : 'name a .ttf file inside node_modules',
    ],
    fr: (p) => [
      fr`le fichier de police ${g(p.spec)} n'est dans aucun paquet installé`,
      p.example ? fr`indiquez un fichier .ttf de node_modules, par exemple "pdfmake/build/fonts/Roboto/Roboto-Regular.ttf"` : fr`indiquez un fichier .ttf de node_modules`,
    ],
  }),
  'theme/font-invalid': entry<{ spec: string; detail: string }>({
    samples: [{ spec: 'x.ttf', detail: 'Unknown font format' }],
    en: (p) => [`font file "${p.spec}" is not a usable font: ${p.detail}`, 'name a TrueType or OpenType font file (.ttf, .otf) of an installed package'],
    fr: (p) => [fr`le fichier ${g(p.spec)} n'est pas une police utilisable (${p.detail})`, fr`indiquez un fichier de police TrueType ou OpenType (.ttf, .otf) d'un paquet installé`],
  }),
  'charts/cache-entry-ignored': entry<{ reason: string; more: number }>({
    samples: [
      { reason: 'not an SVG file', more: 0 },
      { reason: 'not an SVG file', more: 2 },
    ],
    en: (p) => [
      `cached chart ignored, drawn again: ${p.reason}${p.more > 0 ? ` (and ${p.more} more ${p.more === 1 ? 'entry' : 'entries'})` : ''}`,
      'the build rewrites the cache; something else wrote into it: delete the folder, or build with --no-cache',
    ],
    fr: (p) => [
      fr`graphique en cache ignoré, dessiné de nouveau (${p.reason})${p.more > 0 ? fr`, et ${p.more} ${frPlural(p.more, 'autre', 'autres')}` : ''}`,
      fr`la construction réécrit le cache ; autre chose y a écrit : supprimez le dossier, ou construisez avec --no-cache`,
    ],
  }),
  'charts/cache-unwritable': entry<{ reason: string }>({
    samples: [{ reason: 'EACCES: permission denied' }],
    en: (p) => [`the chart cache is not written: ${p.reason}`, 'charts are drawn on every build until the folder can be written (or build with --no-cache)'],
    fr: (p) => [
      fr`le cache des graphiques n'est pas écrit (${p.reason})`,
      fr`les graphiques sont dessinés à chaque construction tant que le dossier ne peut pas être écrit (ou construisez avec --no-cache)`,
    ],
  }),
  'layout/footnotes-too-long': entry<{ file: string; notes: number; space: number; limit: number }>({
    samples: [{ file: 'content/05.yaml', notes: 80, space: 400, limit: 350 }],
    en: (p) => [
      `the ${p.notes} notes called in one paragraph of ${p.file} take ${p.space} pt at the foot of its page, more than the ${p.limit} pt (half the text block) notes may take`,
      "a paragraph's notes are set at the foot of its page: shorten them, move some into the text, or spread the calls over several paragraphs",
    ],
    fr: (p) => [
      fr`les ${p.notes} notes appelées dans un même paragraphe de ${p.file} occupent ${p.space} pt en bas de page, plus que les ${p.limit} pt (la moitié du bloc de texte) permis aux notes`,
      fr`les notes d'un paragraphe sont placées en bas de sa page : raccourcissez-les, passez-en dans le texte, ou répartissez les appels sur plusieurs paragraphes`,
    ],
  }),
  'layout/page-map': entry<{ part: number; kind: string; name: string; laidOut: number; target: number }>({
    samples: [
      { part: 3, kind: 'section', name: 'content/05.yaml', laidOut: 7, target: 6 },
      { part: 9, kind: 'annex', name: 'A', laidOut: 20, target: 21 },
      { part: 1, kind: 'toc', name: 'toc', laidOut: 3, target: 2 },
    ],
    en: (p) => [
      `part ${p.part} (${p.kind === 'annex' ? `annexe ${p.name}` : p.name}) starts on page ${p.laidOut}, not ${p.target}`,
      'the part before it is too long or too short for its pages: shorten the text or adjust the theme sizes',
    ],
    fr: (p) => {
      const label = p.kind === 'annex' ? `annexe ${p.name}` : p.kind === 'section' ? p.name : (({ cover: 'couverture', toc: 'sommaire' } as Record<string, string>)[p.name] ?? p.name);
      return [
        fr`la partie ${p.part} (${label}) commence page ${p.laidOut}, pas page ${p.target}`,
        fr`la partie précédente est trop longue ou trop courte pour ses pages : raccourcissez le texte ou ajustez les tailles du thème`,
      ];
    },
  }),
  'layout/page-count': entry<{ pages: number; expected: number }>({
    samples: [{ pages: 29, expected: 28 }],
    en: (p) => [`the report has ${p.pages} pages, not ${p.expected}`, 'see the page-map warnings'],
    fr: (p) => [fr`l'étude a ${p.pages} pages, pas ${p.expected}`, fr`voir les avertissements layout/page-map`],
  }),

  // ---- spreadsheet import ---------------------------------------------------------------------------
  'import/csv-syntax': entry<{ detail: string }>({
    samples: [{ detail: 'Quote Not Closed' }],
    en: (p) => [`CSV syntax: ${p.detail}`, 'a cell holding the separator, a quote or a line break must be in double quotes, its quotes doubled ("")'],
    fr: () => [
      fr`syntaxe CSV : une cellule est mal délimitée (guillemet non refermé, ou texte après un guillemet fermant)`,
      fr`une cellule qui contient le séparateur, un guillemet ou un saut de ligne doit être entre guillemets doubles, ses guillemets doublés ("")`,
    ],
  }),
  'import/unreadable-workbook': entry<{ detail: string }>({
    samples: [{ detail: 'end of central directory not found' }],
    en: (p) => [`not a readable .xlsx workbook: ${p.detail}`, 'open it in Excel or LibreOffice and save it again as "Classeur Excel (.xlsx)"'],
    fr: (p) => [fr`ce n'est pas un classeur .xlsx lisible (${p.detail})`, fr`ouvrez-le dans Excel ou LibreOffice et enregistrez-le de nouveau en « Classeur Excel (.xlsx) »`],
  }),
  'import/no-sheet': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['the workbook has no sheet'],
    fr: () => [fr`le classeur n'a aucune feuille`],
  }),
  'import/unknown-column': entry<{ column: string; columns: string[] }>({
    samples: [{ column: 'Maire', columns: ['Commune', 'INSEE'] }],
    en: (p) => [`column "${p.column}" is not a field of the register: it is not imported`, `columns: ${enList(p.columns)} (data/README.md)`],
    fr: (p) => [fr`la colonne ${g(p.column)} n'est pas un champ du registre : elle n'est pas importée`, fr`colonnes : ${frList(p.columns)} (data/README.md)`],
  }),
  'import/duplicate-column': entry<{ column: string; other: string; otherHeader: string }>({
    samples: [{ column: 'Commune', other: 'A', otherHeader: 'Nom' }],
    en: (p) => [`column "${p.column}" says the same as column ${p.other} ("${p.otherHeader}")`, 'keep one of them'],
    fr: (p) => [fr`la colonne ${g(p.column)} dit la même chose que la colonne ${p.other} (${g(p.otherHeader)})`, fr`gardez-en une seule`],
  }),
  'import/missing-column': entry<{ missing: string[]; columns: string[] } | { telephone: string }>({
    samples: [{ missing: ['Commune', 'INSEE'], columns: ['Commune', 'INSEE', 'Pays'] }, { telephone: 'Enquête téléphonique' }],
    en: (p) =>
      'telephone' in p
        ? [`no column "${p.telephone}": every commune is taken as not reached by telephone`, 'add the column, "oui" or "non" on each row']
        : [`the header row has no column ${p.missing.map((c) => `"${c}"`).join(', ')}`, `the first row names the columns: ${enList(p.columns)} (in any order)`],
    fr: (p) =>
      'telephone' in p
        ? [fr`pas de colonne ${g(p.telephone)} : toutes les communes sont comptées comme non jointes par téléphone`, fr`ajoutez la colonne, « oui » ou « non » sur chaque ligne`]
        : [fr`la ligne d'en-tête n'a pas de colonne ${p.missing.map(g).join(', ')}`, fr`la première ligne nomme les colonnes : ${frList(p.columns)} (dans n'importe quel ordre)`],
  }),
  'import/inconsistent-commune': entry<{ column: string; value: string; known: string; row: number; cell: string }>({
    samples: [{ column: 'Population', value: '9110', known: '9109', row: 2, cell: 'E2' }],
    en: (p) => [
      `"${p.column}" is ${p.value} here but ${p.known} in row ${p.row}, for the same commune`,
      `a commune's cells are the same on each of its rows (or left empty below the first); correct ${p.cell} or this cell`,
    ],
    fr: (p) => [
      fr`${g(p.column)} vaut ${p.value} ici mais ${p.known} à la ligne ${p.row}, pour la même commune`,
      fr`les cellules d'une commune sont les mêmes sur chacune de ses lignes (ou laissées vides sous la première) ; corrigez ${p.cell} ou cette cellule`,
    ],
  }),
  'import/empty': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['the sheet has no row under its header', 'one row per agreement: commune, codes, population, partner, country'],
    fr: () => [fr`la feuille n'a aucune ligne sous son en-tête`, fr`une ligne par accord : commune, codes, population, partenaire, pays`],
  }),
  'import/code-as-number': entry<{ number: string; code: string }>({
    samples: [{ number: '9000', code: '09000' }],
    en: (p) => [`the code is the number ${p.number} in the sheet: read as "${p.code}"`, 'format the column as Text (Format > Cells > Text) so that the leading 0 is kept'],
    fr: (p) => [fr`le code est le nombre ${p.number} dans la feuille : lu comme ${g(p.code)}`, fr`mettez la colonne au format Texte (Format > Cellules > Texte) pour garder le 0 initial`],
  }),
  'import/ods-needs-libreoffice': entry<Record<string, never>>({
    samples: [{}],
    en: () => [
      'reading an .ods sheet needs LibreOffice (the "libreoffice" or "soffice" command), which is not installed here',
      'install it (apt-get install libreoffice-calc-nogui), or save the sheet as .xlsx or .csv in LibreOffice ("Enregistrer sous")',
    ],
    fr: () => [
      fr`lire une feuille .ods demande LibreOffice (la commande « libreoffice » ou « soffice »), qui n'est pas installé ici`,
      fr`installez-le (apt-get install libreoffice-calc-nogui), ou enregistrez la feuille en .xlsx ou en .csv dans LibreOffice (« Enregistrer sous »)`,
    ],
  }),

  // ---- outputs and reconciliation ----------------------------------------------------------------
  'output/write-failed': entry<{ path: string; errno: string; nothing?: boolean }>({
    samples: [
      { path: 'out/x.pdf', errno: 'EACCES' },
      { path: 'out/x.pdf', errno: 'ENOSPC', nothing: true },
      { path: 'out/x.pdf', errno: 'EXDEV' },
    ],
    en: (p) => [
      p.nothing
        ? `cannot write ${p.path}: ${systemErrorText(p.errno, 'en')}; nothing written`
        : `cannot write ${p.path}: ${systemErrorText(p.errno, 'en')}; the previous PDF and CSVs are left as they were`,
      'make the output folder writable, free some space, or remove what is in the way (or choose another --out)',
    ],
    fr: (p) => [
      p.nothing
        ? fr`impossible d'écrire ${p.path} : ${systemErrorText(p.errno, 'fr')} ; rien n'est écrit`
        : fr`impossible d'écrire ${p.path} : ${systemErrorText(p.errno, 'fr')} ; le PDF et les CSV précédents sont laissés tels quels`,
      fr`rendez le dossier de sortie accessible en écriture, libérez de la place, ou retirez ce qui gêne (ou choisissez un autre --out)`,
    ],
  }),
  'reconcile/unexplained': entry<{ figure: string; statistic?: string; published?: string; computed?: string }>({
    samples: [
      { figure: 'communes.total', statistic: 'communes.totl' },
      { figure: 'communes.total', published: '120', computed: '121' },
    ],
    en: (p) => [
      p.statistic !== undefined ? `${p.figure}: statistic "${p.statistic}" does not exist` : `${p.figure}: published ${p.published}, computed ${p.computed}, and published.yaml gives no explanation`,
    ],
    fr: (p) => [
      p.statistic !== undefined
        ? fr`${p.figure} : la statistique ${g(p.statistic)} n'existe pas`
        : fr`${p.figure} : publié ${p.published}, calculé ${p.computed}, et published.yaml ne donne aucune explication`,
    ],
  }),

  // ---- the CLI's own lines: usage errors (exit 2) and what a command did -----------------------
  'usage/not-in-project': entry<{ settings: string; cwd: string }>({
    samples: [{ settings: 'coopdec.yaml', cwd: '/tmp' }],
    en: (p) => [
      `not inside a coopdec-report project: neither ${p.settings} nor package.json in ${p.cwd} or any folder above it; run the command inside the project, or name the edition with --data <dir>`,
    ],
    fr: (p) => [
      fr`hors d'un projet coopdec-report : ni ${p.settings} ni package.json dans ${p.cwd} ou un dossier au-dessus ; lancez la commande dans le projet, ou désignez l'édition avec --data <dossier>`,
    ],
  }),
  'usage/empty-data': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['--data is empty: name an edition folder such as data/midi-pyrenees/2002'],
    fr: () => [fr`--data est vide : indiquez un dossier d'édition, par exemple data/midi-pyrenees/2002`],
  }),
  'usage/edition-missing': entry<{ settings: string; edition: string; fromSettings: boolean }>({
    samples: [
      { settings: 'coopdec.yaml', edition: 'data/x/2002', fromSettings: true },
      { settings: 'coopdec.yaml', edition: 'data/x/2002', fromSettings: false },
    ],
    en: (p) => [
      p.fromSettings
        ? `${p.settings} names the edition ${p.edition}, which does not exist: correct ${p.settings}, or make the edition with "coopdec-report new"`
        : `the project has no ${p.settings} and the default edition ${p.edition} does not exist: write "edition: data/<region>/<year>" in ${p.settings}, or give --data`,
    ],
    fr: (p) => [
      p.fromSettings
        ? fr`${p.settings} désigne l'édition ${p.edition}, qui n'existe pas : corrigez ${p.settings}, ou créez l'édition avec « coopdec-report new »`
        : fr`le projet n'a pas de ${p.settings} et l'édition par défaut ${p.edition} n'existe pas : écrivez « edition: data/<région>/<année> » dans ${p.settings}, ou donnez --data`,
    ],
  }),
  'usage/unknown-department': entry<{ code: string; file: string; codes: string[] }>({
    samples: [{ code: '99', file: 'data/x/2002/edition.yaml', codes: ['09', '31'] }],
    en: (p) => [`department "${p.code}" is not in ${p.file} (departments: ${enList(p.codes)})`],
    fr: (p) => [fr`le département ${g(p.code)} n'est pas dans ${p.file} (départements : ${frList(p.codes)})`],
  }),
  'usage/all-and-department': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['--all and --department cannot be used together'],
    fr: () => [fr`--all et --department ne peuvent pas être employés ensemble`],
  }),
  'usage/no-edition-folder': entry<{ folder: string }>({
    samples: [{ folder: 'data/x/2002' }],
    en: (p) => [`edition folder ${p.folder} does not exist`],
    fr: (p) => [fr`le dossier d'édition ${p.folder} n'existe pas`],
  }),
  'usage/all-out-file': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['--all writes several PDFs: --out must be a folder'],
    fr: () => [fr`--all écrit plusieurs PDF : --out doit être un dossier`],
  }),
  'usage/unknown-only': entry<{ unknown: string[]; editionDir: string; editions: string }>({
    samples: [
      { unknown: ['x'], editionDir: 'data/x/2002', editions: 'x-2002, -09' },
      { unknown: ['x', 'y'], editionDir: 'data/x/2002', editions: 'x-2002' },
    ],
    en: (p) => [`--only: ${p.unknown.map(q).join(', ')} ${p.unknown.length === 1 ? 'is not an edition' : 'are not editions'} of ${p.editionDir} (editions: ${p.editions})`],
    fr: (p) => [fr`--only : ${p.unknown.map(g).join(', ')} ${p.unknown.length === 1 ? fr`n'est pas une édition` : fr`ne sont pas des éditions`} de ${p.editionDir} (éditions : ${p.editions})`],
  }),
  'usage/jobs': entry<{ jobs: string }>({
    samples: [{ jobs: '0' }],
    en: (p) => [`--jobs must be a whole number of at least 1, not "${p.jobs}"`],
    fr: (p) => [fr`--jobs doit être un nombre entier d'au moins 1, pas ${g(p.jobs)}`],
  }),
  'usage/not-an-edition-folder': entry<{ folder: string; hint?: boolean }>({
    samples: [{ folder: 'data/x', hint: true }, { folder: 'data/x' }],
    en: (p) => [`${p.folder} is not an edition folder: it has no edition.yaml${p.hint ? ' (make one with "coopdec-report new")' : ''}`],
    fr: (p) => [fr`${p.folder} n'est pas un dossier d'édition : il n'a pas d'edition.yaml${p.hint ? fr` (créez-en un avec « coopdec-report new »)` : ''}`],
  }),
  'usage/spreadsheet-not-found': entry<{ file: string }>({
    samples: [{ file: 'registre.xlsx' }],
    en: (p) => [`spreadsheet ${p.file} not found`],
    fr: (p) => [fr`feuille de calcul ${p.file} introuvable`],
  }),
  'usage/spreadsheet-too-large': entry<{ file: string; mib: number }>({
    samples: [{ file: 'registre.xlsx', mib: 32 }],
    en: (p) => [`${p.file} is over ${p.mib} MiB: is it the register?`],
    fr: (p) => [fr`${p.file} dépasse ${p.mib} Mio : est-ce bien le registre ?`],
  }),
  'usage/spreadsheet-extension': entry<{ file: string; extension: string }>({
    samples: [
      { file: 'registre.pdf', extension: '.pdf' },
      { file: 'registre', extension: '' },
    ],
    en: (p) => [`${p.file}: a register is read from .xlsx, .ods or .csv, not "${p.extension || 'a file without extension'}"`],
    fr: (p) => [
      p.extension
        ? fr`${p.file} : un registre se lit depuis un fichier .xlsx, .ods ou .csv, pas ${g(p.extension)}`
        : fr`${p.file} : un registre se lit depuis un fichier .xlsx, .ods ou .csv, pas depuis un fichier sans extension`,
    ],
  }),
  'usage/libreoffice-failed': entry<{ file: string; output: string } | { file: string; errno: string } | { file: string; status: number }>({
    samples: [
      { file: 'registre.ods', output: 'Error: source file could not be loaded' },
      { file: 'registre.ods', errno: 'EACCES' },
      { file: 'registre.ods', status: 1 },
    ],
    // `output`: what LibreOffice printed, in its own words.
    en: (p) => [`LibreOffice could not convert ${p.file}: ${'output' in p ? p.output : 'errno' in p ? systemErrorText(p.errno, 'en') : `exit code ${p.status}`}`],
    fr: (p) => [fr`LibreOffice n'a pas pu convertir ${p.file} : ${'output' in p ? p.output : 'errno' in p ? systemErrorText(p.errno, 'fr') : fr`code de sortie ${p.status}`}`],
  }),
  'usage/spreadsheet-unreadable': entry<{ file: string; errno: string }>({
    samples: [{ file: 'registre.xlsx', errno: 'EACCES' }],
    en: (p) => [`cannot read ${p.file}: ${systemErrorText(p.errno, 'en')}`],
    fr: (p) => [fr`impossible de lire ${p.file} : ${systemErrorText(p.errno, 'fr')}`],
  }),
  'usage/settings-unreadable': entry<{ settings: string; errno: string }>({
    samples: [{ settings: 'coopdec.yaml', errno: 'EISDIR' }],
    en: (p) => [`cannot read ${p.settings}: ${systemErrorText(p.errno, 'en')}`],
    fr: (p) => [fr`impossible de lire ${p.settings} : ${systemErrorText(p.errno, 'fr')}`],
  }),
  'usage/settings-not-yaml': entry<{ settings: string; line: number; problem: YamlErrorCode }>({
    samples: [{ settings: 'coopdec.yaml', line: 2, problem: 'yaml/missing-char' }],
    en: (p) => [`${p.settings} is not valid YAML (line ${p.line}): ${YAML_ERRORS[p.problem][0]}`],
    fr: (p) => [fr`${p.settings} n'est pas du YAML valable (ligne ${p.line}) : ${YAML_ERRORS[p.problem][1]}`],
  }),
  'usage/settings-empty': entry<{ settings: string; example: string }>({
    samples: [{ settings: 'coopdec.yaml', example: 'data/x/2002' }],
    en: (p) => [`${p.settings} is empty: write "edition: ${p.example}"`],
    fr: (p) => [fr`${p.settings} est vide : écrivez « edition: ${p.example} »`],
  }),
  'usage/settings-not-a-map': entry<{ settings: string; example: string }>({
    samples: [{ settings: 'coopdec.yaml', example: 'data/x/2002' }],
    en: (p) => [`${p.settings} must be a map such as "edition: ${p.example}"`],
    fr: (p) => [fr`${p.settings} doit être un ensemble de clés, par exemple « edition: ${p.example} »`],
  }),
  'usage/settings-unknown-keys': entry<{ settings: string; keys: string[] }>({
    samples: [
      { settings: 'coopdec.yaml', keys: ['editon'] },
      { settings: 'coopdec.yaml', keys: ['a', 'b'] },
    ],
    en: (p) => [`${p.settings}: unknown key${p.keys.length > 1 ? 's' : ''} ${p.keys.map(q).join(', ')} (the only setting is "edition")`],
    fr: (p) => [fr`${p.settings} : ${p.keys.length > 1 ? 'clés inconnues' : 'clé inconnue'} ${p.keys.map(g).join(', ')} (le seul réglage est « edition »)`],
  }),
  'usage/settings-no-edition': entry<{ settings: string; example: string }>({
    samples: [{ settings: 'coopdec.yaml', example: 'data/x/2002' }],
    en: (p) => [`${p.settings} has no "edition": write "edition: ${p.example}"`],
    fr: (p) => [fr`${p.settings} n'a pas de clé « edition » : écrivez « edition: ${p.example} »`],
  }),
  'usage/settings-edition-not-text': entry<{ settings: string; example: string; value: string }>({
    samples: [{ settings: 'coopdec.yaml', example: 'data/x/2002', value: '[1]' }],
    en: (p) => [`${p.settings}: edition must be a folder such as "${p.example}", not ${p.value}`],
    fr: (p) => [fr`${p.settings} : edition doit être un dossier, par exemple ${g(p.example)}, pas ${p.value}`],
  }),
  'usage/settings-edition-not-a-folder': entry<{ settings: string; example: string; edition: string }>({
    samples: [{ settings: 'coopdec.yaml', example: 'data/x/2002', edition: '/etc' }],
    en: (p) => [`${p.settings}: edition "${p.edition}" is not an edition folder of the project: write data/<region>/<year>, relative to the project root (e.g. "${p.example}")`],
    fr: (p) => [fr`${p.settings} : edition ${g(p.edition)} n'est pas un dossier d'édition du projet : écrivez data/<région>/<année>, relatif à la racine du projet (par exemple ${g(p.example)})`],
  }),
  'usage/year-format': entry<{ year: string }>({
    samples: [{ year: '03' }],
    en: (p) => [`--year must be a 4-digit year such as 2003, not "${p.year}"`],
    fr: (p) => [fr`--year doit être une année de 4 chiffres, par exemple 2003, pas ${g(p.year)}`],
  }),
  'usage/year-range': entry<{ year: number }>({
    samples: [{ year: 3000 }],
    en: (p) => [`--year must lie between 1900 and 2999, not ${p.year}`],
    fr: (p) => [fr`--year doit être comprise entre 1900 et 2999, pas ${p.year}`],
  }),
  'usage/region-slug': entry<{ slug: string }>({
    samples: [{ slug: 'Bretagne' }],
    en: (p) => [`--region must be lower-case words joined by dashes, such as "languedoc-roussillon", not "${p.slug}"`],
    fr: (p) => [fr`--region doit être fait de mots en minuscules reliés par des tirets, par exemple « languedoc-roussillon », pas ${g(p.slug)}`],
  }),
  'usage/region-name-empty': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['--region-name must not be empty'],
    fr: () => [fr`--region-name ne doit pas être vide`],
  }),
  'usage/edition-yaml-invalid': entry<{ from: string }>({
    samples: [{ from: 'data/x/2002' }],
    en: (p) => [`${p.from}/edition.yaml is not a valid edition (run "coopdec-report check --data ${p.from}")`],
    fr: (p) => [fr`${p.from}/edition.yaml n'est pas une édition valable (lancez « coopdec-report check --data ${p.from} »)`],
  }),
  'usage/edition-yaml-no-year': entry<{ from: string }>({
    samples: [{ from: 'data/x/2002' }],
    en: (p) => [`${p.from}/edition.yaml has no year`],
    fr: (p) => [fr`${p.from}/edition.yaml n'a pas d'année (year)`],
  }),
  'usage/region-pair': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['--region and --region-name go together: a new region needs its folder name and its name'],
    fr: () => [fr`--region et --region-name vont ensemble : une nouvelle région demande son nom de dossier et son nom`],
  }),
  'usage/edition-exists': entry<{ dir: string }>({
    samples: [{ dir: 'data/x/2003' }],
    en: (p) => [`${p.dir} already exists: nothing written (an edition is never overwritten; remove the folder or choose another --year)`],
    fr: (p) => [fr`${p.dir} existe déjà : rien n'est écrit (une édition n'est jamais écrasée ; supprimez le dossier ou choisissez une autre --year)`],
  }),
  'usage/source-date-epoch': entry<{ max: number; value: string }>({
    samples: [{ max: 253402300799, value: 'abc' }],
    en: (p) => [`SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to ${p.max} (9999-12-31 23:59:59 UTC, the last date a PDF can hold), not "${p.value}"`],
    fr: (p) => [fr`SOURCE_DATE_EPOCH doit être un nombre entier de secondes de 0 à ${p.max} (31/12/9999 23:59:59 UTC, la dernière date qu'un PDF peut porter), pas ${g(p.value)}`],
  }),
  'usage/unknown-command': entry<{ command: string; nearest?: string; commands: string[] }>({
    samples: [
      { command: 'buld', nearest: 'build', commands: ['build', 'check'] },
      { command: 'zzz', commands: ['build'] },
    ],
    en: (p) => [`unknown command "${p.command}"${p.nearest ? ` (did you mean "${p.nearest}"?)` : ''}; commands: ${enList(p.commands)}`],
    fr: (p) => [fr`commande inconnue ${g(p.command)}${p.nearest ? fr` (vouliez-vous dire ${g(p.nearest)} ?)` : ''} ; commandes : ${frList(p.commands)}`],
  }),
  'cli/system-error': entry<{ operation: 'read' | 'write' | 'run' | 'other'; path?: string; errno: string }>({
    samples: [
      { operation: 'read', path: 'content/05.yaml', errno: 'EACCES' },
      { operation: 'write', path: 'out', errno: 'EROFS' },
      { operation: 'run', path: 'libreoffice', errno: 'ENOENT' },
      { operation: 'other', path: 'data', errno: 'EMFILE' },
      { operation: 'other', errno: 'EXDEV' },
    ],
    en: (p) => {
      const reason = systemErrorText(p.errno, 'en');
      if (p.path === undefined) return [reason];
      return [p.operation === 'other' ? `${p.path}: ${reason}` : `cannot ${p.operation} ${p.path}: ${reason}`];
    },
    fr: (p) => {
      const reason = systemErrorText(p.errno, 'fr');
      if (p.path === undefined) return [fr`échec du système : ${reason}`];
      const verb = { read: 'impossible de lire', write: 'impossible d’écrire', run: 'impossible de lancer', other: '' }[p.operation];
      return [verb ? fr`${verb} ${p.path} : ${reason}` : fr`${p.path} : ${reason}`];
    },
  }),
  'cli/internal-error': entry<{ detail: string; version: string }>({
    samples: [{ detail: 'x.map is not a function', version: '0.1.0' }],
    en: (p) => [`internal error: ${p.detail}`, `this is a bug of coopdec-report ${p.version}, not of your files: please report it to the maintainers with the command you ran and this message`],
    fr: (p) => [fr`erreur interne : ${p.detail}`, fr`c'est un défaut de coopdec-report ${p.version}, pas de vos fichiers : signalez-le aux mainteneurs avec la commande lancée et ce message`],
  }),
  'cli/debug-advice': entry<Record<string, never>>({
    samples: [{}],
    en: () => ['run the command again with --debug to print where it happened'],
    fr: () => [fr`relancez la commande avec --debug pour voir où cela s'est produit`],
  }),
  'cli/reconcile-row': entry<{ page: number; figure: string; published: number; computed: number | null; status: 'same' | 'differs' | 'unknown' }>({
    samples: [
      { page: 9, figure: 'communes.total', published: 0.697, computed: 0.6969, status: 'same' },
      { page: 12, figure: 'communes.total', published: 120, computed: null, status: 'unknown' },
      { page: 12, figure: 'communes.total', published: 120, computed: 121, status: 'differs' },
    ],
    // Columns: the figures line up from row to row.
    en: (p) => [
      `p.${String(p.page).padStart(2)} ${p.figure.padEnd(34)} published ${String(p.published).padStart(8)}  computed ${String(p.computed ?? '—').padStart(8)}  ${{ same: 'same', differs: 'differs', unknown: 'UNKNOWN STATISTIC' }[p.status]}`,
    ],
    fr: (p) => [
      `p.${String(p.page).padStart(2)} ${p.figure.padEnd(34)} publié ${frDecimal(p.published).padStart(8)}  calculé ${(p.computed === null ? '—' : frDecimal(p.computed)).padStart(8)}  ${{ same: 'identique', differs: 'différent', unknown: 'STATISTIQUE INCONNUE' }[p.status]}`,
    ],
  }),
  'cli/reconcile-summary': entry<{ figures: number; reproduced: number; explained: number; unexplained: number }>({
    samples: [
      { figures: 40, reproduced: 35, explained: 4, unexplained: 1 },
      { figures: 1, reproduced: 1, explained: 0, unexplained: 0 },
    ],
    en: (p) => [`${p.figures} figures, ${p.reproduced} reproduced, ${p.explained} explained differences, ${p.unexplained} unexplained`],
    fr: (p) => [
      `${p.figures} ${frPlural(p.figures, 'chiffre', 'chiffres')}, ${p.reproduced} ${frPlural(p.reproduced, 'reproduit', 'reproduits')}, ${p.explained} ${frPlural(p.explained, 'écart expliqué', 'écarts expliqués')}, ${p.unexplained} ${frPlural(p.unexplained, 'inexpliqué', 'inexpliqués')}`,
    ],
  }),
  'new/published-not-copied': entry<{ path: string; sourceYear: number; year: string }>({
    samples: [{ path: 'data/x/2002/published.yaml', sourceYear: 2002, year: '2003' }],
    en: (p) => [`${p.path}: not copied: the figures of the printed ${p.sourceYear} study; the ${p.year} edition has none to reconcile with until its study is printed`],
    fr: (p) => [fr`${p.path} : non copié : les chiffres de l'étude imprimée de ${p.sourceYear} ; l'édition ${p.year} n'en a pas à rapprocher tant que son étude n'est pas imprimée`],
  }),
  'new/content-not-copied': entry<{ path: string; sourceYear: number; target: string }>({
    samples: [{ path: 'data/x/2002/content/a.yaml', sourceYear: 2002, target: 'data/x/2003/content/a.yaml' }],
    en: (p) => [`${p.path}: not copied: prose written for the ${p.sourceYear} edition; review it and copy what still holds into ${p.target}`],
    fr: (p) => [fr`${p.path} : non copié : texte écrit pour l'édition ${p.sourceYear} ; relisez-le et copiez ce qui vaut encore dans ${p.target}`],
  }),
  'new/file-not-copied': entry<{ path: string; sourceYear: number; dir: string }>({
    samples: [{ path: 'data/x/2002/NOTES.md', sourceYear: 2002, dir: 'data/x/2003' }],
    en: (p) => [`${p.path}: not copied: specific to the ${p.sourceYear} edition; review it and copy it into ${p.dir}/ if it still holds`],
    fr: (p) => [fr`${p.path} : non copié : propre à l'édition ${p.sourceYear} ; relisez-le et copiez-le dans ${p.dir}/ s'il vaut encore`],
  }),
  'new/register-not-copied': entry<{ path: string; sourceRegion: string; region: string }>({
    samples: [{ path: 'data/x/2002/register.yaml', sourceRegion: 'Midi Pyrénées', region: 'Bretagne' }],
    en: (p) => [`${p.path}: not copied: the communes of ${p.sourceRegion}, not of ${p.region}`],
    fr: (p) => [fr`${p.path} : non copié : les communes de ${p.sourceRegion}, pas de ${p.region}`],
  }),
  'new/borders-dropped': entry<{ file: string; sourceRegion: string; region: string }>({
    samples: [{ file: 'data/b/2004/edition.yaml', sourceRegion: 'Midi Pyrénées', region: 'Bretagne' }],
    en: (p) => [`${p.file}: the borders of ${p.sourceRegion} were dropped: add "borders: [..]" (ISO codes) if ${p.region} borders other countries`],
    fr: (p) => [fr`${p.file} : les frontières de ${p.sourceRegion} sont retirées : ajoutez « borders: [..] » (codes ISO) si ${p.region} borde d'autres pays`],
  }),
  'new/census-placeholder': entry<{ file: string; census: string; sourceRegion: string; region: string }>({
    samples: [{ file: 'data/b/2004/edition.yaml', census: 'data/x/census.csv', sourceRegion: 'Midi Pyrénées', region: 'Bretagne' }],
    en: (p) => [`${p.file}: census points at ${p.census}, the census of ${p.sourceRegion}: replace it with ${p.region}'s`],
    fr: (p) => [fr`${p.file} : census désigne ${p.census}, le recensement de ${p.sourceRegion} : remplacez-le par celui de ${p.region}`],
  }),
  'new/template-departments': entry<{ file: string; sourceRegion: string; count: number; region: string }>({
    samples: [{ file: 'data/b/2004/edition.yaml', sourceRegion: 'Midi Pyrénées', count: 8, region: 'Bretagne' }],
    en: (p) => [`${p.file}: the departments are those of ${p.sourceRegion} (${p.count}), a template: replace them with ${p.region}'s`],
    fr: (p) => [fr`${p.file} : les départements sont ceux de ${p.sourceRegion} (${p.count}), un modèle : remplacez-les par ceux de ${p.region}`],
  }),
  'new/empty-register': entry<{ file: string; region: string }>({
    samples: [{ file: 'data/b/2004/register.yaml', region: 'Bretagne' }],
    en: (p) => [`${p.file}: no commune yet: list ${p.region}'s communes and their agreements`],
    fr: (p) => [fr`${p.file} : aucune commune pour l'instant : listez les communes de ${p.region} et leurs accords`],
  }),
  'cli/checked': entry<{ editionDir: string; department?: string; communes: number; agreements: number }>({
    samples: [
      { editionDir: 'data/x/2002', communes: 81, agreements: 120 },
      { editionDir: 'data/x/2002', department: '09', communes: 1, agreements: 1 },
    ],
    en: (p) => [`${p.editionDir}${p.department ? ` (department ${p.department})` : ''}: ${p.communes} communes, ${p.agreements} agreements: OK`],
    fr: (p) => [
      fr`${p.editionDir}${p.department ? ` (département ${p.department})` : ''} : ${p.communes} ${frPlural(p.communes, 'commune', 'communes')}, ${p.agreements} ${frPlural(p.agreements, 'accord', 'accords')} : OK`,
    ],
  }),
  'cli/wrote': entry<{ path: string; communes?: number; agreements?: number; from?: string; sheet?: string; rows?: boolean }>({
    samples: [{ path: 'out/x.json' }, { path: 'out/x.xlsx', communes: 81, agreements: 120, rows: true }, { path: 'data/x/register.yaml', communes: 2, agreements: 3, from: 'r.csv', sheet: 'r' }],
    en: (p) => [
      p.communes === undefined
        ? `wrote ${p.path}`
        : `wrote ${p.path}: ${p.communes} communes, ${p.agreements} agreements${p.rows ? ' (one row each)' : ''}${p.from !== undefined ? ` from ${p.from} (sheet ${p.sheet})` : ''}`,
    ],
    fr: (p) => [
      p.communes === undefined
        ? fr`écrit : ${p.path}`
        : fr`écrit : ${p.path} : ${p.communes} ${frPlural(p.communes, 'commune', 'communes')}, ${p.agreements!} ${frPlural(p.agreements!, 'accord', 'accords')}${p.rows ? fr` (une ligne chacun)` : ''}${p.from !== undefined ? fr` depuis ${p.from} (feuille ${p.sheet})` : ''}`,
    ],
  }),
  'cli/no-published': entry<{ editionDir: string }>({
    samples: [{ editionDir: 'data/x/2003' }],
    en: (p) => [`${p.editionDir}/published.yaml not found: no printed study to compare with, nothing to reconcile`],
    fr: (p) => [fr`${p.editionDir}/published.yaml introuvable : pas d'étude imprimée à comparer, rien à rapprocher`],
  }),
  'cli/built': entry<{ path: string; pages: number; seconds: string }>({
    samples: [{ path: 'out/x.pdf', pages: 28, seconds: '0.62' }],
    en: (p) => [`${p.path}\t${p.pages} pages\t${p.seconds} s`],
    fr: (p) => [`${p.path}\t${p.pages} pages\t${p.seconds.replace('.', ',')}${NBSP}s`],
  }),
  'cli/watching': entry<{ folders: string[]; root: string }>({
    samples: [{ folders: ['content/', 'data/'], root: '.' }],
    en: (p) => [`watching ${enList(p.folders)} in ${p.root} (Ctrl-C stops)`],
    fr: (p) => [fr`surveille ${frList(p.folders)} dans ${p.root} (Ctrl-C pour arrêter)`],
  }),
  'cli/changed': entry<{ clock: string; file?: string; files: number }>({
    samples: [
      { clock: '14:03:07', file: 'content/05.yaml', files: 1 },
      { clock: '14:03:07', files: 3 },
    ],
    en: (p) => [`${p.clock} ${p.file ?? `${p.files} files`} changed: building`],
    fr: (p) => [p.file !== undefined ? fr`${p.clock} ${p.file} modifié : construction` : fr`${p.clock} ${p.files} fichiers modifiés : construction`],
  }),
  'cli/edition-current': entry<{ settings: string; dir: string }>({
    samples: [{ settings: 'coopdec.yaml', dir: 'data/x/2003' }],
    en: (p) => [`${p.settings}: the current edition is now ${p.dir}`],
    fr: (p) => [fr`${p.settings} : l'édition courante est désormais ${p.dir}`],
  }),
  'cli/edition-written': entry<{ dir: string; files: string[]; from: string }>({
    samples: [{ dir: 'data/x/2003', files: ['edition.yaml', 'register.yaml'], from: 'data/x/2002' }],
    en: (p) => [`wrote ${p.dir}/ (${enList(p.files)}) from ${p.from}`],
    fr: (p) => [fr`écrit : ${p.dir}/ (${frList(p.files)}) depuis ${p.from}`],
  }),
  'cli/next-steps': entry<{ dir: string; check: string; region: boolean }>({
    samples: [
      { dir: 'data/x/2003', check: 'coopdec-report check', region: true },
      { dir: 'data/x/2003', check: 'coopdec-report check', region: false },
    ],
    en: (p) => [
      p.region
        ? `next: replace the template values of ${p.dir}/edition.yaml, list the communes in register.yaml, then run "${p.check}"`
        : `next: check the survey dates in ${p.dir}/edition.yaml, update register.yaml, then run "${p.check}"`,
    ],
    fr: (p) => [
      p.region
        ? fr`ensuite : remplacez les valeurs modèles de ${p.dir}/edition.yaml, listez les communes dans register.yaml, puis lancez « ${p.check} »`
        : fr`ensuite : vérifiez les dates de l'enquête dans ${p.dir}/edition.yaml, mettez register.yaml à jour, puis lancez « ${p.check} »`,
    ],
  }),
  'cli/every-edition': entry<{ editionDir: string }>({
    samples: [{ editionDir: 'data/x/2002' }],
    en: (p) => [`in every edition of ${p.editionDir}:`],
    fr: (p) => [fr`dans toutes les éditions de ${p.editionDir} :`],
  }),
  'cli/in-editions': entry<{ editions: string }>({
    samples: [{ editions: 'x-2002-09, -31' }],
    en: (p) => [`in editions ${p.editions}`],
    fr: (p) => [`dans les éditions ${p.editions}`],
  }),
  'cli/editions-summary': entry<{ errors: number; warnings: number; built: number; total: number; failed?: string }>({
    samples: [
      { errors: 2, warnings: 0, built: 5, total: 9, failed: 'x-09, -31' },
      { errors: 0, warnings: 1, built: 9, total: 9 },
    ],
    en: (p) => [`${countText(p.errors, p.warnings, 'en')}; ${p.built} of ${p.total} editions built${p.failed ? `, not built: ${p.failed}` : ''}`],
    fr: (p) => [
      `${countText(p.errors, p.warnings, 'fr')}${fr` ; ${p.built} ${frPlural(p.built, 'édition construite', 'éditions construites')} sur ${p.total}`}${p.failed ? fr`, non construites : ${p.failed}` : ''}`,
    ],
  }),
} satisfies Record<string, { samples: readonly unknown[]; en: (p: never) => Rendered; fr: (p: never) => Rendered }>;

export type Code = keyof typeof MESSAGES;
export type ParamsOf<C extends Code> = (typeof MESSAGES)[C] extends Entry<infer P> ? P : never;
export type Params = Record<string, unknown>;

export function hasEntry(code: string): code is Code {
  return Object.hasOwn(MESSAGES, code);
}

/** A message and its hint in a language; undefined when the code has no entry. */
export function render(code: string, params: Params, locale: Locale): { message: string; hint?: string } | undefined {
  if (!hasEntry(code)) return undefined;
  const e = MESSAGES[code] as unknown as Entry<Params>;
  const [message, hint] = e[locale](params);
  return hint === undefined ? { message } : { message, hint };
}

/** A line of the catalogue not yet rendered: a pure module returns it, the CLI says it in the reader's language. */
export interface CatalogueLine {
  code: Code;
  params: Params;
}

export function catalogueLine<C extends Code>(code: C, params: ParamsOf<C>): CatalogueLine {
  return { code, params: params as Params };
}

/** The message of an entry in a language, its params typed. */
export function messageText<C extends Code>(code: C, params: ParamsOf<C>, locale: Locale): string {
  return render(code, params as Params, locale)!.message;
}

/** The message of a catalogue line in a language. */
export function lineText(line: CatalogueLine, locale: Locale): string {
  return render(line.code, line.params, locale)!.message;
}

/** Every entry's samples, for the catalogue test. */
export function catalogueSamples(): { code: string; params: Params }[] {
  return Object.entries(MESSAGES).flatMap(([code, e]) => (e as Entry<Params>).samples.map((params) => ({ code, params })));
}

/* ------------------------------------------------------------------------------------------------
 * The framing words of the CLI, and its own lines (usage errors, success lines, --help).
 */

const WORDS = {
  en: { error: 'error', warning: 'warning', hint: 'hint' },
  fr: { error: 'erreur', warning: 'avertissement', hint: 'conseil' },
} as const;

export function severityWord(severity: 'error' | 'warning', locale: Locale): string {
  return WORDS[locale][severity];
}

/** "error: …" / « erreur : … », the head of a usage error. */
export function errorPrefix(locale: Locale): string {
  return locale === 'fr' ? `erreur${NBSP}: ` : 'error: ';
}

/** "warning: …" / « avertissement : … ». */
export function warningPrefix(locale: Locale): string {
  return locale === 'fr' ? `avertissement${NBSP}: ` : 'warning: ';
}

/** "   = hint: …" / "   = conseil : …" */
export function hintPrefix(locale: Locale): string {
  return locale === 'fr' ? `   = conseil${NBSP}: ` : '   = hint: ';
}

/** What a run did, said at the end of its summary line. */
export type Outcome = { kind: 'nothing-written' } | { kind: 'built' } | { kind: 'written' } | { kind: 'register-kept'; path: string };

export function outcomeText(outcome: Outcome, locale: Locale): string {
  if (locale === 'fr') {
    switch (outcome.kind) {
      case 'nothing-written':
        return 'rien n’écrit';
      case 'built':
        return 'construit';
      case 'written':
        return 'écrit';
      default:
        return `rien n’écrit (${outcome.path} laissé tel quel)`;
    }
  }
  switch (outcome.kind) {
    case 'nothing-written':
      return 'nothing written';
    case 'built':
      return 'built';
    case 'written':
      return 'written';
    default:
      return `nothing written (${outcome.path} left as it was)`;
  }
}

/** "2 errors, 1 warning" / « 2 erreurs, 1 avertissement ». */
export function countText(errors: number, warnings: number, locale: Locale): string {
  if (locale === 'fr') return `${errors} ${frPlural(errors, 'erreur', 'erreurs')}, ${warnings} ${frPlural(warnings, 'avertissement', 'avertissements')}`;
  return `${errors} ${plural(errors, 'error', 'errors')}, ${warnings} ${plural(warnings, 'warning', 'warnings')}`;
}

/** The descriptions of `--help`: commands and options, in both languages. */
const HELP = {
  program: [
    'Builds the study « Action Internationale des Collectivités Locales » from a register and YAML prose.',
    fr`Construit l'étude « Action Internationale des Collectivités Locales » à partir d'un registre et de textes YAML.`,
  ],
  version: ['print the version', fr`affiche la version`],
  help: ['display help for command', fr`affiche l'aide de la commande`],
  data: ['edition folder (data/<region>/<year>); default: the edition named in {settings}', fr`dossier de l'édition (data/<région>/<année>) ; par défaut : l'édition nommée dans {settings}`],
  build: ['build the PDF (and its CSV) of an edition', fr`construit le PDF (et son CSV) d'une édition`],
  department: ['the edition restricted to one department', fr`l'édition restreinte à un département`],
  all: ['the region and each of its departments present in the register', fr`la région et chacun de ses départements présents dans le registre`],
  out: ['output file (one edition) or folder', fr`fichier de sortie (une édition) ou dossier`],
  timings: ['print the time of each stage', fr`affiche la durée de chaque étape`],
  noCache: ['render every chart again (by default charts are kept in <out>/.cache/charts)', fr`redessine chaque graphique (par défaut, les graphiques sont gardés dans <out>/.cache/charts)`],
  jobs: [
    'processes building editions at once with --all (default 1: see README, "Speed")',
    fr`processus construisant des éditions en même temps avec --all (1 par défaut : voir le README, « Speed »)`,
  ],
  watch: [
    'build, then build again on every save in content/, data/, templates/ (Ctrl-C stops)',
    fr`construit, puis reconstruit à chaque enregistrement dans content/, data/, templates/ (Ctrl-C pour arrêter)`,
  ],
  watchNoCache: ['keep charts in memory only, not in <out>/.cache/charts', fr`garde les graphiques en mémoire seulement, pas dans <out>/.cache/charts`],
  check: ['run every stage short of writing the PDF and print the diagnostics', fr`exécute toutes les étapes sauf l'écriture du PDF et affiche les diagnostics`],
  checkDepartment: ['check one department edition', fr`vérifie l'édition d'un département`],
  prose: ["print the edition's prose as plain text (headings, paragraphs, notes), for proofreading", fr`affiche les textes de l'édition en texte brut (titres, paragraphes, notes), pour la relecture`],
  proseDepartment: ['the prose of one department edition', fr`les textes de l'édition d'un département`],
  reconcile: ["compare every figure the study prints with the register's", fr`compare chaque chiffre imprimé dans l'étude à celui du registre`],
  reconcileJson: ['print a JSON array of {figure, published, computed, explanation}', fr`affiche un tableau JSON de {figure, published, computed, explanation}`],
  export: ['print the register as JSON or CSV, or write it as an .xlsx workbook', fr`affiche le registre en JSON ou en CSV, ou l'écrit en classeur .xlsx`],
  format: ['output format', fr`format de sortie`],
  output: ['write to this file (default: standard output; for xlsx, out/<region>-<year>.xlsx)', fr`écrit dans ce fichier (par défaut : la sortie standard ; pour xlsx, out/<région>-<année>.xlsx)`],
  import: [
    'read the register from a spreadsheet (.xlsx, .ods, .csv: one row per agreement) into an edition folder',
    fr`lit le registre d'une feuille de calcul (.xlsx, .ods, .csv : une ligne par accord) dans un dossier d'édition`,
  ],
  importFile: ['the spreadsheet', fr`la feuille de calcul`],
  into: ['the edition folder (data/<region>/<year>) whose register.yaml it replaces', fr`le dossier d'édition (data/<région>/<année>) dont il remplace le register.yaml`],
  editions: ['list the editions that --all builds', fr`liste les éditions que --all construit`],
  editionsJson: ['as a JSON array for a CI matrix', fr`en tableau JSON, pour une matrice d'intégration continue`],
  new: [
    'make the folder of a new edition (another year, or another region) from an existing one',
    fr`crée le dossier d'une nouvelle édition (une autre année, ou une autre région) à partir d'une édition existante`,
  ],
  from: ['the edition to start from (default: the edition named in {settings})', fr`l'édition de départ (par défaut : l'édition nommée dans {settings})`],
  year: ["the new edition's year", fr`l'année de la nouvelle édition`],
  region: ['a new region: its folder name (lower-case words joined by dashes)', fr`une nouvelle région : son nom de dossier (mots en minuscules reliés par des tirets)`],
  regionName: ['a new region: its name, as the study writes it', fr`une nouvelle région : son nom, tel que l'étude l'écrit`],
  current: ['make the new edition the current one ({settings})', fr`fait de la nouvelle édition l'édition courante ({settings})`],
  // Hidden options: the parent process of --jobs passes them to its children.
  only: ['with --all: only these editions (comma-separated ids); used by --jobs', fr`avec --all : seulement ces éditions (identifiants séparés par des virgules) ; employé par --jobs`],
  diagnosticsJson: ['with --all: print the diagnostics as JSON for the parent process; used by --jobs', fr`avec --all : affiche les diagnostics en JSON pour le processus parent ; employé par --jobs`],
} as const satisfies Record<string, readonly [string, string]>;

/** A description of --help in a language; `{settings}` is replaced by the settings file's name. */
export function helpText(key: keyof typeof HELP, locale: Locale, settings = 'coopdec.yaml'): string {
  return HELP[key][locale === 'fr' ? 1 : 0].replace('{settings}', settings);
}

/** What commander prints after a usage error: in English the whole help, in French a line pointing to it. */
export function helpAfterError(locale: Locale): string | true {
  return locale === 'fr' ? '(ajoutez --help pour en savoir plus)' : true;
}

/** Commander's own words in French: the titles of --help and its error lines. */
export function frenchCommander(text: string): string {
  return text
    .replace(/^Usage:/gm, `Utilisation${NBSP}:`)
    .replace(/^Options:/gm, `Options${NBSP}:`)
    .replace(/^Commands:/gm, `Commandes${NBSP}:`)
    .replace(/^Arguments:/gm, `Arguments${NBSP}:`)
    .replace(/\(default: /g, `(par défaut${NBSP}: `)
    .replace(/\(choices: /g, `(choix${NBSP}: `)
    .replace(/\[options\]/g, '[options]')
    .replace(
      /^error: unknown option '([^']*)'(?:\n?\(Did you mean (\S+)\?\))?/gm,
      (_, o: string, m?: string) => `erreur${NBSP}: option inconnue ${g(o)}${m ? ` (vouliez-vous dire ${g(m)}${NNBSP}?)` : ''}`,
    )
    .replace(/^error: missing required argument '([^']*)'/gm, (_, a: string) => `erreur${NBSP}: argument obligatoire manquant ${g(a)}`)
    .replace(/^error: option '([^']*)' argument missing/gm, (_, o: string) => `erreur${NBSP}: l’option ${g(o)} attend une valeur`)
    .replace(/^error: required option '([^']*)' not specified/gm, (_, o: string) => `erreur${NBSP}: l’option obligatoire ${g(o)} manque`)
    .replace(
      /^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./gm,
      (_, o: string, v: string, c: string) => `erreur${NBSP}: la valeur ${g(v)} de l’option ${g(o)} n’est pas permise${NBSP}; choix possibles${NBSP}: ${c}`,
    )
    .replace(
      /^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./gm,
      (_, c: string | undefined, e: string, n: string) => `erreur${NBSP}: trop d’arguments${c ? ` pour ${g(c)}` : ''}${NNBSP}; ${e} attendu(s), ${n} donné(s)`,
    );
}
