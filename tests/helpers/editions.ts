/** Editions built in memory up to their prose: the real register restricted at will, or made up. */
import { buildReport } from '../../src/build-report.js';
import { Diagnostics } from '../../src/diagnostics.js';
import type { Commune, ValidatedReport } from '../../src/model.js';
import { proseText } from '../../src/prose-text.js';
import type { ComposedReport } from '../../src/compose-sections.js';
import { validateReport } from '../../src/validate-report.js';
import { createFileWorld, type World } from '../../src/world.js';
import { PROJECT_ROOT } from './project.js';

export const EDITION_DIR = 'data/midi-pyrenees/2002';
export const world: World = createFileWorld(PROJECT_ROOT);

let cached: ValidatedReport | undefined;
/** The 2002 region, validated once. */
export function region2002(): ValidatedReport {
  if (!cached) {
    const diagnostics = new Diagnostics();
    cached = validateReport(world, { dir: EDITION_DIR }, diagnostics);
    if (!cached) throw new Error(diagnostics.items.map((d) => d.message).join('\n'));
  }
  return cached;
}

export interface ComposedEdition {
  composed: ComposedReport;
  prose: string;
  /** Communes with at least one agreement in the edition. */
  active: Commune[];
  report: ValidatedReport;
}

/** Composes an edition (no layout) of `report`, restricted to a department when given. */
export async function composeEdition(report: ValidatedReport, department?: string, editionDir = EDITION_DIR): Promise<ComposedEdition> {
  const result = await buildReport(world, { editionDir, validated: report, checkOnly: true, ...(department ? { department } : {}) });
  if (!result.built) throw new Error(`edition did not compose:\n${result.diagnostics.items.map((d) => `${d.position.file}:${d.position.line}: ${d.code}: ${d.message}`).join('\n')}`);
  const { composed, report: restricted } = result.built;
  return { composed, prose: proseText(composed), active: restricted.register.communes.filter((c) => c.agreements.length > 0), report: restricted };
}
