/**
 * Turns schema issues into positioned diagnostics: the path of each issue is looked up in the YAML
 * syntax tree (the key itself for an unknown key, the nearest existing ancestor for a missing one).
 */
import type { z } from 'zod';
import type { Diagnostics } from '../shared/diagnostics.js';
import type { Place, PlaceStep, ValueShape } from '../shared/messages.js';
import { positionOf, positionOfKey, writtenScalar, type YamlPath, type YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

/** Parses a source's value with a schema; reports every issue; undefined when any. */
export function checkSchema<T extends z.ZodType>(source: YamlSource, schema: T, what: string, diagnostics: Diagnostics): z.infer<T> | undefined {
  const result = schema.safeParse(source.value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) reportIssue(source, issue, [], what, diagnostics);
  return undefined;
}

/** What a missing key should hold, where the schema cannot say (z.unknown()): an entry of the catalogue's expected types. */
const EXPECTED_BY_KEY: Record<string, string> = { population: 'population' };

function reportIssue(source: YamlSource, issue: Issue, base: YamlPath, what: string, diagnostics: Diagnostics): void {
  const path = [...base, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
  const where = placeOf(source, path, what);
  const valueAt = valueAtPath(source.value, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        diagnostics.error('schema/unknown-key', { key, place: where }, positionOfKey(source, path, key));
      }
      return;
    case 'invalid_type': {
      if (valueAt === undefined) {
        const key = String(path[path.length - 1]);
        const parent = placeOf(source, path.slice(0, -1), what);
        const code = key === 'country' && path.includes('agreements') ? 'register/agreement-without-country' : 'schema/missing-key';
        const expected = EXPECTED_BY_KEY[key] ?? issue.expected;
        diagnostics.error(code, { key, place: parent, expected }, positionOf(source, path));
        return;
      }
      const quote = issue.expected === 'string' && typeof valueAt === 'number' ? writtenScalar(source, path) : undefined;
      diagnostics.error(
        'schema/wrong-type',
        { place: where, expected: issue.expected, value: describeValue(valueAt, writtenScalar(source, path)), ...(quote !== undefined ? { quote } : {}) },
        positionOf(source, path),
      );
      return;
    }
    case 'invalid_union': {
      // The option the value was meant to be: the one whose own key is present and known.
      const meant = issue.errors.filter(
        (errors) =>
          !errors.some((e) => e.path.length === 0 && e.code === 'unrecognized_keys') && !errors.some((e) => e.path.length === 1 && valueAtPath(valueAt, e.path as (string | number)[]) === undefined),
      );
      if (meant.length === 1) {
        for (const inner of meant[0]!) reportIssue(source, inner, path, what, diagnostics);
        return;
      }
      diagnostics.error(what === 'structure' ? 'schema/unknown-part' : 'schema/unknown-block', { place: where }, positionOf(source, path));
      return;
    }
    case 'invalid_value':
      diagnostics.error(
        'schema/invalid-value',
        { place: where, problem: 'one-of', value: describeValue(valueAt, writtenScalar(source, path)), allowed: issue.values.map((v) => JSON.stringify(v)) },
        positionOf(source, path),
      );
      return;
    case 'too_small':
      if (issue.origin === 'string' && typeof valueAt === 'string' && valueAt.trim() === '') {
        diagnostics.error('schema/invalid-value', { place: where, problem: 'empty' }, positionOf(source, path));
        return;
      }
      diagnostics.error('schema/invalid-value', { place: where, problem: 'too-few', minimum: String(issue.minimum), list: issue.origin === 'array' }, positionOf(source, path));
      return;
    default:
      diagnostics.error('schema/invalid-value', { place: where, problem: 'other', detail: issue.message.replace(/^Invalid input: /, '') }, positionOf(source, path));
  }
}

/**
 * A path in the user's terms: an item of a list named by its name (a commune, a country), its
 * partner (an agreement) or its id, with the line it starts on: "commune Foix (line 20),
 * population", not "communes[1].population".
 */
function placeOf(source: YamlSource, path: YamlPath, what: string): Place {
  const steps: PlaceStep[] = [];
  path.forEach((p, i) => {
    if (typeof p === 'string') {
      steps.push({ key: p });
      return;
    }
    const list = typeof path[i - 1] === 'string' ? (path[i - 1] as string) : 'items';
    const item = valueAtPath(source.value, path.slice(0, i + 1));
    const named = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
    const name = [named.name, named.partner, named.id].find((v) => typeof v === 'string' && v.trim() !== '') as string | undefined;
    const line = positionOf(source, path.slice(0, i + 1)).line;
    steps.push({ list, index: p, ...(name !== undefined ? { name } : {}), line });
  });
  return { what, steps };
}

function valueAtPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The value as written, for the catalogue to say in words ("the text "oui"", « le texte « oui » »). */
function describeValue(value: unknown, written?: string): ValueShape {
  if (value === null) return { kind: 'null' };
  if (Array.isArray(value)) return { kind: 'list' };
  if (typeof value === 'object') return { kind: 'mapping' };
  if (typeof value === 'string') return { kind: 'text', text: value.length > 40 ? value.slice(0, 37) + '...' : value };
  if (typeof value === 'number') return { kind: 'number', text: written ?? String(value) };
  return { kind: 'other', text: `${typeof value} ${String(value)}` };
}
