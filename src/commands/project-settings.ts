/**
 * The project's settings: `coopdec.yaml` at the project root names the current edition, the one
 * every command builds, checks and lists when `--data` is not given. Pure functions: the CLI
 * reads and writes the file.
 */
import { dirname, join } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { type CatalogueLine, catalogueLine, yamlErrorCode } from '../shared/messages.js';

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

/** Reads coopdec.yaml; a problem is returned as a line of the catalogue naming the file. */
export function parseSettings(text: string): ProjectSettings | { problem: CatalogueLine } {
  const settings = SETTINGS_FILE;
  const example = FALLBACK_EDITION;
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) return { problem: catalogueLine('usage/settings-not-yaml', { settings, line: error.linePos?.[0].line ?? 1, problem: yamlErrorCode(error.code) }) };
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return { problem: catalogueLine('usage/settings-empty', { settings, example }) };
  if (typeof value !== 'object' || Array.isArray(value)) return { problem: catalogueLine('usage/settings-not-a-map', { settings, example }) };
  const unknown = Object.keys(value).filter((key) => key !== 'edition');
  if (unknown.length > 0) return { problem: catalogueLine('usage/settings-unknown-keys', { settings, keys: unknown }) };
  const edition = (value as { edition?: unknown }).edition;
  if (edition === undefined) return { problem: catalogueLine('usage/settings-no-edition', { settings, example }) };
  if (typeof edition !== 'string') return { problem: catalogueLine('usage/settings-edition-not-text', { settings, example, value: JSON.stringify(edition) }) };
  if (!EDITION_PATH.test(edition) || edition.split('/').some((part) => part === '..' || part === '.'))
    return { problem: catalogueLine('usage/settings-edition-not-a-folder', { settings, example, edition }) };
  return { edition };
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
