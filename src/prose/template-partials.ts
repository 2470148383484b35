/** The Handlebars partials of templates/partials/: loaded, checked, and freed of cycles. */

import { readInputFile, type World } from '../input/world.js';
import { decodeText } from '../input/yaml-source.js';
import type { Diagnostics } from '../shared/diagnostics.js';
import { checkPartial, MAX_TEMPLATE_LENGTH } from './template-engine.js';

export const partialFile = (name: string) => `templates/partials/${name}.hbs`;

/**
 * The partials of templates/partials/, by name. Each passes the checks a content string passes
 * (size, syntax, prototype names, known helpers), reported in its own file; one that fails is
 * left empty, so that its uses report nothing more.
 */
export function loadPartials(world: World, diagnostics: Diagnostics): Record<string, string> {
  const partials: Record<string, string> = {};
  for (const file of world.list('templates/partials').filter((f) => f.endsWith('.hbs'))) {
    const path = partialFile(file.slice(0, -4));
    const { bytes } = readInputFile(world, path, 'template', diagnostics);
    if (!bytes) continue;
    // NFC: a partial's accents composed as the rest of the text is (see yaml-source.ts).
    const text = decodeText(path, bytes, diagnostics, { bytes: MAX_TEMPLATE_LENGTH * 4, hint: 'partial' })?.normalize('NFC');
    const error = text === undefined ? undefined : checkPartial(text);
    if (error) diagnostics.error(error.code, error.params as never, { file: path, line: error.line, column: error.column });
    partials[file.slice(0, -4)] = text === undefined || error ? '' : text;
  }
  for (const cycle of findPartialCycles(partials)) {
    diagnostics.error('template/recursive-partial', { cycle }, { file: `templates/partials/${cycle[0]}.hbs`, line: 1, column: 1 });
    // Left empty rather than removed, so its uses do not also report an unknown partial.
    partials[cycle[0]!] = '';
  }
  return partials;
}

/** Cycles in the partial graph ({{> name}} references), each as [start, ..., start]. */
function findPartialCycles(partials: Record<string, string>): string[][] {
  const references = (source: string) => [...source.matchAll(/\{\{~?#?>\s*([\w-]+)/g)].map((m) => m[1]!);
  const cycles: string[][] = [];
  for (const start of Object.keys(partials)) {
    const stack: string[][] = [[start]];
    const visited = new Set<string>();
    while (stack.length > 0) {
      const path = stack.pop()!;
      const last = path[path.length - 1]!;
      for (const next of references(partials[last] ?? '')) {
        if (next === start) {
          cycles.push([...path, start]);
          stack.length = 0;
          break;
        }
        if (!visited.has(next) && partials[next] !== undefined) {
          visited.add(next);
          stack.push([...path, next]);
        }
      }
    }
  }
  return cycles;
}
