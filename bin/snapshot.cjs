'use strict';
/**
 * The V8 start-up snapshot's paths and stamp (see README, "Start-up snapshot"). The stamp is what
 * the snapshot was built from: the compiled CLI (the .js files under dist/, at any depth), the
 * installed dependencies as the lockfile and patches name them, the snapshot's own scripts, the
 * project folder (the snapshot holds absolute paths into node_modules) and the Node binary
 * (version, platform, architecture).
 * A snapshot whose stamp differs from the stamp computed now is not used.
 *
 * CommonJS and Node built-ins only: bundled into the snapshot, and read by bin/coopdec-report.js.
 */
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync } = require('node:fs');
const { join, sep } = require('node:path');

const SNAPSHOT_DIR = join('dist', 'snapshot');

/** The files of the snapshot, under the project root. */
function snapshotPaths(root) {
  const dir = join(root, SNAPSHOT_DIR);
  return { dir, blob: join(dir, 'startup.blob'), stamp: join(dir, 'stamp.txt'), entry: join(dir, 'entry.cjs') };
}

/** The stamp of the snapshot that `root`'s sources and dependencies would build now. */
function currentStamp(root) {
  const hash = createHash('sha256');
  const add = (label, bytes) => hash.update(`${label}\0${bytes.length}\0`).update(bytes);
  add('node', `${process.version} ${process.platform} ${process.arch} ${process.execPath}`);
  add('root', root);
  const dist = join(root, 'dist');
  for (const name of compiledModules(dist)) add(`dist/${name}`, readFileSync(join(dist, name)));
  for (const file of ['package.json', 'package-lock.json', 'bin/snapshot.cjs', 'scripts/snapshot-entry.mjs', 'scripts/build-snapshot.mjs']) add(file, readFileSync(join(root, file)));
  const patches = join(root, 'patches');
  for (const name of readdirSync(patches).sort()) add(`patches/${name}`, readFileSync(join(patches, name)));
  return hash.digest('hex');
}

/** The .js files under dist/, at any depth (the snapshot's own folder aside), as sorted relative paths with forward slashes. */
function compiledModules(dist) {
  return readdirSync(dist, { recursive: true })
    .map((name) => String(name).split(sep).join('/'))
    .filter((name) => name.endsWith('.js') && !name.startsWith('snapshot/'))
    .sort();
}

/** True when the snapshot on disk was built from what `root` holds now (a missing file: false). */
function snapshotIsCurrent(root) {
  try {
    return readFileSync(snapshotPaths(root).stamp, 'utf8').trim() === currentStamp(root);
  } catch {
    return false;
  }
}

module.exports = { snapshotPaths, currentStamp, snapshotIsCurrent };
