/** `import`: an edition's register from a spreadsheet (.csv, .xlsx, .ods through LibreOffice). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importRegister, type LoadedSheet, loadCsvSheet, loadXlsxSheet } from '../input/import-register.js';
import { writeFileAtomic } from '../output/io.js';
import { Diagnostics, diagnostic, formatDiagnostics } from '../shared/diagnostics.js';
import { localeOf, systemErrorCode } from '../shared/messages.js';
import { EXIT_DATA, EXIT_OK, EXIT_USAGE, type Io, NOTHING_WRITTEN, say, usage } from './command-io.js';
import { locateEdition } from './edition-target.js';

/**
 * `import`: the register of an edition from a spreadsheet. The register is composed and
 * validated whole before anything is written, then written in one atomic rename: a sheet with
 * one bad cell leaves the previous register.yaml as it was.
 */
export async function commandImport(file: string, into: string, io: Io): Promise<number> {
  const { world, editionDir } = locateEdition(into, io.cwd);
  if (!world.read(`${editionDir}/edition.yaml`)) throw usage('usage/not-an-edition-folder', { folder: into, hint: true });
  const path = resolve(io.cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) throw usage('usage/spreadsheet-not-found', { file });
  if (statSync(path).size > MAX_SPREADSHEET_BYTES) throw usage('usage/spreadsheet-too-large', { file, mib: MAX_SPREADSHEET_BYTES / 1024 / 1024 });
  const extension = extname(file).toLowerCase();
  const diagnostics = new Diagnostics();
  let sheet: LoadedSheet | undefined;
  if (extension === '.csv' || extension === '.txt') sheet = loadCsvSheet(file, readSpreadsheet(path, file), diagnostics);
  else if (extension === '.xlsx' || extension === '.xlsm') sheet = await loadXlsxSheet(file, readSpreadsheet(path, file), diagnostics);
  else if (extension === '.ods') {
    const converted = convertOdsToXlsx(path, io);
    if (!converted) {
      io.err(formatDiagnostics([diagnostic('error', 'import/ods-needs-libreoffice', {}, { file, line: 1, column: 1 })], NOTHING_WRITTEN, localeOf(io.env)));
      return EXIT_USAGE;
    }
    sheet = await loadXlsxSheet(file, converted, diagnostics);
  } else throw usage('usage/spreadsheet-extension', { file, extension });
  if (!sheet) {
    io.err(formatDiagnostics(diagnostics.items, NOTHING_WRITTEN, localeOf(io.env)));
    return EXIT_DATA;
  }
  const imported = importRegister(sheet, world, editionDir);
  const failed = imported.diagnostics.hasErrors;
  if (imported.diagnostics.items.length > 0)
    io.err(formatDiagnostics(imported.diagnostics.items, failed ? { kind: 'register-kept', path: `${editionDir}/register.yaml` } : { kind: 'written' }, localeOf(io.env)));
  if (failed) return EXIT_DATA;
  writeFileAtomic(join(world.root, editionDir, 'register.yaml'), imported.yaml);
  io.out(say(io, 'cli/wrote', { path: `${editionDir}/register.yaml`, communes: imported.communes, agreements: imported.agreements, from: file, sheet: sheet.sheet }));
  return EXIT_OK;
}

/** The bytes of the spreadsheet `import` reads; one that cannot be read is bad usage, said with the system's reason. */
function readSpreadsheet(path: string, file: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw usage('usage/spreadsheet-unreadable', { file, errno: systemErrorCode(error) });
  }
}

/** The size a register's spreadsheet may have (as for YAML sources: 32 MiB). */
const MAX_SPREADSHEET_BYTES = 32 * 1024 * 1024;

/**
 * An .ods sheet converted to .xlsx by LibreOffice, or undefined when LibreOffice is not installed.
 * No well-kept JavaScript library reads ODS (SheetJS's npm release is 0.18.5, with open
 * advisories), and LibreOffice's own conversion is exact. A private profile folder lets it run
 * while the user's LibreOffice is open.
 */
function convertOdsToXlsx(path: string, io: Io): Uint8Array | undefined {
  const folder = mkdtempSync(join(tmpdir(), 'coopdec-ods-'));
  try {
    for (const command of ['libreoffice', 'soffice']) {
      const run = spawnSync(command, [`-env:UserInstallation=${pathToFileURL(join(folder, 'profile')).href}`, '--headless', '--convert-to', 'xlsx', '--outdir', folder, path], {
        env: { ...process.env, ...io.env },
        timeout: 120_000,
        encoding: 'utf8',
      });
      if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') continue;
      const output = join(folder, `${basename(path, extname(path))}.xlsx`);
      if (run.status !== 0 || !existsSync(output)) {
        const file = basename(path);
        const printed = (run.stderr ?? '').trim();
        throw usage(
          'usage/libreoffice-failed',
          printed ? { file, output: printed } : run.error ? { file, errno: systemErrorCode(run.error) } : run.signal ? { file, errno: run.signal } : { file, status: run.status ?? 0 },
        );
      }
      return readFileSync(output);
    }
    return undefined;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
