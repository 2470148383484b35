/**
 * The one place that touches the file system for reading. Stages receive a World and ask it for
 * project files by relative path; it refuses anything outside the project root (no `..`, no
 * absolute paths, no symlinks leading out), so content and data cannot make the generator read
 * arbitrary files. Every read of an input goes through `checkedRead`: the file is `stat`ed first
 * and refused, before a byte of it is read, when it is not a regular file or is larger than the
 * limit of its kind (READ_LIMITS), so a hostile file cannot exhaust memory.
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { MAX_TEMPLATE_LENGTH } from '../prose/template-engine.js';
import type { Diagnostics, Position } from '../shared/diagnostics.js';
import type { TooLargeAdvice } from '../shared/messages.js';
import { MAX_SOURCE_BYTES } from './yaml-source.js';

/** What an input file is, for its size limit and the wording of a refusal. */
export type InputKind = 'source' | 'register' | 'template' | 'census' | 'picture' | 'font';

const MIB = 1024 * 1024;

/**
 * Most agreements a register may hold: the largest synthetic register that built within 40 s on
 * a loaded 2-core machine (25,000 agreements: 38 s, 1.1 GB peak RSS; README, "Limits"). Twice as
 * many would take well over a minute.
 */
export const MAX_AGREEMENTS = 25_000;

/**
 * Bytes of register YAML per agreement the read limit allows: a register of 25,000 agreements
 * written like the real one (bench/generate-register.mjs) has 72, the small real register 219
 * (100 communes for 153 agreements). A register larger than MAX_AGREEMENTS × this is refused by
 * `stat`, before a byte is read: parsing YAML costs about 5 s a MiB on these machines.
 */
export const REGISTER_BYTES_PER_AGREEMENT = 160;

/** Largest file of each kind the generator reads (bytes), checked by `stat` before reading. */
export const READ_LIMITS: Readonly<Record<InputKind, number>> = {
  /** Register, edition, countries, theme, structure, content: YAML (yaml-source.ts). */
  source: MAX_SOURCE_BYTES,
  /** A register.yaml: MAX_AGREEMENTS agreements, written more than twice as loosely as usual (3.8 MiB). */
  register: MAX_AGREEMENTS * REGISTER_BYTES_PER_AGREEMENT,
  /** A partial (.hbs) is one template: at most MAX_TEMPLATE_LENGTH characters of at most 4 bytes. */
  template: 4 * MAX_TEMPLATE_LENGTH,
  census: MAX_SOURCE_BYTES,
  picture: 20 * MIB,
  font: 10 * MIB,
};

const KIND_NAMES: Readonly<Record<InputKind, string>> = { source: 'file', register: 'register', template: 'template', census: 'census file', picture: 'picture', font: 'font file' };

/** A file refused before reading: why, in a sentence, and its diagnostic code. */
interface InputRefusal {
  code: 'source/too-large' | 'source/not-a-file';
  message: string;
  hint: string;
  /** The parameters of its message in the catalogue (src/shared/messages.ts). */
  params: { kind: InputKind; size: number; limit: number; advice: TooLargeAdvice } | { kind: InputKind };
}

type InputRead = { bytes: Uint8Array } | { missing: true } | { refused: InputRefusal };

export interface World {
  /** Absolute path of the project root (the folder holding content/, data/, templates/). */
  readonly root: string;
  /**
   * The bytes of a project file, checked first (regular file, at most READ_LIMITS[kind] bytes);
   * `missing` when it does not exist or lies outside the root.
   */
  readInput(path: string, kind: InputKind): InputRead;
  /** The bytes of a project file (kind "source"), or undefined when missing, outside the root or refused. */
  read(path: string): Uint8Array | undefined;
  /** Whether a project file exists (a regular file inside the root), without reading it. */
  exists(path: string): boolean;
  /** File names (not paths) directly inside a project folder, sorted. */
  list(dir: string): string[];
  /** Whether a project-relative path stays inside the project. */
  contains(path: string): boolean;
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${(bytes / (1024 * MIB)).toFixed(1)} GiB`;
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/** Why a file of this size and type may not be read, or undefined when it may. */
function refusal(kind: InputKind, stats: { isFile(): boolean; size: number }): InputRefusal | undefined {
  const name = KIND_NAMES[kind];
  if (!stats.isFile()) return { code: 'source/not-a-file', message: `${name} is not a regular file (a folder, a device or a pipe)`, hint: 'name a regular file', params: { kind } };
  const limit = READ_LIMITS[kind];
  if (stats.size > limit) {
    return {
      code: 'source/too-large',
      message: `${name} is ${stats.size} bytes (${sizeText(stats.size)}), more than the ${limit} (${sizeText(limit)}) the generator reads`,
      hint:
        kind === 'picture'
          ? 'reduce the picture (a page-wide picture needs no more than a few MiB)'
          : kind === 'font'
            ? 'name a smaller font file'
            : kind === 'register'
              ? `a report lays out at most ${MAX_AGREEMENTS} agreements: split the register into regional editions, or check that this is the right file`
              : 'split the file or check that this is the right file',
      params: { kind, size: stats.size, limit, advice: kind === 'picture' ? 'picture' : kind === 'font' ? 'font' : kind === 'register' ? 'register' : 'file' },
    };
  }
  return undefined;
}

/**
 * Reads a file by absolute path: stat, refuse, then read at most the size stat gave through one
 * descriptor checked again with fstat (the file cannot be swapped for a bigger one in between).
 */
function checkedRead(absolute: string, kind: InputKind): InputRead {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(absolute);
  } catch {
    return { missing: true };
  }
  const before = refusal(kind, stats);
  if (before) return { refused: before };
  // O_NONBLOCK: a pipe swapped in after the stat must not block the open.
  const fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const opened = fstatSync(fd);
    const after = refusal(kind, opened);
    if (after) return { refused: after };
    const bytes = Buffer.allocUnsafe(opened.size);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (read === 0) break;
      filled += read;
    }
    return { bytes: bytes.subarray(0, filled) };
  } finally {
    closeSync(fd);
  }
}

/** A refused file as a diagnostic at its first line (or where it is named). */
export function reportRefusal(path: string, refused: InputRefusal, diagnostics: Diagnostics, at?: Position): void {
  diagnostics.error(refused.code, { ...refused.params, ...(at ? { path } : {}) } as never, at ?? { file: path, line: 1, column: 1 });
}

/**
 * The bytes of an input file; a refusal is reported (at the file's first line) and gives
 * undefined, as a missing file does: the caller reports a missing file in its own words.
 */
export function readInputFile(world: World, path: string, kind: InputKind, diagnostics: Diagnostics): { bytes?: Uint8Array; missing: boolean } {
  const result = world.readInput(path, kind);
  if ('bytes' in result) return { bytes: result.bytes, missing: false };
  if ('refused' in result) {
    reportRefusal(path, result.refused, diagnostics);
    return { missing: false };
  }
  return { missing: true };
}

export function createFileWorld(root: string): World {
  const absoluteRoot = resolve(root);
  const realRoot = existsSync(absoluteRoot) ? realpathSync(absoluteRoot) : absoluteRoot;

  function inside(path: string): string | undefined {
    if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) return undefined;
    const absolute = join(absoluteRoot, path);
    if (!existsSync(absolute)) return undefined;
    const real = realpathSync(absolute);
    return real === realRoot || real.startsWith(realRoot + sep) ? real : undefined;
  }

  const world: World = {
    root: absoluteRoot,
    readInput(path, kind) {
      const real = inside(path);
      return real ? checkedRead(real, kind) : { missing: true };
    },
    read(path) {
      const result = world.readInput(path, 'source');
      return 'bytes' in result ? result.bytes : undefined;
    },
    exists(path) {
      const real = inside(path);
      return real !== undefined && statSync(real).isFile();
    },
    list(dir) {
      const real = inside(dir);
      if (!real || !statSync(real).isDirectory()) return [];
      return readdirSync(real).sort();
    },
    contains(path) {
      return !isAbsolute(path) && !path.split(/[\\/]/).includes('..');
    },
  };
  return world;
}

/** An in-memory world, for tests and fuzzing: the same rules, no disk. */
export function createMemoryWorld(files: Record<string, string | Uint8Array>, root = '/memory'): World {
  const encoder = new TextEncoder();
  const normalized = new Map(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? encoder.encode(content) : content]));
  const safe = (path: string) => !isAbsolute(path) && !path.split(/[\\/]/).includes('..');
  const get = (path: string) => (safe(path) ? normalized.get(path.replace(/^\.\//, '')) : undefined);
  return {
    root,
    readInput(path, kind) {
      const bytes = get(path);
      if (!bytes) return { missing: true };
      const refused = refusal(kind, { isFile: () => true, size: bytes.length });
      return refused ? { refused } : { bytes };
    },
    read(path) {
      const bytes = get(path);
      return bytes && !refusal('source', { isFile: () => true, size: bytes.length }) ? bytes : undefined;
    },
    exists: (path) => get(path) !== undefined,
    list: (dir) =>
      [...normalized.keys()]
        .filter((path) => path.startsWith(dir.replace(/\/$/, '') + '/') && !path.slice(dir.replace(/\/$/, '').length + 1).includes('/'))
        .map((path) => path.slice(path.lastIndexOf('/') + 1))
        .sort(),
    contains: safe,
  };
}

/**
 * Checks a file the generator hands to a library by path (a font: pdfmake and the chart canvas
 * open it themselves) the way checkedRead does, without reading it: a refusal, `missing`, or
 * undefined when the file may be read.
 */
export function checkFile(absolute: string, kind: InputKind): InputRefusal | 'missing' | undefined {
  try {
    return refusal(kind, statSync(absolute));
  } catch {
    return 'missing';
  }
}
