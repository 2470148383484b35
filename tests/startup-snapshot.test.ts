/**
 * The V8 start-up snapshot (scripts/build-snapshot.mjs, dist/snapshot/, built by `npm run
 * compile`, which `npm test` runs first): bin/coopdec-report.js run as a program starts from it;
 * run by `node` (or with COOPDEC_SNAPSHOT=0) it is the plain compiled CLI. Both must print the
 * same bytes, the snapshot must read the project's files of the day (it holds none of them), and
 * a snapshot built from other sources (a stale stamp) must not be used.
 *
 * COOPDEC_STARTUP_TRACE=1 makes the snapshot say on stderr which path it took.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProject, PROJECT_ROOT, removeDir } from './helpers/project.js';

const BIN = join(PROJECT_ROOT, 'bin/coopdec-report.js');
const SNAPSHOT = join(PROJECT_ROOT, 'dist/snapshot');
const PDF = 'out/midi-pyrenees-2002.pdf';

type Path = 'snapshot' | 'plain';

/** Builds the default edition in `dir`: as a program (the shell shim, the snapshot) or by `node` (plain). */
function build(dir: string, path: Path, env: NodeJS.ProcessEnv = {}) {
  const [command, args] = path === 'snapshot' ? [BIN, []] : [process.execPath, [BIN]];
  const run = spawnSync(command, [...args, 'build', '--no-cache', '--out', 'out'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1038700800', COOPDEC_STARTUP_TRACE: '1', ...env },
  });
  const trace = /^startup: (.*)$/m.exec(run.stderr)?.[1];
  return { code: run.status, stderr: run.stderr, trace, pdf: run.status === 0 ? readFileSync(join(dir, PDF)) : undefined };
}

describe.sequential('the start-up snapshot', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));
  const project = () => {
    const dir = copyProject();
    dirs.push(dir);
    return dir;
  };

  it('is built by npm run compile, with its stamp and the Node binary it is for', () => {
    expect(existsSync(join(SNAPSHOT, 'startup.blob'))).toBe(true);
    expect(readFileSync(join(SNAPSHOT, 'stamp.txt'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(readFileSync(join(SNAPSHOT, 'node.txt'), 'utf8').trim()).toBe(process.execPath);
  });

  it('prints the same bytes as the plain path', () => {
    const dir = project();
    const snapshot = build(dir, 'snapshot');
    expect(snapshot.code, snapshot.stderr).toBe(0);
    expect(snapshot.trace).toBe('snapshot');
    const plain = build(dir, 'plain');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.trace).toBeUndefined();
    expect(Buffer.compare(snapshot.pdf!, plain.pdf!)).toBe(0);
  });

  it('reads a changed content file and a changed template: the snapshot holds none of the project', () => {
    const dir = project();
    const before = build(dir, 'snapshot');
    const content = join(dir, 'content/04-introduction.yaml');
    const text = readFileSync(content, 'utf8');
    expect(text).toContain('simple recensement');
    writeFileSync(content, text.replace('simple recensement', 'simple inventaire'));
    const edited = build(dir, 'snapshot');
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.trace).toBe('snapshot');
    expect(Buffer.compare(before.pdf!, edited.pdf!)).not.toBe(0);
    const cover = join(dir, 'templates/cover.yaml');
    const template = readFileSync(cover, 'utf8');
    expect(template).toContain('text: "{{edition.year}}"');
    writeFileSync(cover, template.replace('text: "{{edition.year}}"', 'text: "Édition {{edition.year}}"'));
    const after = build(dir, 'snapshot');
    expect(after.code, after.stderr).toBe(0);
    expect(Buffer.compare(edited.pdf!, after.pdf!)).not.toBe(0);
    const plain = build(dir, 'plain');
    expect(Buffer.compare(after.pdf!, plain.pdf!)).toBe(0);
  });

  it('is not used when its stamp differs from the sources: the plain CLI runs, silently, same bytes', () => {
    const dir = project();
    const stampFile = join(SNAPSHOT, 'stamp.txt');
    const stamp = readFileSync(stampFile, 'utf8');
    let stale: ReturnType<typeof build>;
    try {
      writeFileSync(stampFile, `${'0'.repeat(64)}\n`);
      stale = build(dir, 'snapshot');
    } finally {
      writeFileSync(stampFile, stamp);
    }
    expect(stale.code, stale.stderr).toBe(0);
    expect(stale.trace).toBe('stale, plain CLI');
    expect(stale.stderr.replace(/^startup: .*\n/m, '')).toBe('');
    const plain = build(dir, 'plain');
    expect(Buffer.compare(stale.pdf!, plain.pdf!)).toBe(0);
  });

  it('is not used for another Node binary, nor with COOPDEC_SNAPSHOT=0', () => {
    const dir = project();
    const nodeFile = join(SNAPSHOT, 'node.txt');
    const node = readFileSync(nodeFile, 'utf8');
    let other: ReturnType<typeof build>;
    try {
      writeFileSync(nodeFile, '/nonexistent/node\n');
      other = build(dir, 'snapshot');
    } finally {
      writeFileSync(nodeFile, node);
    }
    expect(other.code, other.stderr).toBe(0);
    expect(other.trace).toBeUndefined();
    const off = build(dir, 'snapshot', { COOPDEC_SNAPSHOT: '0' });
    expect(off.code, off.stderr).toBe(0);
    expect(off.trace).toBeUndefined();
    expect(Buffer.compare(other.pdf!, off.pdf!)).toBe(0);
  });
});
