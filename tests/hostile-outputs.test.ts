/**
 * Hostile input, round two: outputs written as one transaction (PDF and CSV, or neither), limits
 * checked by `stat` before a byte is read, SOURCE_DATE_EPOCH checked before any work, and the
 * command line's corner cases. One test per attack: exit code, diagnostic, no partial output, the
 * previous PDF and CSV left as they were.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { checkFile, MAX_AGREEMENTS, READ_LIMITS, REGISTER_BYTES_PER_AGREEMENT } from '../src/input/world.js';
import { type OutputFs, realOutputFs, writeOutputs } from '../src/output/io.js';
import { type CliRun, copyProject, listFiles, removeDir, runCli } from './helpers/project.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

function project(): string {
  const dir = copyProject();
  made.push(dir);
  return dir;
}

/** The CLI in-process, its output writes going through `outputFs`. */
async function runWith(args: string[], cwd: string, outputFs: OutputFs, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd, outputFs });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A file of `size` bytes that takes no room on the disk (and no time to make). */
function sparse(path: string, size: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  rmSync(path, { force: true });
  execFileSync('truncate', ['-s', size, path]);
}

const EPOCH_A = '1038700800'; // 2002-12-01
const EPOCH_B = '1070236800'; // 2003-12-01: another creation date, so other PDF bytes
/** Leftovers of a build, by their names. */
const leftovers = (dir: string) => listFiles(dir).filter((f) => /coopdec-(tmp|old)$|\.tmp$/.test(f));

describe('the PDF and its CSV are one output', () => {
  const dir = project();
  const out = join(dir, 'out');
  const pdf = join(out, 'midi-pyrenees-2002.pdf');
  const csv = join(out, 'midi-pyrenees-2002.csv');
  let previous: { pdf: Buffer; csv: Buffer };
  const pairIntact = () => {
    expect(readFileSync(pdf).equals(previous.pdf)).toBe(true);
    expect(readFileSync(csv).equals(previous.csv)).toBe(true);
    expect(leftovers(out)).toEqual([]);
  };

  beforeAll(async () => {
    const first = await runCli(['build', '--out', 'out'], dir, { SOURCE_DATE_EPOCH: EPOCH_A });
    expect(first.code, first.stderr).toBe(0);
    // The CSV differs from build to build only when the register does: the CSV is made older by
    // hand so that a CSV written by a failed build would be seen.
    writeFileSync(csv, readFileSync(csv, 'utf8') + '\n');
    previous = { pdf: readFileSync(pdf), csv: readFileSync(csv) };
  });

  it('a folder in place of the CSV: exit 1, output/write-failed naming it, the previous PDF kept', async () => {
    const previousPdf = readFileSync(pdf);
    rmSync(csv);
    mkdirSync(csv);
    try {
      const run = await runCli(['build', '--out', 'out'], dir, { SOURCE_DATE_EPOCH: EPOCH_B });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^out\/midi-pyrenees-2002\.csv:1:1: error\[output\/write-failed\]: cannot write out\/midi-pyrenees-2002\.csv: a folder is in the way \(EISDIR\)/m);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(readFileSync(pdf).equals(previousPdf)).toBe(true);
      expect(leftovers(out)).toEqual([]);
    } finally {
      rmSync(csv, { recursive: true });
      writeFileSync(csv, previous.csv);
    }
  });

  it('a folder that cannot be written (EACCES): exit 1, the previous pair kept', async () => {
    const readOnly: OutputFs = {
      ...realOutputFs,
      openSync: (path, flags) => {
        if (flags === 'w') throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
        return realOutputFs.openSync(path, flags);
      },
    };
    const run = await runWith(['build', '--out', 'out'], dir, readOnly, { SOURCE_DATE_EPOCH: EPOCH_B });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error\[output\/write-failed\]: cannot write out\/midi-pyrenees-2002\.pdf: permission denied \(EACCES\)/);
    pairIntact();
  });

  it.skipIf(process.getuid?.() === 0)('a read-only folder (chmod 555): exit 1, the previous pair kept', async () => {
    chmodSync(out, 0o555);
    try {
      const run = await runCli(['build', '--out', 'out', '--no-cache'], dir, { SOURCE_DATE_EPOCH: EPOCH_B });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('error[output/write-failed]');
    } finally {
      chmodSync(out, 0o755);
    }
    pairIntact();
  });

  it('the disk full while the CSV is written: exit 1, the previous pair kept', async () => {
    const full: OutputFs = {
      ...realOutputFs,
      writeSync: (fd, data) => {
        if (data.length < 100_000) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }); // the CSV, not the PDF
        return realOutputFs.writeSync(fd, data);
      },
    };
    const run = await runWith(['build', '--out', 'out'], dir, full, { SOURCE_DATE_EPOCH: EPOCH_B });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error\[output\/write-failed\]: cannot write out\/midi-pyrenees-2002\.csv: no space left on the device \(ENOSPC\)/);
    pairIntact();
  });

  it('the second rename fails: the PDF already renamed is put back, the previous pair kept', async () => {
    let renames = 0;
    const failing: OutputFs = {
      ...realOutputFs,
      renameSync: (from, to) => {
        if (to.endsWith('.csv')) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
        renames++;
        realOutputFs.renameSync(from, to);
      },
    };
    const run = await runWith(['build', '--out', 'out'], dir, failing, { SOURCE_DATE_EPOCH: EPOCH_B });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error\[output\/write-failed\]: cannot write out\/midi-pyrenees-2002\.csv: .*\(EIO\)/);
    expect(renames).toBeGreaterThanOrEqual(2); // the new PDF in, then the old one back
    pairIntact();
  });

  it('a build killed between the renames leaves files the next build removes', async () => {
    // What a kill leaves: the temporary files and backups of a process that is gone (a pid no
    // system gives), and a temporary file of the old naming; a live process's file stays.
    const dead = 99_999_999;
    const stale = [`.midi-pyrenees-2002.pdf.${dead}.coopdec-tmp`, `.midi-pyrenees-2002.csv.${dead}.coopdec-tmp`, `.midi-pyrenees-2002.pdf.${dead}.coopdec-old`, `.midi-pyrenees-2002.pdf.${dead}.tmp`];
    for (const name of stale) writeFileSync(join(out, name), 'half a file');
    const live = `.midi-pyrenees-2002.pdf.${process.ppid}.coopdec-tmp`;
    writeFileSync(join(out, live), 'another build at work');
    // SOURCE_DATE_EPOCH at its greatest: 9999-12-31 23:59:59.
    const run = await runCli(['build', '--out', 'out'], dir, { SOURCE_DATE_EPOCH: '253402300799' });
    expect(run.code, run.stderr).toBe(0);
    expect(leftovers(out)).toEqual([live]);
    rmSync(join(out, live));
    // A new pair, and the CSV beside the PDF is the one embedded in it.
    expect(readFileSync(pdf).equals(previous.pdf)).toBe(false);
    const attachments = join(dir, 'attachments');
    mkdirSync(attachments);
    execFileSync('pdfdetach', ['-saveall', '-o', attachments, pdf]);
    expect(readFileSync(join(attachments, 'midi-pyrenees-2002.csv')).equals(readFileSync(csv))).toBe(true);
    expect(execFileSync('pdfinfo', ['-isodates', pdf], { encoding: 'utf8' })).toMatch(/CreationDate:\s+9999-12-31T23:59:59/);
  });
});

describe('writeOutputs alone', () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'coopdec-outputs-'));
  made.push(dir);
  const a = join(dir, 'x.pdf');
  const b = join(dir, 'x.csv');

  it('a first write whose second rename fails leaves no file at all', () => {
    const failing: OutputFs = {
      ...realOutputFs,
      renameSync: (from, to) =>
        to === b
          ? (() => {
              throw Object.assign(new Error('EIO'), { code: 'EIO' });
            })()
          : realOutputFs.renameSync(from, to),
    };
    expect(() =>
      writeOutputs(
        [
          { path: a, bytes: 'A' },
          { path: b, bytes: 'B' },
        ],
        failing,
      ),
    ).toThrow(/cannot write .*x\.csv/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes both, and replaces both', () => {
    writeOutputs([
      { path: a, bytes: 'A1' },
      { path: b, bytes: 'B1' },
    ]);
    writeOutputs([
      { path: a, bytes: 'A2' },
      { path: b, bytes: 'B2' },
    ]);
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['A2', 'B2']);
    expect(fs.readdirSync(dir).sort()).toEqual(['x.csv', 'x.pdf']);
  });
});

describe('limits checked before reading', () => {
  const dir = project();
  const check = () => runCli(['check'], dir);
  const register = join(dir, 'data/midi-pyrenees/2002/register.yaml');
  const saved = readFileSync(register);
  const restore = () => {
    rmSync(register, { force: true, recursive: true });
    writeFileSync(register, saved);
  };

  it('a 3 GiB register is refused at once, before it is read', async () => {
    sparse(register, '3G');
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const run = await check();
    restore();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^data\/midi-pyrenees\/2002\/register\.yaml:1:1: error\[source\/too-large\]: register is 3221225472 bytes \(3\.0 GiB\), more than the 4000000 \(3\.8 MiB\) the generator reads/m,
    );
    expect(run.stderr).not.toMatch(/internal error/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('a register one byte over its limit (MAX_AGREEMENTS × 160 bytes) is refused the same way, before it is read', async () => {
    expect(READ_LIMITS.register).toBe(MAX_AGREEMENTS * REGISTER_BYTES_PER_AGREEMENT);
    // A sparse file: reading it would give zeros (source/binary), so only stat can refuse it so.
    sparse(register, String(READ_LIMITS.register + 1));
    const started = performance.now();
    const run = await check();
    restore();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`data/midi-pyrenees/2002/register.yaml:1:1: error[source/too-large]: register is ${READ_LIMITS.register + 1} bytes`);
    expect(run.stderr).not.toContain('source/binary');
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a register just over MAX_AGREEMENTS agreements, within its byte limit, is refused with register/too-large before it is parsed', async () => {
    const agreement = '      - {partner: ~, country: ES}\n';
    const commune = (i: number, n: number) =>
      `  - name: "C${i}"\n    insee: "09122"\n    postalCode: "09000"\n    department: "09"\n    population: 1000\n    telephoneSurvey: false\n    agreements:\n${agreement.repeat(n)}`;
    const text = 'communes:\n' + Array.from({ length: MAX_AGREEMENTS / 100 }, (_, i) => commune(i, i === 0 ? 101 : 100)).join('');
    expect(Buffer.byteLength(text)).toBeLessThan(READ_LIMITS.register);
    writeFileSync(register, text);
    const started = performance.now();
    const run = await check();
    restore();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^data/midi-pyrenees/2002/register\\.yaml:\\d+:\\d+: error\\[register/too-large\\]: the register holds more than ${MAX_AGREEMENTS} agreements`, 'm'));
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a pipe in place of the register is refused without waiting for a writer', async () => {
    rmSync(register);
    execFileSync('mkfifo', [register]);
    const run = await check();
    restore();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('data/midi-pyrenees/2002/register.yaml:1:1: error[source/not-a-file]');
  });

  it('a folder in place of the register is refused', async () => {
    rmSync(register);
    mkdirSync(register);
    const run = await check();
    restore();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('data/midi-pyrenees/2002/register.yaml:1:1: error[source/not-a-file]');
  });

  it('a 1.5 GiB picture is refused at once (pictures: 20 MiB)', async () => {
    const file = join(dir, 'content/05-historique.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/\nfootnotes:/, '\n  - image: "content/images/huge.png"\nfootnotes:'));
    sparse(join(dir, 'content/images/huge.png'), '1536M');
    const before = process.memoryUsage().rss;
    const run = await check();
    writeFileSync(file, text);
    rmSync(join(dir, 'content/images'), { recursive: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^content\/images\/huge\.png:1:1: error\[source\/too-large\]: picture is 1610612736 bytes \(1\.5 GiB\), more than the 20971520 \(20\.0 MiB\)/m);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('a census file over its limit is refused', async () => {
    const census = join(dir, 'data/midi-pyrenees/communes-1999.csv');
    const saved = readFileSync(census);
    sparse(census, '100M');
    const run = await check();
    writeFileSync(census, saved);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('data/midi-pyrenees/communes-1999.csv:1:1: error[source/too-large]: census file is 104857600 bytes');
  });

  it('a partial over a template’s length is refused', async () => {
    const partial = join(dir, 'templates/partials/huge.hbs');
    sparse(partial, '1M');
    const run = await check();
    rmSync(partial);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('templates/partials/huge.hbs:1:1: error[source/too-large]: template is 1048576 bytes');
  });

  it('a font over 10 MiB, or not a file, is refused without being read', () => {
    const big = join(dir, 'big.ttf');
    sparse(big, '11M');
    expect(checkFile(big, 'font')).toMatchObject({ code: 'source/too-large' });
    expect(checkFile(join(dir, 'content'), 'font')).toMatchObject({ code: 'source/not-a-file' });
    expect(checkFile(join(dir, 'nothing.ttf'), 'font')).toBe('missing');
    rmSync(big);
  });
});

describe('the environment, checked before any work', () => {
  const dir = project();
  it.each(['8640000000001', '253402300800', '-1', '1.5', '1e9', 'tomorrow', ' 1'])('SOURCE_DATE_EPOCH=%j: exit 2, nothing written', async (epoch) => {
    const started = performance.now();
    const run = await runCli(['build', '--out', 'out'], dir, { SOURCE_DATE_EPOCH: epoch });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to 253402300799/);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('the command line', () => {
  const dir = project();

  it("--department '': exit 1 with a diagnostic", async () => {
    const run = await runCli(['build', '--department', ''], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[edition/empty-department]');
    expect(listFiles(join(dir, 'out'))).toEqual([]);
  });

  it('--all --only <unknown>: exit 2 with a diagnostic', async () => {
    const run = await runCli(['build', '--all', '--only', 'nope'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--only: "nope" is not an edition/);
    expect(listFiles(join(dir, 'out'))).toEqual([]);
  });

  it('--all --out report.PDF is refused as a file name', async () => {
    const run = await runCli(['build', '--all', '--out', 'report.PDF'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--out must be a folder');
  });

  it('new: a file that cannot be written leaves no half edition (exit 1)', async () => {
    const failing: OutputFs = {
      ...realOutputFs,
      renameSync: (from, to) => {
        if (to.endsWith('register.yaml')) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        realOutputFs.renameSync(from, to);
      },
    };
    const run = await runWith(['new', '--year', '2003'], dir, failing);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error\[output\/write-failed\]: cannot write data\/midi-pyrenees\/2003\/register\.yaml: no space left on the device/);
    expect(listFiles(join(dir, 'data/midi-pyrenees/2003'))).toEqual([]);
  });

  it('--out report.PDF is a file name, in any case, and the CSV goes beside it', async () => {
    const run = await runCli(['build', '--out', 'report.PDF'], dir, { SOURCE_DATE_EPOCH: EPOCH_A });
    expect(run.code, run.stderr).toBe(0);
    expect(fs.statSync(join(dir, 'report.PDF')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'report.PDF')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.statSync(join(dir, 'report.csv')).isFile()).toBe(true);
  });
});
