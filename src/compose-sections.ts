/**
 * Templating stage: reads templates/ and content/, renders every string through Handlebars
 * against the statistics, and parses the inline markup. A template error is reported at its
 * place in the YAML file (the position inside the string is mapped back into the file).
 */
import { z } from 'zod';
import { Diagnostics, type Position } from './diagnostics.js';
import { type InlineRun, parseInline, plainText, restoreLiteral, unsafeLinkCharacter } from './inline-markup.js';
import type { Edition } from './model.js';
import { checkPicture } from './picture-check.js';
import { checkSchema } from './schema-diagnostics.js';
import { blockSchema, editionProseSchema, sectionSchema } from './schemas.js';
import { type Scope, type SurveyPhrases, scopeOf, surveyPhrases } from './territory.js';
import { typeset } from './typography.js';

export { type Scope, scopeOf } from './territory.js';

import { loadYaml } from './load-yaml.js';
import type { Statistics } from './statistics-model.js';
import { checkPartial, createTemplateEngine, MAX_TEMPLATE_LENGTH, RenderBudget, type TemplateEngine } from './template-engine.js';
import { readInputFile, type World } from './world.js';
import { decodeText, positionAt, positionOf, type SizeLimit, scalarRange, type YamlPath, type YamlSource } from './yaml-source.js';

export type TableId = 'agreements-per-commune' | 'communes-per-area' | 'zones-per-commune' | 'evolution-per-zone';

export type ComposedBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; runs: InlineRun[]; text: string }
  | { kind: 'paragraph' | 'quote' | 'callout'; runs: InlineRun[] }
  | { kind: 'list'; ordered: boolean; items: InlineRun[][] }
  | { kind: 'table'; table: TableId }
  | { kind: 'chart'; zone: string }
  | { kind: 'image'; dataUrl: string; width: number };

export type ComposedPart =
  | { kind: 'cover'; lines: { style: string; text: string }[] }
  | { kind: 'section'; id: string; file: string; page?: number /** May continue the previous page when the edition has no page map. */; flow: boolean; blocks: ComposedBlock[] }
  | { kind: 'toc'; title: string; page?: number }
  | { kind: 'annex'; annex: 'I' | 'II' | 'III'; page?: number; heading: InlineRun[]; headingText: string; columns: string[]; legend: InlineRun[]; newPageBefore: string[] };

export interface ComposedReport {
  title: string;
  /** The PDF's subject and keywords, of the edition's territory and year. */
  metadata: { subject: string; keywords: string[] };
  header: string;
  /** The footer's first line for a page. */
  footer: (page: number, pages: number) => string;
  footerNote: string;
  expectedPages?: number;
  parts: ComposedPart[];
  /** Footnote texts by id, from every content file. */
  footnotes: Record<string, InlineRun[]>;
  /** Row and column headings of the computed tables. */
  tables: Record<TableId, TableLabels>;
}

interface TableLabels {
  corner: string;
  rows: string[];
}

const structureSchema = z.strictObject({
  title: z.string(),
  header: z.string(),
  footer: z.string(),
  footerNote: z.string(),
  expectedPages: z.number().int().positive().optional(),
  parts: z
    .array(
      z.union([
        z.strictObject({ cover: z.string() }),
        z.strictObject({ content: z.string().regex(/^[\w.-]+\.yaml$/, 'a file name in content/'), page: z.number().int().positive().optional(), flow: z.boolean().optional() }),
        z.strictObject({ toc: z.string(), page: z.number().int().positive().optional() }),
        z.strictObject({ annex: z.enum(['I', 'II', 'III']), page: z.number().int().positive().optional(), newPageBefore: z.array(z.string()).optional() }),
      ]),
    )
    .min(1),
});

const coverSchema = z.strictObject({ lines: z.array(z.strictObject({ style: z.string(), text: z.string() })).min(1) });
// Annexe I has four columns (commune, postal code, inhabitants, agreements); II and III three.
const annexTextSchema = (columns: number) => z.strictObject({ heading: z.string(), columns: z.array(z.string()).length(columns), legend: z.string() });
const tableLabelsSchema = z.strictObject({ corner: z.string(), rows: z.array(z.string()).min(1) });
const tablesSchema = z.strictObject({
  'agreements-per-commune': tableLabelsSchema,
  'communes-per-area': tableLabelsSchema,
  'zones-per-commune': tableLabelsSchema,
  'evolution-per-zone': tableLabelsSchema.optional(),
});
const annexesSchema = z.strictObject({ I: annexTextSchema(4), II: annexTextSchema(3), III: annexTextSchema(3) });

/**
 * Longest text one string may render to (a paragraph, heading, list item or note). pdfmake's line
 * breaking is quadratic in a paragraph's length (a 1 MB paragraph takes about 100 s to lay out,
 * 20,000 characters a few hundredths of a second); the longest real paragraph is under 2,000.
 */
const MAX_PARAGRAPH_LENGTH = 20_000;

/** Largest prose file (content/, templates/, an edition's own prose): the largest real one is under 5 KB. */
const PROSE_FILE_LIMIT: SizeLimit = { bytes: 1_000_000, hint: 'section' };

/** The id of the year-over-year chart (net change per zone). */
export const EVOLUTION_CHART = 'evolution';

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

  const reported = new Set<string>();
  for (const call of footnoteCalls) {
    // Once per note and file: a text repeating a bad call must not flood the output.
    const key = `${call.id}|${call.at.file}`;
    if (!footnotes[call.id] && !reported.has(key) && reported.add(key)) diagnostics.error('content/unknown-footnote', { id: call.id }, call.at);
  }
  if (diagnostics.errorCount > before) return undefined;
  return { title, header, footer, footerNote, metadata, ...(structure.expectedPages ? { expectedPages: structure.expectedPages } : {}), parts, footnotes, tables };
}

/** `inline`: the text goes to parseInline, which restores the stand-ins of data (inline-markup.ts). */
type RenderAt = (source: YamlSource, path: YamlPath, template: string, ctx?: object, inline?: boolean) => string | undefined;
type ParseAt = (source: YamlSource, path: YamlPath, text: string) => InlineRun[];

function composeSection(
  world: World,
  source: YamlSource,
  own: YamlSource | undefined,
  renderAt: RenderAt,
  parseAt: ParseAt,
  footnotes: Record<string, InlineRun[]>,
  zoneIds: ReadonlySet<string>,
  diagnostics: Diagnostics,
): { id: string; blocks: ComposedBlock[] } | undefined {
  const section = checkSchema(source, sectionSchema, 'section', diagnostics);
  if (!section) return undefined;
  const ownProse = own ? checkSchema(own, editionProseSchema, 'edition prose', diagnostics) : undefined;
  // An edition's note replaces the shared note of the same id (its sources, its year).
  const addFootnotes = (from: YamlSource, notes: Record<string, string> | undefined, replace = false) => {
    for (const [id, text] of Object.entries(notes ?? {})) {
      if (footnotes[id] && !(replace && Object.hasOwn(section.footnotes ?? {}, id))) {
        diagnostics.error('content/duplicate-footnote', { id }, positionOf(from, ['footnotes', id]));
        continue;
      }
      const rendered = renderAt(from, ['footnotes', id], text, undefined, true);
      if (rendered !== undefined) footnotes[id] = parseAt(from, ['footnotes', id], rendered);
    }
  };
  addFootnotes(source, section.footnotes);
  if (own && ownProse) addFootnotes(own, ownProse.footnotes, true);
  const slots = new Map(Object.entries(own && ownProse?.slots ? ownProse.slots : {}).map(([name, blocks]) => [name, { source: own!, blocks }]));
  const blocks = composeBlocks(section.blocks, ['blocks'], { source, renderAt, parseAt, diagnostics, zoneIds, world, slots });
  // Checked against every slot of the file, including those of groups this edition drops.
  const declared = new Set(listSlots(section.blocks));
  for (const name of slots.keys()) {
    if (!declared.has(name)) diagnostics.error('content/unknown-slot', { path: source.path, name, slots: listSlots(section.blocks) }, positionOf(own!, ['slots', name]));
  }
  return { id: section.id, blocks };
}

/** The slot names of a list of blocks, groups included. */
function listSlots(raws: unknown[]): string[] {
  return raws.flatMap((raw) => {
    if (!raw || typeof raw !== 'object') return [];
    const block = raw as { slot?: unknown; blocks?: unknown };
    const inner = Array.isArray(block.blocks) ? listSlots(block.blocks) : [];
    return typeof block.slot === 'string' ? [block.slot, ...inner] : inner;
  });
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

/**
 * Minor headings are lettered in reading order, a) b) c)…, from each heading or subheading on:
 * a part left out of an edition leaves no gap.
 */
function letterMinorHeadings(parts: ComposedPart[]): void {
  let index = 0;
  for (const part of parts) {
    if (part.kind !== 'section') continue;
    for (const block of part.blocks) {
      if (block.kind !== 'heading') continue;
      if (block.level < 3) index = 0;
      else {
        const letter = `${String.fromCharCode(97 + (index % 26))}) `;
        index++;
        block.runs = [{ text: letter }, ...block.runs];
        block.text = letter + block.text;
      }
    }
  }
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

/** Composes a list of blocks at `base` in the file; groups are kept or dropped on their `when`. */
interface BlockContext {
  source: YamlSource;
  renderAt: RenderAt;
  parseAt: ParseAt;
  diagnostics: Diagnostics;
  /** Zones that may be charted. */
  zoneIds: ReadonlySet<string>;
  world: World;
  /** The edition's blocks for the slots of this file. */
  slots: ReadonlyMap<string, { source: YamlSource; blocks: unknown[] }>;
}

function composeBlocks(raws: unknown[], base: YamlPath, context: BlockContext): ComposedBlock[] {
  const { source, renderAt, parseAt, diagnostics } = context;
  const blocks: ComposedBlock[] = [];
  raws.forEach((raw, index) => {
    const path = [...base, index];
    const parsed = blockSchema.safeParse(raw);
    if (!parsed.success) {
      // Checked again against the whole file's value, so that issue paths are the file's paths.
      checkSchema({ ...source, value: nestAt(path, raw) } as YamlSource, blockAtPath(path), 'section', diagnostics);
      return;
    }
    const block = parsed.data;
    const text = (key: string, value: string, at: YamlPath = [...path, key]) => {
      const rendered = renderAt(source, at, value, undefined, true);
      return rendered === undefined || rendered.trim() === '' ? undefined : parseAt(source, at, rendered.trim());
    };
    if ('slot' in block) {
      const own = context.slots.get(block.slot);
      const filled = own ? composeBlocks(own.blocks, ['slots', block.slot], { ...context, source: own.source }) : [];
      blocks.push(...(filled.length > 0 ? filled : composeBlocks(block.blocks ?? [], [...path, 'blocks'], context)));
    } else if ('when' in block) {
      const condition = renderAt(source, [...path, 'when'], block.when);
      if (condition !== undefined && !['', '0', 'false'].includes(condition.trim())) blocks.push(...composeBlocks(block.blocks, [...path, 'blocks'], context));
    } else if ('heading' in block || 'subheading' in block || 'minorheading' in block) {
      const [key, level] = 'heading' in block ? (['heading', 1] as const) : 'subheading' in block ? (['subheading', 2] as const) : (['minorheading', 3] as const);
      const runs = text(key, (block as Record<string, string>)[key]!);
      if (runs) blocks.push({ kind: 'heading', level, runs, text: plainText(runs) });
    } else if ('p' in block || 'quote' in block || 'callout' in block) {
      const key = 'p' in block ? 'p' : 'quote' in block ? 'quote' : 'callout';
      const runs = text(key, (block as Record<string, string>)[key]!);
      if (runs) blocks.push({ kind: key === 'p' ? 'paragraph' : key, runs });
    } else if ('bullets' in block || 'numbered' in block) {
      const key = 'bullets' in block ? 'bullets' : 'numbered';
      const items = ((block as Record<string, string[]>)[key] ?? []).map((item, i) => text(key, item, [...path, key, i])).filter((runs): runs is InlineRun[] => runs !== undefined);
      if (items.length > 0) blocks.push({ kind: 'list', ordered: key === 'numbered', items });
    } else if ('table' in block) {
      blocks.push({ kind: 'table', table: block.table });
    } else if ('image' in block) {
      const image = loadImage(context.world, block.image, positionOf(source, [...path, 'image']), diagnostics);
      if (image) blocks.push({ kind: 'image', dataUrl: image, width: block.width ?? 300 });
    } else if (!context.zoneIds.has(block.chart)) {
      diagnostics.error('content/unknown-chart', { chart: block.chart, zones: [...context.zoneIds] }, positionOf(source, [...path, 'chart']));
    } else {
      blocks.push({ kind: 'chart', zone: block.chart });
    }
  });
  return blocks;
}

/**
 * A picture named by content: only a PNG or JPEG file inside the project, read through the World
 * and handed to pdfmake as data, so pdfmake itself never opens a path or a URL.
 */
function loadImage(world: World, path: string, at: Position, diagnostics: Diagnostics): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    diagnostics.error('content/image-url-refused', { path }, at);
    return undefined;
  }
  if (!world.contains(path)) {
    diagnostics.error('content/image-outside-project', { path }, at);
    return undefined;
  }
  const { bytes, missing } = readInputFile(world, path, 'picture', diagnostics);
  if (!bytes) {
    if (missing) diagnostics.error('content/image-not-found', { path }, at);
    return undefined;
  }
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!png && !jpeg) {
    diagnostics.error('content/image-format', { path }, at);
    return undefined;
  }
  // Read whole here: pdfkit reads only a picture's header and fails on a damaged one mid-layout.
  const checked = checkPicture(bytes);
  if ('error' in checked) {
    diagnostics.error('picture/invalid', { path, format: png ? 'PNG' : 'JPEG', detail: checked.error }, at);
    return undefined;
  }
  return `data:image/${png ? 'png' : 'jpeg'};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** The block's value placed at its path, so the schema's issue paths are the file's paths. */
function nestAt(path: YamlPath, value: unknown): unknown {
  return [...path].reverse().reduce<unknown>((inner, key) => (typeof key === 'number' ? Object.assign([], { [key]: inner }) : { [key]: inner }), value);
}

function blockAtPath(path: YamlPath): z.ZodType {
  return [...path].reverse().reduce<z.ZodType>((inner, key) => (typeof key === 'number' ? z.array(inner.optional()) : z.object({ [key]: inner })), blockSchema);
}

/**
 * Renders one string; on error, reports it at the mapped position in the file, or in the partial's
 * own file when it arose inside a partial. A spent budget is reported once, where it ran out.
 * `inline`: the text goes on to the inline markup parser, which restores the literal stand-ins.
 */
function renderString(
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

const partialFile = (name: string) => `templates/partials/${name}.hbs`;

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

/**
 * The partials of templates/partials/, by name. Each passes the checks a content string passes
 * (size, syntax, prototype names, known helpers), reported in its own file; one that fails is
 * left empty, so that its uses report nothing more.
 */
function loadPartials(world: World, diagnostics: Diagnostics): Record<string, string> {
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
