/**
 * The chart cache as untrusted input (issue 11): whatever was written into <out>/.cache/charts,
 * a build exits 0 with a warning and prints the PDF a cold build prints, byte for byte; it
 * neither hangs on a pipe or a device nor reads through a link; a cache it cannot write costs a
 * warning, never the build. And the key changes with the font's bytes.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChartCache, decodeCacheEntry, encodeCacheEntry, MAX_ENTRY_BYTES } from '../src/charts/chart-cache.js';
import { chartToolchain } from '../src/charts/chart-toolchain.js';
import { type ChartSpec, chartCacheKey } from '../src/charts/render-charts.js';
import { loadTheme } from '../src/input/theme.js';
import { createFileWorld } from '../src/input/world.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { copyProject, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const ENV = { SOURCE_DATE_EPOCH: '1038700800' };
const project = copyProject();
const outside = mkdtempSync(join(tmpdir(), 'coopdec-outside-'));
const cacheDir = join(project, 'out', '.cache', 'charts');
const pdfPath = join(project, 'out', 'midi-pyrenees-2002.pdf');
/** The cold build's PDF and cache entries, by key. */
let coldPdf: Buffer;
let entries: Map<string, Buffer>;
let keys: string[];

const build = () => runCli(['build', '--out', 'out'], project, ENV);

/** Puts the cold build's cache back, then lets the attack at it. */
function resetCache(): void {
  rmSync(join(project, 'out', '.cache'), { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  for (const [key, bytes] of entries) writeFileSync(join(cacheDir, `${key}.svg`), bytes);
}

/** An entry path in the cache, and a well-formed entry for it holding `svg`. */
const entryPath = (key: string) => join(cacheDir, `${key}.svg`);
const svgOf = (key: string) => entries.get(key)!.toString('utf8').replace(/^.*\n/, '');
const withImage = (svg: string, element: string) => svg.replace(/<\/svg>\s*$/, `${element}\n</svg>\n`);

beforeAll(async () => {
  const cold = await runCli(['build', '--out', 'out', '--no-cache'], project, ENV);
  expect(cold.code).toBe(0);
  coldPdf = readFileSync(pdfPath);
  const warm = await build();
  expect(warm.stderr).toBe('');
  keys = readdirSync(cacheDir)
    .map((name) => name.replace(/\.svg$/, ''))
    .sort();
  entries = new Map(keys.map((key) => [key, readFileSync(entryPath(key))]));
  expect(keys.length).toBeGreaterThan(1);
});
afterAll(() => {
  removeDir(project);
  removeDir(outside);
});

/** Builds after the attack: exit 0, the warning, the cold build's bytes; the cache is healed. */
async function expectRedrawn(warning: RegExp) {
  const result = await build();
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(warning);
  const pdf = readFileSync(pdfPath);
  expect(pdf.includes('javascript:')).toBe(false);
  expect(pdf.equals(coldPdf)).toBe(true);
  return result;
}

describe('a warm build', () => {
  it('prints the bytes of a cold build', async () => {
    resetCache();
    const result = await build();
    expect(result.stderr).toBe('');
    expect(readFileSync(pdfPath).equals(coldPdf)).toBe(true);
  });
});

describe('a cache entry written by someone else', () => {
  it.each([
    [
      'an SVG without the header, reading /etc/hostname',
      (key: string) => withImage(svgOf(key), '<image href="/etc/hostname" width="100" height="100"/>'),
      /ignored, drawn again: no cache header line/,
    ],
    [
      'a well-formed entry whose SVG reads /etc/passwd',
      (key: string) => encodeCacheEntry(key, withImage(svgOf(key), '<image href="/etc/passwd" width="100" height="100"/>')),
      /its SVG is refused: the element <image>/,
    ],
    [
      'a well-formed entry whose SVG links to javascript:',
      (key: string) => encodeCacheEntry(key, withImage(svgOf(key), '<a href="javascript:app.alert(1)"><path d="M 0 0 L 460 160 Z"/></a>')),
      /its SVG is refused: the element <a>/,
    ],
    ["another chart's entry (a falsified chart)", (key: string) => entries.get(keys.find((other) => other !== key)!)!, /digest does not match/],
    ['a truncated entry', (key: string) => entries.get(key)!.subarray(0, 5000), /digest does not match/],
    ['an entry larger than the bound', (_key: string) => Buffer.alloc(MAX_ENTRY_BYTES + 10, 'x'), /larger than 1048576 bytes/],
    ['bytes that are not UTF-8', () => Buffer.from([0xff, 0xfe, 0x00, 0x3c]), /not UTF-8/],
  ])('%s is drawn again', async (_, write, warning) => {
    resetCache();
    const key = keys[0]!;
    writeFileSync(entryPath(key), write(key));
    await expectRedrawn(warning);
    // Overwritten with the chart drawn again (cairo numbers its surfaces per process: not the same bytes).
    expect(decodeCacheEntry(key, readFileSync(entryPath(key)))).toHaveProperty('svg');
  });

  it('a named pipe neither hangs the build nor is opened', async () => {
    resetCache();
    const key = keys[0]!;
    rmSync(entryPath(key));
    await new Promise<void>((done, fail) => spawn('mkfifo', [entryPath(key)]).on('close', (code) => (code === 0 ? done() : fail(new Error('mkfifo')))));
    // A watchdog writer: a build that blocked opening the pipe would be released after 20 s, late.
    const writer = spawn('timeout', ['25', 'sh', '-c', `sleep 20; exec 3>'${entryPath(key)}'`], { stdio: 'ignore' });
    const started = performance.now();
    try {
      await expectRedrawn(/the entry is a named pipe/);
      expect(performance.now() - started).toBeLessThan(15_000);
    } finally {
      writer.kill();
    }
    expect(lstatSync(entryPath(key)).isFile()).toBe(true);
  });

  it.each([
    ['/dev/zero', () => '/dev/zero'],
    ['/etc/passwd', () => '/etc/passwd'],
    [
      'a well-formed entry outside the project (not followed)',
      (key: string) => {
        const forged = join(outside, 'forged.svg');
        writeFileSync(forged, encodeCacheEntry(key, svgOf(keys.find((other) => other !== key)!)));
        return forged;
      },
    ],
  ])('a link to %s is not read', async (_, target) => {
    resetCache();
    const key = keys[0]!;
    rmSync(entryPath(key));
    symlinkSync(target(key), entryPath(key));
    await expectRedrawn(/the entry is a symbolic link/);
    expect(lstatSync(entryPath(key)).isFile()).toBe(true);
  });

  it('a folder in place of an entry is a warning', async () => {
    resetCache();
    const key = keys[0]!;
    rmSync(entryPath(key));
    mkdirSync(join(entryPath(key), 'inside'), { recursive: true });
    const result = await expectRedrawn(/the entry is a folder/);
    expect(result.stderr).toContain('warning[charts/cache-unwritable]');
  });

  it('several bad entries make one warning', async () => {
    resetCache();
    for (const key of keys) writeFileSync(entryPath(key), 'x');
    const result = await expectRedrawn(new RegExp(`\\(and ${keys.length - 1} more entries\\)`));
    expect(result.stderr.match(/warning\[/g)).toHaveLength(1);
  });
});

describe('a cache folder that cannot be used', () => {
  it('a file in place of the folder: a warning, charts drawn', async () => {
    rmSync(join(project, 'out', '.cache'), { recursive: true, force: true });
    mkdirSync(join(project, 'out', '.cache'));
    writeFileSync(cacheDir, 'not a folder');
    const result = await expectRedrawn(/warning\[charts\/cache-unwritable\]: the chart cache is not written: the cache folder out\/\.cache\/charts is a file/);
    expect(result.stderr).toContain('out/.cache/charts:1:1: warning[charts/cache-unwritable]');
  });

  it('a link in place of .cache: nothing read or written through it', async () => {
    rmSync(join(project, 'out', '.cache'), { recursive: true, force: true });
    const elsewhere = join(outside, 'cache');
    mkdirSync(join(elsewhere, 'charts'), { recursive: true });
    // Entries a build would accept, were it to read through the link: each holds another chart.
    for (const [i, key] of keys.entries()) writeFileSync(join(elsewhere, 'charts', `${key}.svg`), encodeCacheEntry(key, svgOf(keys[(i + 1) % keys.length]!)));
    symlinkSync(elsewhere, join(project, 'out', '.cache'));
    const result = await expectRedrawn(/the cache folder out\/\.cache is a symbolic link/);
    expect(result.stderr).toContain('warning[charts/cache-unwritable]');
    expect(readdirSync(join(elsewhere, 'charts'))).toHaveLength(keys.length);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only folder: a warning, charts drawn', async () => {
    resetCache();
    for (const key of keys) rmSync(entryPath(key));
    const { chmodSync } = await import('node:fs');
    chmodSync(cacheDir, 0o555);
    try {
      await expectRedrawn(/warning\[charts\/cache-unwritable\].*EACCES/);
    } finally {
      chmodSync(cacheDir, 0o755);
    }
  });

  it('a write that fails (ENOTDIR here; ENOSPC, EROFS the same way) is reported, not thrown', () => {
    const file = join(outside, 'plain-file');
    writeFileSync(file, '');
    const key = '0'.repeat(64);
    const underFile = createChartCache(join(file, 'charts'), 'x/charts');
    expect(underFile.get(key)).toBeUndefined();
    expect(underFile.set(key, '<svg/>')).toBe('the cache folder x is a file');
    const deeper = createChartCache(join(file, 'a', 'charts'), 'x/a/charts');
    expect(deeper.get(key)).toEqual({ ignored: 'the entry could not be read (ENOTDIR)' });
    expect(deeper.set(key, '<svg/>')).toBe(`x/a/charts/${key}.svg could not be written (ENOTDIR)`);
  });
});

describe('the cache key', () => {
  const theme = loadTheme(createFileWorld(PROJECT_ROOT), new Diagnostics())!;
  const spec: ChartSpec = { id: 'europe', title: 'Europe', labels: ['Espagne', 'Italie'], values: [3, 2] };

  it('changes with the bytes of the font, not its path', () => {
    const fonts = mkdtempSync(join(tmpdir(), 'coopdec-fonts-'));
    try {
      const [a, b, c] = ['a.ttf', 'b.ttf', 'c.ttf'].map((name) => join(fonts, name)) as [string, string, string];
      copyFileSync(theme.chartFontFile, a);
      copyFileSync(theme.chartFontFile, b);
      const bytes = readFileSync(theme.chartFontFile);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
      writeFileSync(c, bytes);
      const key = (font: string) => chartCacheKey(spec, 160, theme, chartToolchain(font));
      expect(key(a)).toBe(key(b));
      expect(key(c)).not.toBe(key(a));
    } finally {
      removeDir(fonts);
    }
  });

  it('names the versions of chart.js, chartjs-node-canvas and canvas', () => {
    const version = (name: string) => (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect(chartToolchain(theme.chartFontFile).libraries).toEqual({ 'chart.js': version('chart.js'), 'chartjs-node-canvas': version('chartjs-node-canvas'), canvas: version('canvas') });
    const toolchain = chartToolchain(theme.chartFontFile);
    expect(chartCacheKey(spec, 160, theme, { ...toolchain, libraries: { ...toolchain.libraries, 'chart.js': '0.0.0' } })).not.toBe(chartCacheKey(spec, 160, theme, toolchain));
  });

  it('changes with the data and the theme colours', () => {
    const toolchain = chartToolchain(theme.chartFontFile);
    const key = chartCacheKey(spec, 160, theme, toolchain);
    expect(chartCacheKey({ ...spec, values: [3, 1] }, 160, theme, toolchain)).not.toBe(key);
    expect(chartCacheKey(spec, 160, { ...theme, colors: { ...theme.colors, chartGrid: '#000000' } }, toolchain)).not.toBe(key);
  });
});

it('leaves no temporary file in the cache', () => {
  expect(existsSync(cacheDir) ? readdirSync(cacheDir).filter((name) => name.endsWith('.tmp')) : []).toEqual([]);
});
