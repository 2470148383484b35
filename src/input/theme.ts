/**
 * The theme (templates/theme.yaml): fonts, colours, sizes. Font files are resolved inside
 * installed packages, never from the system.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import { openFontFace } from './font-faces.js';
import { loadYaml } from './load-yaml.js';
import { checkSchema } from './schema-diagnostics.js';
import { checkFile, reportRefusal, type World } from './world.js';
import { positionOf } from './yaml-source.js';

const fontFamily = z.strictObject({ normal: z.string(), bold: z.string(), italics: z.string(), bolditalics: z.string() });
const colour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'a colour such as "#1F4E79"');

/** The theme's named colours (every key of `colors` but the chart bars). */
const COLOUR_NAMES = ['accent', 'accentLight', 'rule', 'text', 'muted', 'link', 'linkUnderline', 'telephone', 'chartGrid'] as const;
type ColourName = (typeof COLOUR_NAMES)[number];
/** A colour: one of the theme's names ("accent") or "#RRGGBB". */
const colourRef = z.union([colour, z.enum(COLOUR_NAMES)]);

/** A named text style (pdfmake's style properties the theme may set). */
const textStyle = z.strictObject({
  fontSize: z.number().positive().optional(),
  bold: z.boolean().optional(),
  italics: z.boolean().optional(),
  color: colourRef.optional(),
  alignment: z.enum(['left', 'center', 'right', 'justify']).optional(),
  lineHeight: z.number().positive().optional(),
  margin: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
});

/** The styles the theme sets (the others derive from `sizes` in src/layout/document-styles.ts). */
const THEME_STYLES = ['coverTitle', 'coverYear', 'coverPublisher', 'coverWebsite', 'tocTitle', 'toc1', 'toc2', 'toc3', 'annexZone', 'annexGroup', 'closing'] as const;

const themeSchema = z.strictObject({
  fonts: z.strictObject({ body: fontFamily, symbols: fontFamily, chart: z.string() }),
  colors: z.strictObject({ ...(Object.fromEntries(COLOUR_NAMES.map((name) => [name, colour])) as Record<ColourName, typeof colour>), chartBars: z.array(colour).min(1) }),
  page: z.strictObject({ size: z.literal('A4'), margins: z.tuple([z.number(), z.number(), z.number(), z.number()]) }),
  sizes: z.strictObject({
    body: z.number().positive(),
    lineHeight: z.number().positive(),
    heading: z.number().positive(),
    subheading: z.number().positive(),
    minorheading: z.number().positive(),
    footnote: z.number().positive(),
    annex: z.number().positive(),
    header: z.number().positive(),
    footer: z.number().positive(),
    table: z.number().positive(),
    tableMin: z.number().positive(),
  }),
  chart: z.strictObject({ width: z.number().int().min(100).max(2000), height: z.number().int().min(100).max(2000) }),
  styles: z.strictObject(Object.fromEntries(THEME_STYLES.map((name) => [name, textStyle])) as Record<(typeof THEME_STYLES)[number], typeof textStyle>),
  toc: z.strictObject({ pageColumn: z.number().positive(), leader: z.strictObject({ dot: z.number().positive(), spacing: z.number().positive(), color: colourRef }) }),
  closing: z.strictObject({ rule: z.number().min(0), color: colourRef }),
});

/** A colour of the theme, by name or as "#RRGGBB". */
export function colourOf(theme: Pick<Theme, 'colors'>, ref: string): string {
  return ref.startsWith('#') ? ref : theme.colors[ref as ColourName];
}

/** The characters the body font lacks, set in the symbols font (☎, →, ▸): see inlineNodes. */
export const SYMBOL_CHARACTERS = '\u260E\u2192\u25B8';

/** A4 in PostScript points: the only page size the theme accepts. */
export const A4 = { width: 595.28, height: 841.89 } as const;

/** Width (pt) between the page's left and right margins. */
export function textWidth(theme: Pick<Theme, 'page'>): number {
  return A4.width - theme.page.margins[0] - theme.page.margins[2];
}

type FontFiles = z.infer<typeof fontFamily>;
export type Theme = Omit<z.infer<typeof themeSchema>, 'fonts'> & {
  fonts: { body: FontFiles; symbols: FontFiles; chart: string };
  /** The font file registered with the chart canvas. */
  chartFontFile: string;
  /** Every font file the PDF may read: the local access policy allows these and nothing else. */
  fontFiles: string[];
};

const require = createRequire(import.meta.url);

/** How a theme's font names become files: inside installed packages (tests name other files). */
export interface ThemeOptions {
  resolveFont?: (spec: string) => string | undefined;
}

/** Loads and validates the theme; font paths become absolute paths inside node_modules. */
export function loadTheme(world: World, diagnostics: Diagnostics, { resolveFont = resolvePackageFile }: ThemeOptions = {}): Theme | undefined {
  const source = loadYaml(world, 'templates/theme.yaml', diagnostics);
  const theme = source && checkSchema(source, themeSchema, 'structure', diagnostics);
  if (!source || !theme) return undefined;
  // pdfmake and the chart canvas open the fonts by path: each is checked (regular file, size) first.
  const fontAllowed = (spec: string, file: string, path: (string | number)[]): boolean => {
    const problem = checkFile(file, 'font');
    if (problem === undefined) return true;
    if (problem === 'missing') diagnostics.error('theme/unknown-font', { spec }, positionOf(source, path));
    else reportRefusal(spec, problem, diagnostics, positionOf(source, path));
    return false;
  };
  const resolveFamily = (family: 'body' | 'symbols'): FontFiles | undefined => {
    const resolved: Partial<FontFiles> = {};
    for (const style of ['normal', 'bold', 'italics', 'bolditalics'] as const) {
      const spec = theme.fonts[family][style];
      const file = resolveFont(spec);
      if (file && !fontAllowed(spec, file, ['fonts', family, style])) return undefined;
      if (!file) {
        diagnostics.error('theme/unknown-font', { spec, example: true }, positionOf(source, ['fonts', family, style]));
        return undefined;
      }
      if (!validFont(file, spec, positionOf(source, ['fonts', family, style]), diagnostics)) return undefined;
      resolved[style] = file;
    }
    return resolved as FontFiles;
  };
  const body = resolveFamily('body');
  const symbols = resolveFamily('symbols');
  const chartFile = resolveFont(theme.fonts.chart);
  if (!chartFile) diagnostics.error('theme/unknown-font', { spec: theme.fonts.chart }, positionOf(source, ['fonts', 'chart']));
  const chart =
    chartFile && fontAllowed(theme.fonts.chart, chartFile, ['fonts', 'chart']) && validFont(chartFile, theme.fonts.chart, positionOf(source, ['fonts', 'chart']), diagnostics) ? chartFile : undefined;
  if (!body || !symbols || !chart) return undefined;
  return { ...theme, fonts: { body, symbols, chart }, chartFontFile: chart, fontFiles: [...Object.values(body), ...Object.values(symbols)] };
}

/**
 * Whether a font file parses as a font (fontkit, as pdfkit will read it): a file named .ttf that
 * is not one would otherwise fail in the middle of the layout.
 */
function validFont(file: string, spec: string, at: Position, diagnostics: Diagnostics): boolean {
  const face = openFontFace(file);
  if (!('error' in face)) return true;
  diagnostics.error('theme/font-invalid', { spec, detail: face.error }, at);
  return false;
}

function resolvePackageFile(spec: string): string | undefined {
  if (!/^[@\w][\w@./-]*\.(ttf|otf)$/.test(spec) || spec.split('/').includes('..')) return undefined;
  try {
    return require.resolve(spec);
  } catch {
    return undefined;
  }
}
