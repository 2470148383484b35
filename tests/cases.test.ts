/**
 * Golden cases: each folder of tests/cases/ holds broken (or tricky) input and the exact
 * diagnostics expected. Adding a case adds a folder, no code.
 *
 *   files/...        files copied over a fresh copy of the project (content/, data/, templates/)
 *   delete.txt       optional: project files to remove, one per line
 *   args.txt         optional: CLI arguments (default: build --out out)
 *   expected.txt     the exact standard error expected
 *   exit-code.txt    optional: expected exit code (default 1)
 */
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, listFiles, PROJECT_ROOT, readText, removeDir, runCli } from './helpers/project.js';

const CASES = join(PROJECT_ROOT, 'tests', 'cases');
const cases = readdirSync(CASES)
  .filter((name) => existsSync(join(CASES, name, 'expected.txt')))
  .sort();
const made: string[] = [];
afterAll(() => made.forEach(removeDir));

describe('bad-input cases', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(10));

  it.each(cases)('%s', async (name) => {
    const folder = join(CASES, name);
    const project = copyProject();
    made.push(project);
    if (existsSync(join(folder, 'files'))) cpSync(join(folder, 'files'), project, { recursive: true });
    if (existsSync(join(folder, 'delete.txt'))) {
      for (const path of readText(join(folder, 'delete.txt'))
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean))
        rmSync(join(project, path), { recursive: true, force: true });
    }
    const args = existsSync(join(folder, 'args.txt')) ? readText(join(folder, 'args.txt')).trim().split(/\s+/) : ['build', '--out', 'out'];
    const expectedCode = existsSync(join(folder, 'exit-code.txt')) ? Number(readText(join(folder, 'exit-code.txt')).trim()) : 1;
    const result = await runCli(args, project);
    expect(result.stderr.trim()).toBe(readText(join(folder, 'expected.txt')).trim());
    expect(result.code).toBe(expectedCode);
    if (expectedCode !== 0) expect(listFiles(join(project, 'out'))).toEqual([]);
  });
});
