/**
 * The edition a command works on: the project root (found from the working folder up), its
 * current edition (coopdec.yaml) or the one --data names, loaded and checked against
 * --department; and the editions --all builds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { loadEdition } from '../build-report.js';
import { loadYaml } from '../input/load-yaml.js';
import type { ValidatedReport } from '../input/model.js';
import { createFileWorld, type World } from '../input/world.js';
import { positionOf } from '../input/yaml-source.js';
import { type Diagnostic, Diagnostics, diagnostic, formatDiagnostics } from '../shared/diagnostics.js';
import { localeOf, systemErrorCode } from '../shared/messages.js';
import { type Io, NOTHING_WRITTEN, UsageError, usage } from './command-io.js';
import { FALLBACK_EDITION, findProjectRoot, parseSettings, SETTINGS_FILE } from './project-settings.js';

/** The edition a command works on. */
export interface EditionTarget {
  world: World;
  /** Project-relative: "data/midi-pyrenees/2002". */
  editionDir: string;
  /** --data as given; undefined when the edition is the project's current one (coopdec.yaml). */
  dataArg?: string;
}

/** An edition folder is <root>/data/<region>/<year>: the root holds content/ and templates/. */
export function locateEdition(dataDir: string, cwd: string): { world: World; editionDir: string } {
  const absolute = resolve(cwd, dataDir);
  const root = resolve(absolute, '..', '..', '..');
  return { world: createFileWorld(root), editionDir: relative(root, absolute).split(sep).join('/') };
}

/**
 * The project around `cwd` (the nearest folder holding coopdec.yaml or package.json) and its
 * current edition: coopdec.yaml's `edition`, or data/midi-pyrenees/2002 when the file is absent.
 */
function currentEdition(cwd: string): { root: string; edition: string; fromSettings: boolean } {
  const root = findProjectRoot(cwd, existsSync);
  if (!root) throw usage('usage/not-in-project', { settings: SETTINGS_FILE, cwd });
  const path = join(root, SETTINGS_FILE);
  if (!existsSync(path)) return { root, edition: FALLBACK_EDITION, fromSettings: false };
  const parsed = parseSettings(readSettings(path));
  if ('problem' in parsed) throw new UsageError(parsed.problem);
  return { root, edition: parsed.edition, fromSettings: true };
}

/** The text of coopdec.yaml; one that cannot be read is bad usage, said with the system's reason. */
export function readSettings(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw usage('usage/settings-unreadable', { settings: SETTINGS_FILE, errno: systemErrorCode(error) });
  }
}

/** --data when given (relative to the working folder), else the project's current edition. */
export function resolveEdition(data: string | undefined, io: Io): EditionTarget {
  if (data !== undefined) {
    if (data.trim() === '') throw usage('usage/empty-data', {});
    return { ...locateEdition(data, io.cwd), dataArg: data };
  }
  const current = currentEdition(io.cwd);
  const folder = join(current.root, current.edition);
  if (!existsSync(folder)) {
    throw usage('usage/edition-missing', { settings: SETTINGS_FILE, edition: current.edition, fromSettings: current.fromSettings });
  }
  return locateEdition(folder, io.cwd);
}

export function loadOrReport(target: EditionTarget, io: Io): ValidatedReport | undefined {
  const diagnostics = new Diagnostics();
  const report = loadEdition(target.world, { editionDir: target.editionDir }, diagnostics);
  if (!report || diagnostics.hasErrors) {
    io.err(formatDiagnostics(diagnostics.items, NOTHING_WRITTEN, localeOf(io.env)));
    return undefined;
  }
  return report;
}

/** "midi-pyrenees-2002": the id of the region edition, the stem of its departments'. */
export function regionEditionId(report: ValidatedReport): string {
  return `${report.edition.region}-${report.edition.year}`;
}

/**
 * --department checked against the edition: a code edition.yaml does not list is bad usage
 * (exit 2); an empty one, or one listed but with no commune in the register (nothing to build),
 * is an error naming the edition (exit 1).
 */
export function departmentProblem(report: ValidatedReport, target: EditionTarget, code: string | undefined): Diagnostic | undefined {
  if (code === undefined) return undefined;
  const base = regionEditionId(report);
  const departments = report.edition.departments;
  const editionFile = `${target.editionDir}/edition.yaml`;
  const source = loadYaml(target.world, editionFile, new Diagnostics());
  const at = (path: (string | number)[]) => (source ? positionOf(source, path) : { file: editionFile, line: 1, column: 1 });
  if (code.trim() === '') {
    return diagnostic('error', 'edition/empty-department', { edition: base, codes: departments.map((d) => d.code) }, at(['departments']));
  }
  const index = departments.findIndex((d) => d.code === code);
  if (index < 0) throw usage('usage/unknown-department', { code, file: editionFile, codes: departments.map((d) => d.code) });
  if (report.register.communes.some((c) => c.department === code)) return undefined;
  const present = departments.filter((d) => report.register.communes.some((c) => c.department === d.code)).map((d) => d.code);
  return diagnostic(
    'error',
    'edition/department-without-communes',
    { edition: base, code, name: departments[index]!.name, editionDir: target.editionDir, present },
    at(['departments', index, 'code']),
  );
}

export interface EditionEntry {
  id: string;
  args: string[];
  output: string;
  department?: string;
}

/**
 * The region edition, then one per department that has a commune in the register. `dataDir` is
 * --data as given: undefined for the project's current edition, which needs no --data.
 */
export function listEditions(
  report: { edition: { region: string; year: number; departments: { code: string }[] }; register: { communes: { department: string }[] } },
  dataDir: string | undefined,
  outDir: string,
): EditionEntry[] {
  const base = `${report.edition.region}-${report.edition.year}`;
  const dataArgs = dataDir === undefined ? [] : ['--data', dataDir];
  const present = new Set(report.register.communes.map((c) => c.department));
  return [
    { id: base, args: [...dataArgs], output: `${outDir}/${base}.pdf` },
    ...report.edition.departments
      .filter((d) => present.has(d.code))
      .map((d) => ({ id: `${base}-${d.code}`, args: [...dataArgs, '--department', d.code], output: `${outDir}/${base}-${d.code}.pdf`, department: d.code })),
  ];
}
