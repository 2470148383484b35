#!/usr/bin/env node
// Rewrites tests/references/page-NN.png, the pictures tests/pictures.test.ts compares pages with:
// builds the default edition with the compiled CLI (SOURCE_DATE_EPOCH set, as in the test) and
// renders each page listed in tests/references/pages.json with pdftoppm at its resolution.
// The only way references change. By hand, after looking at what changed and why:
//   npm run compile && node scripts/update-references.mjs [page...]
// then look at every rewritten picture before committing it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const referencesDir = join(root, 'tests', 'references');
const settings = JSON.parse(readFileSync(join(referencesDir, 'pages.json'), 'utf8'));
const pageName = (page) => `page-${String(page).padStart(2, '0')}`;

const listed = settings.pages.map((p) => p.page);
const only = process.argv.slice(2).map(Number);
for (const page of only) {
  if (!listed.includes(page)) {
    console.error(`page ${page} is not in tests/references/pages.json (${listed.join(', ')})`);
    process.exit(2);
  }
}
const pages = only.length > 0 ? only : listed;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
    process.exit(1);
  }
  return result;
}

const work = mkdtempSync(join(tmpdir(), 'coopdec-references-'));
try {
  const pdf = join(work, 'r.pdf');
  run(process.execPath, ['bin/coopdec-report.js', 'build', '--data', settings.edition, '--out', pdf], {
    cwd: root,
    env: { ...process.env, SOURCE_DATE_EPOCH: String(settings.sourceDateEpoch) },
  });
  for (const page of pages) {
    const prefix = join(work, pageName(page));
    run('pdftoppm', ['-r', String(settings.resolution), '-f', String(page), '-l', String(page), '-png', '-singlefile', pdf, prefix]);
    copyFileSync(`${prefix}.png`, join(referencesDir, `${pageName(page)}.png`));
    console.log(`tests/references/${pageName(page)}.png`);
  }
  // A full run also drops pictures of pages no longer listed.
  if (only.length === 0) {
    for (const name of readdirSync(referencesDir)) {
      const match = /^page-(\d+)\.png$/.exec(name);
      if (match && !listed.includes(Number(match[1]))) {
        rmSync(join(referencesDir, name));
        console.log(`removed tests/references/${name}`);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
