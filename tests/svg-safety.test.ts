/**
 * The SVG safety check: what Chart.js draws passes, each way an SVG can reach a file, a URL or a
 * script through svg-to-pdfkit is refused, and printPdf refuses an unchecked SVG whatever made it.
 */
import { describe, expect, it } from 'vitest';
import { renderCharts } from '../src/charts/render-charts.js';
import { checkChartSvg, svgsIn } from '../src/charts/svg-safety.js';
import { loadTheme } from '../src/input/theme.js';
import { createFileWorld } from '../src/input/world.js';
import { createPrinter, printPdf } from '../src/layout/print-pdf.js';
import { Diagnostics } from '../src/shared/diagnostics.js';
import { PROJECT_ROOT } from './helpers/project.js';

const theme = loadTheme(createFileWorld(PROJECT_ROOT), new Diagnostics())!;
const OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="460pt" height="160pt" viewBox="0 0 460 160" version="1.1">\n';
const PATH = '<path style=" stroke:none;fill-rule:nonzero;fill:rgb(12.15%,30.58%,47.45%);fill-opacity:1;" d="M 38 110 L 81 110 Z"/>\n';
/** A chart-like SVG with `inner` inside its surface group. */
const chart = (inner: string) => `${OPEN}<g id="surface1">\n${PATH}${inner}</g>\n</svg>\n`;

describe('checkChartSvg', () => {
  it('passes what Chart.js draws: a plain chart with clip paths and a signed chart', async () => {
    const labels = ['Espagne', 'Italie', 'Allemagne', 'Royaume-Uni', 'Grande-Bretagne', 'Burkina Faso'];
    const [plain, signed] = await renderCharts(
      [
        { id: 'plain', title: 'p', labels, values: [22, 9, 7, 3, 2, 1] },
        { id: 'signed', title: 's', labels: labels.slice(0, 4), values: [2, -1, 0, 5], signed: true },
      ],
      theme,
    );
    expect(checkChartSvg(plain!.svg)).toBeUndefined();
    expect(checkChartSvg(signed!.svg)).toBeUndefined();
    expect(checkChartSvg(chart('<defs>\n<clipPath id="clip1">\n  <path d="M 0 0 Z"/>\n</clipPath>\n</defs>\n<g clip-path="url(#clip1)" clip-rule="nonzero">\n' + PATH + '</g>\n'))).toBeUndefined();
  });

  it.each([
    ['an image from disk', '<image href="/etc/passwd" width="10" height="10"/>', /<image>/],
    ['an image by xlink:href', '<image xlink:href="file:///etc/passwd" width="10" height="10"/>', /<image>/],
    ['a javascript: link', '<a href="javascript:app.alert(1)">' + PATH + '</a>', /<a>/],
    ['a use of another file', '<use href="other.svg#x"/>', /<use>/],
    ['a use by xlink:href inside the document', '<use xlink:href="#surface1"/>', /<use>/],
    ['an href on an allowed element', '<path href="/etc/passwd" d="M 0 0 Z"/>', /attribute href/],
    ['an xlink:href on an allowed element', '<g xlink:href="/etc/passwd"></g>', /attribute xlink:href/],
    ['a url( to a file in an attribute', '<path clip-path="url(/etc/passwd)" d="M 0 0 Z"/>', /reference url\(\/etc\/passwd\)/],
    ['a url( to a file in a style', '<path style="fill:url(file.svg#g)" d="M 0 0 Z"/>', /reference url\(file\.svg#g\)/],
    ['a foreignObject', '<foreignObject width="10" height="10"></foreignObject>', /<foreignObject>/],
    ['a script', '<script>alert(1)</script>', /<script>/],
    ['a style element with @import', '<style>@import url(http://example.org/x.css);</style>', /<style>/],
    ['a style attribute with @import', '<path style="@import url(x.css);fill:red" d="M 0 0 Z"/>', /style/],
    ['a style attribute with a CSS escape', '<path style="fill:u\\72l(x)" d="M 0 0 Z"/>', /style/],
    ['an element in upper case', '<IMAGE href="/etc/passwd"/>', /<IMAGE>/],
    ['an entity reference', '<path d="M 0 0 &#90;"/>', /malformed/],
    ['a single-quoted attribute', "<path d='M 0 0 Z'/>", /malformed/],
    ['a comment', '<!-- x -->', /comment/],
    ['a CDATA section', '<![CDATA[x]]>', /CDATA/],
    ['text', 'javascript:alert(1)', /text outside/],
    ['an attribute twice', '<path d="M 0 0 Z" d="M 1 1 Z"/>', /twice/],
    ['an event handler', '<path onload="alert(1)" d="M 0 0 Z"/>', /attribute onload/],
  ])('refuses %s', (_, inner, reason) => {
    expect(checkChartSvg(chart(inner))).toMatch(reason);
  });

  it.each([
    ['a DOCTYPE', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + chart('').slice(39), /DOCTYPE/],
    ['a processing instruction', '<?xml-stylesheet href="x.css"?>\n' + chart(''), /processing instruction/],
    ['a truncated file', chart('').slice(0, -20), /never closed|malformed/],
    ['two documents', chart('') + chart('').slice(39), /one <svg>/],
    ['no svg at all', '', /no <svg>/],
    ['another document element', '<g></g>', /one <svg>/],
    ['another namespace', chart('').replace('http://www.w3.org/2000/svg', 'http://example.org/'), /namespace/],
    ['a closing tag that closes nothing', chart('</defs>'), /closes no open/],
    ['nesting 100 deep', chart('<g>'.repeat(100) + '</g>'.repeat(100)), /deeper/],
  ])('refuses %s', (_, svg, reason) => {
    expect(checkChartSvg(svg)).toMatch(reason);
  });
});

describe('svgsIn', () => {
  it('finds the SVGs of a definition at any depth', () => {
    const node = { stack: [{ svg: 'a' }, { columns: [{ table: { body: [[{ svg: 'b' }]] } }] }] };
    expect(svgsIn([node, { text: 'svg' }])).toEqual(['a', 'b']);
  });
});

describe('printPdf', () => {
  const printer = createPrinter(theme);

  it('refuses an SVG that reads a file, whatever made it', async () => {
    const svg = chart('<image href="/etc/passwd" width="10" height="10"/>');
    await expect(printPdf(printer, { content: [{ stack: [{ svg, width: 100 }] }], defaultStyle: { font: 'Body' } })).rejects.toThrow(/fails the safety check: the element <image>/);
  });

  it('prints a chart that passes', async () => {
    const pdf = await printPdf(printer, { content: [{ svg: chart(''), width: 100 }], defaultStyle: { font: 'Body' } });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
