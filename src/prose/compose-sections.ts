/**
 * Templating stage: reads templates/ and content/, renders every string through Handlebars
 * against the statistics, and parses the inline markup. The parts of templates/structure.yaml
 * are composed in order here; a content file's blocks in compose-blocks.ts, one string in
 * render-string.ts (its errors placed in the YAML file), runs in compose-runs.ts.
 */
import type { z } from 'zod';
import { loadYaml } from '../input/load-yaml.js';
import type { Edition } from '../input/model.js';
import { checkSchema } from '../input/schema-diagnostics.js';
import { annexesSchema, coverSchema, structureSchema, tablesSchema } from '../input/schemas.js';
import type { World } from '../input/world.js';
import { positionOf, type SizeLimit, type YamlPath, type YamlSource } from '../input/yaml-source.js';
import { Diagnostics } from '../shared/diagnostics.js';
import type { Statistics } from '../statistics/statistics-model.js';
import { composeSection, letterMinorHeadings } from './compose-blocks.js';
import { createRunParser } from './compose-runs.js';
import { type ComposedPart, type ComposedReport, EVOLUTION_CHART, type TableId, type TableLabels } from './composed-report.js';
import { type InlineRun, parseInline, plainText, restoreLiteral } from './inline-markup.js';
import { type RenderAt, renderString } from './render-string.js';
import { createTemplateEngine, RenderBudget, type TemplateEngine } from './template-engine.js';
import { loadPartials } from './template-partials.js';
import { type Scope, type SurveyPhrases, scopeOf, surveyPhrases } from './territory.js';
import { typeset } from './typography.js';

/** Largest prose file (content/, templates/, an edition's own prose): the largest real one is under 5 KB. */
const PROSE_FILE_LIMIT: SizeLimit = { bytes: 1_000_000, hint: 'section' };

/** The template context: the statistics, the edition, its scope, its survey's dates and the report's title. */
type TemplateContext = Statistics & { edition: Edition; scope: Scope; survey: SurveyPhrases; title?: string };

/** Renders templates and content into composed parts; undefined on any error. */
export function composeSections(world: World, statistics: Statistics, edition: Edition, diagnostics: Diagnostics, editionDir?: string): ComposedReport | undefined {
  const before = diagnostics.errorCount;
  const partials = loadPartials(world, diagnostics);
  const engine = createTemplateEngine(partials);
  // One budget for the build's templates, and a share of it for each section (see template-engine.ts).
  const budget = new RenderBudget();
  const context: TemplateContext = { ...statistics, edition, scope: scopeOf(edition), survey: surveyPhrases(edition.survey, edition.year) };
  const editionProse = editionDir ? loadEditionProse(world, editionDir, diagnostics) : new Map<string, YamlSource>();

  const structureSource = loadYaml(world, 'templates/structure.yaml', diagnostics, undefined, PROSE_FILE_LIMIT);
  const structure = structureSource && checkSchema(structureSource, structureSchema, 'structure', diagnostics);
  if (!structureSource || !structure) return undefined;
  const renderAt = (source: YamlSource, path: YamlPath, template: string, ctx: object = context, inline = false, within: RenderBudget = budget) =>
    renderString(engine, source, path, template, ctx, within, diagnostics, inline);

  const title = renderAt(structureSource, ['title'], structure.title) ?? '';
  const withTitle = { ...context, title };
  const header = renderAt(structureSource, ['header'], structure.header, withTitle) ?? '';
  const footerNote = renderAt(structureSource, ['footerNote'], structure.footerNote, withTitle) ?? '';
  renderAt(structureSource, ['footer'], structure.footer, { ...withTitle, page: 1, pages: 1 });
  const footer = (page: number, pages: number) => {
    const result = engine.render(structure.footer, { ...withTitle, page, pages });
    return result.ok ? restoreLiteral(typeset(result.text)) : '';
  };

  const footnotes: Record<string, InlineRun[]> = {};
  const { parseAt, reportUnknownFootnotes } = createRunParser(diagnostics);

  const seenFiles = new Map<string, number>();
  let annexTexts: { source?: YamlSource; file?: z.infer<typeof annexesSchema> | undefined } | undefined;
  const parts: ComposedPart[] = [];
  structure.parts.forEach((part, index) => {
    const at = positionOf(structureSource, ['parts', index]);
    if ('cover' in part) {
      const source = loadYaml(world, `templates/${part.cover}`, diagnostics, at, PROSE_FILE_LIMIT);
      const cover = source && checkSchema(source, coverSchema, 'structure', diagnostics);
      if (source && cover) parts.push({ kind: 'cover', lines: cover.lines.map((line, i) => ({ style: line.style, text: renderAt(source, ['lines', i, 'text'], line.text, withTitle) ?? '' })) });
    } else if ('content' in part) {
      const previous = seenFiles.get(part.content);
      if (previous !== undefined) {
        diagnostics.error('structure/duplicate-section', { section: part.content, first: previous + 1 }, positionOf(structureSource, ['parts', index, 'content']));
        return;
      }
      seenFiles.set(part.content, index);
      const source = loadYaml(world, `content/${part.content}`, diagnostics, positionOf(structureSource, ['parts', index, 'content']), PROSE_FILE_LIMIT);
      if (!source) return;
      const own = editionProse.get(part.content);
      const sectionBudget = budget.child(`section ${part.content}`);
      const renderInSection: RenderAt = (from, path, template, ctx = context, inline = false) => renderAt(from, path, template, ctx, inline, sectionBudget);
      const section = composeSection(world, source, own, renderInSection, parseAt, footnotes, new Set([...statistics.zones.map((z) => z.id), EVOLUTION_CHART]), diagnostics);
      if (section) parts.push({ kind: 'section', id: section.id, file: source.path, ...(part.page ? { page: part.page } : {}), flow: part.flow ?? false, blocks: section.blocks });
    } else if ('toc' in part) {
      parts.push({ kind: 'toc', title: part.toc, ...(part.page ? { page: part.page } : {}) });
    } else {
      // Read once for the three annexes, so that a mistake is reported once.
      if (!annexTexts) {
        const loaded = loadYaml(world, 'templates/annexes.yaml', diagnostics, at, PROSE_FILE_LIMIT);
        annexTexts = { source: loaded, file: loaded && checkSchema(loaded, annexesSchema, 'structure', diagnostics) };
      }
      const { source, file: annexes } = annexTexts;
      if (!source || !annexes) return;
      const text = annexes[part.annex];
      const headingText = renderAt(source, [part.annex, 'heading'], text.heading, withTitle, true) ?? '';
      const legendText = renderAt(source, [part.annex, 'legend'], text.legend, withTitle, true) ?? '';
      parts.push({
        kind: 'annex',
        annex: part.annex,
        ...(part.page ? { page: part.page } : {}),
        heading: parseAt(source, [part.annex, 'heading'], headingText),
        headingText: plainText(parseInline(headingText)),
        columns: text.columns.map(typeset),
        legend: parseAt(source, [part.annex, 'legend'], legendText),
        newPageBefore: part.newPageBefore ?? [],
      });
    }
  });

  const listed = new Set(structure.parts.flatMap((p) => ('content' in p ? [p.content] : [])));
  for (const [file, source] of editionProse) {
    if (listed.has(file)) continue;
    diagnostics.error('content/unknown-section', { path: source.path, file, listed: [...listed] }, { file: source.path, line: 1, column: 1 });
  }
  letterMinorHeadings(parts);
  const metadata = renderMetadata(world, engine, withTitle, edition, editionDir, budget, diagnostics);

  const tablesSource = loadYaml(world, 'templates/tables.yaml', diagnostics, undefined, PROSE_FILE_LIMIT);
  const tablesFile = tablesSource && checkSchema(tablesSource, tablesSchema, 'structure', diagnostics);
  const tables = {} as Record<TableId, TableLabels>;
  if (tablesSource && tablesFile) {
    for (const [id, labels] of Object.entries(tablesFile) as [TableId, TableLabels | undefined][]) {
      if (!labels) continue;
      // The evolution's labels cite the previous year, which only exists with a previous register.
      if (id === 'evolution-per-zone' && !statistics.evolution) continue;
      tables[id] = {
        corner: renderAt(tablesSource, [id, 'corner'], labels.corner) ?? '',
        rows: labels.rows.map((row, i) => renderAt(tablesSource, [id, 'rows', i], row) ?? ''),
      };
    }
  }

  reportUnknownFootnotes(footnotes);
  if (diagnostics.errorCount > before) return undefined;
  return { title, header, footer, footerNote, metadata, ...(structure.expectedPages ? { expectedPages: structure.expectedPages } : {}), parts, footnotes, tables };
}

/** The edition's own prose: data/<region>/<year>/content/<file>.yaml, by the shared file it adds to. */
function loadEditionProse(world: World, editionDir: string, diagnostics: Diagnostics): Map<string, YamlSource> {
  const files = new Map<string, YamlSource>();
  for (const file of world.list(`${editionDir}/content`).filter((f) => f.endsWith('.yaml'))) {
    const source = loadYaml(world, `${editionDir}/content/${file}`, diagnostics, undefined, PROSE_FILE_LIMIT);
    if (source) files.set(file, source);
  }
  return files;
}

/** The edition's subject and keywords, rendered as templates (they name the territory and year). */
function renderMetadata(
  world: World,
  engine: TemplateEngine,
  context: object,
  edition: Edition,
  editionDir: string | undefined,
  budget: RenderBudget,
  diagnostics: Diagnostics,
): ComposedReport['metadata'] {
  const source = editionDir ? loadYaml(world, `${editionDir}/edition.yaml`, new Diagnostics()) : undefined;
  const render = (path: YamlPath, template: string): string => {
    if (source) return renderString(engine, source, path, template, context, budget, diagnostics) ?? '';
    const result = engine.render(template, context, budget);
    return result.ok ? restoreLiteral(result.text) : template;
  };
  return { subject: render(['subject'], edition.subject), keywords: edition.keywords.map((k, i) => render(['keywords', i], k)) };
}
