#!/usr/bin/env node
// Rewrites tests/cases/*/expected.txt (and exit-code.txt) from what the CLI prints now.
// Only by hand, after reading the diff: `npm run compile && node scripts/update-cases.mjs [name...]`.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../dist/cli.js';

const root = resolve(import.meta.dirname, '..');
const casesDir = join(root, 'tests', 'cases');
const only = process.argv.slice(2);
for (const name of readdirSync(casesDir).sort()) {
  if (only.length > 0 && !only.includes(name)) continue;
  const folder = join(casesDir, name);
  const project = mkdtempSync(join(tmpdir(), 'coopdec-case-'));
  for (const sub of ['content', 'data', 'templates', 'coopdec.yaml']) cpSync(join(root, sub), join(project, sub), { recursive: true });
  if (existsSync(join(folder, 'files'))) cpSync(join(folder, 'files'), project, { recursive: true });
  if (existsSync(join(folder, 'delete.txt')))
    for (const p of readFileSync(join(folder, 'delete.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean))
      rmSync(join(project, p), { recursive: true, force: true });
  const args = existsSync(join(folder, 'args.txt')) ? readFileSync(join(folder, 'args.txt'), 'utf8').trim().split(/\s+/) : ['build', '--out', 'out'];
  const err = [];
  const code = await main(args, { out: () => {}, err: (t) => err.push(t), env: {}, cwd: project });
  writeFileSync(join(folder, 'expected.txt'), err.join('\n').trim() + '\n');
  if (code === 1) rmSync(join(folder, 'exit-code.txt'), { force: true });
  else writeFileSync(join(folder, 'exit-code.txt'), `${code}\n`);
  rmSync(project, { recursive: true, force: true });
}
