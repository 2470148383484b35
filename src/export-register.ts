/**
 * The register as a public interface: JSON (`export --format json`) and CSV (one row per
 * agreement). Keep both stable: other tools read them.
 */
import type { Country, ValidatedReport } from './model.js';

export interface ExportedAgreement {
  partner: string | null;
  country: string;
  iso2: string;
  zone: string;
}

export interface ExportedCommune {
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

export const CSV_COLUMNS = ['commune', 'postal_code', 'department', 'population', 'partner', 'country', 'iso2', 'zone'] as const;

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
