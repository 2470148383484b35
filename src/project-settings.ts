/**
 * The project's settings: `coopdec.yaml` at the project root names the current edition, the one
 * every command builds, checks and lists when `--data` is not given. Pure functions: the CLI
 * reads and writes the file.
 */
import { dirname, join } from 'node:path';
import { isMap, parseDocument } from 'yaml';

export const SETTINGS_FILE = 'coopdec.yaml';

/** The edition used when the project has no coopdec.yaml. */
export const FALLBACK_EDITION = 'data/midi-pyrenees/2002';

/** An edition folder, relative to the project root: data/<region>/<year>. */
const EDITION_PATH = /^data\/[^/\\]+\/[^/\\]+$/;

interface ProjectSettings {
  /** "data/midi-pyrenees/2002", relative to the project root. */
  edition: string;
}

/**
 * The project root: the nearest folder, from `cwd` up, that holds coopdec.yaml or package.json;
 * undefined outside a project. `exists` is given by the caller (the CLI touches the disk).
 */
export function findProjectRoot(cwd: string, exists: (path: string) => boolean): string | undefined {
  let dir = cwd;
  for (;;) {
    if (exists(join(dir, SETTINGS_FILE)) || exists(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads coopdec.yaml; a problem is returned as a message naming the file. */
export function parseSettings(text: string): ProjectSettings | { problem: string } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { problem: `${SETTINGS_FILE} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}` };
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return { problem: `${SETTINGS_FILE} is empty: write "edition: ${FALLBACK_EDITION}"` };
  if (typeof value !== 'object' || Array.isArray(value)) return { problem: `${SETTINGS_FILE} must be a map such as "edition: ${FALLBACK_EDITION}"` };
  const unknown = Object.keys(value).filter((key) => key !== 'edition');
  if (unknown.length > 0) return { problem: `${SETTINGS_FILE}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (the only setting is "edition")` };
  const edition = (value as { edition?: unknown }).edition;
  if (edition === undefined) return { problem: `${SETTINGS_FILE} has no "edition": write "edition: ${FALLBACK_EDITION}"` };
  const problem = editionPathProblem(edition);
  return problem ? { problem: `${SETTINGS_FILE}: edition ${problem}` } : { edition: edition as string };
}

/** Why `edition` is not an edition folder of the project (data/<region>/<year>), or undefined. */
function editionPathProblem(edition: unknown): string | undefined {
  if (typeof edition !== 'string') return `must be a folder such as "${FALLBACK_EDITION}", not ${JSON.stringify(edition)}`;
  if (!EDITION_PATH.test(edition) || edition.split('/').some((part) => part === '..' || part === '.'))
    return `"${edition}" is not an edition folder of the project: write data/<region>/<year>, relative to the project root (e.g. "${FALLBACK_EDITION}")`;
  return undefined;
}

/** coopdec.yaml with its edition set to `edition`, comments kept; a new file when `text` is undefined. */
export function withEdition(text: string | undefined, edition: string): string {
  if (text === undefined || text.trim() === '') return newSettings(edition);
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return newSettings(edition);
  doc.set('edition', edition);
  return doc.toString({ lineWidth: 0 });
}

function newSettings(edition: string): string {
  return [
    '# Project settings of coopdec-report, read by every command run in this folder or below it.',
    '# edition: the edition that build, check, prose, reconcile, export and editions use when --data',
    '# is not given (a folder data/<region>/<year>); `coopdec-report new … --current` switches it.',
    `edition: ${edition}`,
    '',
  ].join('\n');
}
