/**
 * The chart cache (<out>/.cache/charts): one file per chart, named by the digest of everything
 * that shapes it. The folder lies in the output, where anything may have been written since the
 * last build, so an entry is untrusted input: only a regular file of bounded size, whose first
 * line carries the digest of its key and SVG, is read back (and its SVG is then checked like any
 * other, src/charts/svg-safety.ts). Anything else is a miss with a reason, never a failed build.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, type Stats, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bump when the entry format changes: entries of another format are then ignored. */
export const CHART_CACHE_FORMAT = 2;

/** Far above a chart's SVG (under 100 KB): a bound on what a build reads from the cache. */
export const MAX_ENTRY_BYTES = 1024 * 1024;

const HEADER = `coopdec-chart-cache/${CHART_CACHE_FORMAT}`;
const KEY = /^[0-9a-f]{64}$/;

/** What reading one entry gave: its SVG, or why the entry was ignored; undefined for no entry. */
type CacheRead = { svg: string } | { ignored: string } | undefined;

/** Rendered SVGs kept between builds, by a digest of everything that shapes the chart. */
export interface ChartCache {
  /** The folder as the user named it, for diagnostics ("out/.cache/charts"). */
  readonly where: string;
  get(key: string): CacheRead;
  /** Stores an entry; returns why it could not (the build goes on without the cache). */
  set(key: string, svg: string): string | undefined;
}

/** An entry's digest: it binds the SVG to the key it is stored under, and finds a truncated file. */
function entryDigest(key: string, svg: string): string {
  return createHash('sha256').update(`${HEADER}\n${key}\n${svg}`).digest('hex');
}

/** An entry's text: a header line with the format and digest, then the SVG. */
export function encodeCacheEntry(key: string, svg: string): string {
  return `${HEADER} ${entryDigest(key, svg)}\n${svg}`;
}

/** The SVG of an entry's bytes, or why they are not an entry for this key. */
export function decodeCacheEntry(key: string, bytes: Uint8Array): { svg: string } | { ignored: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ignored: 'not UTF-8 text' };
  }
  const newline = text.indexOf('\n');
  const header = /^(\S+) ([0-9a-f]{64})$/.exec(newline < 0 ? text : text.slice(0, newline));
  if (!header) return { ignored: 'no cache header line' };
  if (header[1] !== HEADER) return { ignored: `format "${header[1]}", not "${HEADER}"` };
  const svg = text.slice(newline + 1);
  if (header[2] !== entryDigest(key, svg)) return { ignored: 'its digest does not match its content (truncated or altered)' };
  return { svg };
}

/** What a path holds, in a diagnostic. */
function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** Stats of a path without following a link; undefined when nothing is there. */
function lstatOrNothing(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Reads a regular file of at most `limit` bytes. O_NOFOLLOW refuses a link put in its place
 * since the lstat, O_NONBLOCK keeps a FIFO from blocking the open, and fstat checks what was
 * opened; the read stops one byte past the limit, whatever the file grew to.
 */
function readBoundedFile(path: string, limit: number): Uint8Array | string {
  const before = lstatOrNothing(path);
  if (!before) return 'gone';
  if (!before.isFile()) return kindOf(before);
  if (before.size > limit) return `larger than ${limit} bytes`;
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.ino !== before.ino || opened.dev !== before.dev) return 'a file replaced while being read';
    const buffer = Buffer.alloc(Math.min(opened.size, limit) + 1);
    let length = 0;
    for (let read = 1; read > 0 && length < buffer.length; length += read) read = readSync(fd, buffer, length, buffer.length - length, null);
    return length > limit ? `larger than ${limit} bytes` : buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Removes a file if it can: the cleanup of a failed write must not fail itself (ENOTDIR, EACCES). */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing was written there, or nothing can be removed: either way nothing to do.
  }
}

/**
 * The cache in `dir` (absolute), named `where` in diagnostics. The folder and its parent
 * (.cache) must be real folders: one that is a link or a file makes the cache unusable (reads
 * miss, writes report why), so no build reads or writes through it.
 */
export function createChartCache(dir: string, where: string): ChartCache {
  const entry = (key: string) => join(dir, `${key}.svg`);
  const folderProblem = (): string | undefined => {
    for (const folder of [dirname(dir), dir]) {
      const stats = lstatOrNothing(folder);
      if (stats && !stats.isDirectory()) return `the cache folder ${folder === dir ? where : dirname(where)} is ${kindOf(stats)}`;
    }
    return undefined;
  };
  return {
    where,
    get(key) {
      if (!KEY.test(key)) return undefined;
      try {
        if (folderProblem() || !lstatOrNothing(entry(key))) return undefined;
        const bytes = readBoundedFile(entry(key), MAX_ENTRY_BYTES);
        return typeof bytes === 'string' ? { ignored: `the entry is ${bytes}` } : decodeCacheEntry(key, bytes);
      } catch (error) {
        return { ignored: `the entry could not be read (${codeOf(error)})` };
      }
    },
    set(key, svg) {
      if (!KEY.test(key)) return undefined;
      // A fresh name opened with O_EXCL: a link planted under the temporary name is not followed.
      const temporary = join(dir, `.${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const problem = folderProblem();
        if (problem) return problem;
        mkdirSync(dir, { recursive: true });
        writeFileSync(temporary, encodeCacheEntry(key, svg), { flag: 'wx', mode: 0o644 });
        // rename replaces whatever holds the name (a link, a pipe) without following it.
        renameSync(temporary, entry(key));
        return undefined;
      } catch (error) {
        removeQuietly(temporary);
        return `${where}/${key}.svg could not be written (${codeOf(error)})`;
      }
    },
  };
}
