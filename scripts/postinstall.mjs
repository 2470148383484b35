#!/usr/bin/env node
/**
 * postinstall: applies patches/ (pdfmake's soft hyphens and word spacing, see README
 * "Typography") with patch-package to the pdfmake this package resolves, wherever npm put it:
 * the repository's own node_modules (`npm ci` here), or the node_modules of a project that
 * installed coopdec-report as a dependency (where pdfmake is usually hoisted beside it, out of
 * reach of a plain `patch-package` run in this package's folder). Fails the install when a patch
 * does not apply, as `patch-package --error-on-fail` did.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const pdfmakeDir = dirname(require.resolve('pdfmake/package.json'));
// patch-package patches <root>/node_modules/<name>: the root is the folder holding that node_modules.
const root = dirname(dirname(pdfmakeDir));
const patchDir = relative(root, join(packageRoot, 'patches')) || 'patches';
const cli = require.resolve('patch-package/index.js');
const result = spawnSync(process.execPath, [cli, '--error-on-fail', '--error-on-warn', '--patch-dir', patchDir], { cwd: root, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
