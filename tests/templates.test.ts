/** fr-FR helpers, inline markup, and template errors positioned in their YAML file. */
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../src/input/yaml-source.js';
import { formatList, formatNumber, formatPercent } from '../src/prose/french.js';
import { parseInline } from '../src/prose/inline-markup.js';
import { mapPosition } from '../src/prose/render-string.js';
import { createTemplateEngine } from '../src/prose/template-engine.js';
import { Diagnostics } from '../src/shared/diagnostics.js';

describe('fr-FR formatting', () => {
  it('formats numbers, percentages and lists', () => {
    expect(formatNumber(390775)).toBe('390\u202F775');
    expect(formatPercent(0.4219)).toBe('42,2\u00A0%');
    expect(formatPercent(0.88, 0)).toBe('88\u00A0%');
    expect(formatList(['Millau', 'Mirande', 'Carbonne'])).toBe('Millau, Mirande et Carbonne');
  });

  it('renders helpers through Handlebars', () => {
    const engine = createTemplateEngine();
    const result = engine.render('{{num n}} {{plural n "accord" "accords"}}, {{pct s}}', { n: 153, s: 0.697 });
    expect(result).toEqual({ ok: true, text: '153 accords, 69,7\u00A0%' });
  });

  it('refuses unknown statistics, unknown helpers and prototype names', () => {
    const engine = createTemplateEngine();
    const missing = engine.render('Il y a {{nope.total}} accords', {});
    expect(missing.ok || missing.error.code).toBe('template/unknown-statistic');
    const helper = engine.render('{{frobnicate 1}}', {});
    expect(helper.ok || helper.error.code).toBe('template/unknown-helper');
    const proto = engine.render('{{constructor}}', {});
    expect(proto.ok || proto.error.code).toBe('template/forbidden-name');
    const deep = engine.render('{{#if a}}'.repeat(1000) + 'x' + '{{/if}}'.repeat(1000), { a: true });
    expect(deep.ok || deep.error.code).toBe('template/too-deep');
    const huge = engine.render('{{#if a}}'.repeat(100_000) + 'x' + '{{/if}}'.repeat(100_000), { a: true });
    expect(huge.ok || huge.error.code).toBe('template/too-long');
  });
});

describe('inline markup', () => {
  it('parses emphasis, footnote calls and links, with French spacing', () => {
    const runs = parseInline('Le *jumelage*[^robert] : voir www.coopdec.asso.fr ou yleche@magic.fr.');
    expect(runs).toEqual([
      { text: 'Le ' },
      { text: 'jumelage', italic: true },
      { text: '', footnote: 'robert' },
      { text: '\u00A0: voir ' },
      { text: 'www.coopdec.asso.fr', link: 'http://www.coopdec.asso.fr' },
      { text: ' ou ' },
      { text: 'yleche@magic.fr', link: 'mailto:yleche@magic.fr' },
      { text: '.' },
    ]);
  });
});

describe('positions inside YAML strings', () => {
  it('maps a template error back to its line and column in the file', () => {
    const text = 'id: x\nblocks:\n  - p: "Soit {{num agreements.total}} accords pour {{nope}} communes"\n';
    const source = parseYaml('content/x.yaml', text, new Diagnostics())!;
    const template = 'Soit {{num agreements.total}} accords pour {{nope}} communes';
    expect(mapPosition(source, ['blocks', 0, 'p'], template, 1, template.indexOf('{{nope') + 1)).toEqual({ file: 'content/x.yaml', line: 3, column: 52 });
  });
});
