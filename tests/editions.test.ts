/** Editions from the command line: the matrix, the batch, and a failed build that leaves the previous PDF alone. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, listFiles, removeDir, runCli } from './helpers/project.js';

const project = copyProject();
afterAll(() => removeDir(project));

describe('editions', () => {
  it('lists the editions --all builds, as a CI matrix', async () => {
    const result = await runCli(['editions', '--json'], project);
    expect(result.code).toBe(0);
    const editions = JSON.parse(result.stdout) as { id: string; args: string[]; output: string }[];
    expect(editions.map((e) => e.id)).toEqual(['midi-pyrenees-2002', ...['09', '12', '31', '32', '46', '65', '81', '82'].map((d) => `midi-pyrenees-2002-${d}`)]);
    expect(editions[3]).toMatchObject({ id: 'midi-pyrenees-2002-31', args: ['--department', '31'], output: 'out/midi-pyrenees-2002-31.pdf' });
  });

  it('builds the region and its 8 departments, one line each, every edition naming its territory', async () => {
    const result = await runCli(['build', '--all', '--out', 'out'], project, { SOURCE_DATE_EPOCH: '1038700800' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(9);
    for (const line of lines) expect(line).toMatch(/^[\w./-]*midi-pyrenees-2002(-\d\d)?\.pdf\t\d+ pages\t\d+\.\d\d s$/);
    expect(listFiles(join(project, 'out')).filter((f) => !f.startsWith('.cache/'))).toHaveLength(27); // per edition: PDF, CSV, Excel CSV
    const gers = execFileSync('pdftotext', [join(project, 'out/midi-pyrenees-2002-32.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(gers).toContain('Action Internationale des Collectivités Locales du Gers');
    expect(gers).not.toContain('TOULOUSE');
    expect(gers).not.toMatch(/Toulouse (est engagée|anime)/);
    // The attachment: the same CSV as the one beside the PDF.
    const csv = readFileSync(join(project, 'out/midi-pyrenees-2002-32.csv'), 'utf8');
    const detached = join(project, 'detached.csv');
    execFileSync('pdfdetach', ['-save', '1', '-o', detached, join(project, 'out/midi-pyrenees-2002-32.pdf')]);
    expect(readFileSync(detached, 'utf8')).toBe(csv);
  });

  it('leaves the previous PDF untouched when a build fails', async () => {
    const first = await runCli(['build', '--out', 'out'], project);
    expect(first.code).toBe(0);
    const pdf = join(project, 'out/midi-pyrenees-2002.pdf');
    const before = readFileSync(pdf);
    const register = join(project, 'data/midi-pyrenees/2002/register.yaml');
    writeFileSync(register, readFileSync(register, 'utf8').replace('population: 9109', 'population: -9109'));
    const broken = await runCli(['build', '--out', 'out'], project);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^data\/midi-pyrenees\/2002\/register\.yaml:\d+:\d+: error\[register\/invalid-population\]/m);
    expect(readFileSync(pdf).equals(before)).toBe(true);
    expect(listFiles(join(project, 'out')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
