/**
 * What besides a chart's data and theme shapes its picture: the bytes of the font it is set in
 * and the versions of the drawing libraries. Part of every chart cache key, so a warm build draws
 * what a cold build would; read once per process.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ChartToolchain {
  /** SHA-256 of the chart font file's bytes. */
  font: string;
  /** Versions of chart.js, chartjs-node-canvas and canvas, as their package.json give them. */
  libraries: Record<string, string>;
}

const require = createRequire(import.meta.url);
const fontDigests = new Map<string, string>();
let libraries: Record<string, string> | undefined;

/** The toolchain that draws with this font file. */
export function chartToolchain(fontFile: string): ChartToolchain {
  let font = fontDigests.get(fontFile);
  if (font === undefined) {
    font = createHash('sha256').update(readFileSync(fontFile)).digest('hex');
    fontDigests.set(fontFile, font);
  }
  libraries ??= libraryVersions();
  return { font, libraries };
}

/** chart.js and canvas as chartjs-node-canvas loads them (from its own folder). */
function libraryVersions(): Record<string, string> {
  const nodeCanvas = packageJson(require, 'chartjs-node-canvas');
  const fromNodeCanvas = createRequire(nodeCanvas.path);
  const chartJs = packageJson(fromNodeCanvas, 'chart.js');
  const canvas = packageJson(fromNodeCanvas, 'canvas');
  return { 'chart.js': chartJs.version, 'chartjs-node-canvas': nodeCanvas.version, canvas: canvas.version };
}

/**
 * A package's package.json, found up from its entry point: chart.js exports no "./package.json"
 * (ERR_PACKAGE_PATH_NOT_EXPORTED), and Node 20 has no module.findPackageJSON.
 */
function packageJson(from: NodeJS.Require, name: string): { path: string; version: string } {
  for (let folder = dirname(from.resolve(name)); ; folder = dirname(folder)) {
    const path = join(folder, 'package.json');
    if (existsSync(path)) {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === name && parsed.version) return { path, version: parsed.version };
    }
    if (dirname(folder) === folder) throw new Error(`no package.json found for ${name}`);
  }
}
