/**
 * The one place that touches the file system for reading. Stages receive a World and ask it for
 * project files by relative path; it refuses anything outside the project root (no `..`, no
 * absolute paths, no symlinks leading out), so content and data cannot make the generator read
 * arbitrary files.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface World {
  /** Absolute path of the project root (the folder holding content/, data/, templates/). */
  readonly root: string;
  /** The bytes of a project file, or undefined when it does not exist or lies outside the root. */
  read(path: string): Uint8Array | undefined;
  /** File names (not paths) directly inside a project folder, sorted. */
  list(dir: string): string[];
  /** Whether a project-relative path stays inside the project. */
  contains(path: string): boolean;
}

/** Project-relative path with forward slashes, for diagnostics. */
export function toProjectPath(root: string, absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
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

  return {
    root: absoluteRoot,
    read(path) {
      const real = inside(path);
      if (!real || !statSync(real).isFile()) return undefined;
      return readFileSync(real);
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
}

/** An in-memory world, for tests and fuzzing: the same rules, no disk. */
export function createMemoryWorld(files: Record<string, string | Uint8Array>, root = '/memory'): World {
  const encoder = new TextEncoder();
  const normalized = new Map(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? encoder.encode(content) : content]));
  const safe = (path: string) => !isAbsolute(path) && !path.split(/[\\/]/).includes('..');
  return {
    root,
    read: (path) => (safe(path) ? normalized.get(path.replace(/^\.\//, '')) : undefined),
    list: (dir) =>
      [...normalized.keys()]
        .filter((path) => path.startsWith(dir.replace(/\/$/, '') + '/') && !path.slice(dir.replace(/\/$/, '').length + 1).includes('/'))
        .map((path) => path.slice(path.lastIndexOf('/') + 1))
        .sort(),
    contains: safe,
  };
}
