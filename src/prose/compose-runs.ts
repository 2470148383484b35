/**
 * Rendered text to inline runs (inline-markup.ts), with the checks that need the run's place in
 * its file: links with characters a PDF reader would act on, calls of notes that do not exist.
 */

import { positionOf, type YamlPath, type YamlSource } from '../input/yaml-source.js';
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import { type InlineRun, parseInline, unsafeLinkCharacter } from './inline-markup.js';

export type ParseAt = (source: YamlSource, path: YamlPath, text: string) => InlineRun[];

/**
 * A parser of runs for one build: `parseAt` drops an unsafe link (with an error) and keeps every
 * footnote call's place; `reportUnknownFootnotes`, once every note is known, reports the calls
 * of notes that none of the files defines.
 */
export function createRunParser(diagnostics: Diagnostics): { parseAt: ParseAt; reportUnknownFootnotes: (footnotes: Record<string, InlineRun[]>) => void } {
  const footnoteCalls: { id: string; at: Position }[] = [];
  const parseAt = (source: YamlSource, path: YamlPath, text: string): InlineRun[] => {
    const runs = parseInline(text);
    for (const run of runs) if (run.footnote) footnoteCalls.push({ id: run.footnote, at: positionOf(source, path) });
    return runs.map((run) => {
      const bad = run.link === undefined ? undefined : unsafeLinkCharacter(run.link);
      if (bad === undefined) return run;
      const code = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      diagnostics.error('content/unsafe-link', { link: run.link!, char: code }, positionOf(source, path));
      const { link: _, ...text } = run;
      return text;
    });
  };
  const reportUnknownFootnotes = (footnotes: Record<string, InlineRun[]>) => {
    const reported = new Set<string>();
    for (const call of footnoteCalls) {
      // Once per note and file: a text repeating a bad call must not flood the output.
      const key = `${call.id}|${call.at.file}`;
      if (!footnotes[call.id] && !reported.has(key) && reported.add(key)) diagnostics.error('content/unknown-footnote', { id: call.id }, call.at);
    }
  };
  return { parseAt, reportUnknownFootnotes };
}
