/**
 * The register from a spreadsheet: loads the rows of a CSV file or an .xlsx sheet (one row per
 * agreement), composes the register.yaml they make, and validates that very text with the
 * register's own rules (validate-report.ts), each problem placed back on the cell it comes from:
 * `register.xlsx:Registre!E12: error[import/invalid-population]: …`.
 */

import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type iconv from 'iconv-lite';
import { SPREADSHEET_COLUMNS, SPREADSHEET_SHEET, type SpreadsheetField } from '../output/export-register.js';
import { Diagnostics, type Position } from '../shared/diagnostics.js';
import { type Params, type Place, render } from '../shared/messages.js';
import { validateReport } from './validate-report.js';
import type { World } from './world.js';

// exceljs and iconv-lite are required when a sheet is read, not at start-up: kept out of the
// start-up snapshot, whose every megabyte costs start-up time (scripts/build-snapshot.mjs).
const lazyRequire = (name: 'exceljs' | 'iconv-lite'): unknown => createRequire(import.meta.url)(name);

/** A cell as a spreadsheet holds it. */
type CellValue = string | number | boolean | null;

/** One sheet's cells, row 1 (the header) first. */
export interface LoadedSheet {
  /** The spreadsheet's path as the user named it, for diagnostics. */
  file: string;
  /** The sheet's name; a CSV file's sheet is named after the file, as Excel names it. */
  sheet: string;
  rows: CellValue[][];
}

/** The register composed from a sheet, and every problem found in it. */
interface ImportedRegister {
  /** The text of register.yaml; write it only when `diagnostics` holds no error. */
  yaml: string;
  diagnostics: Diagnostics;
  communes: number;
  agreements: number;
}

/**
 * Header names each field is known by, compared without case, accents or punctuation
 * ("Code INSEE", "n° insee" and "INSEE" are one column).
 */
const HEADER_SYNONYMS: Record<SpreadsheetField, readonly string[]> = {
  name: ['commune', 'nom', 'nom de la commune', 'nom commune', 'collectivite', 'ville', 'localite'],
  insee: ['code insee', 'insee', 'n insee', 'no insee', 'numero insee', 'code commune', 'cog'],
  postalCode: ['code postal', 'cp', 'postal', 'code postale'],
  department: ['departement', 'dept', 'dep', 'code departement', 'n departement', 'no departement'],
  population: ['population', 'habitants', 'nombre d habitants', 'nb habitants', 'pop'],
  telephoneSurvey: ['enquete telephonique', 'telephone', 'tel', 'marque telephone', 'marque telephonique', 'enquete par telephone', 'enquete tel'],
  partner: ['partenaire', 'ville partenaire', 'commune partenaire', 'collectivite partenaire', 'jumelage'],
  country: ['pays', 'pays partenaire'],
  communeNote: ['note commune', 'notes commune', 'remarque commune', 'note sur la commune', 'note de la commune'],
  agreementNote: ['note accord', 'notes accord', 'note', 'notes', 'remarque', 'remarques', 'commentaire', 'commentaires', 'note sur l accord', 'note de l accord'],
};

/** Without these the register cannot be written; the others have a default. */
const REQUIRED_FIELDS: readonly SpreadsheetField[] = ['name', 'insee', 'postalCode', 'population', 'partner', 'country'];

const COMMUNE_FIELDS = ['name', 'insee', 'postalCode', 'department', 'population', 'telephoneSurvey', 'communeNote'] as const;
type CommuneField = (typeof COMMUNE_FIELDS)[number];

/** The register key of each field, and back (for messages that name a YAML path). */
const YAML_KEY: Record<SpreadsheetField, string> = {
  name: 'name',
  insee: 'insee',
  postalCode: 'postalCode',
  department: 'department',
  population: 'population',
  telephoneSurvey: 'telephoneSurvey',
  partner: 'partner',
  country: 'country',
  communeNote: 'note',
  agreementNote: 'note',
};

/** "Enquête  téléphonique" → "enquete telephonique". */
function normaliseHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A CSV file's sheet. Encoding: a UTF-8 byte order mark or valid UTF-8 is UTF-8, anything else
 * Windows-1252 (what Excel writes as "CSV" on a French Windows). Separator: ";" or ",", whichever
 * the header line holds more of (a tab when it holds only tabs).
 */
export function loadCsvSheet(file: string, bytes: Uint8Array, diagnostics: Diagnostics): LoadedSheet | undefined {
  const text = decodeCsv(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  const delimiter = count(';') === 0 && count(',') === 0 && count('\t') > 0 ? '\t' : count(';') >= count(',') ? ';' : ',';
  const sheet = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  try {
    const records = parse(text, { delimiter, relax_column_count: true, relax_quotes: false, trim: false }) as string[][];
    return { file, sheet, rows: records.map((record) => record.map((cell) => (cell === '' ? null : cell))) };
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    diagnostics.error('import/csv-syntax', { detail: (error as Error).message.replace(/^Invalid \w+: /, '') }, { file, line, column: 1 });
    return undefined;
  }
}

function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Node 20's TextDecoder('windows-1252') decodes as Latin-1 (0x80 stays U+0080, not €): iconv-lite.
    return (lazyRequire('iconv-lite') as typeof iconv).decode(Buffer.from(bytes), 'windows-1252');
  }
}

/** The sheet of an .xlsx workbook named "Registre" (the one `export --format xlsx` writes), else the first. */
export async function loadXlsxSheet(file: string, bytes: Uint8Array, diagnostics: Diagnostics): Promise<LoadedSheet | undefined> {
  const workbook = new (lazyRequire('exceljs') as typeof ExcelJS).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    diagnostics.error('import/unreadable-workbook', { detail: (error as Error).message }, { file, line: 1, column: 1 });
    return undefined;
  }
  const worksheet = workbook.getWorksheet(SPREADSHEET_SHEET) ?? workbook.worksheets[0];
  if (!worksheet) {
    diagnostics.error('import/no-sheet', {}, { file, line: 1, column: 1 });
    return undefined;
  }
  const rows: CellValue[][] = [];
  for (let r = 1; r <= worksheet.rowCount; r++) {
    const row = worksheet.getRow(r);
    const cells: CellValue[] = [];
    for (let c = 1; c <= worksheet.columnCount; c++) cells.push(cellValue(row.getCell(c).value));
    rows.push(cells);
  }
  return { file, sheet: worksheet.name, rows };
}

/** What a cell shows: the result of a formula, the text of rich text or a link. */
function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return cellValue(value.text as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return null;
}

/** Where a value came from: a row (1-based) and a column (0-based). */
interface CellRef {
  row: number;
  column: number;
}

interface CommuneDraft {
  values: Record<CommuneField, CellValue>;
  cells: Record<CommuneField, CellRef>;
  firstRow: number;
  agreements: { row: number; partner: CellValue; country: CellValue; note: CellValue }[];
}

/**
 * Composes register.yaml from a sheet and validates it against the edition in `editionDir` (its
 * edition.yaml, census and countries) with the register's rules; every problem is placed on a cell.
 * Rows are grouped by commune (its INSEE code, else its name and postal code) in the order of the
 * sheet; a commune's cells left empty on its later rows take the value above.
 */
export function importRegister(sheet: LoadedSheet, world: World, editionDir: string): ImportedRegister {
  const diagnostics = new Diagnostics();
  const empty: ImportedRegister = { yaml: '', diagnostics, communes: 0, agreements: 0 };
  const at = (ref: CellRef): Position => ({ file: sheet.file, line: ref.row, column: ref.column + 1, cell: `${sheet.sheet}!${columnLetters(ref.column)}${ref.row}` });

  const header = sheet.rows[0] ?? [];
  const columns = new Map<SpreadsheetField, number>();
  header.forEach((cell, column) => {
    const text = cell === null ? '' : String(cell);
    if (text.trim() === '') return;
    const field = fieldOfHeader(text);
    if (!field) {
      diagnostics.warning('import/unknown-column', { column: text, columns: SPREADSHEET_COLUMNS.map((c) => c.header) }, at({ row: 1, column }));
      return;
    }
    const previous = columns.get(field);
    if (previous !== undefined) {
      diagnostics.error('import/duplicate-column', { column: text, other: columnLetters(previous), otherHeader: String(header[previous]) }, at({ row: 1, column }));
      return;
    }
    columns.set(field, column);
  });
  const headerOf = (field: SpreadsheetField) => (columns.has(field) ? String(header[columns.get(field)!]) : SPREADSHEET_COLUMNS.find((c) => c.field === field)!.header);
  const missing = REQUIRED_FIELDS.filter((field) => !columns.has(field));
  if (missing.length > 0) {
    diagnostics.error('import/missing-column', { missing: missing.map(headerOf), columns: SPREADSHEET_COLUMNS.map((c) => c.header) }, at({ row: 1, column: 0 }));
    return empty;
  }
  if (!columns.has('telephoneSurvey')) diagnostics.warning('import/missing-column', { telephone: headerOf('telephoneSurvey') }, at({ row: 1, column: 0 }));

  // One draft per commune, in the order the sheet first names it.
  const drafts = new Map<string, CommuneDraft>();
  sheet.rows.slice(1).forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((cell) => cell === null || String(cell).trim() === '')) return;
    const read = (field: SpreadsheetField): CellValue => {
      const column = columns.get(field);
      return column === undefined ? null : readCell(cells[column] ?? null, field, { row, column }, at, diagnostics);
    };
    const ref = (field: SpreadsheetField): CellRef => ({ row, column: columns.get(field) ?? columns.get('name')! });
    const values = Object.fromEntries(COMMUNE_FIELDS.map((field) => [field, read(field)])) as Record<CommuneField, CellValue>;
    // Without a department column, the department is the INSEE code's first two characters.
    if (!columns.has('department') && typeof values.insee === 'string') values.department = values.insee.slice(0, 2);
    const key = typeof values.insee === 'string' ? `insee:${values.insee}` : values.name !== null ? `name:${normaliseHeader(String(values.name))}|${String(values.postalCode)}` : `row:${row}`;
    let draft = drafts.get(key);
    if (!draft) {
      draft = { values, cells: Object.fromEntries(COMMUNE_FIELDS.map((field) => [field, ref(field)])) as Record<CommuneField, CellRef>, firstRow: row, agreements: [] };
      drafts.set(key, draft);
    } else {
      for (const field of COMMUNE_FIELDS) {
        const value = values[field];
        if (value === null) continue;
        const known = draft.values[field];
        if (known === null) {
          draft.values[field] = value;
          draft.cells[field] = ref(field);
        } else if (known !== value && columns.has(field)) {
          const first = draft.cells[field];
          diagnostics.error(
            'import/inconsistent-commune',
            { column: headerOf(field), value: JSON.stringify(value), known: JSON.stringify(known), row: first.row, cell: `${columnLetters(first.column)}${first.row}` },
            at(ref(field)),
          );
        }
      }
    }
    draft.agreements.push({ row, partner: read('partner'), country: read('country'), note: read('agreementNote') });
  });
  if (drafts.size === 0) {
    diagnostics.error('import/empty', {}, at({ row: 2, column: 0 }));
    return empty;
  }

  const communes = [...drafts.values()];
  const firstLine = `# Register imported from ${sheet.file.replace(/^.*[\\/]/, '')} (sheet ${sheet.sheet}) by "coopdec-report import": one commune`;
  const composed = composeRegister(communes, columns, firstLine);

  // The register's own rules, on the very text that would be written. Its schema is checked
  // before its rules, so a commune with a cell the schema refuses would hide the other communes'
  // problems: they are checked again without it, to report every bad cell at once.
  const registerPath = `${editionDir}/register.yaml`;
  const reported = new Set<string>();
  const check = (register: ComposedRegister): Set<number> => {
    const checked = new Diagnostics();
    validateReport(withFile(world, registerPath, register.yaml), { dir: editionDir }, checked);
    const refused = new Set<number>();
    const rowOfLine = (line: number) => register.lineCells.get(line)?.ref.row ?? line;
    for (const d of checked.items) {
      let relocated = d;
      if (d.position.file === registerPath) {
        const line = register.lineCells.get(d.position.line) ?? { ref: { row: 1, column: 0 }, commune: -1 };
        if (d.code.startsWith('schema/')) refused.add(line.commune);
        const rule = d.code.slice(d.code.indexOf('/') + 1);
        const params = d.params && sheetParams(d.params, headerOf, rowOfLine);
        const text = params && render(d.code, params, 'en');
        relocated = text
          ? { ...d, code: `import/${rule}`, entry: d.code, params, message: text.message, position: at(line.ref), ...(text.hint ? { hint: text.hint } : {}) }
          : { ...d, code: `import/${rule}`, position: at(line.ref) };
      }
      const key = JSON.stringify(relocated);
      if (!reported.has(key)) diagnostics.items.push(relocated);
      reported.add(key);
    }
    return refused;
  };
  const refused = check(composed);
  const rest = communes.filter((_, index) => !refused.has(index));
  if (refused.size > 0 && rest.length > 0) check(composeRegister(rest, columns, firstLine));
  return { yaml: composed.yaml, diagnostics, communes: drafts.size, agreements: communes.reduce((sum, c) => sum + c.agreements.length, 0) };
}

interface ComposedRegister {
  yaml: string;
  /** For each line (1-based): the cell it comes from, and the index of its commune (-1 above the first). */
  lineCells: Map<number, { ref: CellRef; commune: number }>;
}

/** The text of register.yaml, and the cell each of its lines comes from. */
function composeRegister(communes: readonly CommuneDraft[], columns: ReadonlyMap<SpreadsheetField, number>, firstLine: string): ComposedRegister {
  const lines = [
    firstLine,
    '# per group of rows, in the order of the sheet. Edit the spreadsheet and import it again, or',
    '# edit this file (data/README.md); "coopdec-report export --format xlsx" gives the sheet back.',
    'communes:',
  ];
  const lineCells = new Map<number, { ref: CellRef; commune: number }>([[lines.length, { ref: { row: 1, column: 0 }, commune: -1 }]]);
  communes.forEach((draft, index) => {
    const emit = (text: string, ref: CellRef) => {
      lines.push(text);
      lineCells.set(lines.length, { ref, commune: index });
    };
    const { values, cells } = draft;
    emit(`  - name: ${yamlScalar(values.name ?? '')}`, cells.name);
    emit(`    insee: ${yamlScalar(values.insee ?? '')}`, cells.insee);
    emit(`    postalCode: ${yamlScalar(values.postalCode ?? '')}`, cells.postalCode);
    emit(`    department: ${yamlScalar(values.department ?? '')}`, cells.department);
    emit(`    population: ${yamlScalar(values.population)}`, cells.population);
    emit(`    telephoneSurvey: ${yamlScalar(values.telephoneSurvey ?? false)}`, cells.telephoneSurvey);
    if (values.communeNote !== null) emit(`    note: ${yamlScalar(values.communeNote)}`, cells.communeNote);
    emit('    agreements:', cells.name);
    for (const agreement of draft.agreements) {
      const cell = (field: SpreadsheetField): CellRef => ({ row: agreement.row, column: columns.get(field) ?? columns.get('name')! });
      emit(`      - partner: ${yamlScalar(agreement.partner)}`, cell('partner'));
      emit(`        country: ${yamlScalar(agreement.country ?? '')}`, cell('country'));
      if (agreement.note !== null) emit(`        note: ${yamlScalar(agreement.note)}`, cell('agreementNote'));
    }
  });
  return { yaml: lines.join('\n') + '\n', lineCells };
}

/** The field a header names, or undefined. */
function fieldOfHeader(text: string): SpreadsheetField | undefined {
  const name = normaliseHeader(text);
  for (const column of SPREADSHEET_COLUMNS) {
    if (normaliseHeader(column.header) === name || HEADER_SYNONYMS[column.field].includes(name)) return column.field;
  }
  return undefined;
}

const TRUE_MARKS = new Set(['oui', 'o', 'x', 'vrai', 'true', '1', 'yes', 'y', '☎', 'tel', 'telephone']);
const FALSE_MARKS = new Set(['non', 'n', 'faux', 'false', '0', 'no', '-']);
const CODE_LENGTH: Partial<Record<SpreadsheetField, number>> = { insee: 5, postalCode: 5, department: 2 };

/**
 * A cell as the register holds it: text trimmed (the apostrophe that neutralises a formula
 * removed), codes as text, population as a number when it is one, the telephone mark as true or
 * false. A value the register cannot hold is passed on as written, for the register's rules to
 * report in their own words.
 */
function readCell(cell: CellValue, field: SpreadsheetField, ref: CellRef, at: (ref: CellRef) => Position, diagnostics: Diagnostics): CellValue {
  if (cell === null) return null;
  if (typeof cell === 'string') {
    const text = cell.trim().replace(/^'(?=[=+\-@])/, '');
    if (text === '') return null;
    if (field === 'population' && /^\d{1,3}([ \u00a0\u202f]\d{3})*$|^\d+$/.test(text)) return Number(text.replace(/\D/g, ''));
    if (field === 'telephoneSurvey') {
      const mark = normaliseHeader(text) || text;
      return TRUE_MARKS.has(mark) ? true : FALSE_MARKS.has(mark) ? false : text;
    }
    return text;
  }
  if (typeof cell === 'number') {
    const length = CODE_LENGTH[field];
    if (length !== undefined && Number.isInteger(cell) && cell >= 0 && String(cell).length <= length) {
      // Excel turns "09000" into the number 9000 unless the column is formatted as text.
      const code = String(cell).padStart(length, '0');
      if (code !== String(cell)) diagnostics.warning('import/code-as-number', { number: String(cell), code }, at(ref));
      return code;
    }
    if (field === 'telephoneSurvey' && (cell === 0 || cell === 1)) return cell === 1;
    return field === 'population' ? cell : String(cell);
  }
  return field === 'telephoneSurvey' ? cell : String(cell);
}

/** A YAML flow scalar: JSON's double-quoted strings are YAML's. */
function yamlScalar(value: CellValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * The params of a register diagnostic in the sheet's terms: a value's place is its column
 * ("Population"), an item's line in register.yaml its row in the sheet.
 */
function sheetParams(params: Params, headerOf: (field: SpreadsheetField) => string, rowOfLine: (line: number) => number): Params {
  const out: Params = { ...params };
  if (typeof out.line === 'number') {
    out.row = rowOfLine(out.line);
    delete out.line;
  }
  const place = out.place as Place | undefined;
  if (place) {
    const last = place.steps[place.steps.length - 1];
    const inAgreement = place.steps.some((s) => 'list' in s && s.list === 'agreements');
    if (last && 'key' in last && (last.key === 'note' || Object.values(YAML_KEY).includes(last.key as never))) {
      out.place = { ...place, steps: [{ column: headerOf(last.key === 'note' ? (inAgreement ? 'agreementNote' : 'communeNote') : fieldOfKey(last.key)) }] };
    } else {
      out.place = {
        ...place,
        steps: place.steps.map((s) => ('list' in s && s.line !== undefined ? { list: s.list, index: s.index, ...(s.name !== undefined ? { name: s.name } : {}), row: rowOfLine(s.line) } : s)),
      };
    }
  }
  return out;
}

function fieldOfKey(key: string): SpreadsheetField {
  return (Object.keys(YAML_KEY) as SpreadsheetField[]).find((field) => YAML_KEY[field] === key) ?? 'name';
}

/** "A", "B", … "Z", "AA": the column's name in a spreadsheet. */
function columnLetters(column: number): string {
  let name = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The project as it would be with `path` holding `text`: the register is checked before it is written. */
function withFile(world: World, path: string, text: string): World {
  const bytes = new TextEncoder().encode(text);
  return {
    ...world,
    readInput: (p, kind) => (p === path ? { bytes } : world.readInput(p, kind)),
    read: (p) => (p === path ? bytes : world.read(p)),
    exists: (p) => p === path || world.exists(p),
    list: (dir) => world.list(dir),
  };
}
