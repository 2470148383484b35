/** `export`: the register as JSON or CSV (standard output or a file), or an .xlsx workbook. */
import { resolve } from 'node:path';
import { exportCsv, exportRegister, exportXlsx } from '../output/export-register.js';
import { writeFileAtomic } from '../output/io.js';
import { creationDate, EXIT_DATA, EXIT_OK, type Io, say } from './command-io.js';
import { loadOrReport, regionEditionId, resolveEdition } from './edition-target.js';

export async function commandExport(options: { data?: string; format: 'json' | 'csv' | 'xlsx'; output?: string }, io: Io): Promise<number> {
  const loaded = loadOrReport(resolveEdition(options.data, io), io);
  if (!loaded) return EXIT_DATA;
  if (options.format !== 'xlsx') {
    const text = options.format === 'json' ? JSON.stringify(exportRegister(loaded), null, 2) : exportCsv(loaded).trimEnd();
    if (options.output === undefined) {
      io.out(text);
      return EXIT_OK;
    }
    writeFileAtomic(resolve(io.cwd, options.output), text + (options.format === 'json' ? '\n' : '\r\n'));
    io.out(say(io, 'cli/wrote', { path: options.output }));
    return EXIT_OK;
  }
  const output = options.output ?? `out/${regionEditionId(loaded)}.xlsx`;
  const createdAt = creationDate(io.env) ?? new Date(Date.UTC(loaded.edition.year, 0, 1));
  writeFileAtomic(resolve(io.cwd, output), await exportXlsx(loaded, createdAt));
  const agreements = loaded.register.communes.reduce((sum, c) => sum + c.agreements.length, 0);
  io.out(say(io, 'cli/wrote', { path: output, communes: loaded.register.communes.length, agreements, rows: true }));
  return EXIT_OK;
}
