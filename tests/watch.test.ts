/**
 * `watch`: the scheduler alone (one rebuild per burst, none overlapping), then the command as a
 * user runs it: a real process in a copy of the project, files saved under it, the PDF rebuilt
 * with the change, a broken save leaving the last good PDF in place, Ctrl-C ending it cleanly.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScheduler, isSourceChange } from '../src/commands/watch-project.js';
import { copyProject, PROJECT_ROOT, removeDir } from './helpers/project.js';

describe('the rebuild scheduler', () => {
  const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('rebuilds once for a burst of saves, with every changed path', async () => {
    const calls: string[][] = [];
    const scheduler = createScheduler({ rebuild: async (changed) => void calls.push([...changed]) }, 20);
    scheduler.notify('content/a.yaml');
    scheduler.notify('content/a.yaml');
    scheduler.notify('data/x/register.yaml');
    await tick(60);
    await scheduler.idle();
    expect(calls).toEqual([['content/a.yaml', 'data/x/register.yaml']]);
  });

  it('never runs two builds at once: saves during a build make exactly one more', async () => {
    let running = 0;
    let overlap = false;
    const calls: string[][] = [];
    const scheduler = createScheduler(
      {
        rebuild: async (changed) => {
          running++;
          overlap ||= running > 1;
          calls.push([...changed]);
          await tick(80);
          running--;
        },
      },
      10,
    );
    scheduler.notify('content/a.yaml');
    await tick(30); // the first build is running
    scheduler.notify('content/b.yaml');
    await tick(20);
    scheduler.notify('content/c.yaml');
    await tick(250);
    await scheduler.idle();
    expect(overlap).toBe(false);
    expect(calls).toEqual([['content/a.yaml'], ['content/b.yaml', 'content/c.yaml']]);
  });

  it('keeps a save made during the first build: one rebuild after it', async () => {
    const calls: string[][] = [];
    const scheduler = createScheduler({ rebuild: async (changed) => void calls.push([...changed]) }, 10);
    await scheduler.first(async () => {
      await tick(20);
      scheduler.notify('content/a.yaml');
      await tick(60); // the settle delay ends while the first build still runs
    });
    await scheduler.idle();
    expect(calls).toEqual([['content/a.yaml']]);
    // And with nothing saved meanwhile, nothing more.
    const quiet = createScheduler({ rebuild: async (changed) => void calls.push([...changed]) }, 10);
    await quiet.first(async () => {
      await tick(20);
    });
    await quiet.idle();
    expect(calls).toHaveLength(1);
  });

  it('ignores editor swap, backup and lock files', () => {
    expect(isSourceChange('content/04-structure.yaml')).toBe(true);
    for (const path of ['content/.04-structure.yaml.swp', 'content/04-structure.yaml~', 'content/4913', 'content/#notes#', 'data/x/.~lock.register.yaml#']) expect(isSourceChange(path)).toBe(false);
  });
});

describe('coopdec-report watch', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it('rebuilds on a save, keeps the last good PDF while a file is broken, stops on Ctrl-C', async () => {
    const dir = copyProject();
    dirs.push(dir);
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/coopdec-report.js'), 'watch', '--out', 'out'], { cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: '1038700800' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const built = () => stdout.split('\n').filter((line) => /^out\/midi-pyrenees-2002\.pdf\t28 pages\t/.test(line)).length;
    const until = async (condition: () => boolean, what: string) => {
      const deadline = Date.now() + 60_000;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const pdf = join(dir, 'out/midi-pyrenees-2002.pdf');
    const text = () => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    try {
      await until(() => built() === 1 && stdout.includes('watching content, data, templates, coopdec.yaml'), 'the first build');
      expect(text()).not.toContain('ZORGLUB');

      // A one-word edit of the prose: rebuilt, and the PDF says it.
      const file = join(dir, 'content/04-introduction.yaml');
      const original = readFileSync(file, 'utf8');
      expect(original).toContain('simple recensement');
      writeFileSync(file, original.replace('simple recensement', 'simple ZORGLUB'));
      await until(() => built() === 2, 'the rebuild after an edit');
      expect(stdout).toMatch(/^\d\d:\d\d:\d\d content\/04-introduction\.yaml changed: building$/m);
      expect(text()).toContain('ZORGLUB');

      // A broken register: diagnostics, nothing written, the good PDF untouched.
      const before = statSync(pdf).mtimeMs;
      const register = join(dir, 'data/midi-pyrenees/2002/register.yaml');
      const good = readFileSync(register, 'utf8');
      writeFileSync(register, good.replace(/population: \d+/, 'population: beaucoup'));
      await until(() => stderr.includes('nothing written'), 'the diagnostics of the broken save');
      expect(stderr).toMatch(/^data\/midi-pyrenees\/2002\/register\.yaml:\d+:\d+: error\[/m);
      expect(statSync(pdf).mtimeMs).toBe(before);

      // Mended: built again.
      writeFileSync(register, good);
      await until(() => built() === 3, 'the rebuild after the fix');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
