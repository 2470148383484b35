/**
 * The register as a public interface: JSON (`export --format json`) and CSV (one row per
 * agreement). Keep both stable: other tools read them. Also the spreadsheet forms: the CSV for
 * Excel written beside each PDF, and the .xlsx workbook that `import` reads back.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type { Country, ValidatedReport } from '../input/model.js';

// exceljs (and its zip and stream libraries) is required when a workbook is written, not at start-up:
// kept out of the start-up snapshot, whose every megabyte costs start-up time (scripts/build-snapshot.mjs).
const loadExcelJs = () => createRequire(import.meta.url)('exceljs') as typeof ExcelJS;

interface ExportedAgreement {
  partner: string | null;
  country: string;
  iso2: string;
  zone: string;
}

interface ExportedCommune {
  name: string;
  postalCode: string;
  department: string;
  population: number | null;
  agreements: ExportedAgreement[];
}

export function exportRegister(report: Pick<ValidatedReport, 'register' | 'countries'>): { communes: ExportedCommune[] } {
  const byName = new Map<string, Country>(report.countries.map((c) => [c.name, c]));
  return {
    communes: report.register.communes.map((c) => ({
      name: c.name,
      postalCode: c.postalCode,
      department: c.department,
      population: c.population,
      agreements: c.agreements.map((a) => ({ partner: a.partner, country: a.country, iso2: byName.get(a.country)!.iso2, zone: byName.get(a.country)!.zone })),
    })),
  };
}

const CSV_COLUMNS = ['commune', 'postal_code', 'department', 'population', 'partner', 'country', 'iso2', 'zone'] as const;

/**
 * RFC 4180 CSV, one row per agreement, CRLF line ends. A text cell that a spreadsheet would read
 * as a formula (starting with =, +, -, @, TAB or CR) is written after a "'" (OWASP, CSV
 * injection). Only `population` is a number, and it is never negative, so no number is touched.
 */
export function exportCsv(report: Pick<ValidatedReport, 'register' | 'countries'>): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const commune of exportRegister(report).communes) {
    for (const a of commune.agreements) {
      rows.push([commune.name, commune.postalCode, commune.department, commune.population === null ? '' : String(commune.population), a.partner ?? '', a.country, a.iso2, a.zone]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  if (FORMULA_START.test(value)) value = `'${value}`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A cell that a spreadsheet would take for a formula (=, +, -, @ first) gets a leading
 * apostrophe, so opening the file runs nothing (OWASP, "CSV Injection"); the import removes it.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@]/.test(value) ? `'${value}` : value;
}

/**
 * The CSV for Excel: the same rows as exportCsv, with a UTF-8 byte order mark (without it Excel
 * reads the accents as Windows-1252), ";" between cells (the list separator of a French Windows)
 * and CRLF line ends; cells that look like formulas neutralised.
 */
export function exportExcelCsv(report: Pick<ValidatedReport, 'register' | 'countries'>): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const commune of exportRegister(report).communes) {
    for (const a of commune.agreements) {
      rows.push([commune.name, commune.postalCode, commune.department, commune.population === null ? '' : String(commune.population), a.partner ?? '', a.country, a.iso2, a.zone]);
    }
  }
  return '\uFEFF' + rows.map((row) => row.map((cell) => delimitedCell(neutraliseFormula(cell), ';')).join(';')).join('\r\n') + '\r\n';
}

function delimitedCell(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A field of the register, as a column of the spreadsheet (one row per agreement). */
export type SpreadsheetField = 'name' | 'insee' | 'postalCode' | 'department' | 'population' | 'telephoneSurvey' | 'partner' | 'country' | 'communeNote' | 'agreementNote';

interface SpreadsheetColumn {
  field: SpreadsheetField;
  /** The header the export writes; the import also takes the synonyms of SPREADSHEET_HEADERS. */
  header: string;
  /** code: digits kept as text ("09000"); number: a typed number; mark: true or false. */
  kind: 'text' | 'code' | 'number' | 'mark';
  /** Excel's unit: characters of the default face. */
  width: number;
}

/** The columns of `export --format xlsx`, in order; `import` reads the same. */
export const SPREADSHEET_COLUMNS: readonly SpreadsheetColumn[] = [
  { field: 'name', header: 'Commune', kind: 'text', width: 30 },
  { field: 'insee', header: 'Code INSEE', kind: 'code', width: 12 },
  { field: 'postalCode', header: 'Code postal', kind: 'code', width: 12 },
  { field: 'department', header: 'Département', kind: 'code', width: 13 },
  { field: 'population', header: 'Population', kind: 'number', width: 12 },
  { field: 'telephoneSurvey', header: 'Enquête téléphonique', kind: 'mark', width: 12 },
  { field: 'partner', header: 'Partenaire', kind: 'text', width: 28 },
  { field: 'country', header: 'Pays', kind: 'text', width: 20 },
  { field: 'communeNote', header: 'Note (commune)', kind: 'text', width: 50 },
  { field: 'agreementNote', header: 'Note (accord)', kind: 'text', width: 50 },
];

/** The sheet `export --format xlsx` writes. */
export const SPREADSHEET_SHEET = 'Registre';

/**
 * The register as an .xlsx workbook a consultant opens as is: one row per agreement, a bold
 * header row frozen above an autofilter, codes as text (a leading 0 kept), population as a
 * number, the telephone mark as true/false. `createdAt` dates the workbook (no clock read here).
 */
export async function exportXlsx(report: Pick<ValidatedReport, 'register'>, createdAt: Date): Promise<Uint8Array> {
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = 'coopdec-report';
  workbook.created = createdAt;
  workbook.modified = createdAt;
  const sheet = workbook.addWorksheet(SPREADSHEET_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.columns = SPREADSHEET_COLUMNS.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.width,
    // "@" is the Text format: Excel keeps "09000" as typed instead of turning it into 9000.
    style: c.kind === 'code' ? { numFmt: '@' } : c.kind === 'number' ? { numFmt: '#,##0' } : {},
  }));
  for (const commune of report.register.communes) {
    for (const agreement of commune.agreements) {
      const values: Record<SpreadsheetField, string | number | boolean | null> = {
        name: neutraliseFormula(commune.name),
        insee: commune.insee,
        postalCode: commune.postalCode,
        department: commune.department,
        population: commune.population,
        telephoneSurvey: commune.telephoneSurvey,
        partner: agreement.partner === null ? null : neutraliseFormula(agreement.partner),
        country: neutraliseFormula(agreement.country),
        communeNote: commune.note === undefined ? null : neutraliseFormula(commune.note),
        agreementNote: agreement.note === undefined ? null : neutraliseFormula(agreement.note),
      };
      sheet.addRow(values);
    }
  }
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: SPREADSHEET_COLUMNS.length } };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
