/**
 * Messages a French user understands (issue 12): one catalogue (src/shared/messages.ts) keyed by the
 * permanent codes, every entry in English and French; diagnostics, hints, summaries and --help in
 * French under a French locale, English otherwise.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatByEdition } from '../src/commands/build-all.js';
import { internalError } from '../src/commands/command-io.js';
import { Diagnostics, formatDiagnostics } from '../src/shared/diagnostics.js';
import { catalogueSamples, hasEntry, localeOf, MESSAGES, render, systemErrorText } from '../src/shared/messages.js';
import { copyProject, PROJECT_ROOT, readText, removeDir, runCli } from './helpers/project.js';

const FR = { LANG: 'fr_FR.UTF-8' };
/** No-break space (before a colon) and narrow no-break space (inside « », before ; ! ?). */
const NBSP = '\u00A0';
const NNBSP = '\u202F';
const g = (s: string) => `«${NNBSP}${s}${NNBSP}»`;

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

/** A copy of the project with the files of a golden case over it. */
function projectWithCase(name: string): string {
  const project = copyProject();
  made.push(project);
  cpSync(join(PROJECT_ROOT, 'tests', 'cases', name, 'files'), project, { recursive: true });
  return project;
}

describe('the locale', () => {
  it('is French when LC_ALL, else LC_MESSAGES, else LANG starts with fr', () => {
    expect(localeOf({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(localeOf({ LANG: 'fr_CA' })).toBe('fr');
    expect(localeOf({ LANG: 'fr' })).toBe('fr');
    expect(localeOf({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'fr_FR.UTF-8' })).toBe('fr');
    expect(localeOf({ LANG: 'fr_FR.UTF-8', LC_ALL: 'C.UTF-8' })).toBe('en');
    expect(localeOf({ LANG: 'fr_FR.UTF-8', LC_ALL: '' })).toBe('fr');
    expect(localeOf({ LANG: 'fy_NL' })).toBe('en');
    expect(localeOf({})).toBe('en');
  });
});

describe('the catalogue', () => {
  const SRC = join(PROJECT_ROOT, 'src');
  const sources = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: f, text: readFileSync(join(SRC, f), 'utf8') }));
  const stages = new Set(Object.keys(MESSAGES).map((code) => code.split('/')[0]!));

  it('has an entry, in both languages, for every code used in src/', () => {
    const used = new Set<string>();
    for (const { text } of sources) {
      for (const [, code] of text.matchAll(/['`]([a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)*)['`]/g)) if (stages.has(code!.split('/')[0]!) && !/\.(md|yaml|hbs)$/.test(code!)) used.add(code!);
    }
    // Folders that look like codes: content/ images, template partials.
    for (const folder of ['content/images', 'templates/partials']) used.delete(folder);
    expect(used.size).toBeGreaterThan(80);
    expect([...used].filter((code) => !hasEntry(code))).toEqual([]);
  });

  it('has an entry for every error code of the YAML parser (yaml/<code>)', () => {
    const declared = readFileSync(join(PROJECT_ROOT, 'node_modules', 'yaml', 'dist', 'errors.d.ts'), 'utf8');
    const codes = /ErrorCode = ([^;]+);/
      .exec(declared)![1]!
      .match(/'([A-Z_0-9]+)'/g)!
      .map((c) => `yaml/${c.slice(1, -1).toLowerCase().replace(/_/g, '-')}`);
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((code) => !hasEntry(code))).toEqual([]);
  });

  it('words every diagnostic of src/ through the catalogue (no English-only message at a call site)', () => {
    const worded = sources.flatMap(({ file, text }) => [...text.matchAll(/\.(?:error|warning)\(\s*[^,()]+,\s*[`'"][^\n]*/g)].map((m) => `${file}: ${m[0].slice(0, 80)}`));
    expect(worded).toEqual([]);
  });

  it('renders every entry with its sample params in both languages', () => {
    const samples = catalogueSamples();
    expect(new Set(samples.map((s) => s.code))).toEqual(new Set(Object.keys(MESSAGES)));
    for (const { code, params } of samples) {
      for (const locale of ['en', 'fr'] as const) {
        const text = render(code, params, locale)!;
        const all = `${text.message}\n${text.hint ?? ''}`;
        expect(text.message.trim(), `${code} ${locale}`).not.toBe('');
        expect(all, `${code} ${locale}`).not.toMatch(/undefined|\$\{|NaN|\[object Object\]/);
      }
      // French typography: no plain space before : ; ? ! nor inside « », no straight apostrophe
      // in the words written in the catalogue.
      const fr = render(code, params, 'fr')!;
      const frText = `${fr.message}\n${fr.hint ?? ''}`;
      expect(frText, code).not.toMatch(/ [:;?!]|« | »/);
      expect(frText.replace(/"[^"]*"/g, ''), code).not.toMatch(/[a-zà-ÿ]'[a-zà-ÿ]/i);
      // Different from English: every entry is translated.
      expect(fr.message, code).not.toBe(render(code, params, 'en')!.message);
    }
  });

  it('keeps message and hint in English on the diagnostic, and params as plain JSON', () => {
    const diagnostics = new Diagnostics();
    diagnostics.error('register/unknown-country', { country: 'Atlantide' }, { file: 'data/x.yaml', line: 3, column: 5 });
    const [d] = diagnostics.items;
    expect(d!.message).toBe('unknown country "Atlantide"');
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(formatDiagnostics(JSON.parse(JSON.stringify(diagnostics.items)), { kind: 'nothing-written' }, 'fr')).toBe(
      [
        `data/x.yaml:3:5: erreur[register/unknown-country]: pays inconnu ${g('Atlantide')}`,
        `   = conseil${NBSP}: employez un nom, un code ISO ou un alias de data/countries.yaml, ou ajoutez-y le pays`,
        '1 erreur, 0 avertissement, rien n’écrit',
      ].join('\n'),
    );
  });

  it('renders the diagnostics of --jobs children (JSON) in the parent’s language', () => {
    const diagnostics = new Diagnostics();
    diagnostics.warning('register/population-unknown', {}, { file: 'data/r.yaml', line: 9, column: 17 });
    const outcomes = JSON.parse(
      JSON.stringify([
        { id: 'mp-2002', built: true, items: diagnostics.items },
        { id: 'mp-2002-09', built: false, items: diagnostics.items },
      ]),
    );
    expect(formatByEdition(outcomes, 'mp-2002', 'fr')).toBe(
      [
        `dans les éditions mp-2002, -09: data/r.yaml:9:17: avertissement[register/population-unknown]: la population est null sans note qui dise pourquoi`,
        `   = conseil${NBSP}: ajoutez une ${g('note:')} à la commune (absente de l’étude${NNBSP}? une coquille${NNBSP}?)`,
        `0 erreur, 1 avertissement${NNBSP}; 1 édition construite sur 2, non construites${NBSP}: mp-2002-09`,
      ].join('\n'),
    );
  });
});

describe('a broken register', () => {
  it('gives French diagnostics under LANG=fr_FR.UTF-8', async () => {
    const project = projectWithCase('register-schema-and-value-errors');
    const run = await runCli(['build', '--out', 'out'], project, FR);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      `data/midi-pyrenees/2002/register.yaml:9:22: erreur[schema/wrong-type]: commune FOIX (ligne 4), telephoneSurvey${NBSP}: il faut true ou false (vrai ou faux), pas le texte ${g('oui')}`,
      `   = conseil${NBSP}: voir data/README.md`,
      `data/midi-pyrenees/2002/register.yaml:26:18: erreur[register/unknown-country]: pays inconnu ${g('Allemagnne')}`,
      `   = conseil${NBSP}: employez un nom, un code ISO ou un alias de data/countries.yaml, par exemple ${g('Allemagne')} (DE), ou ajoutez-y le pays`,
      `data/midi-pyrenees/2002/register.yaml:118:17: erreur[register/invalid-population]: la population 1e309 n’est pas un nombre fini${NBSP}: ce doit être un nombre entier positif`,
      `   = conseil${NBSP}: écrivez le nombre d’habitants sans espaces ni séparateurs (par exemple 21339), ou null avec une note quand il est inconnu`,
      '3 erreurs, 0 avertissement, rien n’écrit',
    ]);
    // The machine-readable head keeps its shape: path:line:col: severity[code]: message.
    for (const line of run.stderr.split('\n').filter((l) => l.startsWith('data/'))) expect(line).toMatch(/^[^:]+:\d+:\d+: erreur\[[a-z]+\/[a-z-]+\]: \S/);
  });

  it('gives the same diagnostics in English otherwise (LC_ALL=C.UTF-8 over a French LANG)', async () => {
    const project = projectWithCase('register-schema-and-value-errors');
    const run = await runCli(['build', '--out', 'out'], project, { ...FR, LC_ALL: 'C.UTF-8' });
    expect(run.stderr).toBe(readText(join(PROJECT_ROOT, 'tests', 'cases', 'register-schema-and-value-errors', 'expected.txt')).trim());
    expect(run.stderr).toContain('data/midi-pyrenees/2002/register.yaml:9:22: error[schema/wrong-type]: commune FOIX (line 4), telephoneSurvey should be true or false, not the text "oui"');
  });

  it('says a YAML syntax error in a plain sentence, without the parser’s tokens', async () => {
    const project = projectWithCase('yaml-syntax-edition');
    const run = await runCli(['build', '--out', 'out'], project, FR);
    expect(run.stderr.split('\n')[0]).toBe(
      `data/midi-pyrenees/2002/edition.yaml:8:8: erreur[yaml/block-as-implicit-key]: syntaxe YAML${NBSP}: une liste ou des clés se trouvent là où une clé était attendue${NBSP}: une ligne est sans doute trop ou pas assez indentée`,
    );
    expect(run.stderr).not.toMatch(/BLOCK_AS_IMPLICIT_KEY|compact mappings|Unexpected/);
  });
});

describe('templates', () => {
  /** The golden case's section with its unknown name replaced by `path`. */
  async function checkWith(path: string, env: NodeJS.ProcessEnv) {
    const project = projectWithCase('template-unknown-field');
    const file = join(project, 'content', '05-historique.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{{edition.regionNom}}', `{{${path}}}`));
    return runCli(['check'], project, env);
  }

  it('tells a typo of a known name from a commune the register does not hold', async () => {
    const typo = await checkWith('commune.[09122].populaton', FR);
    expect(typo.stderr).toContain(
      `erreur[template/unknown-statistic]: statistique inconnue ${g('commune.[09122].populaton')}${NBSP}: commune.[09122] n’a pas de ${g('populaton')}, vouliez-vous dire ${g('population')}${NNBSP}?`,
    );
    const absent = await checkWith('commune.Albii.population', FR);
    expect(absent.stderr).toContain(`erreur[template/unknown-commune]: aucune commune ${g('Albii')} dans le registre de cette édition (dans ${g('commune.Albii.population')})`);
    const byName = await checkWith('commune.FOIX.population', {});
    expect(byName.stderr).toContain('error[template/unknown-commune]: no commune "FOIX" in the register of this edition (in "commune.FOIX.population")');
    expect(byName.stderr).toContain('   = hint: communes are named by their INSEE code: write commune.[09122] for FOIX');
  });
});

describe('the command line', () => {
  it('prints --help in French under a French locale', async () => {
    const run = await runCli(['--help'], PROJECT_ROOT, FR);
    expect(run.stdout).toContain(`Utilisation${NBSP}: coopdec-report`);
    expect(run.stdout).toContain(`Commandes${NBSP}:`);
    expect(run.stdout).toMatch(/build \[options\] +construit le PDF \(et son CSV\) d’une édition/);
    const build = await runCli(['help', 'build'], PROJECT_ROOT, FR);
    expect(build.stdout).toContain('l’édition restreinte à un département');
    expect(build.stdout).toMatch(new RegExp(`\\(par défaut${NBSP}:\\s+"out"\\)`));
    expect((await runCli(['--help'], PROJECT_ROOT, {})).stdout).toContain('Usage: coopdec-report');
  });

  it('says usage errors in French', async () => {
    const unknown = await runCli(['buidl'], PROJECT_ROOT, FR);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      `erreur${NBSP}: commande inconnue ${g('buidl')} (vouliez-vous dire ${g('build')}${NNBSP}?)${NNBSP}; commandes${NBSP}: build, watch, check, prose, reconcile, export, import, editions, new, help`,
    );
    const jobs = await runCli(['build', '--all', '--jobs', '0'], PROJECT_ROOT, FR);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toBe(`erreur${NBSP}: --jobs doit être un nombre entier d’au moins 1, pas ${g('0')}`);
    const option = await runCli(['build', '--bogus'], PROJECT_ROOT, FR);
    expect(option.stderr).toContain(`erreur${NBSP}: option inconnue ${g('--bogus')}`);
  });
});

describe('the commands’ own lines', () => {
  it('word the system’s errors in both languages: a phrase and the code, or the code alone when unknown', () => {
    for (const code of ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'ENOSPC', 'EROFS', 'EEXIST', 'EMFILE', 'ENAMETOOLONG']) {
      const [en, fr] = [systemErrorText(code, 'en'), systemErrorText(code, 'fr')];
      expect(en, code).toMatch(new RegExp(`^[a-z][^A-Z]+ \\(${code}\\)$`));
      expect(fr, code).toMatch(new RegExp(`^[a-zé][^A-Z]+ \\(${code}\\)$`));
      expect(fr, code).not.toBe(en);
    }
    expect(systemErrorText('EXDEV', 'fr')).toBe('EXDEV');
    expect(systemErrorText('EXDEV', 'en')).toBe('EXDEV');
  });

  it('say a write that fails in French, with the path (exit 1)', async () => {
    const project = copyProject();
    made.push(project);
    writeFileSync(join(project, 'blocker'), '');
    const run = await runCli(['export', '--output', 'blocker/x.json'], project, FR);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`erreur[output/write-failed]: impossible d’écrire blocker/x.json${NBSP}: un fichier occupe la place (EEXIST)${NNBSP}; rien n’est écrit`);
  });

  it('say a file that cannot be read with the path and the system’s reason, not its English text (exit 1)', async () => {
    const project = copyProject();
    made.push(project);
    symlinkSync('nowhere', join(project, 'data/midi-pyrenees/2002/dangling'));
    const fr = await runCli(['new', '--year', '2003'], project, FR);
    expect(fr.code).toBe(1);
    expect(fr.stderr).toBe(`erreur${NBSP}: impossible de lire data/midi-pyrenees/2002/dangling${NBSP}: fichier ou dossier introuvable (ENOENT)`);
    const en = await runCli(['new', '--year', '2003'], project, {});
    expect(en.stderr).toBe('error: cannot read data/midi-pyrenees/2002/dangling: no such file or folder (ENOENT)');
    expect(existsSync(join(project, 'data/midi-pyrenees/2003'))).toBe(false);
  });

  it('say what is wrong with coopdec.yaml in French (exit 2)', async () => {
    const project = copyProject();
    made.push(project);
    const settings = join(project, 'coopdec.yaml');
    writeFileSync(settings, 'editon: data/midi-pyrenees/2002\n');
    const unknown = await runCli(['check'], project, FR);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`erreur${NBSP}: coopdec.yaml${NBSP}: clé inconnue ${g('editon')} (le seul réglage est ${g('edition')})`);
    writeFileSync(settings, 'edition: [\n');
    expect((await runCli(['check'], project, FR)).stderr).toMatch(new RegExp(`^erreur${NBSP}: coopdec\\.yaml n’est pas du YAML valable \\(ligne \\d+\\)${NBSP}: \\S`));
    rmSync(settings);
    mkdirSync(settings);
    const folder = await runCli(['check'], project, FR);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`erreur${NBSP}: impossible de lire coopdec.yaml${NBSP}: un dossier occupe la place (EISDIR)`);
  });

  it('print the notices of new in French: a bad year, the files not copied, the warnings of a new region', async () => {
    const project = copyProject();
    made.push(project);
    const year = await runCli(['new', '--year', '03'], project, FR);
    expect(year.code).toBe(2);
    expect(year.stderr).toBe(`erreur${NBSP}: --year doit être une année de 4 chiffres, par exemple 2003, pas ${g('03')}`);
    const next = await runCli(['new', '--year', '2003'], project, FR);
    expect(next.code).toBe(0);
    expect(next.stdout.split('\n')).toContain(
      `data/midi-pyrenees/2002/published.yaml${NBSP}: non copié${NBSP}: les chiffres de l’étude imprimée de 2002${NNBSP}; l’édition 2003 n’en a pas à rapprocher tant que son étude n’est pas imprimée`,
    );
    expect(next.stdout).not.toMatch(/not copied/);
    const region = await runCli(['new', '--year', '2004', '--region', 'bretagne', '--region-name', 'Bretagne'], project, FR);
    expect(region.code).toBe(0);
    expect(region.stderr.split('\n')).toContain(
      `avertissement${NBSP}: data/bretagne/2004/edition.yaml${NBSP}: les départements sont ceux de Midi Pyrénées (8), un modèle${NBSP}: remplacez-les par ceux de Bretagne`,
    );
    expect(region.stderr).not.toMatch(/template|replace/);
  });

  it('print the reconcile table in French', async () => {
    const run = await runCli(['reconcile'], PROJECT_ROOT, FR);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^p\.[ \d]\d \S+ +publié +[\d,]+ {2}calculé +[\d,—]+ {2}(identique|différent)$/);
    expect(lines.at(-1)).toMatch(/^\d+ chiffres, \d+ reproduits?, \d+ écarts? expliqués?, \d+ inexpliqués?$/);
    expect(run.stdout).not.toMatch(/published|computed|reproduced/);
  });

  it('report a bug in French', () => {
    const text = internalError(new TypeError('x.map is not a function'), false, 'fr');
    expect(text.split('\n')).toEqual([
      `erreur interne${NBSP}: x.map is not a function`,
      expect.stringMatching(new RegExp(`^ {3}= c’est un défaut de coopdec-report \\d+\\.\\d+\\.\\d+, pas de vos fichiers${NBSP}: signalez-le`)),
      '   = relancez la commande avec --debug pour voir où cela s’est produit',
    ]);
  });
});
