/**
 * A content file's blocks composed: its notes, its groups kept or dropped on their `when`, the
 * edition's own blocks in its slots, headings, paragraphs, lists, tables, charts and pictures.
 */
import { z } from 'zod';
import { checkPicture } from '../input/picture-check.js';
import { checkSchema } from '../input/schema-diagnostics.js';
import { blockSchema, editionProseSchema, sectionSchema } from '../input/schemas.js';
import { readInputFile, type World } from '../input/world.js';
import { positionOf, type YamlPath, type YamlSource } from '../input/yaml-source.js';
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import type { ParseAt } from './compose-runs.js';
import type { ComposedBlock, ComposedPart } from './composed-report.js';
import { type InlineRun, plainText } from './inline-markup.js';
import type { RenderAt } from './render-string.js';

export function composeSection(
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

/**
 * Minor headings are lettered in reading order, a) b) c)…, from each heading or subheading on:
 * a part left out of an edition leaves no gap.
 */
export function letterMinorHeadings(parts: ComposedPart[]): void {
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

/** What composing a file's blocks needs. */
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

/** Composes a list of blocks at `base` in the file; groups are kept or dropped on their `when`. */
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
