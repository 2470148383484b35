/**
 * The SVG every chart hands to pdfmake, checked against what Chart.js draws through cairo and
 * nothing more. svg-to-pdfkit follows `<image href>` to pdfkit's own file reader (past pdfmake's
 * access policy), turns `<a>` into link annotations and honours `<use>`, CSS and entities: an
 * SVG read back from the chart cache is untrusted input, so the check is an allow-list.
 */

/** The elements cairo's SVG surface writes for a bar chart (glyphs are drawn as paths). */
const ELEMENTS = new Set(['svg', 'g', 'path', 'rect', 'defs', 'clipPath']);

/** Their attributes: geometry and presentation only, no reference leaving the document. */
const ATTRIBUTES = new Set([
  'xmlns',
  'xmlns:xlink',
  'version',
  'width',
  'height',
  'viewBox',
  'id',
  'x',
  'y',
  'd',
  'transform',
  'style',
  'clip-path',
  'clip-rule',
  'fill',
  'fill-rule',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'opacity',
]);

/** Namespaces are names, never fetched; only these two are declared. */
const NAMESPACES: Record<string, string> = { xmlns: 'http://www.w3.org/2000/svg', 'xmlns:xlink': 'http://www.w3.org/1999/xlink' };

/** cairo's declarations: no CSS escape (`\`), no at-rule (`@import`), no quote, no slash. */
const STYLE_VALUE = /^[\w\s:;.,%#()+-]*$/;

/** Deeper than cairo ever nests (svg > g > g > path): a bound for svg-to-pdfkit's recursion. */
const MAX_DEPTH = 32;

const DECLARATION = /<\?xml version="1\.0" encoding="UTF-8"\?>/y;
const SPACE = /\s*/y;
// A start tag with double-quoted attributes whose values hold no `<` and no `&` (no entity or
// character reference, so what is checked is what svg-to-pdfkit reads), or an end tag.
const START_TAG = /<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z][\w:.-]*="[^"<&]*")*)\s*(\/?)>/y;
const END_TAG = /<\/([A-Za-z][\w:.-]*)\s*>/y;
const ATTRIBUTE = /\s+([A-Za-z][\w:.-]*)="([^"]*)"/g;

/**
 * Why an SVG may not be handed to pdfmake, or undefined when it holds only the elements and
 * attributes of a chart, with `url(#id)` the only reference.
 */
export function checkChartSvg(svg: string): string | undefined {
  let at = 0;
  const match = (pattern: RegExp) => {
    pattern.lastIndex = at;
    const found = pattern.exec(svg);
    if (found) at = pattern.lastIndex;
    return found;
  };
  match(DECLARATION);
  const open: string[] = [];
  let roots = 0;
  for (;;) {
    match(SPACE);
    if (at === svg.length) break;
    if (svg[at] !== '<') return `text outside an element at offset ${at}`;
    if (svg.startsWith('<!', at)) return 'a DOCTYPE, entity declaration, comment or CDATA section';
    if (svg.startsWith('<?', at)) return 'a processing instruction';
    const end = match(END_TAG);
    if (end) {
      if (open.pop() !== end[1]) return `</${end[1]}> closes no open <${end[1]}>`;
      continue;
    }
    const start = match(START_TAG);
    if (!start) return `a malformed tag at offset ${at}`;
    const [, name, attributes, selfClosing] = start as unknown as [string, string, string, string];
    if (!ELEMENTS.has(name)) return `the element <${name}>`;
    if (open.length === 0 && (name !== 'svg' || ++roots > 1)) return 'a document element other than one <svg>';
    const problem = checkAttributes(name, attributes);
    if (problem) return problem;
    if (!selfClosing) open.push(name);
    if (open.length > MAX_DEPTH) return `elements nested deeper than ${MAX_DEPTH}`;
  }
  if (roots === 0) return 'no <svg> element';
  if (open.length > 0) return `<${open.at(-1)}> never closed (a truncated file?)`;
  return undefined;
}

function checkAttributes(element: string, attributes: string): string | undefined {
  const seen = new Set<string>();
  for (const [, name, value] of attributes.matchAll(ATTRIBUTE) as IterableIterator<[string, string, string]>) {
    if (!ATTRIBUTES.has(name)) return `the attribute ${name} on <${element}>`;
    if (seen.has(name)) return `the attribute ${name} twice on <${element}>`;
    seen.add(name);
    if (name in NAMESPACES && (element !== 'svg' || value !== NAMESPACES[name])) return `the namespace ${name}="${value}"`;
    if (name === 'style' && !STYLE_VALUE.test(value)) return `a style on <${element}> with characters a chart never uses`;
    // The only reference a chart makes: a clip path defined in the same document.
    for (const [reference] of value.matchAll(/url\s*\([^)]*\)?/g)) {
      if (!/^url\(#[\w-]+\)$/.test(reference)) return `the reference ${reference} on <${element}>`;
    }
  }
  return undefined;
}

/** Every SVG string in a pdfmake definition's content (nodes `{ svg: "…" }`, at any depth). */
export function svgsIn(node: unknown, found: string[] = [], seen = new WeakSet<object>()): string[] {
  if (!node || typeof node !== 'object' || seen.has(node)) return found;
  seen.add(node);
  // for…in, not Object.entries: this walks every node of a document, an array per node was most of its time.
  for (const key in node) {
    const value = (node as Record<string, unknown>)[key];
    if (key === 'svg' && typeof value === 'string') found.push(value);
    else if (value && typeof value === 'object') svgsIn(value, found, seen);
  }
  return found;
}
