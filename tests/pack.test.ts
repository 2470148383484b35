/**
 * The npm package (issue 12): `npm pack` ships what the CLI needs at run time (package.json
 * "files") and no tests; the tarball installs into a new project, its postinstall patches the
 * pdfmake of that project, and the installed CLI builds the default report, byte for byte the
 * PDF of the repository's own build.
 *
 * Offline: the new project's node_modules starts as a copy of ours (npm has no package documents
 * in its cache after `npm ci`, so a plain `npm install --offline <tarball>` cannot resolve the
 * dependencies), then `npm install --offline --no-save <tarball>` adds the package. Its install
 * scripts are run by hand afterwards, after pdfmake's patch has been taken off the copy, so that
 * the test sees the postinstall patch a hoisted pdfmake (and canvas keeps the binary we built).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, removeDir } from './helpers/project.js';

// npm of the Node running the tests (scripts/node-env.sh puts .tools/bin first on PATH).
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const ENV = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const EPOCH = { SOURCE_DATE_EPOCH: '1038700800' };

const npm = (args: string[], cwd: string) => execFileSync(NPM, args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const md5 = (path: string) =>
  new Promise<string>((resolve, reject) => {
    const hash = createHash('md5');
    createReadStream(path)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

let scratch: string;
let tarball: string;
let files: string[];

beforeAll(() => {
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'cli.js'))) throw new Error('dist/ is missing: run `npm run compile` (npm test does)');
  scratch = mkdtempSync(join(tmpdir(), 'coopdec-pack-'));
  // --ignore-scripts: `prepare` would compile again; npm test has just compiled dist/.
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], PROJECT_ROOT)) as { filename: string; files: { path: string }[] }[];
  tarball = join(scratch, packed!.filename);
  files = packed!.files.map((f) => f.path).sort();
}, 60_000);
afterAll(() => scratch && removeDir(scratch));

describe('npm pack', () => {
  it('ships the compiled CLI, its entry point and the project it builds by default', () => {
    for (const path of [
      'bin/coopdec-report.js',
      'dist/cli.js',
      'dist/build-report.js',
      'coopdec.yaml',
      'templates/structure.yaml',
      'templates/theme.yaml',
      'content/08-accords.yaml',
      'data/countries.yaml',
      'data/midi-pyrenees/2002/register.yaml',
      'data/midi-pyrenees/communes-1999.csv',
      'patches/pdfmake+0.3.11.patch',
      'scripts/postinstall.mjs',
      'package.json',
      'README.md',
    ]) {
      expect(files, path).toContain(path);
    }
  });

  it('ships no tests, sources, benchmarks, CI files or build state', () => {
    const unwanted = files.filter((f) => /^(tests|src|bench|out|node_modules|\.github|\.ci|\.tools)\//.test(f) || f.endsWith('.tsbuildinfo') || f.endsWith('.test.ts'));
    expect(unwanted).toEqual([]);
  });
});

describe('the installed package', () => {
  it('installs into a new project, patches its pdfmake and builds the default report as the repository does', async () => {
    const project = join(scratch, 'project');
    cpSync(join(PROJECT_ROOT, 'node_modules'), join(project, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'coopdec-pack-test', private: true }) + '\n');
    npm(['install', '--offline', '--no-save', '--ignore-scripts', tarball], project);
    const installed = join(project, 'node_modules', 'coopdec-report');
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'bin', 'content', 'coopdec.yaml', 'data', 'dist', 'package.json', 'patches', 'scripts', 'templates']);

    // Take the patch off the copied pdfmake, then run the package's postinstall as npm would
    // (in the package's folder): it must patch the pdfmake hoisted beside it.
    const patchPackage = join(project, 'node_modules', 'patch-package', 'index.js');
    const patchDir = join('node_modules', 'coopdec-report', 'patches');
    execFileSync(process.execPath, [patchPackage, '--reverse', '--patch-dir', patchDir], { cwd: project, env: ENV, stdio: 'pipe' });
    const pdfmakeFile = (dir: string) => readFileSync(join(dir, 'node_modules', 'pdfmake', 'js', 'LayoutBuilder.js'), 'utf8');
    expect(pdfmakeFile(project)).not.toEqual(pdfmakeFile(PROJECT_ROOT));
    const postinstall = spawnSync(process.execPath, ['scripts/postinstall.mjs'], { cwd: installed, env: ENV, encoding: 'utf8' });
    expect(postinstall.status, postinstall.stdout + postinstall.stderr).toBe(0);
    expect(pdfmakeFile(project)).toEqual(pdfmakeFile(PROJECT_ROOT));

    // The installed CLI through npm's bin link, inside the installed package (its own project).
    const bin = join(project, 'node_modules', '.bin', 'coopdec-report');
    const ours = join(scratch, 'ours');
    const theirs = join(scratch, 'theirs');
    const run = (cwd: string, entry: string, out: string) => spawnSync(process.execPath, [entry, 'build', '--out', out + '/', '--no-cache'], { cwd, env: { ...ENV, ...EPOCH }, encoding: 'utf8' });
    const built = run(installed, bin, theirs);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/^\S*midi-pyrenees-2002\.pdf\t28 pages\t/m);
    const reference = run(PROJECT_ROOT, join(PROJECT_ROOT, 'bin', 'coopdec-report.js'), ours);
    expect(reference.status, reference.stderr).toBe(0);
    expect(await md5(join(theirs, 'midi-pyrenees-2002.pdf'))).toBe(await md5(join(ours, 'midi-pyrenees-2002.pdf')));
    expect(readFileSync(join(theirs, 'midi-pyrenees-2002.csv'), 'utf8')).toBe(readFileSync(join(ours, 'midi-pyrenees-2002.csv'), 'utf8'));
  }, 180_000);
});
