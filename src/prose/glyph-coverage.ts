/**
 * Glyph coverage: every character that reaches the page must be drawable by the face it is set
 * in. A font without the glyph draws an empty box (.notdef) and says nothing; here it is an error
 * at the character's place in the input (register, countries, census, content, templates).
 */
import { posix } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { ChartSpec } from '../charts/render-charts.js';
import { type FontFace, openFontFace } from '../input/font-faces.js';
import type { ValidatedReport } from '../input/model.js';
import { SYMBOL_CHARACTERS, type Theme } from '../input/theme.js';
import type { World } from '../input/world.js';
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import type { ComposedReport } from './composed-report.js';
import type { InlineRun } from './inline-markup.js';
import { typeset } from './typography.js';

type Style = 'normal' | 'bold' | 'italics' | 'bolditalics';
/** How a text is set: in the body face (in one of its styles) or in the charts' face. */
type Setting = { style: Style } | { chart: true };

const styleOf = (bold?: boolean, italics?: boolean): Style => (bold ? (italics ? 'bolditalics' : 'bold') : italics ? 'italics' : 'normal');

/**
 * Characters drawn without a glyph: line ends and tabs (pdfmake breaks on them), other control
 * characters, and the soft hyphen (the patched pdfmake draws a hyphen where it breaks, else nothing).
 */
const isInvisible = (codePoint: number) => codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f) || codePoint === 0xad;

interface Miss {
  character: string;
  codePoint: number;
  faces: Set<string>;
}

/** The faces a text may be set in, by setting, as the layout modules choose them. */
function faceFor(theme: Theme, setting: Setting, character: string): FontFace | undefined {
  if ('chart' in setting) return asFace(openFontFace(theme.chartFontFile));
  const family = SYMBOL_CHARACTERS.includes(character) ? theme.fonts.symbols : theme.fonts.body;
  return asFace(openFontFace(family[setting.style]));
}

const asFace = (face: FontFace | { error: string }) => ('error' in face ? undefined : face);

/** Collects the characters of `text` the face it is set in cannot draw. */
function collectMisses(theme: Theme, text: string, setting: Setting, misses: Map<number, Miss>): void {
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (codePoint < 0x7f && codePoint >= 0x20) continue;
    if (isInvisible(codePoint)) continue;
    const face = faceFor(theme, setting, character);
    if (!face || face.has(codePoint)) continue;
    const miss = misses.get(codePoint) ?? { character, codePoint, faces: new Set<string>() };
    miss.faces.add(face.name);
    misses.set(codePoint, miss);
  }
}

/** What the checker needs: the edition, the composed prose and the charts' texts. */
interface GlyphCheckInput {
  world: World;
  editionDir: string;
  report: ValidatedReport;
  composed: ComposedReport;
  charts: readonly ChartSpec[];
  theme: Theme;
}

/**
 * Checks every string of the report that reaches the page (the prose, the register's names in
 * the annexes and tables, the charts' labels) against the face it is set in; each character no
 * face can draw is reported at every place the input holds it. Runs before layout.
 */
export function checkGlyphCoverage(input: GlyphCheckInput, diagnostics: Diagnostics): void {
  const misses = new Map<number, Miss>();
  for (const [text, setting] of printedTexts(input)) collectMisses(input.theme, text, setting, misses);
  reportMisses(input.world, input.editionDir, input.report, [...misses.values()], diagnostics);
}

/**
 * The safety net: every text node of the pdfmake definition, in the face its styles give it.
 * Characters the check before layout missed are reported where the input holds them, else at
 * the edition's file. Returns whether anything was missing.
 */
export function checkDefinitionGlyphs(input: Omit<GlyphCheckInput, 'composed' | 'charts'>, definition: TDocumentDefinitions, diagnostics: Diagnostics): boolean {
  const misses = new Map<number, Miss>();
  const styles = (definition.styles ?? {}) as Record<string, { bold?: boolean; italics?: boolean; font?: string }>;
  const visitNode = (node: unknown, inherited: { bold?: boolean; italics?: boolean }): void => {
    if (typeof node === 'string') {
      collectMisses(input.theme, node, { style: styleOf(inherited.bold, inherited.italics) }, misses);
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) visitNode(item, inherited);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const own = node as Record<string, unknown>;
    const set = { ...inherited };
    for (const name of [own.style].flat()) {
      const style = typeof name === 'string' ? styles[name] : undefined;
      if (style?.bold !== undefined) set.bold = style.bold;
      if (style?.italics !== undefined) set.italics = style.italics;
    }
    if (typeof own.bold === 'boolean') set.bold = own.bold;
    if (typeof own.italics === 'boolean') set.italics = own.italics;
    for (const key of ['text', 'stack', 'columns', 'ul', 'ol', 'section']) if (own[key] !== undefined) visitNode(own[key], set);
    const table = own.table as { body?: unknown } | undefined;
    if (table?.body) visitNode(table.body, set);
  };
  const defaults = (definition.defaultStyle ?? {}) as { bold?: boolean; italics?: boolean };
  visitNode(definition.content, { bold: defaults.bold, italics: defaults.italics });
  reportMisses(input.world, input.editionDir, input.report, [...misses.values()], diagnostics);
  return misses.size > 0;
}

/** Every text of the report with how it is set (a generous superset: a name in every style it may take). */
function* printedTexts({ report, composed, charts, theme }: GlyphCheckInput): Generator<[string, Setting]> {
  const set = (style: Style): Setting => ({ style });
  function* runs(list: readonly InlineRun[], bold = false, italics = false): Generator<[string, Setting]> {
    for (const run of list) yield [run.text, set(styleOf(bold || run.bold, italics || run.italic))];
  }
  yield [composed.title, set('normal')];
  yield [composed.header, set('italics')];
  yield [composed.footerNote, set('italics')];
  yield [composed.footer(1, 1), set('normal')];
  for (const part of composed.parts) {
    if (part.kind === 'cover') {
      for (const line of part.lines) {
        const style = theme.styles[line.style as keyof Theme['styles']];
        yield [line.text, set(styleOf(style?.bold, style?.italics))];
      }
    } else if (part.kind === 'toc') {
      yield [part.title, set('bold')];
    } else if (part.kind === 'annex') {
      yield* runs(part.heading, true);
      yield* runs(part.legend, false, true);
      for (const column of part.columns) yield [column, set('bold')];
    } else {
      for (const block of part.blocks) {
        if (block.kind === 'heading') yield* runs(block.runs, true, block.level === 3);
        else if (block.kind === 'list') for (const item of block.items) yield* runs(item);
        else if ('runs' in block) yield* runs(block.runs, block.kind === 'callout', block.kind === 'quote');
      }
    }
  }
  for (const note of Object.values(composed.footnotes)) yield* runs(note);
  for (const labels of Object.values(composed.tables)) {
    for (const text of [labels.corner, ...labels.rows]) {
      yield [text, set('bold')];
      yield [text, set('normal')];
    }
  }
  // The annexes and the tables: names in bold and in the normal face.
  for (const commune of report.register.communes) {
    for (const text of [commune.name, commune.displayName]) yield [typeset(text), set('bold')];
    for (const agreement of commune.agreements) {
      const text = typeset(`${agreement.partner ?? ''} (${agreement.country})`);
      yield [text, set('normal')];
      yield [text, set('bold')];
    }
  }
  for (const group of report.annexGroups) {
    yield [typeset(group.title), set('bold')];
    if (group.heading) yield [typeset(group.heading), set('bold')];
  }
  for (const zone of report.zones) yield [zone.name, set('bold')];
  for (const chart of charts) {
    yield [chart.title, { chart: true }];
    yield [chart.title, set('italics')];
    for (const label of chart.labels) yield [label, { chart: true }];
  }
}

/** The files whose text may reach the page, in the order their places are reported. */
function inputFiles(world: World, editionDir: string, report: ValidatedReport): string[] {
  const yamlIn = (dir: string) =>
    world
      .list(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `${dir}/${f}`);
  const region = posix.dirname(editionDir);
  const census = report.edition.census ? [posix.join(editionDir, report.edition.census)] : [];
  const previous = `${region}/${report.edition.year - 1}/register.yaml`;
  return [
    ...yamlIn(editionDir),
    ...yamlIn(`${editionDir}/content`),
    ...(world.read(previous) ? [previous] : []),
    ...census,
    ...(world.read(`${region}/countries.yaml`) ? [`${region}/countries.yaml`] : ['data/countries.yaml']),
    ...yamlIn('content'),
    ...yamlIn('templates').filter((f) => f !== 'templates/theme.yaml'),
    ...world
      .list('templates/partials')
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => `templates/partials/${f}`),
  ];
}

/** At most this many places per character: one is enough to find the others. */
const MAX_PLACES = 20;

function reportMisses(world: World, editionDir: string, report: ValidatedReport, misses: Miss[], diagnostics: Diagnostics): void {
  if (misses.length === 0) return;
  const characters = misses.map((miss) => miss.character);
  // Each file read and parsed once, only when it holds a missing character.
  const inputs = inputFiles(world, editionDir, report).flatMap((file) => {
    const bytes = world.read(file);
    const text = bytes ? new TextDecoder().decode(bytes).normalize('NFC') : '';
    return characters.some((c) => text.includes(c)) ? [indexInput(file, text)] : [];
  });
  // One diagnostic per line of input, at its first missing character ("الرباط" is one name, not six errors).
  const lines = new Map<string, { at: Position; misses: Miss[] }>();
  for (const miss of misses.sort((a, b) => a.codePoint - b.codePoint)) {
    const places = inputs.flatMap((input) => input.placesOf(miss.character)).slice(0, MAX_PLACES);
    for (const at of places.length > 0 ? places : [{ file: `${editionDir}/edition.yaml`, line: 1, column: 1 }]) {
      const key = `${at.file}:${at.line}`;
      const line = lines.get(key) ?? { at, misses: [] };
      if (at.column < line.at.column) {
        line.at = at;
        line.misses.unshift(miss);
      } else if (!line.misses.includes(miss)) line.misses.push(miss);
      lines.set(key, line);
    }
  }
  for (const { at, misses: onLine } of lines.values()) {
    const [first, ...others] = [...new Set(onLine)];
    const char = (miss: Miss) => ({ character: miss.character, codePoint: miss.codePoint.toString(16).toUpperCase().padStart(4, '0') });
    diagnostics.error('glyph/missing', { chars: [first!, ...others.slice(0, 3)].map(char), faces: [...first!.faces], more: Math.max(0, others.length - 3) }, at);
  }
}

/**
 * Where characters stand in a file: in the scalars of a YAML file (not its comments),
 * anywhere in another (the census, partials).
 */
function indexInput(file: string, text: string): { placesOf(character: string): Position[] } {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const offsets = (character: string, from: number, to: number) => {
    const found: number[] = [];
    for (let i = text.indexOf(character, from); i >= 0 && i < to; i = text.indexOf(character, i + character.length)) found.push(i);
    return found;
  };
  if (!file.endsWith('.yaml')) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    return { placesOf: (character) => offsets(character, 0, text.length).map(at) };
  }
  const scalars: { value: string; range: [number, number] }[] = [];
  visit(parseDocument(text, { lineCounter }), {
    Scalar(_, node) {
      if (isScalar(node) && typeof node.value === 'string' && node.range && /[^\x20-\x7e\s]/.test(node.value))
        scalars.push({ value: node.value.normalize('NFC'), range: [node.range[0], node.range[1]] });
    },
  });
  return {
    placesOf: (character) =>
      scalars.flatMap(({ value, range }) => {
        if (!value.includes(character)) return [];
        const inSource = offsets(character, range[0], range[1]);
        // An escape ("\u91CD") holds the character only once decoded: the scalar's own place.
        return (inSource.length > 0 ? inSource : [range[0]]).map(at);
      }),
  };
}
