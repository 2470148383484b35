/** Writing outputs: always to a temporary file renamed into place, so no reader ever sees half a PDF. */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/** Writes bytes atomically: a failed or interrupted write leaves the previous file untouched. */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A chart cache in a folder (out/.cache/charts): one SVG file per digest. */
export function createChartCache(dir: string): { get(key: string): string | undefined; set(key: string, svg: string): void } {
  const path = (key: string) => join(dir, `${key}.svg`);
  return {
    get: (key) => (/^[0-9a-f]{64}$/.test(key) && existsSync(path(key)) ? readFileSync(path(key), 'utf8') : undefined),
    set: (key, svg) => {
      if (/^[0-9a-f]{64}$/.test(key)) writeFileAtomic(path(key), svg);
    },
  };
}
