/** The register from a spreadsheet and back: import (CSV, .xlsx), export --format xlsx, the Excel CSV. */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateReport } from '../src/input/validate-report.js';
import { createFileWorld } from '../src/input/world.js';
import { exportExcelCsv, neutraliseFormula } from '../src/output/export-register.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { copyProject, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const EDITION = 'data/midi-pyrenees/2002';

let project: string;
beforeEach(() => {
  project = copyProject();
});
afterEach(() => removeDir(project));

/** The validated register of the edition in the copied project. */
function validatedRegister() {
  const diagnostics = new Diagnostics();
  const report = validateReport(createFileWorld(project), { dir: EDITION }, diagnostics);
  expect(diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
  return report!.register;
}

const registerText = () => readFileSync(join(project, EDITION, 'register.yaml'), 'utf8');

describe('import from CSV', () => {
  it('reads ";" separated Windows-1252 with French headers in any case, accents and order', async () => {
    const csv = [
      'PAYS;Commune;code insee;CP;Département;Population;Téléphone;Partenaire;Notes',
      'Espagne;FOIX;09122;09000;09;9 109;oui;Lérida;signé à Lérida',
      'Andorre;FOIX;09122;09000;09;9109;oui;Andore la Vieille;',
      'Allemagne;PAMIERS;09225;09101;09;15013;non;Craillsheim;',
    ].join('\r\n');
    writeFileSync(join(project, 'registre.csv'), iconv.encode(csv, 'windows-1252'));
    const run = await runCli(['import', 'registre.csv', '--into', EDITION], project);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`wrote ${EDITION}/register.yaml: 2 communes, 3 agreements from registre.csv (sheet registre)`);
    const [foix, pamiers] = validatedRegister().communes;
    expect(foix).toMatchObject({ name: 'FOIX', insee: '09122', postalCode: '09000', department: '09', population: 9109, telephoneSurvey: true });
    expect(foix!.agreements).toEqual([
      { partner: 'Lérida', country: 'Espagne', note: 'signé à Lérida' },
      { partner: 'Andore la Vieille', country: 'Andorre' },
    ]);
    expect(pamiers).toMatchObject({ name: 'PAMIERS', telephoneSurvey: false, agreements: [{ partner: 'Craillsheim', country: 'Allemagne' }] });
    expect(registerText()).toMatch(/^# Register imported from registre\.csv/);
  });

  it('reads "," separated UTF-8 with a byte order mark, quoted cells, an empty partner', async () => {
    const csv =
      '\uFEFFCommune,Code INSEE,Code postal,Département,Population,Enquête téléphonique,Partenaire,Pays,Note (commune)\n' +
      'FOIX,09122,09000,09,9109,x,"Lerida, Catalogne",Esp,"Note, avec ""guillemets"""\n' +
      'FOIX,09122,09000,09,,,,Mali,\n';
    writeFileSync(join(project, 'registre.csv'), csv);
    const run = await runCli(['import', 'registre.csv', '--into', EDITION], project);
    expect(run.code).toBe(0);
    const [foix] = validatedRegister().communes;
    expect(foix).toMatchObject({ population: 9109, telephoneSurvey: true, note: 'Note, avec "guillemets"' });
    expect(foix!.agreements).toEqual([
      { partner: 'Lerida, Catalogne', country: 'Espagne' },
      { partner: null, country: 'Mali' },
    ]);
  });
});

describe('the README', () => {
  it('has an example sheet that imports as it stands', async () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Spreadsheets'));
    const example = /```\n(Commune;[^`]*)```/.exec(section)![1]!;
    writeFileSync(join(project, 'exemple.csv'), example);
    const run = await runCli(['import', 'exemple.csv', '--into', EDITION], project);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(validatedRegister().communes.map((c) => `${c.name}: ${c.agreements.map((a) => a.partner).join(', ')}`)).toEqual(['FOIX: Lerida, Andore la Vieille', 'PAMIERS: Craillsheim']);
  });
});

describe('a bad cell', () => {
  it('is reported at its cell with the register rules, and nothing is written', async () => {
    const before = registerText();
    const csv = [
      'Commune;Code INSEE;Code postal;Département;Population;Enquête téléphonique;Partenaire;Pays',
      'FOIX;09122;09000;09;9109;oui;Lerida;Espagne',
      ';09225;09101;09;15013;non;Craillsheim;Allemagne',
      'LUZENAC;09176;09250;09;abc;non;Lassing;Autriche',
      'LEZAT SUR LEZE;09167;09210;09;2157;non;Ateca;Atlantide',
      'FOIX;09122;09000;09;9110;oui;Vielha;Espagne',
    ].join('\n');
    writeFileSync(join(project, 'registre.csv'), csv);
    const run = await runCli(['import', 'registre.csv', '--into', EDITION], project);
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter((l) => !l.startsWith('   = hint'));
    expect(lines).toEqual([
      'registre.csv:registre!A3: error[import/invalid-value]: "Commune" is empty',
      'registre.csv:registre!E4: error[import/invalid-population]: population "abc" is text: it must be a positive whole number',
      'registre.csv:registre!H5: error[import/unknown-country]: unknown country "Atlantide"',
      'registre.csv:registre!E6: error[import/inconsistent-commune]: "Population" is 9110 here but 9109 in row 2, for the same commune',
      `4 errors, 0 warnings, nothing written (${EDITION}/register.yaml left as it was)`,
    ]);
    expect(registerText()).toBe(before);
  });

  it('a missing column is named; an .ods sheet without LibreOffice says what to do', async () => {
    writeFileSync(join(project, 'registre.csv'), 'Commune;Population;Pays\nFOIX;9109;Espagne\n');
    const missing = await runCli(['import', 'registre.csv', '--into', EDITION], project);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^registre\.csv:registre!A1: error\[import\/missing-column\]: the header row has no column "Code INSEE", "Code postal", "Partenaire"/);
    writeFileSync(join(project, 'registre.ods'), 'not really');
    const ods = await runCli(['import', 'registre.ods', '--into', EDITION], project, { PATH: join(project, 'no-bin') });
    expect(ods.code).toBe(2);
    expect(ods.stderr).toMatch(/^registre\.ods:1:1: error\[import\/ods-needs-libreoffice\]/);
  });
});

describe('export --format xlsx', () => {
  it('writes a typed workbook that imports back to the same register', async () => {
    const original = validatedRegister();
    const run = await runCli(['export', '--format', 'xlsx', '--output', 'registre.xlsx'], project);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('wrote registre.xlsx: 100 communes, 153 agreements (one row each)');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(join(project, 'registre.xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Registre')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Commune',
      'Code INSEE',
      'Code postal',
      'Département',
      'Population',
      'Enquête téléphonique',
      'Partenaire',
      'Pays',
      'Note (commune)',
      'Note (accord)',
    ]);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(1).width).toBeGreaterThan(20);
    expect(sheet.getCell('B2').value).toBe('09122');
    expect(sheet.getCell('C2').value).toBe('09000');
    expect(sheet.getCell('C2').numFmt).toBe('@');
    expect(sheet.getCell('E2').value).toBe(9109);
    expect(sheet.getCell('F2').value).toBe(true);
    expect(sheet.rowCount).toBe(154);

    const back = await runCli(['import', 'registre.xlsx', '--into', EDITION], project);
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    expect(validatedRegister()).toEqual(original);
  });

  it('reads codes Excel turned into numbers back with their leading 0, with a warning', async () => {
    await runCli(['export', '--format', 'xlsx', '--output', 'registre.xlsx'], project);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(join(project, 'registre.xlsx')) as unknown as ArrayBuffer);
    workbook.getWorksheet('Registre')!.getCell('C2').value = 9000;
    writeFileSync(join(project, 'registre.xlsx'), new Uint8Array(await workbook.xlsx.writeBuffer()));
    const run = await runCli(['import', 'registre.xlsx', '--into', EDITION], project);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^registre\.xlsx:Registre!C2: warning\[import\/code-as-number\]: the code is the number 9000 in the sheet: read as "09000"/);
    expect(validatedRegister().communes[0]!.postalCode).toBe('09000');
  });
});

describe('the CSV for Excel', () => {
  it('has a byte order mark, ";" between cells, CRLF line ends, and no live formula', () => {
    const report = {
      register: {
        communes: [
          {
            name: '=HYPERLINK("x")',
            displayName: 'X',
            insee: '09122',
            postalCode: '09000',
            department: '09',
            population: 9109,
            telephoneSurvey: true,
            agreements: [{ partner: 'Lérida; Lleida', country: 'Espagne' }],
          },
        ],
      },
      countries: [{ name: 'Espagne', iso2: 'ES', aliases: [], zone: 'europe-ce', area: 'europe-ce', annexGroup: 'espagne', article: "l'" as const, francophone: false }],
    };
    expect(exportExcelCsv(report)).toBe(
      '\uFEFFcommune;postal_code;department;population;partner;country;iso2;zone\r\n' + `"'=HYPERLINK(""x"")";09000;09;9109;"Lérida; Lleida";Espagne;ES;europe-ce\r\n`,
    );
    expect(['=1', '+1', '-1', '@x', 'a=b'].map(neutraliseFormula)).toEqual(["'=1", "'+1", "'-1", "'@x", 'a=b']);
  });
});
