#!/usr/bin/env node
/**
 * Builds the V8 start-up snapshot of the CLI into dist/snapshot/ (run by `npm run compile`, so
 * by `npm ci` through `prepare`): esbuild bundles dist/cli.js with its libraries into one script
 * (scripts/snapshot-entry.mjs), and `node --build-snapshot` runs it and writes the heap to
 * dist/snapshot/startup.blob. The stamp (bin/snapshot.cjs) is written last, beside the blob; a
 * snapshot already built from the same stamp is kept.
 *
 * The native canvas addon (and Chart.js with it) cannot be in a snapshot: they stay outside the
 * bundle and are required from node_modules when a chart must be drawn.
 *
 * Never fails the compile: without a snapshot the CLI runs the plain compiled modules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { snapshotPaths, currentStamp } = require('../bin/snapshot.cjs');
const paths = snapshotPaths(root);
const quiet = process.argv.includes('--quiet');
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const stamp = currentStamp(root);
if (existsSync(paths.blob) && existsSync(paths.stamp) && readFileSync(paths.stamp, 'utf8').trim() === stamp) {
  if (!quiet) console.log('start-up snapshot: up to date');
  process.exit(0);
}
rmSync(paths.dir, { recursive: true, force: true });

try {
  const started = performance.now();
  const esbuild = await import('esbuild');
  const distUrl = pathToFileURL(join(root, 'dist', 'cli.js')).href;
  // Modules that load packages through createRequire(import.meta.url): the bundle must see
  // those requires to take the packages in. Other createRequire calls (resolving font files and
  // package.json files at run time) stay, with import.meta.url set to dist/cli.js's address.
  const inlinedRequires = new Set(['pdfmake-internals.js', 'hyphenation.js']);
  const rewrite = {
    name: 'coopdec-snapshot',
    setup(build) {
      // The project's compiled modules, at any depth under dist/ (not the dist/ folders of packages).
      build.onLoad({ filter: new RegExp(`^${escapeRegExp(join(root, 'dist'))}[\\\\/](?:[\\w-]+[\\\\/])*[\\w-]+\\.js$`) }, (args) => {
        let text = readFileSync(args.path, 'utf8');
        const name = args.path.split(/[\\/]/).pop();
        const replace = (from, to) => {
          if (!text.includes(from)) throw new Error(`dist/${name}: "${from}" not found; update scripts/build-snapshot.mjs`);
          text = text.replace(from, to);
        };
        if (inlinedRequires.has(name)) replace('const require = createRequire(import.meta.url);', '');
        if (name === 'installed-package.js') replace("createRequire(import.meta.url)('../package.json')", "require('../package.json')");
        // Chart.js and canvas: required from node_modules on first use, as the ESM build imports them.
        if (name === 'render-charts.js') replace("await import('chartjs-node-canvas')", "require('node:module').createRequire(import.meta.url)('chartjs-node-canvas')");
        return { contents: text, loader: 'js' };
      });
    },
  };
  // fontkit requires brotli's decoder (half a megabyte of tables, for WOFF2 fonts only) when it
  // loads: the snapshot holds a stub that requires the real module from node_modules on first use.
  const brotli = require.resolve('brotli/decompress.js', { paths: [dirname(require.resolve('fontkit'))] });
  const lazyBrotli = {
    name: 'coopdec-lazy-brotli',
    setup(build) {
      build.onResolve({ filter: /^brotli\/decompress\.js$/ }, () => ({ path: 'lazy-brotli', namespace: 'coopdec' }));
      build.onLoad({ filter: /^lazy-brotli$/, namespace: 'coopdec' }, () => ({
        contents: `module.exports = (...args) => require('node:module').createRequire(${JSON.stringify(brotli)})(${JSON.stringify(brotli)})(...args);`,
        loader: 'js',
      }));
    },
  };
  mkdirSync(paths.dir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: [join(root, 'scripts', 'snapshot-entry.mjs')],
    outfile: paths.entry,
    bundle: true,
    platform: 'node',
    format: 'iife',
    target: `node${process.versions.node.split('.')[0]}`,
    external: ['canvas', 'chartjs-node-canvas', 'chart.js'],
    define: {
      'import.meta.url': JSON.stringify(distUrl),
      __COOPDEC_SNAPSHOT_ROOT__: JSON.stringify(root),
      // The default theme's fonts, parsed into the snapshot (scripts/snapshot-entry.mjs).
      __COOPDEC_FONT_DIR__: JSON.stringify(join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')),
    },
    plugins: [rewrite, lazyBrotli],
    logLevel: 'error',
    legalComments: 'none',
    metafile: Boolean(process.env.SNAPSHOT_METAFILE),
    // Less source text kept in the heap: a 16 MB blob instead of 20, deserialised ~50 ms sooner.
    minifyWhitespace: true,
  });
  if (result.errors.length > 0) throw new Error('esbuild failed');
  if (process.env.SNAPSHOT_METAFILE) writeFileSync(process.env.SNAPSHOT_METAFILE, JSON.stringify(result.metafile));
  // V8 keeps a script's source in the heap, one byte a character while every character is
  // Latin-1 and two bytes otherwise: esbuild leaves the French of tagged templates (messages.ts's
  // fr`…`) as it is, and one ’ doubled the 2.8 MB source in the blob. Every character past ASCII
  // written as \uXXXX, a valid escape in strings, templates, regular expressions and names (no
  // tagged template of the bundle reads its raw text: String.raw is refused below).
  const source = readFileSync(paths.entry, 'utf8');
  if (/String\.raw`[^`]*[^\x00-\x7f]/.test(source)) throw new Error('String.raw with non-ASCII text in the bundle: escaping would change it');
  writeFileSync(
    paths.entry,
    source.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  const blobPart = `${paths.blob}.part`;
  const run = spawnSync(process.execPath, ['--snapshot-blob', blobPart, '--build-snapshot', paths.entry], { cwd: paths.dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node --build-snapshot exited with ${run.status ?? run.signal}: ${run.stderr.trim().split('\n').slice(0, 8).join('\n')}`);
  renameSync(blobPart, paths.blob);
  // The Node binary the blob is for: bin/coopdec-report.js (as a shell script) uses the blob
  // only with this same binary, since another Node version refuses the blob with an error.
  writeFileSync(join(paths.dir, 'node.txt'), `${process.execPath}\n`);
  writeFileSync(paths.stamp, `${stamp}\n`);
  if (!quiet) console.log(`start-up snapshot: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  if (!process.env.COOPDEC_SNAPSHOT_KEEP) rmSync(paths.dir, { recursive: true, force: true });
  console.warn(`start-up snapshot not built (the CLI runs without it): ${error instanceof Error ? error.message : error}`);
}
