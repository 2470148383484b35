/**
 * Hostile content and data: one test per attack. The generator must answer with a positioned
 * diagnostic, read nothing outside the project, reach no network, and stay within its bounds.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTheme } from '../src/input/theme.js';
import { createFileWorld } from '../src/input/world.js';
import { createPrinter, printPdf } from '../src/layout/print-pdf.js';
import { csvCell } from '../src/output/export-register.js';
import { literalText, parseInline } from '../src/prose/inline-markup.js';
import { Diagnostics, formatDiagnostic } from '../src/shared/diagnostics.js';
import { copyProject, listFiles, PROJECT_ROOT, removeDir, runCli } from './helpers/project.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

/** A project copy whose content/05-historique.yaml gets one more block appended. */
function projectWithBlock(block: string): string {
  const project = copyProject();
  made.push(project);
  const file = join(project, 'content/05-historique.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/\nfootnotes:/, `\n${block}\nfootnotes:`));
  return project;
}

async function build(project: string) {
  const result = await runCli(['build', '--out', 'out'], project);
  return { ...result, written: listFiles(join(project, 'out')) };
}

describe('hostile content', () => {
  it('refuses an image path to /etc/passwd', async () => {
    const result = await build(projectWithBlock('  - image: "/etc/passwd"'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^content\/05-historique\.yaml:\d+:\d+: error\[content\/image-outside-project\]: image "\/etc\/passwd" lies outside the project/m);
    expect(result.written).toEqual([]);
  });

  it('refuses an https:// image without reaching the network', async () => {
    const result = await build(projectWithBlock('  - image: "https://example.org/logo.png"'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[content/image-url-refused]');
    expect(result.written).toEqual([]);
  });

  it('refuses ../ in a path', async () => {
    const result = await build(projectWithBlock('  - image: "content/../../secret.png"'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[content/image-outside-project]');
  });

  it('does not follow a symlink out of the project', async () => {
    const project = projectWithBlock('  - image: "content/images/leak.png"');
    mkdirSync(join(project, 'content/images'), { recursive: true });
    symlinkSync('/etc/passwd', join(project, 'content/images/leak.png'));
    const result = await build(project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[content/image-not-found]');
    expect(createFileWorld(project).read('content/images/leak.png')).toBeUndefined();
  });

  it('refuses a census path that leaves the project', async () => {
    const project = copyProject();
    made.push(project);
    const file = join(project, 'data/midi-pyrenees/2002/edition.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/census: .*/, 'census: ../../../../../../etc/passwd'));
    const result = await build(project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[edition/census-outside-project]');
  });

  it.each([
    ['{{constructor}}', 'constructor'],
    ['{{__proto__}}', '__proto__'],
    ['{{lookup this "constructor"}}', 'constructor'],
    ['{{edition.constructor.name}}', 'constructor'],
    ['{{#with edition}}{{__proto__.polluted}}{{/with}}', '__proto__'],
  ])('refuses the prototype trick %s', async (template, name) => {
    const result = await build(projectWithBlock(`  - p: '${template}'`));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error[template/forbidden-name]: "${name}" may not be used in a template`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a template nested 100,000 deep, quickly', async () => {
    const deep = '{{#if threshold}}'.repeat(100_000) + 'x' + '{{/if}}'.repeat(100_000);
    const started = performance.now();
    const result = await build(projectWithBlock(`  - p: "${deep}"`));
    expect(result.code).toBe(1);
    // The 1.8 MB content file is now refused whole, before its template is looked at.
    expect(result.stderr).toMatch(/error\[(template\/too-(long|deep)|source\/too-large)\]/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('refuses a register of 1,000,000 agreements (about 50 MB) by its size, within bounded memory', async () => {
    const project = copyProject();
    made.push(project);
    const agreement = '      - { partner: "Ville", country: "Espagne" }\n';
    const commune = (i: number) =>
      `  - name: "C${i}"\n    insee: "09122"\n    postalCode: "09000"\n    department: "09"\n    population: 1000\n    telephoneSurvey: false\n    agreements:\n${agreement.repeat(100)}`;
    writeFileSync(join(project, 'data/midi-pyrenees/2002/register.yaml'), 'communes:\n' + Array.from({ length: 10_000 }, (_, i) => commune(i)).join(''));
    const before = process.memoryUsage().rss;
    const result = await runCli(['check'], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[source/too-large]');
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
  });
});

/** A project copy with `edit` applied to one of its files. */
function projectWith(path: string, edit: (text: string) => string): string {
  const project = copyProject();
  made.push(project);
  const file = join(project, path);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return project;
}

describe('hostile data (issue 11)', () => {
  const census = 'data/midi-pyrenees/communes-1999.csv';
  const register = 'data/midi-pyrenees/2002/register.yaml';

  it('prints a census name that looks like markup as written: no link, no bold, no footnote call', async () => {
    const name = '[Millau](https://phish.example/x) **x[^robert]';
    const project = projectWith(census, (text) => text.replace(/^12145,Millau,/m, `12145,${name},`));
    const result = await build(project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(project, 'out/midi-pyrenees-2002.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('sont[Millau](https://phish.example/x)**x[^robert](21339habitants)');
  });

  it('keeps authored markup around an interpolated value, and the value literal', () => {
    const runs = parseInline(`**${literalText('*Foix* [^1]')}** [^note]`);
    expect(runs).toEqual([{ text: '*Foix* [^1]', bold: true }, { text: ' ' }, { text: '', footnote: 'note' }]);
  });

  it('refuses a link whose address holds a control or direction character', async () => {
    const result = await build(projectWithBlock('  - p: "Voir [le site](https://example.org/a\\u202Eexe.pdf) et [lui](https://example.org/\\e[2K)."'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^content\/05-historique\.yaml:\d+:\d+: error\[content\/unsafe-link\]: the link to "https:\/\/example\.org\/a\\u\{202E\}exe\.pdf" holds the invisible character U\+202E/m,
    );
    expect(result.stderr).toContain('holds the invisible character U+001B');
    expect(result.written).toEqual([]);
  });

  it('writes formula-looking CSV cells as text', async () => {
    const project = projectWith(register, (text) =>
      text
        .replace('partner: "Lerida"', 'partner: "=HYPERLINK(\\"https://phish.example\\",\\"x\\")"')
        .replace('partner: "Terrassa"', 'partner: "@SUM(A1)"')
        .replace('partner: "Andore la Vieille"', 'partner: "-1+1"'),
    );
    const result = await build(project);
    expect(result.code).toBe(0);
    const csv = readFileSync(join(project, 'out/midi-pyrenees-2002.csv'), 'utf8');
    expect(csv).toContain('FOIX,09000,09,9109,"\'=HYPERLINK(""https://phish.example"",""x"")",Espagne');
    expect(csv).toContain("PAMIERS,09101,09,15013,'@SUM(A1),Espagne");
    expect(csv).toContain("FOIX,09000,09,9109,'-1+1,Andorre");
    expect(csv.split('\r\n').every((line) => !/(^|,)[=+\-@\t\r]/.test(line))).toBe(true);
    expect(['=1', '+1', '-1', '@x', '\t=1', '\r=1', 'x=1', '21339'].map(csvCell)).toEqual(["'=1", "'+1", "'-1", "'@x", "'\t=1", '"\'\r=1"', 'x=1', '21339']);
  });

  it('prints no terminal control character from data, whatever the message quotes', () => {
    const line = formatDiagnostic({
      severity: 'error',
      code: 'register/unknown-country',
      message: 'unknown country "\u001b[2K\r1 error, built OK\u2028\u202e\u0085\u007f"',
      position: { file: 'data/x\u001b.yaml', line: 1, column: 1 },
      hint: 'a\u001bb',
    });
    expect(line).toBe('data/x\\u{1B}.yaml:1:1: error[register/unknown-country]: unknown country "\\u{1B}[2K\\u{D}1 error, built OK\\u{2028}\\u{202E}\\u{85}\\u{7F}"\n   = hint: a\\u{1B}b');
    expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(line)).toBe(false);
  });
});

describe('pdfmake access policies', () => {
  const theme = loadTheme(createFileWorld(PROJECT_ROOT), new Diagnostics())!;
  const printer = createPrinter(theme);

  it('refuses a local file that is not one of the theme fonts', async () => {
    await expect(printPdf(printer, { content: [{ image: '/etc/passwd' }], defaultStyle: { font: 'Body' } })).rejects.toThrow(/denied by resource access policy/);
  });

  it('refuses every URL', async () => {
    await expect(printPdf(printer, { content: [{ image: 'https://example.org/x.png' }], defaultStyle: { font: 'Body' } })).rejects.toThrow(/denied by resource access policy/);
  });
});
