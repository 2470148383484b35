/**
 * Editions as a workflow, from the command line (in-process): the current edition named in
 * coopdec.yaml, `new` for another year or another region, an edition without published.yaml,
 * diagnostics that name their edition (with --department and --all), and the page map check of
 * a structure that has none.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyProject, listFiles, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));
const project = () => {
  const dir = copyProject();
  made.push(dir);
  return dir;
};
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const write = (dir: string, path: string, text: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
const editionIds = (stdout: string) => (JSON.parse(stdout) as { id: string }[]).map((e) => e.id);
const DEPARTMENTS = ['09', '12', '31', '32', '46', '65', '81', '82'];
const FICTIONAL = join(PROJECT_ROOT, 'tests/fixtures/fictional-region');

describe('coopdec.yaml names the current edition', () => {
  it('is at the project root and names the 2002 edition', () => {
    expect(parse(read(PROJECT_ROOT, 'coopdec.yaml'))).toEqual({ edition: 'data/midi-pyrenees/2002' });
  });

  it('is used by every command without --data, from the root or from a folder below it', async () => {
    const dir = project();
    cpSync(join(FICTIONAL, 'data/val-de-loutre'), join(dir, 'data/val-de-loutre'), { recursive: true });
    write(dir, 'coopdec.yaml', read(dir, 'coopdec.yaml').replace('edition: data/midi-pyrenees/2002', 'edition: data/val-de-loutre/2003'));

    const editions = await runCli(['editions', '--json'], dir);
    expect(editions.code).toBe(0);
    expect(editionIds(editions.stdout)).toEqual(['val-de-loutre-2003', 'val-de-loutre-2003-96', 'val-de-loutre-2003-97', 'val-de-loutre-2003-98']);
    // The matrix needs no --data: the build jobs read the same coopdec.yaml.
    expect((JSON.parse(editions.stdout) as { args: string[] }[]).map((e) => e.args)).toEqual([[], ['--department', '96'], ['--department', '97'], ['--department', '98']]);
    const below = await runCli(['editions', '--json'], join(dir, 'data/midi-pyrenees'));
    expect(below.stdout).toBe(editions.stdout);

    const check = await runCli(['check'], dir);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^data\/val-de-loutre\/2003: \d+ communes, 38 agreements: OK$/);
    const csv = await runCli(['export', '--format', 'csv'], dir);
    expect(csv.code).toBe(0);
    expect(csv.stdout).not.toContain('TOULOUSE');
    const prose = await runCli(['prose'], dir);
    expect(prose.code).toBe(0);
    expect(prose.stdout.replace(/\u00A0/g, ' ')).toContain('Val de Loutre');
    const reconcile = await runCli(['reconcile', '--json'], dir);
    expect(reconcile.code).toBe(0);
    expect(JSON.parse(reconcile.stdout)).toEqual(JSON.parse((await runCli(['reconcile', '--json', '--data', 'data/val-de-loutre/2003'], dir)).stdout));

    const build = await runCli(['build', '--out', 'out'], dir, { SOURCE_DATE_EPOCH: '1038700800' });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(listFiles(join(dir, 'out')).filter((f) => !f.startsWith('.cache/'))).toEqual(['val-de-loutre-2003.csv', 'val-de-loutre-2003.excel.csv', 'val-de-loutre-2003.pdf']);
  }, 60_000);

  it('falls back to data/midi-pyrenees/2002 in a project (package.json) without coopdec.yaml', async () => {
    const dir = project();
    rmSync(join(dir, 'coopdec.yaml'));
    write(dir, 'package.json', '{ "name": "a-copy" }\n');
    const editions = await runCli(['editions', '--json'], dir);
    expect(editions.code).toBe(0);
    expect(editionIds(editions.stdout)).toEqual(['midi-pyrenees-2002', ...DEPARTMENTS.map((d) => `midi-pyrenees-2002-${d}`)]);
  });

  it('outside a project, says so (exit 2) unless --data is given', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'coopdec-outside-'));
    made.push(outside);
    for (const command of [['build'], ['check'], ['prose'], ['reconcile'], ['export'], ['editions', '--json']]) {
      const result = await runCli(command, outside);
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stderr).toMatch(
        /^error: not inside a coopdec-report project: neither coopdec\.yaml nor package\.json in .+; run the command inside the project, or name the edition with --data <dir>$/,
      );
      expect(result.stdout).toBe('');
    }
    expect(listFiles(outside)).toEqual([]);
  });

  it('refuses a coopdec.yaml that names no edition of the project (exit 2, naming the file)', async () => {
    const dir = project();
    for (const [text, message] of [
      ['edition: data/midi-pyrenees/1999\n', /^error: coopdec\.yaml names the edition data\/midi-pyrenees\/1999, which does not exist/],
      ['edition: ../elsewhere/data/x/2002\n', /^error: coopdec\.yaml: edition "\.\.\/elsewhere\/data\/x\/2002" is not an edition folder of the project/],
      ['edition: /etc\n', /^error: coopdec\.yaml: edition "\/etc" is not an edition folder/],
      ['editon: data/midi-pyrenees/2002\n', /^error: coopdec\.yaml: unknown key "editon"/],
      ['edition: [\n', /^error: coopdec\.yaml is not valid YAML/],
    ] as const) {
      write(dir, 'coopdec.yaml', text);
      const result = await runCli(['editions'], dir);
      expect(result.code, text).toBe(2);
      expect(result.stderr, text).toMatch(message);
    }
  });

  it('is what the CI workflow relies on: no data folder written in it', () => {
    const workflow = read(PROJECT_ROOT, '.github/workflows/report.yml');
    const code = workflow
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    expect(code).not.toMatch(/--data|data\/[a-z]/);
    expect(code).toContain('bin/coopdec-report.js editions --json');
    expect(code).toContain('coopdec.yaml');
  });
});

describe('new: another year of a region', () => {
  const dir = project();
  const from = 'data/midi-pyrenees/2002';
  const to = 'data/midi-pyrenees/2003';
  let created: Awaited<ReturnType<typeof runCli>>;

  it('copies edition.yaml (year and survey months moved) and register.yaml, not published.yaml nor content/', async () => {
    created = await runCli(['new', '--from', from, '--year', '2003'], dir);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(listFiles(join(dir, to))).toEqual(['edition.yaml', 'register.yaml']);
    expect(read(dir, `${to}/register.yaml`)).toBe(read(dir, `${from}/register.yaml`));
    const source = parse(read(dir, `${from}/edition.yaml`));
    const edition = parse(read(dir, `${to}/edition.yaml`));
    expect(edition.year).toBe(2003);
    const [fromMonth, toMonth] = [source.survey.telephone.from.slice(5), source.survey.telephone.to.slice(5)];
    expect(edition.survey.telephone).toEqual({ from: `2003-${fromMonth}`, to: `2003-${toMonth}` });
    // The rest is the source's, but for pageMap (a new edition reproduces no printed study).
    const { year: _y, survey: _s, pageMap: _p, ...rest } = source;
    const { year: _y2, survey: _s2, ...copied } = edition;
    expect(copied).toEqual(rest);
    expect(edition.pageMap).toBeUndefined();
    // A comment tells the author to check the dates.
    expect(read(dir, `${to}/edition.yaml`)).toMatch(/#[^\n]*check[^\n]*\n\s*telephone: \{from: "2003-/);
  });

  it('prints one line per file not copied, saying why, and names the folder written', () => {
    const lines = created.stdout.split('\n');
    const contentFiles = listFiles(join(dir, from, 'content'));
    expect(contentFiles.length).toBeGreaterThan(0);
    for (const file of contentFiles) expect(lines).toContain(`${from}/content/${file}: not copied: prose written for the 2002 edition; review it and copy what still holds into ${to}/content/${file}`);
    expect(lines).toContain(`${from}/published.yaml: not copied: the figures of the printed 2002 study; the 2003 edition has none to reconcile with until its study is printed`);
    expect(lines.filter((l) => l.includes('not copied'))).toHaveLength(listFiles(join(dir, from)).length - 2);
    expect(lines).toContain(`wrote ${to}/ (edition.yaml, register.yaml) from ${from}`);
  });

  it('checks clean, builds, and reconcile says there is no printed study (exit 0)', async () => {
    const check = await runCli(['check', '--data', to], dir);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const reconcile = await runCli(['reconcile', '--data', to], dir);
    expect(reconcile.code).toBe(0);
    expect(reconcile.stdout).toBe(`${to}/published.yaml not found: no printed study to compare with, nothing to reconcile`);
    const json = await runCli(['reconcile', '--json', '--data', to], dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toContain(`${to}/published.yaml not found`);
    const build = await runCli(['build', '--data', to, '--out', 'out'], dir);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(existsSync(join(dir, 'out/midi-pyrenees-2003.pdf'))).toBe(true);
  }, 60_000);

  it('never overwrites an edition (exit 2)', async () => {
    const before = read(dir, `${to}/edition.yaml`);
    const again = await runCli(['new', '--from', from, '--year', '2003'], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`error: ${to} already exists: nothing written (an edition is never overwritten; remove the folder or choose another --year)`);
    expect(read(dir, `${to}/edition.yaml`)).toBe(before);
    const self = await runCli(['new', '--from', from, '--year', '2002'], dir);
    expect(self.code).toBe(2);
  });

  it('wants a 4-digit year', async () => {
    for (const year of ['03', '20003', '2oo3', '']) {
      const result = await runCli(['new', '--from', from, '--year', year], dir);
      expect(result.code, year).toBe(2);
      expect(result.stderr, year).toContain('--year must be a 4-digit year');
    }
    expect((await runCli(['new', '--from', from], dir)).code).toBe(2);
    expect(existsSync(join(dir, 'data/midi-pyrenees/03'))).toBe(false);
  });

  it('with --current, switches coopdec.yaml to the new edition (its comments kept)', async () => {
    const before = read(dir, 'coopdec.yaml');
    const result = await runCli(['new', '--year', '2004', '--current'], dir); // --from: the current edition
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('coopdec.yaml: the current edition is now data/midi-pyrenees/2004');
    expect(read(dir, 'coopdec.yaml')).toBe(before.replace('edition: data/midi-pyrenees/2002', 'edition: data/midi-pyrenees/2004'));
    const editions = await runCli(['editions', '--json'], dir);
    expect(editionIds(editions.stdout)[0]).toBe('midi-pyrenees-2004');
    const check = await runCli(['check'], dir);
    expect(check.stdout).toMatch(/^data\/midi-pyrenees\/2004: .*: OK$/);
  }, 30_000);
});

describe('new: another region', () => {
  it('writes data/<slug>/<year>/ with the territory renamed, template departments and an empty register', async () => {
    const dir = project();
    const result = await runCli(['new', '--from', 'data/midi-pyrenees/2002', '--region', 'bretagne', '--region-name', 'Bretagne', '--year', '2004'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toContain('wrote data/bretagne/2004/ (edition.yaml, register.yaml) from data/midi-pyrenees/2002');
    expect(result.stdout).toContain('data/midi-pyrenees/2002/register.yaml: not copied');
    expect(result.stderr).toMatch(/^warning: data\/bretagne\/2004\/edition\.yaml: the departments are those of Midi Pyrénées \(8\), a template: replace them with Bretagne's$/m);
    expect(listFiles(join(dir, 'data/bretagne/2004'))).toEqual(['edition.yaml', 'register.yaml']);
    const text = read(dir, 'data/bretagne/2004/edition.yaml');
    const edition = parse(text);
    expect(edition).toMatchObject({
      region: 'bretagne',
      regionName: 'Bretagne',
      regionPhrase: 'de Bretagne',
      regionIn: 'en Bretagne',
      year: 2004,
      title: 'Action Internationale des Collectivités Locales de Bretagne',
    });
    expect(edition.departments).toHaveLength(8);
    expect(text).toMatch(/# TEMPLATE: the departments of Midi Pyrénées[^\n]*\n# Replace them with Bretagne's/);
    // Outside comments, the template departments and the placeholder census, nothing of Midi Pyrénées is left.
    const values = text.split('\n').filter((l) => !/^\s*(#|- \{code)/.test(l) && !l.startsWith('census:'));
    expect(values.join('\n')).not.toMatch(/Midi|Pyrénées|midi-pyrenees|Tarn-et-Garonne|Dépêche/);
    // What names the source's year is flagged for the author.
    for (const line of values.filter((l) => l.includes('2002'))) expect(line).toMatch(/# names 2002: check it for 2004$/);
    expect(edition.pageMap).toBeUndefined();
    expect(parse(read(dir, 'data/bretagne/2004/register.yaml'))).toEqual({ communes: [] });
    // Everything but the register (which the author fills) validates.
    const check = await runCli(['check', '--data', 'data/bretagne/2004'], dir);
    expect(check.code).toBe(1);
    expect(check.stderr.split('\n').filter((l) => /error\[/.test(l))).toEqual([expect.stringMatching(/^data\/bretagne\/2004\/register\.yaml:\d+:\d+: error\[register\/empty\]/)]);
  });

  it('elides "de" before a vowel, and wants --region with --region-name', async () => {
    const dir = project();
    const result = await runCli(['new', '--region', 'aquitaine', '--region-name', 'Aquitaine', '--year', '2003'], dir);
    expect(result.code).toBe(0);
    expect(parse(read(dir, 'data/aquitaine/2003/edition.yaml'))).toMatchObject({ regionPhrase: "d'Aquitaine", regionIn: 'en Aquitaine' });
    expect((await runCli(['new', '--region', 'x', '--year', '2003'], dir)).code).toBe(2);
    expect((await runCli(['new', '--region', 'Not A Slug', '--region-name', 'X', '--year', '2003'], dir)).code).toBe(2);
  });
});

describe('diagnostics that name their edition', () => {
  it('--department listed in edition.yaml but with no commune: exit 1, nothing written', async () => {
    const dir = project();
    const editionPath = 'data/midi-pyrenees/2002/edition.yaml';
    const text = read(dir, editionPath);
    write(dir, editionPath, text.replace(/^departments:\n/m, `departments:\n  - { code: "11", name: Aude, phrase: "de l'Aude", inPhrase: "dans l'Aude" }\n`));
    const line =
      read(dir, editionPath)
        .split('\n')
        .findIndex((l) => l.includes('code: "11"')) + 1;
    for (const command of ['build', 'check', 'prose']) {
      const result = await runCli([command, '--department', '11', ...(command === 'build' ? ['--out', 'out'] : [])], dir);
      expect(result.code, command).toBe(1);
      expect(result.stderr.split('\n')[0], command).toMatch(
        new RegExp(
          `^data/midi-pyrenees/2002/edition\\.yaml:${line}:\\d+: error\\[edition/department-without-communes\\]: edition midi-pyrenees-2002-11 has nothing to build: department 11 \\(Aude\\) is listed in edition\\.yaml but no commune of data/midi-pyrenees/2002/register\\.yaml is in it$`,
        ),
      );
    }
    expect(listFiles(join(dir, 'out'))).toEqual([]);
    // And --all leaves it out, as before.
    expect(editionIds((await runCli(['editions', '--json'], dir)).stdout)).not.toContain('midi-pyrenees-2002-11');
  });

  it("--department '': exit 1 naming the edition and its departments", async () => {
    const dir = project();
    for (const command of ['build', 'check', 'prose']) {
      const result = await runCli([command, '--department', ''], dir);
      expect(result.code, command).toBe(1);
      expect(result.stderr, command).toContain(`error[edition/empty-department]: --department is empty: edition midi-pyrenees-2002 has the departments ${DEPARTMENTS.join(', ')}`);
    }
    expect(listFiles(join(dir, 'out'))).toEqual([]);
    expect((await runCli(['build', '--all', '--department', ''], dir)).code).toBe(2);
  });

  it('--all --only with an unknown edition: exit 2 with the editions there are', async () => {
    const dir = project();
    const result = await runCli(['build', '--all', '--only', 'midi-pyrenees-2002-31,nope'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: --only: "nope" is not an edition of data/midi-pyrenees/2002 (editions: midi-pyrenees-2002, ${DEPARTMENTS.map((d) => `-${d}`).join(', ')})`);
    expect(listFiles(join(dir, 'out'))).toEqual([]);
  });

  describe('--all: each diagnostic once, under the editions it belongs to; a failed edition does not stop the others', () => {
    // Two template errors: one only the region edition meets, one only the departments bordering Spain meet.
    const dir = project();
    const file = 'content/05-historique.yaml';
    const text = read(dir, file);
    const target = '  - p: "La « Coopération décentralisée » est ainsi définie."';
    const injected = text
      .replace(target, '  - p: "La « Coopération décentralisée » est ainsi définie{{#if scope.isDepartment}}{{#if scope.border.ES}} {{edition.regionNom}}{{/if}}{{/if}}."')
      .replace(/^( {2}- p: "À partir des années 1950[^\n]*)"$/m, '$1{{#unless scope.isDepartment}}{{edition.titre}}{{/unless}}"');
    write(dir, file, injected);
    const spanish = ['09', '31', '65'];
    const expectedStderr = (stderr: string) => {
      const lines = stderr.split('\n');
      const heads = lines.filter((l) => !l.startsWith('   = hint'));
      expect(heads).toHaveLength(3);
      expect(heads[0]).toMatch(
        /^midi-pyrenees-2002: content\/05-historique\.yaml:\d+:\d+: error\[template\/unknown-statistic\]: unknown statistic "edition\.titre": edition has no "titre", did you mean "title"\?$/,
      );
      expect(heads[1]).toMatch(
        /^in editions midi-pyrenees-2002-09, -31, -65: content\/05-historique\.yaml:\d+:\d+: error\[template\/unknown-statistic\]: unknown statistic "edition\.regionNom": edition has no "regionNom", did you mean "regionName"\?$/,
      );
      expect(heads[2]).toBe('2 errors, 0 warnings; 5 of 9 editions built, not built: midi-pyrenees-2002, -09, -31, -65');
    };

    it('in one process', async () => {
      expect(injected).toContain('edition.regionNom');
      expect(injected).toContain('edition.titre');
      const result = await runCli(['build', '--all', '--out', 'out'], dir);
      expect(result.code).toBe(1);
      expectedStderr(result.stderr);
      const built = DEPARTMENTS.filter((d) => !spanish.includes(d));
      expect(result.stdout.split('\n').map((l) => l.split('\t')[0])).toEqual(built.map((d) => `out/midi-pyrenees-2002-${d}.pdf`));
      expect(listFiles(join(dir, 'out')).filter((f) => f.endsWith('.pdf'))).toEqual(built.map((d) => `midi-pyrenees-2002-${d}.pdf`));
    }, 60_000);

    // --jobs runs bin/coopdec-report.js, the compiled CLI (dist/): `npm test` compiles first.
    it.runIf(existsSync(join(PROJECT_ROOT, 'dist/cli.js')))(
      'with --jobs 2, the diagnostics of both processes merged',
      async () => {
        rmSync(join(dir, 'out'), { recursive: true, force: true });
        const result = await runCli(['build', '--all', '--jobs', '2', '--out', 'out'], dir);
        expect(result.code).toBe(1);
        expectedStderr(result.stderr);
        expect(listFiles(join(dir, 'out')).filter((f) => f.endsWith('.pdf'))).toHaveLength(5);
      },
      60_000,
    );
  });
});

describe('page map', () => {
  it('a structure without a page map is not checked against one, even with pageMap: true', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coopdec-fictional-'));
    made.push(dir);
    cpSync(FICTIONAL, dir, { recursive: true });
    const editionPath = 'data/val-de-loutre/2003/edition.yaml';
    write(dir, editionPath, `${read(dir, editionPath)}pageMap: true\n`);
    const result = await runCli(['build', '--data', editionPath.replace('/edition.yaml', ''), '--out', 'out'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 30_000);

  it('a part left out of the layout (its section came out empty) is not said to start on page undefined', async () => {
    const dir = project();
    write(dir, 'content/13-mediterranee-ameriques.yaml', 'id: mediterranee-ameriques\nblocks:\n  - when: ""\n    blocks:\n      - p: "Rien."\n');
    rmSync(join(dir, 'data/midi-pyrenees/2002/content/13-mediterranee-ameriques.yaml'), { force: true });
    const result = await runCli(['build', '--out', 'out'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning[layout/page-map]');
    expect(result.stderr).not.toContain('undefined');
    expect(result.stderr).not.toContain('13-mediterranee-ameriques');
  }, 30_000);
});
