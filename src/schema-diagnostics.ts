/**
 * Turns schema issues into positioned diagnostics: the path of each issue is looked up in the YAML
 * syntax tree (the key itself for an unknown key, the nearest existing ancestor for a missing one).
 */
import { isScalar } from 'yaml';
import type { z } from 'zod';
import type { Diagnostics } from './diagnostics.js';
import { positionOf, positionOfKey, type YamlPath, type YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

/** Parses a source's value with a schema; reports every issue; undefined when any. */
export function checkSchema<T extends z.ZodType>(source: YamlSource, schema: T, what: string, diagnostics: Diagnostics): z.infer<T> | undefined {
  const result = schema.safeParse(source.value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) reportIssue(source, issue, [], what, diagnostics);
  return undefined;
}

/** What a missing key should hold, in words, where the schema cannot say (z.unknown()). */
const EXPECTED_BY_KEY: Record<string, string> = { population: 'a number of inhabitants, or null' };

function reportIssue(source: YamlSource, issue: Issue, base: YamlPath, what: string, diagnostics: Diagnostics): void {
  const path = [...base, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
  const where = describePath(path, what);
  const valueAt = valueAtPath(source.value, path);
  const doc = `see ${hintDoc(what)}`;
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        diagnostics.error('schema/unknown-key', `unknown key "${key}" in ${where}`, positionOfKey(source, path, key), `remove it, or check its spelling; allowed keys are listed in ${hintDoc(what)}`);
      }
      return;
    case 'invalid_type': {
      if (valueAt === undefined) {
        const key = String(path[path.length - 1]);
        const parent = describePath(path.slice(0, -1), what);
        const code = key === 'country' && path.includes('agreements') ? 'register/agreement-without-country' : 'schema/missing-key';
        const expected = EXPECTED_BY_KEY[key] ?? article(issue.expected);
        diagnostics.error(code, `missing key "${key}" in ${parent}`, positionOf(source, path), `add "${key}:" (${expected}); ${doc}`);
        return;
      }
      const quoteHint = issue.expected === 'string' && typeof valueAt === 'number' ? `put it in quotes ("${sourceText(source, path)}"): without quotes a number loses its leading 0; ${doc}` : doc;
      diagnostics.error('schema/wrong-type', `${where} should be ${article(issue.expected)}, not ${describeValue(valueAt, sourceText(source, path))}`, positionOf(source, path), quoteHint);
      return;
    }
    case 'invalid_union': {
      // The option the value was meant to be: the one whose own key is present and known.
      const meant = issue.errors.filter((errors) => !errors.some((e) => e.path.length === 0 && e.code === 'unrecognized_keys') && !errors.some((e) => e.path.length === 1 && valueAtPath(valueAt, e.path as (string | number)[]) === undefined));
      if (meant.length === 1) {
        for (const inner of meant[0]!) reportIssue(source, inner, path, what, diagnostics);
        return;
      }
      const [code, hint] =
        what === 'structure'
          ? ['schema/unknown-part', 'a part is one key among cover, content, toc, annex, with an optional page (and flow for content) (see templates/README.md)']
          : ['schema/unknown-block', 'a block is one key among heading, subheading, minorheading, p, quote, callout, bullets, numbered, table, chart, image, or a when/blocks group (see content/README.md)'];
      diagnostics.error(code, `${where} is not a known ${what === 'structure' ? 'part' : 'block'}`, positionOf(source, path), hint);
      return;
    }
    case 'invalid_value':
      diagnostics.error('schema/invalid-value', `${where} is ${describeValue(valueAt, sourceText(source, path))}, expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, positionOf(source, path), doc);
      return;
    case 'too_small':
      if (issue.origin === 'string' && typeof valueAt === 'string' && valueAt.trim() === '') {
        diagnostics.error('schema/invalid-value', `${where} is empty`, positionOf(source, path), doc);
        return;
      }
      diagnostics.error('schema/invalid-value', `${where} needs at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'item(s)' : ''}`.trimEnd(), positionOf(source, path), doc);
      return;
    default:
      diagnostics.error('schema/invalid-value', `${where}: ${issue.message.replace(/^Invalid input: /, '')}`, positionOf(source, path), doc);
  }
}

function describePath(path: YamlPath, what: string): string {
  if (path.length === 0) return `the ${what}`;
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAtPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The scalar as written in the file ("09250", not 9250). */
function sourceText(source: YamlSource, path: YamlPath): string | undefined {
  const node = source.document.getIn(path, true);
  return isScalar(node) && node.range ? source.text.slice(node.range[0], node.range[1]).trim() : undefined;
}

function describeValue(value: unknown, written?: string): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)}`;
  if (typeof value === 'number') return `the number ${written ?? String(value)}`;
  return `${typeof value} ${String(value)}`;
}

function article(expected: string): string {
  const names: Record<string, string> = { string: 'a text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping', record: 'a mapping', nonoptional: 'a value' };
  return names[expected] ?? expected;
}

function hintDoc(what: string): string {
  return what === 'section' || what === 'content' ? 'content/README.md' : what === 'structure' ? 'templates/README.md' : 'data/README.md';
}
