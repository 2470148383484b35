/**
 * Decoding and parsing of one YAML file. Its value comes from js-yaml's event parser when nothing
 * in the text could make it differ from the `yaml` package's reading; otherwise, and for every
 * diagnostic, from the `yaml` package, whose syntax tree gives every later diagnostic its line
 * and column (positions come from the tree, never from a regex). The tree of a file read the fast
 * way is built on first use.
 */
import { CHOMPING_MODE, EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE } from 'js-yaml';
import { Composer, type CST, Document, isMap, isPair, isScalar, LineCounter, type Node, Parser, type ScalarTag, visit, YAMLParseError } from 'yaml';
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import type { MissingChar, TooLargeAdvice, YamlErrorCode } from '../shared/messages.js';

export type YamlPath = readonly (string | number)[];

export interface YamlSource {
  /** Project-relative path, forward slashes. */
  path: string;
  text: string;
  /** The `yaml` package's syntax tree: built on first use when the file was read the fast way. */
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The plain JavaScript value of the document. */
  value: unknown;
  /**
   * Read the fast way: each number of `value` is written in the file as String(number) gives it,
   * except those listed here (key: JSON of the path, value: as written, "0.0", "0x5363").
   */
  readonly numbersWrittenOtherwise?: ReadonlyMap<string, string>;
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
  const quick = readYamlQuickly(text);
  if ('declined' in quick) return parseYamlThoroughly(path, text, diagnostics);
  return sourceWithTree(path, text, quick.value, undefined, quick.numbersWrittenOtherwise);
}

/**
 * The `yaml` package's reading, the one every diagnostic comes from: what parseYaml does when
 * the fast reading declines a text.
 */
export function parseYamlThoroughly(path: string, text: string, diagnostics: Diagnostics): YamlSource | undefined {
  // One pass of the parser: its tokens are checked for depth, then composed (what parseDocument
  // does, without lexing the text a second time).
  const { tokens, lineCounter } = tokenize(text);
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
  if (document.contents === null) {
    diagnostics.error('source/empty', {}, { file: path, line: 1, column: 1 });
    return undefined;
  }
  try {
    // Escapes ("\u0301" in a double-quoted scalar) are decoded by the parser: compose again.
    const reviver = (_key: unknown, value: unknown) => (typeof value === 'string' ? value.normalize('NFC') : value);
    const value = document.toJS({ maxAliasCount: 100, logLevel: 'error', reviver } as Parameters<typeof document.toJS>[0]);
    return sourceWithTree(path, text, value, { document, lineCounter });
  } catch (error) {
    diagnostics.error('yaml/aliases', { detail: (error as Error).message }, { file: path, line: 1, column: 1 });
    return undefined;
  }
}

interface SyntaxTree {
  document: Document.Parsed;
  lineCounter: LineCounter;
}

/** A source whose tree, when not given, is composed on first use, as parseYamlThoroughly composes it. */
function sourceWithTree(path: string, text: string, value: unknown, tree: SyntaxTree | undefined, numbersWrittenOtherwise?: ReadonlyMap<string, string>): YamlSource {
  let built = tree;
  const treeOf = (): SyntaxTree => {
    if (built) return built;
    const { tokens, lineCounter } = tokenize(text);
    built = { document: composeDocument(tokens, text.length), lineCounter };
    return built;
  };
  // Own, enumerable getters: `{ ...source }` (compose-sections) still copies the tree.
  return {
    path,
    text,
    value,
    ...(numbersWrittenOtherwise ? { numbersWrittenOtherwise } : {}),
    get document() {
      return treeOf().document;
    },
    get lineCounter() {
      return treeOf().lineCounter;
    },
  };
}

function tokenize(text: string): { tokens: CST.Token[]; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  return { tokens: [...new Parser(lineCounter.addNewLine).parse(text)], lineCounter };
}

/** Why the fast reading left a text to the `yaml` package (tests and measurements name them). */
export type QuickDecline =
  | 'lone-carriage-return'
  | 'tab'
  | 'byte-order-mark'
  | 'blank-line-after-escaped-break'
  | 'long-unicode-escape'
  | 'js-yaml-error'
  | 'not-one-document'
  | 'document-marker'
  | 'anchor'
  | 'alias'
  | 'tag'
  | 'collection-key'
  | 'non-string-key'
  | 'duplicate-key'
  | 'long-key'
  | 'unquoted-template'
  | 'too-deep'
  | 'scalar-type'
  | 'root-block-scalar'
  | 'indentation-indicator'
  | 'kept-lines-at-end'
  | 'empty';

type QuickReading = { value: unknown; numbersWrittenOtherwise: ReadonlyMap<string, string> } | { declined: QuickDecline };

/** The options the Composer gives every document it composes. */
const COMPOSER_OPTIONS = { uniqueKeys: true, logLevel: 'error' } as const;

interface Frame {
  /** A mapping's object; undefined in a sequence. */
  map: Record<string, unknown> | undefined;
  /** A sequence's array; undefined in a mapping. */
  list: unknown[] | undefined;
  /** A mapping's key waiting for its value. */
  key: string | undefined;
}

/**
 * The value of `text` read with js-yaml's event parser (several times faster than the `yaml`
 * package), or why not: it reads only what both parsers agree on (single document, no anchor,
 * alias, tag or directive, string keys, no duplicate), types plain scalars with the `yaml`
 * package's own core-schema tags, and normalises strings as parseYamlThoroughly's reviver does.
 * Whatever could end in a diagnostic (empty, too deep, `{{` unquoted, js-yaml's own errors) is
 * declined: the thorough reading reports it.
 */
export function readYamlQuickly(text: string): QuickReading {
  // A carriage return alone ends a line for js-yaml, and is part of the text for yaml.
  if (/\r(?!\n)/.test(text)) return { declined: 'lone-carriage-return' };
  // yaml refuses a tab in indentation where js-yaml takes it as white space.
  if (text.includes('\t')) return { declined: 'tab' };
  // js-yaml skips a byte order mark that yaml reads as a stray character (decodeText drops the
  // one a file starts with).
  if (text.includes('\uFEFF')) return { declined: 'byte-order-mark' };
  // `---`, `...`, `%YAML`: js-yaml drops an empty document before a marker that yaml counts.
  if (/^(?:---|\.\.\.|%)/m.test(text)) return { declined: 'document-marker' };
  // `"\U00110000"`: past Unicode, an error for yaml, a wrong character for js-yaml.
  if (text.includes('\\U')) return { declined: 'long-unicode-escape' };
  // A line break escaped in a double-quoted scalar, then a blank line: the two fold it differently.
  if (/\\\r?\n *\r?\n/.test(text)) return { declined: 'blank-line-after-escaped-break' };
  let events: Event[];
  try {
    // Bounds js-yaml's recursive descent (which counts a level or two more than the frames below
    // on some forms), so that a hostile nesting stops long before the stack's end.
    events = parseEvents(text, { maxDepth: MAX_YAML_DEPTH + 2 });
  } catch {
    return { declined: 'js-yaml-error' };
  }
  let documents = 0;
  let root: unknown;
  const frames: Frame[] = [];
  /** The innermost collection being read (the last of `frames`). */
  let top: Frame | undefined;
  const numbersWrittenOtherwise = new Map<string, string>();
  const pathHere = () => JSON.stringify(frames.map((f) => (f.list ? f.list.length : f.key!)));

  /** Adds a finished value to the collection being read, or makes it the root. */
  const place = (value: unknown): void => {
    if (!top) root = value;
    else if (top.list) top.list.push(value);
    else {
      const map = top.map!;
      const key = top.key!;
      top.key = undefined;
      // As yaml's toJS: a key an object inherits ("__proto__", "toString") becomes an own property.
      if (key in map) Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
      else map[key] = value;
    }
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1) return { declined: 'not-one-document' };
        // The screen above already declined them: kept for a marker it would miss.
        if (event.directives.length > 0 || event.explicitStart || event.explicitEnd) return { declined: 'document-marker' };
        break;
      case EVENT_ID.ALIAS:
        return { declined: 'alias' };
      case EVENT_ID.POP: {
        const done = top;
        if (!done) break; // the document's end
        if (done.key !== undefined) return { declined: 'js-yaml-error' };
        frames.pop();
        top = frames[frames.length - 1];
        place(done.list ?? done.map);
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.anchorStart !== -1) return { declined: 'anchor' };
        if (event.tagStart !== -1) return { declined: 'tag' };
        if (event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK) {
          // A block scalar as the whole document: its indentation indicator counts from another column.
          if (!top) return { declined: 'root-block-scalar' };
          // `|2`, `>-1`: the two read blank lines under an explicit indentation differently. The
          // header ends the line before the scalar's content.
          const header = text.slice(text.lastIndexOf('\n', event.valueStart - 2) + 1, event.valueStart);
          if (/[|>][-+]?[1-9]/.test(header)) return { declined: 'indentation-indicator' };
          // `|+` keeps the blank lines at the end of a text with no final line break differently.
          if (event.chomping === CHOMPING_MODE.KEEP && !text.endsWith('\n')) return { declined: 'kept-lines-at-end' };
        }
        const atKey = top?.map !== undefined && top.key === undefined;
        const written = getScalarValue(text, event);
        const value = event.style === SCALAR_STYLE.PLAIN ? resolvePlainScalar(written, atKey) : written;
        if (value === DECLINED) return { declined: 'scalar-type' };
        if (atKey) {
          if (typeof value !== 'string') return { declined: 'non-string-key' };
          // yaml refuses an implicit key whose `:` is over 1,024 characters from its start.
          const colon = text.indexOf(':', event.valueEnd);
          if (colon < 0 || colon - event.valueStart > 1000) return { declined: 'long-key' };
          if (Object.hasOwn(top!.map!, value)) return { declined: 'duplicate-key' };
          top!.key = value;
          break;
        }
        if (typeof value === 'number' && String(value) !== written) numbersWrittenOtherwise.set(pathHere(), written);
        place(typeof value === 'string' ? value.normalize('NFC') : value);
        break;
      }
      default: {
        // A sequence or a mapping.
        if (event.anchorStart !== -1) return { declined: 'anchor' };
        if (event.tagStart !== -1) return { declined: 'tag' };
        if (top?.map !== undefined && top.key === undefined) return { declined: 'collection-key' };
        const isMap = event.type === EVENT_ID.MAPPING;
        // `p: {{x}} text`: a template that lost its quotes (findUnquotedTemplate).
        if (isMap && text.startsWith('{{', event.start)) return { declined: 'unquoted-template' };
        if (frames.length >= MAX_YAML_DEPTH) return { declined: 'too-deep' };
        top = isMap ? { map: {}, list: undefined, key: undefined } : { map: undefined, list: [], key: undefined };
        frames.push(top);
      }
    }
  }
  if (documents !== 1 || top) return { declined: 'not-one-document' };
  if (root === null || root === undefined) return { declined: 'empty' };
  return { value: root, numbersWrittenOtherwise };
}

const DECLINED = Symbol('declined');

let coreSchema: { tags: ScalarTag[]; options: Document['options']; warns: boolean } | undefined;

/**
 * A plain scalar typed as the Composer types it (compose-scalar.ts findScalarTagByTest): the first
 * default tag of the document's schema whose test matches, resolved by that tag; a string when
 * none does. DECLINED when the tag reports a problem (the Composer would report it).
 */
function resolvePlainScalar(written: string, atKey: boolean): unknown {
  if (!coreSchema) {
    const { schema, options } = new Document(undefined, COMPOSER_OPTIONS);
    // A schema with compatibility tags warns on ambiguous scalars.
    coreSchema = { tags: schema.tags as ScalarTag[], options, warns: schema.compat !== null };
  }
  if (coreSchema.warns) return DECLINED;
  const tag = coreSchema.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(written));
  if (!tag) return written;
  let problem = false;
  let resolved: unknown;
  try {
    resolved = tag.resolve(
      written,
      () => {
        problem = true;
      },
      coreSchema.options,
    );
  } catch {
    return DECLINED;
  }
  if (problem) return DECLINED;
  return isScalar(resolved) ? resolved.value : resolved;
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

/**
 * The position of the node at `path`, or of its nearest existing ancestor. Its line and column are
 * looked up when first read: most positions are taken in case of a problem (every commune's
 * population, every footnote call) and never read, and a file read the fast way would compose its
 * whole tree for them.
 */
export function positionOf(source: YamlSource, path: YamlPath): Position {
  let found: Position | undefined;
  const locate = () => (found ??= nodePosition(source, path));
  // Own, enumerable getters: spread, JSON and deep equality see line and column as plain properties.
  return {
    file: source.path,
    get line() {
      return locate().line;
    },
    get column() {
      return locate().column;
    },
  };
}

function nodePosition(source: YamlSource, path: YamlPath): Position {
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

/**
 * The scalar at `path` as written in the file ("1e309", "0x5363", "09250", not the number), when
 * the node there is a scalar. A number of a file read the fast way needs no tree.
 */
export function writtenScalar(source: YamlSource, path: YamlPath): string | undefined {
  if (source.numbersWrittenOtherwise) {
    const value = plainValueAt(source.value, path);
    if (typeof value === 'number') return source.numbersWrittenOtherwise.get(JSON.stringify(path)) ?? String(value);
  }
  const node = source.document.getIn(path, true);
  return isScalar(node) && node.range ? source.text.slice(node.range[0], node.range[1]).trim() : undefined;
}

/** The value at `path`, following only what the tree's getIn would (an index into a list, an own key of a mapping). */
function plainValueAt(value: unknown, path: YamlPath): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number' ? !Array.isArray(current) : current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, step)) {
      return undefined;
    }
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
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
