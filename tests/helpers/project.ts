/** Test helpers: a throw-away copy of the project, and the CLI run in-process against it. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli.js';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

/** Copies content/, data/, templates/ and the project settings (coopdec.yaml) into a fresh temporary folder. */
export function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coopdec-'));
  for (const path of ['content', 'data', 'templates', 'coopdec.yaml']) cpSync(join(PROJECT_ROOT, path), join(dir, path), { recursive: true });
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with `cwd` as its working folder. */
export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Every file under a folder, relative, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  walk('');
  return files.sort();
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
