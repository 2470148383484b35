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

const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'bin/coopdec-report.js');
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || (args.includes('--rounds') ? 5 : 5);
const asJson = args.includes('--json');

const dir = mkdtempSync(join(tmpdir(), 'coopdec-watch-bench-'));
for (const path of ['content', 'data', 'templates', 'coopdec.yaml']) cpSync(join(root, path), join(dir, path), { recursive: true });
const env = { ...process.env, SOURCE_DATE_EPOCH: '1038700800' };
const prose = join(dir, 'content/04-introduction.yaml');
const register = join(dir, 'data/midi-pyrenees/2002/register.yaml');
const proseText = readFileSync(prose, 'utf8');
const registerText = readFileSync(register, 'utf8');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function coldBuild() {
  const start = performance.now();
  const run = spawnSync(process.execPath, [bin, 'build', '--no-cache', '--out', join(dir, 'cold')], { cwd: dir, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cold build failed: ${run.stderr}`);
  return (performance.now() - start) / 1000;
}

const child = spawn(process.execPath, [bin, 'watch', '--out', 'out'], { cwd: dir, env });
let stdout = '';
let waiting;
child.stdout.on('data', (chunk) => {
  stdout += chunk;
  waiting?.();
});
child.stderr.on('data', (chunk) => process.stderr.write(chunk));
/** Resolves with the build seconds of the next success line, and the time from `since`. */
function nextBuild(since) {
  const seen = stdout.split('\n').length;
  return new Promise((done, fail) => {
    const timeout = setTimeout(() => fail(new Error(`no rebuild within 60 s:\n${stdout}`)), 60_000);
    waiting = () => {
      const line = stdout.split('\n').slice(seen - 1).find((l) => /^out\/\S+\.pdf\t\d+ pages\t[\d.]+ s$/.test(l));
      if (!line) return;
      clearTimeout(timeout);
      waiting = undefined;
      done({ build: Number(/\t([\d.]+) s$/.exec(line)[1]), saveToPdf: (performance.now() - since) / 1000 });
    };
    waiting();
  });
}

const results = { cold: [], proseBuild: [], proseWait: [], registerBuild: [], registerWait: [] };
try {
  await nextBuild(performance.now()); // the first build of the session
  // One warm-up edit, not counted: the first rebuild still compiles the layout code.
  writeFileSync(prose, proseText.replace('simple recensement', 'simple inventaire'));
  await nextBuild(performance.now());
  for (let round = 0; round < rounds; round++) {
    results.cold.push(coldBuild());
    let since = performance.now();
    writeFileSync(prose, round % 2 === 0 ? proseText : proseText.replace('simple recensement', 'simple inventaire'));
    let timing = await nextBuild(since);
    results.proseBuild.push(timing.build);
    results.proseWait.push(timing.saveToPdf);
    since = performance.now();
    // One agreement's partner renamed (and back in the next round).
    writeFileSync(register, round % 2 === 0 ? registerText.replace('partner: "Lerida"', 'partner: "Lleida"') : registerText);
    timing = await nextBuild(since);
    results.registerBuild.push(timing.build);
    results.registerWait.push(timing.saveToPdf);
  }
} finally {
  child.kill('SIGINT');
  await new Promise((done) => child.on('exit', done));
  rmSync(dir, { recursive: true, force: true });
}

const summary = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
if (asJson) console.log(JSON.stringify({ rounds, medians: summary, runs: results }));
else {
  const s = (x) => `${x.toFixed(2)} s`;
  console.log(`| default edition, median of ${rounds} | time | cold / this |`);
  console.log('|---|---:|---:|');
  console.log(`| cold build (whole process, no chart cache) | ${s(summary.cold)} | 1.0 |`);
  console.log(`| watch: rebuild after a one-word prose edit | ${s(summary.proseBuild)} | ${(summary.cold / summary.proseBuild).toFixed(1)} |`);
  console.log(`| watch: save → PDF written (prose edit) | ${s(summary.proseWait)} | ${(summary.cold / summary.proseWait).toFixed(1)} |`);
  console.log(`| watch: rebuild after one agreement changed | ${s(summary.registerBuild)} | ${(summary.cold / summary.registerBuild).toFixed(1)} |`);
  console.log(`| watch: save → PDF written (register edit) | ${s(summary.registerWait)} | ${(summary.cold / summary.registerWait).toFixed(1)} |`);
}
