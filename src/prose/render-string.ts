/**
 * One template string of a YAML file rendered, typeset and checked; its errors reported at their
 * place in the file (the position inside the string mapped back), or in a partial's own file.
 */

import { positionAt, positionOf, scalarRange, type YamlPath, type YamlSource } from '../input/yaml-source.js';
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import { restoreLiteral } from './inline-markup.js';
import type { RenderBudget, TemplateEngine } from './template-engine.js';
import { partialFile } from './template-partials.js';
import { typeset } from './typography.js';

/**
 * Longest text one string may render to (a paragraph, heading, list item or note). pdfmake's line
 * breaking is quadratic in a paragraph's length (a 1 MB paragraph takes about 100 s to lay out,
 * 20,000 characters a few hundredths of a second); the longest real paragraph is under 2,000.
 */
const MAX_PARAGRAPH_LENGTH = 20_000;

/** `inline`: the text goes to parseInline, which restores the stand-ins of data (inline-markup.ts). */
export type RenderAt = (source: YamlSource, path: YamlPath, template: string, ctx?: object, inline?: boolean) => string | undefined;

/**
 * Renders one string; on error, reports it at the mapped position in the file, or in the partial's
 * own file when it arose inside a partial. A spent budget is reported once, where it ran out.
 * `inline`: the text goes on to the inline markup parser, which restores the literal stand-ins.
 */
export function renderString(
  engine: TemplateEngine,
  source: YamlSource,
  path: YamlPath,
  template: string,
  context: object,
  budget: RenderBudget,
  diagnostics: Diagnostics,
  inline = false,
): string | undefined {
  const result = engine.render(template, context, budget);
  if (result.ok) {
    if (result.text.length <= MAX_PARAGRAPH_LENGTH) return inline ? typeset(result.text) : restoreLiteral(typeset(result.text));
    diagnostics.error('content/paragraph-too-long', { length: result.text.length, max: MAX_PARAGRAPH_LENGTH }, positionOf(source, path));
    return undefined;
  }
  const { error } = result;
  if (error.code === 'template/budget' && !budget.report()) return undefined;
  const at = error.partial === undefined ? mapPosition(source, path, template, error.line, error.column) : { file: partialFile(error.partial), line: error.line, column: error.column };
  diagnostics.error(error.code, error.params as never, at);
  return undefined;
}

/**
 * Maps a line:column inside a string value back to the YAML file. The text from that point to
 * the end of its line is searched for in the scalar's source (which may be quoted, folded or a
 * block scalar); when it cannot be found the scalar's own position is used.
 */
export function mapPosition(source: YamlSource, path: YamlPath, template: string, line: number, column: number): Position {
  const range = scalarRange(source, path);
  if (!range) return positionOf(source, path);
  const lines = template.split('\n');
  const offsetInValue = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
  const probe = template.slice(offsetInValue).split('\n')[0]!.slice(0, 24);
  const raw = source.text.slice(range[0], range[1]);
  const earlier = template.slice(0, offsetInValue).split(probe).length - 1;
  let found = -1;
  for (let i = 0, from = 0; i <= earlier; i++) {
    found = probe ? raw.indexOf(probe, from) : -1;
    if (found < 0) break;
    from = found + 1;
  }
  return positionAt(source, found >= 0 ? range[0] + found : range[0]);
}
