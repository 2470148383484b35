/**
 * Issue 11, round two: templates within every static limit that would still run away, partials
 * checked as content is, and prose too long to lay out. Each case states the exact diagnostics
 * `check` prints (golden), and the runaways their time bound.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTemplateEngine, RenderBudget } from '../src/prose/template-engine.js';
import { copyProject, removeDir, runCli } from './helpers/project.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

const FILE = 'content/05-historique.yaml';
const BUDGET_HINT = '   = hint: a block or partial repeats far more than any report needs: look for nested {{#each}} or partials that include others several times';

/** A project copy with one more block before the footnotes of content/05-historique.yaml (line 14), and these partials. */
function project(block: string | undefined, partials: Record<string, string> = {}): string {
  const dir = copyProject();
  made.push(dir);
  if (block !== undefined) {
    const file = join(dir, FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\nfootnotes:/, `\n${block}\nfootnotes:`));
  }
  mkdirSync(join(dir, 'templates/partials'), { recursive: true });
  for (const [name, source] of Object.entries(partials)) writeFileSync(join(dir, `templates/partials/${name}.hbs`), source);
  return dir;
}

async function check(dir: string) {
  const started = performance.now();
  const result = await runCli(['check'], dir);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

describe('a render budget per build', () => {
  it('stops six nested each over the countries (200 bytes) with a diagnostic at the each, in under 5 s', async () => {
    const nested = '{{#each @root.countries.list}}'.repeat(6) + '{{name}} ' + '{{/each}}'.repeat(6);
    const result = await check(project(`  - p: "${nested}"`));
    expect(result.stderr).toBe(
      [
        `${FILE}:14:159: error[template/budget]: the build's templates did more than 100000 steps (block iterations, partial expansions, helper calls)`,
        BUDGET_HINT,
        '1 error, 0 warnings, nothing written',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
    expect(result.seconds).toBeLessThan(5);
  });

  it('stops 31 partials each including the next twice, at the call that ran out, in under 5 s', async () => {
    const partials = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`p${i}`, i < 30 ? `{{> p${i + 1}}}{{> p${i + 1}}}` : 'x']));
    const result = await check(project('  - p: "Voir {{> p0}}"', partials));
    expect(result.stderr).toBe(
      [
        `templates/partials/p29.hbs:1:1: error[template/budget]: the build's templates did more than 100000 steps (block iterations, partial expansions, helper calls)`,
        BUDGET_HINT,
        '1 error, 0 warnings, nothing written',
      ].join('\n'),
    );
    expect(result.seconds).toBeLessThan(5);
  });

  it('refuses inline partials, which would escape the count of expansions', async () => {
    const inline = Array.from({ length: 31 }, (_, i) => `{{#*inline 'i${i}'}}${i < 30 ? `{{> i${i + 1}}}{{> i${i + 1}}}` : 'x'}{{/inline}}`).join('');
    const result = await check(project(`  - p: "${inline}{{> i0}}"`));
    expect(result.stderr).toBe(
      [
        `${FILE}:14:9: error[template/forbidden-decorator]: inline partials and decorators ({{#*…}}, {{*…}}) may not be used in a template`,
        '   = hint: put shared text in a partial, templates/partials/<name>.hbs, and include it with {{> name}}',
        '1 error, 0 warnings, nothing written',
      ].join('\n'),
    );
  });

  it('charges a block by the length of its text, so that lookups producing nothing are paid for', () => {
    const engine = createTemplateEngine();
    const list = Array.from({ length: 100 }, (_, i) => i);
    const body = '{{@root.e}}'.repeat(10_000);
    const started = performance.now();
    const result = engine.render(`{{#each list}}{{#each @root.list}}{{#each @root.list}}${body}{{/each}}{{/each}}{{/each}}`, { list, e: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'template/budget', line: 1, column: 35 } });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('caps the characters rendered, counted as the blocks return', () => {
    const engine = createTemplateEngine();
    const list = Array.from({ length: 100 }, (_, i) => i);
    const result = engine.render(`{{#each list}}{{#each @root.list}}${'x'.repeat(1000)}{{/each}}{{/each}}`, { list }, new RenderBudget());
    expect(result).toMatchObject({ ok: false, error: { code: 'template/budget', message: "the build's templates produced more than 2000000 characters", line: 1, column: 15 } });
    // A section's share runs out first; the build's budget keeps what the section spent.
    const build = new RenderBudget();
    const section = build.child('section 05-historique.yaml', 50_000);
    const inSection = engine.render(`{{#each list}}${'x'.repeat(1000)}{{/each}}`, { list }, section);
    expect(inSection.ok || inSection.error.message).toBe("section 05-historique.yaml's templates produced more than 50000 characters");
    expect(build.spent).toBeUndefined();
    expect(build.output).toBeGreaterThan(50_000);
  });

  it('is not reached by the real editions, whole or by department', async () => {
    const dir = project(undefined);
    for (const args of [[], ...['09', '12', '31', '32', '46', '65', '81', '82'].map((code) => ['--department', code])]) {
      const result = await runCli(['check', ...args], dir);
      expect(result.stderr).not.toContain('template/budget');
      expect(result.code).toBe(0);
    }
  });
});

describe('partials pass the checks content passes, positioned in their own file', () => {
  it('refuses lookup this "constructor" in a partial, used or not', async () => {
    const result = await check(project(undefined, { piege: 'Texte\n  {{lookup this "constructor"}}' }));
    expect(result.stderr).toBe(
      [
        'templates/partials/piege.hbs:2:17: error[template/forbidden-name]: "constructor" may not be used in a template',
        '   = hint: templates read statistics only; prototype members are refused',
        '1 error, 0 warnings, nothing written',
      ].join('\n'),
    );
  });

  it('refuses a 300 KB partial', async () => {
    const result = await check(project(undefined, { gros: 'x'.repeat(300_000) }));
    expect(result.stderr).toBe(
      [
        'templates/partials/gros.hbs:1:1: error[template/too-long]: template is 300000 characters long, more than 200000',
        '   = hint: split the text into several blocks',
        '1 error, 0 warnings, nothing written',
      ].join('\n'),
    );
  });

  it('reports a syntax error and an unknown helper at their place in the partial', async () => {
    const result = await check(project(undefined, { ouvert: 'a\nb {{#if x}}', aide: '\n\n  {{frobnicate 1}}' }));
    expect(result.stderr).toBe(
      [
        'templates/partials/aide.hbs:3:3: error[template/unknown-helper]: unknown helper "frobnicate"',
        '   = hint: helpers: if, unless, each, with, lookup, num, pct, plural, list, count, noun, word, de, verb, adj, cap, eq, ne, gt, gte, lt, lte, and, or, not, add, sub, mul, about',
        'templates/partials/ouvert.hbs:2:11: error[template/syntax]: Handlebars syntax: the template ends inside an unclosed block',
        '   = hint: every {{#block}} needs its {{/block}}; write literal braces as \\{{',
        '2 errors, 0 warnings, nothing written',
      ].join('\n'),
    );
  });

  it("reports an error while rendering a partial at the partial's line and column, not the caller's", async () => {
    const result = await check(project('  - p: "Voir {{> chiffres}}"', { chiffres: 'Les accords :\n{{num agreements.total}} au total,\n  dont {{num agreements.nope}}.' }));
    expect(result.stderr).toBe(
      [
        'templates/partials/chiffres.hbs:3:14: error[template/unknown-statistic]: unknown statistic "agreements.nope"',
        '   = hint: check the spelling against the statistics listed in content/README.md (e.g. agreements.total, zone.[europe-ce].communes)',
        '1 error, 0 warnings, nothing written',
      ].join('\n'),
    );
  });
});

describe('the engine cache', () => {
  it("keeps one engine per set of partials, whose budget is the build's, not the engine's", () => {
    const partials = { a: '{{#each list}}{{this}}{{/each}}' };
    const engine = createTemplateEngine(partials);
    expect(createTemplateEngine({ ...partials })).toBe(engine);
    const spent = new RenderBudget({ steps: 5, output: 1000, what: 'the build' });
    expect(engine.render('{{> a}}', { list: [1, 2, 3, 4, 5, 6] }, spent)).toMatchObject({ ok: false, error: { code: 'template/budget', partial: 'a', line: 1, column: 1 } });
    expect(engine.render('{{> a}}', { list: [1, 2, 3, 4, 5, 6] })).toEqual({ ok: true, text: '123456' });
  });
});

describe('prose without {{ has limits too', () => {
  it('refuses a paragraph longer than 20,000 characters once rendered, at the paragraph', async () => {
    const result = await check(project(`  - p: "${'Une phrase de prose. '.repeat(1000)}"`));
    expect(result.stderr).toBe(
      [
        `${FILE}:14:8: error[content/paragraph-too-long]: text is 21000 characters long once rendered, more than the 20000 a paragraph may hold`,
        '   = hint: split it into several paragraphs',
        '1 error, 0 warnings, nothing written',
      ].join('\n'),
    );
  });

  it('refuses a content file over 1 MB before parsing it', async () => {
    const paragraph = `  - p: "${'Une phrase de prose. '.repeat(900)}"`;
    const result = await check(project(Array.from({ length: 60 }, () => paragraph).join('\n')));
    expect(result.stderr).toMatch(
      /^content\/05-historique\.yaml:1:1: error\[source\/too-large\]: file is \d+ bytes, more than the 1000000 the generator reads\n {3}= hint: split the section into several content files\n/,
    );
  });
});
