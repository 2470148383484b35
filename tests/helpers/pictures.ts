/**
 * Reference pictures: selected pages of the default edition rendered by poppler and compared with
 * tests/references/page-NN.png by pixelmatch. The page list and render settings live in
 * tests/references/pages.json, shared with scripts/update-references.mjs (the only writer of
 * references). Nothing here writes a reference.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from './project.js';

export const REFERENCES_DIR = join(PROJECT_ROOT, 'tests', 'references');
export const ARTIFACTS_DIR = join(PROJECT_ROOT, 'out', 'test-artifacts');

export interface PictureSettings {
  edition: string;
  sourceDateEpoch: number;
  resolution: number;
  pages: { page: number; shows: string }[];
}

export const SETTINGS: PictureSettings = JSON.parse(readFileSync(join(REFERENCES_DIR, 'pages.json'), 'utf8'));

/**
 * Tolerance. PIXEL_THRESHOLD is pixelmatch's per-pixel colour distance (0..1); MAX_DIFFERENT is
 * the share of the page's pixels allowed to differ. Antialiasing noise between poppler/freetype
 * builds stays well under it; a paragraph moved by a line or a missing chart is far over it.
 */
export const PIXEL_THRESHOLD = 0.1;
export const MAX_DIFFERENT = 0.005;

export const pageName = (page: number): string => `page-${String(page).padStart(2, '0')}`;
export const referencePath = (page: number): string => join(REFERENCES_DIR, `${pageName(page)}.png`);

/** One page of a PDF as PNG bytes, rendered by pdftoppm at the shared resolution. */
export function renderPage(pdf: string, page: number, workDir: string, resolution = SETTINGS.resolution): Buffer {
  const root = join(workDir, `render-${pageName(page)}`);
  const run = spawnSync('pdftoppm', ['-r', String(resolution), '-f', String(page), '-l', String(page), '-png', '-singlefile', pdf, root], { encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`pdftoppm failed on page ${page} of ${pdf}: ${run.stderr}`);
  return readFileSync(`${root}.png`);
}

export interface Comparison {
  width: number;
  height: number;
  /** Pixels pixelmatch counts as different (antialiasing excluded). */
  different: number;
  /** different / (width × height). */
  ratio: number;
  /** The diff picture (PNG bytes); undefined when the sizes differ. */
  diff?: Buffer;
  /** Set when the two pictures cannot be compared pixel by pixel. */
  sizeMismatch?: string;
}

/** Compares two PNG pictures with the shared per-pixel threshold. */
export function comparePictures(actual: Buffer, expected: Buffer, threshold = PIXEL_THRESHOLD): Comparison {
  const a = PNG.sync.read(actual);
  const e = PNG.sync.read(expected);
  if (a.width !== e.width || a.height !== e.height) {
    return { width: a.width, height: a.height, different: a.width * a.height, ratio: 1, sizeMismatch: `actual ${a.width}×${a.height}, reference ${e.width}×${e.height}` };
  }
  const diff = new PNG({ width: a.width, height: a.height });
  const different = pixelmatch(a.data, e.data, diff.data, a.width, a.height, { threshold });
  return { width: a.width, height: a.height, different, ratio: different / (a.width * a.height), diff: PNG.sync.write(diff) };
}

/** Writes out/test-artifacts/page-NN.actual.png and page-NN.diff.png; returns their paths. */
export function saveArtifacts(page: number, actual: Buffer, diff: Buffer | undefined): string[] {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const written = [join(ARTIFACTS_DIR, `${pageName(page)}.actual.png`)];
  writeFileSync(written[0]!, actual);
  const diffPath = join(ARTIFACTS_DIR, `${pageName(page)}.diff.png`);
  if (diff) {
    writeFileSync(diffPath, diff);
    written.push(diffPath);
  } else rmSync(diffPath, { force: true });
  return written;
}

/** Removes a page's artifacts left by an earlier failing run. */
export function clearArtifacts(page: number): void {
  for (const kind of ['actual', 'diff']) rmSync(join(ARTIFACTS_DIR, `${pageName(page)}.${kind}.png`), { force: true });
}

/** "0.123 %" */
export const percent = (ratio: number): string => `${(ratio * 100).toFixed(3)} %`;
