/**
 * Decoding and parsing of one YAML file, keeping its syntax tree so that every later diagnostic
 * can point at a line and column (positions come from the tree, never from a regex).
 */
import { Composer, type CST, type Document, isMap, isPair, isScalar, LineCounter, type Node, Parser, visit, YAMLParseError } from 'yaml';
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import type { MissingChar, TooLargeAdvice, YamlErrorCode } from '../shared/messages.js';

export type YamlPath = readonly (string | number)[];

export interface YamlSource {
  /** Project-relative path, forward slashes. */
  path: string;
  text: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain JavaScript value of the document. */
  value: unknown;
}

/** Largest file the generator reads: a bound on memory before any parsing starts. */
export const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

/** A bound on the size of a file, and what to do about a file over it. */
export interface SizeLimit {
  bytes: number;
  /** What to do about a file over it (an entry of the catalogue's advice). */
  hint: TooLargeAdvice;
}

const SOURCE_LIMIT: SizeLimit = { bytes: MAX_SOURCE_BYTES, hint: 'register' };

/**
 * Bytes to text: refuses binary and non-UTF-8 files, drops a BOM. CRLF line ends need no work:
 * the YAML parser and the line counter treat them as line ends.
 */
export function decodeText(path: string, bytes: Uint8Array, diagnostics: Diagnostics, limit: SizeLimit = SOURCE_LIMIT): string | undefined {
  const at = { file: path, line: 1, column: 1 };
  if (bytes.length > limit.bytes) {
    diagnostics.error('source/too-large', { kind: 'file', size: bytes.length, limit: limit.bytes, advice: limit.hint, brief: true }, at);
    return undefined;
  }
  if (bytes.includes(0)) {
    diagnostics.error('source/binary', {}, at);
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    diagnostics.error('source/not-utf8', {}, positionAtOffset(path, bytes, offset));
    return undefined;
  }
  // Canonical composition (NFC): "Te\u0301rrassa" typed with a combining accent is the same
  // word as "Térrassa", measured and drawn as one glyph, not an accent overprinting its neighbour.
  return (text.startsWith('\uFEFF') ? text.slice(1) : text).normalize('NFC');
}

/**
 * Deepest nesting of mappings and sequences a file may have: the real files nest 6 deep; the
 * composer and every later walk recurse once a level, and 3,000 levels overflow the stack.
 */
const MAX_YAML_DEPTH = 64;

/** Parses YAML text, reporting syntax errors and empty documents; undefined when unusable. */
export function parseYaml(path: string, text: string, diagnostics: Diagnostics): YamlSource | undefined {
  // One pass of the parser: its tokens are checked for depth, then composed (what parseDocument
  // does, without lexing the text a second time).
  const lineCounter = new LineCounter();
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const tooDeep = firstTooDeep(tokens);
  if (tooDeep !== undefined) {
    diagnostics.error('yaml/too-deep', { max: MAX_YAML_DEPTH }, positionAt({ path, lineCounter }, tooDeep));
    return undefined;
  }
  const document = composeDocument(tokens, text.length);
  if (document.errors.length > 0) {
    // The first error only: after it the parser is guessing, and its next errors mislead.
    const error = document.errors[0]!;
    // The parser's own words name its tokens ("Unexpected scalar at node end"): its error code
    // picks a plain sentence of the catalogue instead.
    const code = `yaml/${error.code.toLowerCase().replace(/_/g, '-')}` as YamlErrorCode;
    const missing = error.code === 'MISSING_CHAR' ? missingChar(error.message) : undefined;
    diagnostics.error(code, missing ? { missing } : {}, positionAt({ path, lineCounter }, error.pos[0]));
    return undefined;
  }
  // An unknown tag (!!js/function, !!python/object, !foo) is only a warning for the parser, which
  // then keeps the bare value: a data file never needs one, so it is refused where it stands.
  const unknownTags = document.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  for (const warning of unknownTags) {
    const tag = text.slice(warning.pos[0], warning.pos[1]);
    diagnostics.error('yaml/unknown-tag', { tag }, positionAt({ path, lineCounter }, warning.pos[0]));
  }
  if (unknownTags.length > 0) return undefined;
  const unquoted = findUnquotedTemplate(document, text);
  if (unquoted !== undefined) {
    diagnostics.error('yaml/unquoted-template', {}, positionAt({ path, lineCounter }, unquoted));
    return undefined;
  }
  const source: YamlSource = { path, text, document, lineCounter, value: undefined };
  if (document.contents === null) {
    diagnostics.error('source/empty', {}, { file: path, line: 1, column: 1 });
    return undefined;
  }
  try {
    // Escapes ("\u0301" in a double-quoted scalar) are decoded by the parser: compose again.
    const reviver = (_key: unknown, value: unknown) => (typeof value === 'string' ? value.normalize('NFC') : value);
    source.value = document.toJS({ maxAliasCount: 100, logLevel: 'error', reviver } as Parameters<typeof document.toJS>[0]);
  } catch (error) {
    diagnostics.error('yaml/aliases', { detail: (error as Error).message }, { file: path, line: 1, column: 1 });
    return undefined;
  }
  return source;
}

/**
 * Offset of the first collection nested deeper than MAX_YAML_DEPTH, found on the concrete syntax
 * tree with an explicit stack (the parser itself keeps its own stack, no recursion), so before
 * anything recursive runs.
 */
function firstTooDeep(tokens: readonly CST.Token[]): number | undefined {
  let found: number | undefined;
  const stack: { token: CST.Token | undefined; depth: number }[] = [];
  for (const token of tokens) {
    stack.push({ token, depth: 0 });
    while (stack.length > 0) {
      const { token: node, depth: outer } = stack.pop()!;
      if (!node) continue;
      const collection = node.type === 'block-map' || node.type === 'block-seq' || node.type === 'flow-collection';
      const depth = outer + (collection ? 1 : 0);
      if (depth > MAX_YAML_DEPTH) {
        if (found === undefined || node.offset < found) found = node.offset;
        continue;
      }
      if (node.type === 'document') stack.push({ token: node.value, depth });
      else if (collection) for (const item of node.items) stack.push({ token: item.key ?? undefined, depth }, { token: item.value ?? undefined, depth });
    }
  }
  return found;
}

/** The first document of the tokens, as yaml's parseDocument composes it (a second one is an error). */
function composeDocument(tokens: readonly CST.Token[], length: number): Document.Parsed {
  const composer = new Composer({ uniqueKeys: true, logLevel: 'error' });
  let document: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (!document) document = next;
    else {
      document.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return document!;
}

/**
 * `p: {{x}} text` is valid YAML, a flow mapping: almost always a template that lost its quotes.
 * Returns the offset of the first such mapping, if any.
 */
function findUnquotedTemplate(document: Document.Parsed, text: string): number | undefined {
  let found: number | undefined;
  visit(document, {
    Map(_, node) {
      if (found === undefined && node.flow && node.range && text.startsWith('{{', node.range[0])) {
        found = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The position of the node at `path`, or of its nearest existing ancestor. */
export function positionOf(source: YamlSource, path: YamlPath): Position {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = source.document.getIn(path.slice(0, depth), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) {
      return positionAt(source, node.range[0]);
    }
  }
  return { file: source.path, line: 1, column: 1 };
}

/** The position of the key `key` in the map at `path` (for unknown keys). */
export function positionOfKey(source: YamlSource, path: YamlPath, key: string): Position {
  const map = source.document.getIn(path, true);
  const target = path.length === 0 ? source.document.contents : map;
  if (isMap(target)) {
    for (const pair of target.items) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === key && pair.key.range) {
        return positionAt(source, pair.key.range[0]);
      }
    }
  }
  return positionOf(source, [...path, key]);
}

/** The source range of a scalar at `path`, for mapping positions inside a string value. */
export function scalarRange(source: YamlSource, path: YamlPath): [number, number] | undefined {
  const node = source.document.getIn(path, true);
  return isScalar(node) && node.range ? [node.range[0], node.range[1]] : undefined;
}

export function positionAt(source: Pick<YamlSource, 'path' | 'lineCounter'>, offset: number): Position {
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.path, line, column: col };
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (for the position only). */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const continuation = b < 0x80 ? 0 : (b & 0xe0) === 0xc0 ? 1 : (b & 0xf0) === 0xe0 ? 2 : (b & 0xf8) === 0xf0 ? 3 : -1;
    if (continuation < 0) return i;
    for (let k = 1; k <= continuation; k++) {
      if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    }
    i += continuation + 1;
  }
  return i;
}

function positionAtOffset(path: string, bytes: Uint8Array, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
  return { file: path, line, column };
}

/** What a MISSING_CHAR error of the parser lacks, from its message (which is never shown). */
function missingChar(message: string): MissingChar {
  if (/quote/.test(message)) return 'quote';
  if (/Missing , or :|followed by map values/.test(message)) return 'colon';
  if (/Missing ,/.test(message)) return 'comma';
  if (/space|white space/.test(message)) return 'space';
  if (/- indicator/.test(message)) return 'dash';
  return 'other';
}
