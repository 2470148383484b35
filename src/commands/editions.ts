/** `editions`: the editions --all builds, one per line or as JSON (a CI matrix). */
import { EXIT_DATA, EXIT_OK, type Io } from './command-io.js';
import { listEditions, loadOrReport, resolveEdition } from './edition-target.js';

export function commandEditions(options: { data?: string; json?: boolean }, io: Io): number {
  const target = resolveEdition(options.data, io);
  const loaded = loadOrReport(target, io);
  if (!loaded) return EXIT_DATA;
  const editions = listEditions(loaded, target.dataArg, 'out');
  io.out(options.json ? JSON.stringify(editions) : editions.map((e) => `${e.id}\t${e.output}`).join('\n'));
  return EXIT_OK;
}
