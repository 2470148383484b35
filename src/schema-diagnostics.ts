/**
 * Turns schema issues into positioned diagnostics: the path of each issue is looked up in the YAML
 * syntax tree (the key itself for an unknown key, the nearest existing ancestor for a missing one).
 */
import type { z } from 'zod';
import type { Diagnostics } from './diagnostics.js';
import { positionOf, positionOfKey, type YamlSource } from './yaml-source.js';

/** Parses a source's value with a schema; reports every issue; undefined when any. */
export function checkSchema<T extends z.ZodType>(source: YamlSource, schema: T, what: string, diagnostics: Diagnostics): z.infer<T> | undefined {
  const result = schema.safeParse(source.value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) reportIssue(source, issue, what, diagnostics);
  return undefined;
}

function reportIssue(source: YamlSource, issue: z.core.$ZodIssue, what: string, diagnostics: Diagnostics): void {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const where = describePath(path, what);
  const valueAt = valueAtPath(source.value, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        diagnostics.error('schema/unknown-key', `unknown key "${key}" in ${where}`, positionOfKey(source, path, key), `remove it, or check its spelling; allowed keys are listed in ${hintDoc(what)}`);
      }
      return;
    case 'invalid_type':
      if (valueAt === undefined) {
        const key = String(path[path.length - 1]);
        const parent = describePath(path.slice(0, -1), what);
        const code = key === 'country' && path.includes('agreements') ? 'register/agreement-without-country' : 'schema/missing-key';
        diagnostics.error(code, `missing key "${key}" in ${parent}`, positionOf(source, path), `add "${key}:" (${issue.expected}); see ${hintDoc(what)}`);
      } else {
        diagnostics.error('schema/wrong-type', `${where} should be ${article(issue.expected)}, not ${describeValue(valueAt)}`, positionOf(source, path), `see ${hintDoc(what)}`);
      }
      return;
    case 'invalid_union':
      diagnostics.error('schema/unknown-block', `${where} is not a known block`, positionOf(source, path), 'a block is one key among heading, subheading, minorheading, p, quote, callout, bullets, numbered, table, chart (see content/README.md)');
      return;
    case 'invalid_value':
      diagnostics.error('schema/invalid-value', `${where} is ${describeValue(valueAt)}, expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, positionOf(source, path), `see ${hintDoc(what)}`);
      return;
    default:
      diagnostics.error('schema/invalid-value', `${where}: ${issue.message.replace(/^Invalid input: /, '')}`, positionOf(source, path), `see ${hintDoc(what)}`);
  }
}

function describePath(path: readonly (string | number)[], what: string): string {
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

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)}`;
  return `${typeof value} ${String(value)}`;
}

function article(expected: string): string {
  const names: Record<string, string> = { string: 'a text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping', record: 'a mapping' };
  return names[expected] ?? expected;
}

function hintDoc(what: string): string {
  return what === 'section' || what === 'content' ? 'content/README.md' : what === 'structure' ? 'templates/README.md' : 'data/README.md';
}
