/**
 * Chart stage: the bar charts of the study (agreements per country, one chart per zone), drawn by
 * Chart.js through chartjs-node-canvas as SVG, so they stay vector in the PDF.
 */
import { createHash } from 'node:crypto';
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { Theme } from '../input/theme.js';
import { Diagnostics } from '../shared/diagnostics.js';
import { CHART_CACHE_FORMAT, type ChartCache } from './chart-cache.js';
import { type ChartToolchain, chartToolchain } from './chart-toolchain.js';
import { checkChartSvg } from './svg-safety.js';

/** What one chart shows: computed by the statistics stage, nothing else. */
export interface ChartSpec {
  id: string;
  title: string;
  labels: string[];
  values: number[];
  /** The values are changes: bars go below zero for a loss, labels read "+2", "−1", "0". */
  signed?: boolean;
}

export interface RenderedChart {
  id: string;
  title: string;
  /** SVG document text. */
  svg: string;
  width: number;
  height: number;
}

export type { ChartCache } from './chart-cache.js';

// One renderer per size for the process: a ChartJSNodeCanvas per chart leaks memory
// (SeanSobey/ChartjsNodeCanvas README, "Memory Management").
const renderers = new Map<string, ChartJSNodeCanvas>();

async function rendererFor(width: number, height: number, fontFile: string, family: string): Promise<ChartJSNodeCanvas> {
  const key = `${width}x${height}|${fontFile}`;
  let renderer = renderers.get(key);
  if (!renderer) {
    // Loaded on first use: a build whose charts are all cached never loads Chart.js and cairo.
    const { ChartJSNodeCanvas } = await import('chartjs-node-canvas');
    renderer = new ChartJSNodeCanvas({ width, height, type: 'svg' });
    // Register the report's own font: a fresh machine has no system font to fall back on.
    renderer.registerFont(fontFile, { family });
    renderers.set(key, renderer);
  }
  return renderer;
}

/** A change as a reader reads it: "+2", "−1" with a true minus sign (U+2212), "0". */
export function signedLabel(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `\u2212${-value}` : '0';
}

/** Where a change's label goes: 3 px above the end of a gain or of a zero bar (the zero line), 3 px below the end of a loss. */
export function signedLabelPlacement(value: number, barEnd: number): { y: number; baseline: 'bottom' | 'top' } {
  return value < 0 ? { y: barEnd + 3, baseline: 'top' } : { y: barEnd - 3, baseline: 'bottom' };
}

/**
 * The value axis of a change chart: from the lowest value to the highest through zero, with a
 * quarter of that span beyond each end that has bars, room for the labels outside them (never
 * over the title above or the zone names below).
 */
export function changeScaleLimits(values: readonly number[]): { suggestedMin: number; suggestedMax: number } {
  const high = Math.max(0, ...values);
  const low = Math.min(0, ...values);
  const room = Math.max(1, high - low) / 4;
  return { suggestedMax: high + room, suggestedMin: low < 0 ? low - room : 0 };
}

/**
 * Prints each bar's value outside its end (the original's charts carry their numbers): above a
 * gain or a zero, below a loss, written by `label` ("22", or "+2" / "−1" for a change). The
 * change chart's scale leaves room for them (see drawChart).
 */
function valueLabels(id: string, label: (value: number) => string): Plugin<'bar'> {
  return {
    id,
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const meta = chart.getDatasetMeta(0);
      ctx.save();
      ctx.fillStyle = String(chart.options.color ?? '#000');
      ctx.font = `bold 11px ${String(chart.options.font?.family ?? 'sans-serif')}`;
      ctx.textAlign = 'center';
      meta.data.forEach((bar, i) => {
        const value = Number(chart.data.datasets[0]!.data[i]);
        const { y, baseline } = signedLabelPlacement(value, bar.y);
        ctx.textBaseline = baseline;
        ctx.fillText(label(value), bar.x, y);
      });
      ctx.restore();
    },
  };
}

const barValues = valueLabels('barValues', String);
const signedBarValues = valueLabels('signedBarValues', signedLabel);

/** Bump when the chart drawing code changes, so cached SVGs are not reused. */
const CHART_STYLE_VERSION = 3;

/**
 * The cache key of a chart: its data, its size, the theme values it is drawn with, the font's
 * bytes, the drawing libraries' versions and the cache format (not the font's path, which differs between machines).
 */
export function chartCacheKey(spec: ChartSpec, height: number, theme: Pick<Theme, 'chart' | 'colors'>, toolchain: ChartToolchain): string {
  return createHash('sha256')
    .update(JSON.stringify([CHART_STYLE_VERSION, CHART_CACHE_FORMAT, spec, height, theme.chart, theme.colors, toolchain]))
    .digest('hex');
}

/**
 * Renders each chart to SVG text, reusing the cache's SVG when nothing that shapes it changed.
 * Every SVG passes the safety check (src/charts/svg-safety.ts): a cached one that fails it, or a cache
 * entry that is not a sound file, is drawn again with a warning; a fresh one that fails it is a bug.
 */
export async function renderCharts(specs: readonly ChartSpec[], theme: Theme, cache?: ChartCache, diagnostics = new Diagnostics()): Promise<RenderedChart[]> {
  const { width } = theme.chart;
  const family = 'ReportChart';
  const toolchain = cache ? chartToolchain(theme.chartFontFile) : undefined;
  const ignored: { key: string; reason: string }[] = [];
  let unwritable: string | undefined;
  const charts: RenderedChart[] = [];
  for (const spec of specs) {
    // A chart of few bars needs less height to be read.
    const height = spec.labels.length <= 4 ? Math.round(theme.chart.height * 0.8) : theme.chart.height;
    const key = toolchain && chartCacheKey(spec, height, theme, toolchain);
    const cached = key ? cache?.get(key) : undefined;
    let svg = cached && 'svg' in cached ? cached.svg : undefined;
    const unsafe = svg === undefined ? undefined : checkChartSvg(svg);
    if (key && cached && 'ignored' in cached) ignored.push({ key, reason: cached.ignored });
    if (key && unsafe) ignored.push({ key, reason: `its SVG is refused: ${unsafe}` });
    if (svg === undefined || unsafe) {
      svg = drawChart(spec, theme, await rendererFor(width, height, theme.chartFontFile, family), family);
      const refused = checkChartSvg(svg);
      if (refused) throw new Error(`chart "${spec.id}": the SVG Chart.js drew fails the safety check (${refused}): extend src/charts/svg-safety.ts only after reading it`);
      if (key) unwritable ??= cache?.set(key, svg);
    }
    charts.push({ id: spec.id, title: spec.title, svg, width, height });
  }
  if (cache) warnAboutCache(cache, ignored, unwritable, diagnostics);
  return charts;
}

/** One warning for the ignored entries, one for a cache that could not be written: never an error. */
function warnAboutCache(cache: ChartCache, ignored: readonly { key: string; reason: string }[], unwritable: string | undefined, diagnostics: Diagnostics): void {
  const [first] = ignored;
  if (first) {
    diagnostics.warning('charts/cache-entry-ignored', { reason: first.reason, more: ignored.length - 1 }, { file: `${cache.where}/${first.key}.svg`, line: 1, column: 1 });
  }
  if (unwritable) {
    diagnostics.warning('charts/cache-unwritable', { reason: unwritable }, { file: cache.where, line: 1, column: 1 });
  }
}

/** Average advance of a character of the chart face, in ems (DejaVu Serif Condensed). */
const LABEL_CHAR_EM = 0.58;

/**
 * A label set flat under its bar: when it is wider than the bar's slot it goes on two lines, cut
 * after a hyphen or at a space ("Grande-" / "Bretagne", "Burkina" / "Faso").
 */
function fitLabel(label: string, slot: number, size: number): string | string[] {
  if (label.length * size * LABEL_CHAR_EM <= slot - 4) return label;
  const cut = [...label.matchAll(/[- ]/g)].map((m) => m.index).sort((a, b) => Math.abs(a - label.length / 2) - Math.abs(b - label.length / 2))[0];
  if (cut === undefined) return label;
  return label[cut] === '-' ? [label.slice(0, cut + 1), label.slice(cut + 1)] : [label.slice(0, cut), label.slice(cut + 1)];
}

/** One bar chart as SVG text. */
function drawChart(spec: ChartSpec, theme: Theme, renderer: ChartJSNodeCanvas, family: string): string {
  const max = Math.max(1, ...spec.values);
  // Labels flat: the face shrinks (down to 7.5 px) until the longest word fits its bar's slot.
  const slot = (theme.chart.width - 50) / Math.max(1, spec.labels.length);
  const longestWord = Math.max(1, ...spec.labels.flatMap((label) => label.split(/[ -]/).map((word) => word.length + 1)));
  const labelSize = Math.max(7.5, Math.min(10.5, (slot - 4) / (longestWord * LABEL_CHAR_EM)));
  // A change chart: room for the labels beyond the bars, the zero line darker than the grid,
  // a true minus on the axis.
  const signedY = {
    ...changeScaleLimits(spec.values),
    grid: { color: (context: { tick?: { value: number } }) => (context.tick?.value === 0 ? theme.colors.muted : theme.colors.chartGrid) },
    ticks: { precision: 0, color: theme.colors.muted, font: { family, size: 9.5 }, callback: (value: number | string) => (Number(value) < 0 ? `\u2212${-Number(value)}` : String(value)) },
  };
  const configuration: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: spec.labels.map((label) => fitLabel(label, slot, labelSize)),
      datasets: [{ data: spec.values, backgroundColor: theme.colors.chartBars[0], borderWidth: 0, maxBarThickness: 42 }],
    },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      color: theme.colors.text,
      font: { family, size: 11 },
      layout: { padding: { top: 6, right: 8, left: 4, bottom: 0 } },
      plugins: {
        legend: { display: false },
        // The title is the numbered caption under the chart, set in the body face (document-blocks.ts).
        title: { display: false },
        tooltip: { enabled: false },
      },
      scales: {
        x: { grid: { display: false }, ticks: { color: theme.colors.text, font: { family, size: labelSize }, autoSkip: false, maxRotation: 0 } },
        y: spec.signed
          ? { beginAtZero: true, border: { display: false }, ...signedY }
          : {
              beginAtZero: true,
              suggestedMax: Math.ceil(max * 1.15),
              grid: { color: theme.colors.chartGrid },
              border: { display: false },
              ticks: { precision: 0, color: theme.colors.muted, font: { family, size: 9.5 } },
            },
      },
    },
    plugins: [spec.signed ? signedBarValues : barValues],
  };
  // Cairo writes six decimals and a style per path; two decimals are far below a printer's
  // resolution and make the SVG a third smaller to parse twice (measure, render).
  return renderer
    .renderToBufferSync(configuration as ChartConfiguration, 'image/svg+xml')
    .toString('utf8')
    .replace(/(\d\.\d{2})\d+/g, '$1');
}
