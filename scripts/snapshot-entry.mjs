/**
 * Entry of the V8 start-up snapshot (built by scripts/build-snapshot.mjs, bundled by esbuild with
 * the compiled CLI into one script, since a snapshot can hold no module loaded from disk).
 *
 * Building the snapshot runs this file once: it loads the CLI and every library it bundles, and
 * warms what is fixed per install (the French hyphenation patterns). Nothing of the user's
 * project (content, data, templates) is read here. At run time the deserialised main function
 * checks the stamp (bin/snapshot.cjs): when the sources or dependencies changed since the build,
 * it runs the plain compiled CLI instead, in the same process.
 */
import { appendFileSync } from 'node:fs';
import { startupSnapshot } from 'node:v8';
import { snapshotIsCurrent } from '../bin/snapshot.cjs';
import { main } from '../dist/cli.js';
import { preloadFonts } from '../dist/layout/print-pdf.js';
import { hyphenate } from '../dist/prose/hyphenation.js';

// The project root the snapshot was built in: esbuild replaces the name by a string.
const root = __COOPDEC_SNAPSHOT_ROOT__;

// Warm-up: the hyphenation patterns are parsed on first use.
hyphenate('Coopération décentralisée des collectivités territoriales');
// The font files the default theme (templates/theme.yaml) sets its editions in (as pdffonts
// lists them), from the dejavu-fonts-ttf package: parsed here, found again by their content at
// run time (src/layout/shared-fonts.ts). Every megabyte of blob costs ~20 ms of start-up: no other face.
preloadFonts(
  ['DejaVuSerifCondensed', 'DejaVuSerifCondensed-Bold', 'DejaVuSerifCondensed-Italic', 'DejaVuSerifCondensed-BoldItalic', 'DejaVuSans-Bold', 'DejaVuSans-Oblique'].map(
    (name) => `${__COOPDEC_FONT_DIR__}/${name}.ttf`,
  ),
);

startupSnapshot.setDeserializeMainFunction(() => {
  // Node keeps process.cwd() in a JS-side cache, and a snapshot restores it as it was when the
  // snapshot was built (seen with Node 24: outputs landed in dist/snapshot/). chdir('.') changes
  // nothing on the system and empties that cache, so cwd() asks the system again.
  process.chdir('.');
  // The benchmark's peak-memory probe (bench/rss-probe.mjs): NODE_OPTIONS' --import is not run
  // in a process started from a snapshot, so the snapshot reports its peak itself.
  const rssFile = process.env.BENCH_RSS_FILE;
  if (rssFile) process.on('exit', () => reportPeakRss(rssFile));
  // argv as `node --snapshot-blob <blob> bin/coopdec-report.js <args>` gives it.
  const args = process.argv.slice(2);
  const current = snapshotIsCurrent(root);
  // For tests: which path this run took.
  if (process.env.COOPDEC_STARTUP_TRACE === '1') process.stderr.write(`startup: ${current ? 'snapshot' : 'stale, plain CLI'}\n`);
  if (current) {
    main(args).then((code) => {
      process.exitCode = code;
    });
    return;
  }
  // Stale: the sources or dependencies changed after the snapshot was built. The plain CLI, as
  // bin/coopdec-report.js runs it without the snapshot: in a child process, since a snapshot's
  // main function cannot import an ES module (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). Only
  // until the next `npm run compile` rebuilds the snapshot.
  const bin = require('node:path').join(root, 'bin', 'coopdec-report.js');
  const child = require('node:child_process').spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', env: { ...process.env, COOPDEC_SNAPSHOT: '0', COOPDEC_STARTUP_TRACE: '' } });
  if (child.signal) process.kill(process.pid, child.signal);
  process.exitCode = child.status ?? 3;
});

function reportPeakRss(file) {
  try {
    appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
  } catch {
    // A probe that cannot write only loses a figure.
  }
}
