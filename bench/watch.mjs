#!/usr/bin/env node
/**
 * The warm path measured against the cold one, in one run (`npm run bench:watch`, or called by
 * bench/run.mjs): in a copy of the project, alternately
 *   - a cold build: a whole `coopdec-report build --no-cache` process;
 *   - in one `watch` process started beforehand, the rebuild after a one-word edit of the prose;
 *   - in the same process, the rebuild after a change of one agreement in the register.
 * For the rebuilds, two times: the build as watch reports it, and from the save to the line that
 * says the PDF is written (what the user waits for: the settle delay and the notification included).
 *
 *   node bench/watch.mjs [--rounds 5] [--json]
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin/coopdec-report.js');

/**
 * A `watch` process in a copy of the project, warmed by one rebuild. `proseEdit()` and
 * `registerEdit()` save a one-word change of the prose / one agreement's partner (toggled back and
 * forth from call to call) and resolve with { build, saveToPdf } in seconds: the build as watch
 * reports it, and from the save to the line saying the PDF is written. Used by bench/peer.mjs.
 */
export async function startWatchSession({ env = process.env } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'coopdec-watch-bench-'));
  for (const path of ['content', 'data', 'templates', 'coopdec.yaml']) cpSync(join(root, path), join(dir, path), { recursive: true });
  const prose = join(dir, 'content/04-introduction.yaml');
  const register = join(dir, 'data/midi-pyrenees/2002/register.yaml');
  const proseText = readFileSync(prose, 'utf8');
  const registerText = readFileSync(register, 'utf8');
  const child = spawn(process.execPath, [bin, 'watch', '--out', 'out'], { cwd: dir, env: { ...env, SOURCE_DATE_EPOCH: '1038700800' } });
  let stdout = '';
  let waiting;
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    waiting?.();
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  const nextBuild = (since) => {
    const seen = stdout.split('\n').length;
    return new Promise((done, fail) => {
      const timeout = setTimeout(() => fail(new Error(`no rebuild within 60 s:\n${stdout}`)), 60_000);
      waiting = () => {
        const line = stdout
          .split('\n')
          .slice(seen - 1)
          .find((l) => /^out\/\S+\.pdf\t\d+ pages\t[\d.]+ s$/.test(l));
        if (!line) return;
        clearTimeout(timeout);
        waiting = undefined;
        done({ build: Number(/\t([\d.]+) s$/.exec(line)[1]), saveToPdf: (performance.now() - since) / 1000 });
      };
      waiting();
    });
  };
  let proseEdits = 0;
  let registerEdits = 0;
  const proseEdit = () => {
    const since = performance.now();
    writeFileSync(prose, proseEdits++ % 2 === 0 ? proseText.replace('simple recensement', 'simple inventaire') : proseText);
    return nextBuild(since);
  };
  await nextBuild(performance.now()); // the first build of the session
  await proseEdit(); // a warm-up edit, not counted: the first rebuild still compiles the layout code
  return {
    proseEdit,
    registerEdit() {
      const since = performance.now();
      writeFileSync(register, registerEdits++ % 2 === 0 ? registerText.replace('partner: "Lerida"', 'partner: "Lleida"') : registerText);
      return nextBuild(since);
    },
    async stop() {
      child.kill('SIGINT');
      await new Promise((done) => child.on('exit', done));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function coldBuild(env) {
  const dir = mkdtempSync(join(tmpdir(), 'coopdec-cold-'));
  const start = performance.now();
  const run = spawnSync(process.execPath, [bin, 'build', '--no-cache', '--out', dir], { cwd: root, env, encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`cold build failed: ${run.stderr}`);
  return (performance.now() - start) / 1000;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 5;
  const asJson = args.includes('--json');
  const env = { ...process.env, SOURCE_DATE_EPOCH: '1038700800' };
  const session = await startWatchSession({ env });
  const results = { cold: [], proseBuild: [], proseWait: [], registerBuild: [], registerWait: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      results.cold.push(coldBuild(env));
      let timing = await session.proseEdit();
      results.proseBuild.push(timing.build);
      results.proseWait.push(timing.saveToPdf);
      timing = await session.registerEdit();
      results.registerBuild.push(timing.build);
      results.registerWait.push(timing.saveToPdf);
    }
  } finally {
    await session.stop();
  }
  const summary = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
  if (asJson) console.log(JSON.stringify({ rounds, medians: summary, runs: results }));
  else {
    const f = (x) => `${x.toFixed(2)} s`;
    console.log(`| default edition, median of ${rounds} | time | cold / this |`);
    console.log('|---|---:|---:|');
    console.log(`| cold build (whole process, no chart cache) | ${f(summary.cold)} | 1.0 |`);
    console.log(`| watch: rebuild after a one-word prose edit | ${f(summary.proseBuild)} | ${(summary.cold / summary.proseBuild).toFixed(1)} |`);
    console.log(`| watch: save → PDF written (prose edit) | ${f(summary.proseWait)} | ${(summary.cold / summary.proseWait).toFixed(1)} |`);
    console.log(`| watch: rebuild after one agreement changed | ${f(summary.registerBuild)} | ${(summary.cold / summary.registerBuild).toFixed(1)} |`);
    console.log(`| watch: save → PDF written (register edit) | ${f(summary.registerWait)} | ${(summary.cold / summary.registerWait).toFixed(1)} |`);
  }
}
