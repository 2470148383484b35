/**
 * Hostile content and data: one test per attack. The generator must answer with a positioned
 * diagnostic, read nothing outside the project, reach no network, and stay within its bounds.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrinter, printPdf } from '../src/print-pdf.js';
import { loadTheme } from '../src/theme.js';
import { Diagnostics } from '../src/diagnostics.js';
import { createFileWorld } from '../src/world.js';
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

  it('refuses a register of 1,000,000 agreements with a diagnostic, within bounded memory', async () => {
    const project = copyProject();
    made.push(project);
    const agreement = '      - { partner: "Ville", country: "Espagne" }\n';
    const commune = (i: number) => `  - name: "C${i}"\n    insee: "09122"\n    postalCode: "09000"\n    department: "09"\n    population: 1000\n    telephoneSurvey: false\n    agreements:\n${agreement.repeat(100)}`;
    writeFileSync(join(project, 'data/midi-pyrenees/2002/register.yaml'), 'communes:\n' + Array.from({ length: 10_000 }, (_, i) => commune(i)).join(''));
    const before = process.memoryUsage().rss;
    const result = await runCli(['check'], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error[source/too-large]');
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
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
