/** `new`: the folder of a new edition (another year, or another region) from an existing one. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readInputFile } from '../input/world.js';
import { writeFileAtomic, writeOutputs } from '../output/io.js';
import { Diagnostics, formatDiagnostics, oneLine } from '../shared/diagnostics.js';
import { lineText, localeOf, warningPrefix } from '../shared/messages.js';
import { EXIT_DATA, EXIT_OK, type Io, NOTHING_WRITTEN, say, UsageError, usage } from './command-io.js';
import { readSettings, resolveEdition } from './edition-target.js';
import { newEditionProblem, scaffoldEdition } from './new-edition.js';
import { SETTINGS_FILE, withEdition } from './project-settings.js';

export interface NewCommandOptions {
  from?: string;
  year: string;
  region?: string;
  regionName?: string;
  current?: boolean;
}

/** `new`: writes data/<region>/<year>/ from an existing edition; never overwrites. */
export function commandNew(options: NewCommandOptions, io: Io): number {
  if ((options.region === undefined) !== (options.regionName === undefined)) throw usage('usage/region-pair', {});
  const region = options.region !== undefined ? { slug: options.region, name: options.regionName!.trim() } : undefined;
  const problem = newEditionProblem({ year: options.year, ...(region ? { region } : {}) });
  if (problem) throw new UsageError(problem);
  const locale = localeOf(io.env);
  const { world, editionDir } = resolveEdition(options.from, io);
  const read = new Diagnostics();
  const { bytes: editionYaml, missing: noEditionYaml } = readInputFile(world, `${editionDir}/edition.yaml`, 'source', read);
  const { bytes: registerYaml } = readInputFile(world, `${editionDir}/register.yaml`, 'register', read);
  if (read.hasErrors) {
    io.err(formatDiagnostics(read.items, NOTHING_WRITTEN, localeOf(io.env)));
    return EXIT_DATA;
  }
  if (!editionYaml || noEditionYaml) throw usage('usage/not-an-edition-folder', { folder: editionDir });
  const sourceFolder = join(world.root, editionDir);
  const otherFiles = listFolder(sourceFolder)
    .filter((path) => path !== 'edition.yaml' && path !== 'register.yaml')
    .map((path) => `${editionDir}/${path}`);
  const scaffold = scaffoldEdition({
    from: editionDir,
    editionYaml: Buffer.from(editionYaml).toString('utf8'),
    registerYaml: registerYaml ? Buffer.from(registerYaml).toString('utf8') : undefined,
    otherFiles,
    year: options.year,
    ...(region ? { region } : {}),
  });
  if ('problem' in scaffold) throw new UsageError(scaffold.problem);
  if (existsSync(join(world.root, scaffold.dir))) throw usage('usage/edition-exists', { dir: scaffold.dir });
  // The edition's files together: all of them, or none.
  writeOutputs(
    Object.entries(scaffold.files).map(([path, text]) => ({ path: join(world.root, path), bytes: text })),
    io.outputFs,
  );
  for (const line of scaffold.notCopied) io.out(lineText(line, locale));
  for (const line of scaffold.warnings) io.err(`${warningPrefix(locale)}${oneLine(lineText(line, locale))}`);
  const written = Object.keys(scaffold.files)
    .map((path) => path.slice(scaffold.dir.length + 1))
    .sort();
  io.out(say(io, 'cli/edition-written', { dir: scaffold.dir, files: written, from: editionDir }));
  if (options.current) {
    const settings = join(world.root, SETTINGS_FILE);
    writeFileAtomic(settings, withEdition(existsSync(settings) ? readSettings(settings) : undefined, scaffold.dir));
    io.out(say(io, 'cli/edition-current', { settings: SETTINGS_FILE, dir: scaffold.dir }));
  }
  const check = options.current ? 'coopdec-report check' : `coopdec-report check --data ${scaffold.dir}`;
  io.out(say(io, 'cli/next-steps', { dir: scaffold.dir, check, region: region !== undefined }));
  return EXIT_OK;
}

/** Every file under a folder, relative, with forward slashes, sorted. */
function listFolder(dir: string): string[] {
  const files: string[] = [];
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  walk('');
  return files;
}
