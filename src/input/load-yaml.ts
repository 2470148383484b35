/**
 * Reads one YAML file of the project through the World and parses it (yaml-source.ts): the one
 * way every stage (validation, templates, theme, statistics, the CLI) loads a YAML file. Not in
 * yaml-source.ts itself, which the World imports (its size limit): that would be a cycle.
 */
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import { type InputKind, readInputFile, type World } from './world.js';
import { decodeText, parseYaml, type SizeLimit, type YamlSource } from './yaml-source.js';

/**
 * Reads and parses one YAML file of the project; reports a missing file at `requiredBy`, a file over
 * `limit` at its start. `kind` "register" reads it under the register's own size limit.
 */
export function loadYaml(
  world: World,
  path: string,
  diagnostics: Diagnostics,
  requiredBy?: Position,
  limit?: SizeLimit,
  kind: InputKind = 'source',
  screen?: (text: string) => boolean,
): YamlSource | undefined {
  const { bytes, missing } = readInputFile(world, path, kind, diagnostics);
  if (!bytes) {
    if (missing) diagnostics.error('source/missing-file', { path }, requiredBy ?? { file: path, line: 1, column: 1 });
    return undefined;
  }
  const text = decodeText(path, bytes, diagnostics, limit);
  if (text === undefined || (screen && !screen(text))) return undefined;
  return parseYaml(path, text, diagnostics);
}
