#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
/**
 * Whole-process benchmark of the CLI (`npm run bench`): every measured run is a new
 * `node bin/coopdec-report.js build ...` process (cold: module loading, font parsing and all).
 *
 *   node bench/run.mjs [--runs N] [--quick] [--budget SECONDS] [--cases default,all,10x,40x] [--results FILE]
 *   node bench/run.mjs --peer [--results FILE]      (against the Typst peer: bench/peer.mjs)
 *
 * Cases: (a) the default edition, (b) --all (the region and each of its departments),
 * (c) a synthetic register 10 × the real one, (d) 40 × (bench/generate-register.mjs).
 * Each case: 1 warm-up run, then N measured runs (default 5). --quick: 1 run, no warm-up.
 *
 * Measures the wall time of the child process (spawn → exit) and its peak RSS, which the child
 * reports itself through bench/rss-probe.mjs, since Node gives no rusage of a child. The probe is
 * loaded with NODE_OPTIONS="--import=…" rather than `node --import`, so that the processes the
 * CLI starts itself (`build --all` shares the editions between `--jobs` processes) report too.
 * Every run passes --timings, so the per-stage times the CLI prints are collected too.
 *
 * Time budget: the whole bench must fit in --budget seconds (default 540 = 9 minutes). The
 * warm-up runs of every case come first; if N measured runs of every case would not fit in what
 * is left, N is lowered (the same for every case, at least 1) and results.md says so.
 *
 * Writes bench/results.md (or --results FILE) and prints it. Requires a compiled dist/ (the npm
 * script runs `npm run compile` first). Exit code 1 when a build failed.
 */
import { parseArgs as parseCliArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { generateProject } from './generate-register.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const BIN = join(ROOT, 'bin', 'coopdec-report.js');
const PROBE = pathToFileURL(join(BENCH_DIR, 'rss-probe.mjs')).href;
const DEFAULT_DATA = join(ROOT, 'data', 'midi-pyrenees', '2002');

const TARGETS = {
  default: { seconds: 0.5, typst: 0.25 },
  '10x': { seconds: 1.8, typst: 0.92 },
  '40x': { seconds: 6.5, typst: 3.3, rssMiB: 500 },
  ratio40to10: 4.4,
};

function parseArgs(argv) {
  // Node's own parser (util.parseArgs): strict, so an unknown flag is an error.
  const { values } = parseCliArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      quick: { type: 'boolean' },
      budget: { type: 'string' },
      cases: { type: 'string' },
      results: { type: 'string' },
      peer: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const options = {
    runs: values.runs === undefined ? 5 : Number(values.runs),
    warmup: 1,
    quick: values.quick ?? false,
    budget: values.budget === undefined ? 540 : Number(values.budget),
    cases:
      values.cases === undefined
        ? ['default', 'default-warm', 'all', '10x', '40x']
        : values.cases
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    results: values.results === undefined ? join(BENCH_DIR, 'results.md') : resolve(values.results),
    peer: values.peer ?? false,
    help: values.help ?? false,
  };
  if (options.quick) {
    options.runs = 1;
    options.warmup = 0;
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a whole number ≥ 1');
  if (!(options.budget > 0)) throw new Error('--budget must be a number of seconds');
  const known = ['default', 'default-warm', 'all', '10x', '40x'];
  for (const c of options.cases) if (!known.includes(c)) throw new Error(`unknown case "${c}" (cases: ${known.join(', ')})`);
  return options;
}

const log = (text) => process.stderr.write(text + '\n');

/** NODE_OPTIONS that preloads the RSS probe, keeping whatever NODE_OPTIONS already holds. */
const nodeOptions = [process.env.NODE_OPTIONS, `--import="${PROBE}"`].filter(Boolean).join(' ');

/**
 * Runs one build as a new process; resolves with its wall time, output and peak RSS: `rssKiB` of
 * the process itself, `processes` = the peak RSS of every process of the run (the CLI's own
 * children included), largest first.
 */
function runBuild(args, scratch, index) {
  const rssFile = join(scratch, `rss-${process.pid}-${index}.txt`);
  rmSync(rssFile, { force: true });
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'build', ...args, '--timings'], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: nodeOptions, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (error) => resolvePromise({ code: -1, seconds: 0, rssKiB: null, processes: [], stdout: '', stderr: String(error) }));
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      const byPid = new Map();
      if (existsSync(rssFile)) {
        for (const line of readFileSync(rssFile, 'utf8').split('\n')) {
          const [pid, kib] = line.trim().split(/\s+/).map(Number);
          if (Number.isFinite(pid) && Number.isFinite(kib)) byPid.set(pid, Math.max(byPid.get(pid) ?? 0, kib));
        }
        rmSync(rssFile, { force: true });
      }
      const rssKiB = byPid.get(child.pid) ?? null;
      const processes = [...byPid.values()].sort((a, b) => b - a);
      resolvePromise({ code: code ?? (signal ? `signal ${signal}` : -1), seconds, rssKiB, processes, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Stage times (ms) printed by --timings, summed over the editions of the run (--all builds several). */
function parseTimings(stdout) {
  const stages = {};
  for (const match of stdout.matchAll(/^ {2}(\w+)\s+([\d.]+) ms$/gm)) stages[match[1]] = (stages[match[1]] ?? 0) + Number(match[2]);
  return stages;
}

function parsePages(stdout) {
  return [...stdout.matchAll(/^(\S+\.pdf)\t(\d+) pages\t/gm)].map((m) => ({ file: m[1], pages: Number(m[2]) }));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function countAgreements(dataDir) {
  const register = parseYaml(readFileSync(join(dataDir, 'register.yaml'), 'utf8'));
  return { communes: register.communes.length, agreements: register.communes.reduce((sum, c) => sum + c.agreements.length, 0) };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(
      'usage: node bench/run.mjs [--runs N] [--quick] [--budget SECONDS] [--cases default,all,10x,40x] [--results FILE]\n       node bench/run.mjs --peer [--results FILE]   (against the Typst peer, ../shared/peers/typst or $COOPDEC_PEER)',
    );
    return 0;
  }
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run compile` first (npm run bench does)');
  if (options.peer) {
    const scratch = mkdtempSync(join(tmpdir(), 'coopdec-bench-'));
    try {
      const { runPeerBench } = await import('./peer.mjs');
      return await runPeerBench({ root: ROOT, benchDir: BENCH_DIR, bin: BIN, probe: PROBE, scratch, results: options.results, log, quick: options.quick });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const benchStarted = performance.now();
  const loadBefore = loadavg();
  const elapsed = () => (performance.now() - benchStarted) / 1000;
  const scratch = mkdtempSync(join(tmpdir(), 'coopdec-bench-'));

  try {
    // The cases, with their synthetic projects generated up front (not timed as builds).
    const cases = [];
    for (const id of options.cases) {
      const outDir = join(scratch, 'out', id) + '/';
      // Cold: --no-cache, so no run reuses the charts of an earlier one (the targets are cold).
      if (id === 'default') cases.push({ id, label: 'default edition', args: ['--out', outDir, '--no-cache'], ...countAgreements(DEFAULT_DATA) });
      // Warm: the chart cache filled by the warm-up run (a repeated build after a correction).
      if (id === 'default-warm') cases.push({ id, label: 'default edition, warm (chart cache)', args: ['--out', outDir], ...countAgreements(DEFAULT_DATA) });
      if (id === 'all') cases.push({ id, label: '--all (region + departments)', args: ['--all', '--out', outDir, '--no-cache'], ...countAgreements(DEFAULT_DATA) });
      if (id === '10x' || id === '40x') {
        const scale = Number(id.slice(0, -1));
        const started = performance.now();
        const project = generateProject({ scale, out: join(scratch, `s${scale}`) });
        log(`generated synthetic ${scale}×: ${project.communes} communes, ${project.agreements} agreements in ${((performance.now() - started) / 1000).toFixed(2)} s`);
        cases.push({ id, label: `synthetic ${scale}×`, args: ['--data', project.dataDir, '--out', outDir, '--no-cache'], communes: project.communes, agreements: project.agreements });
      }
    }

    let index = 0;
    const failures = [];
    const run = async (c, kind) => {
      const result = await runBuild(c.args, scratch, index++);
      if (result.code !== 0) {
        failures.push({ case: c.id, kind, code: result.code, stderr: result.stderr.trim().split('\n').slice(-15).join('\n') });
        log(`  ${c.id} ${kind}: FAILED (exit ${result.code})\n${result.stderr.trim().split('\n').slice(-15).join('\n')}`);
      } else {
        const others = result.processes.length > 1 ? ` (${result.processes.length} processes: ${result.processes.map((k) => (k / 1024).toFixed(0)).join(' + ')} MiB)` : '';
        log(`  ${c.id} ${kind}: ${result.seconds.toFixed(2)} s, ${result.rssKiB === null ? '?' : (result.rssKiB / 1024).toFixed(0)} MiB${others}`);
      }
      return result;
    };

    // Warm-ups first: they prime the disk cache and tell how long a run of each case takes.
    for (const c of cases) {
      c.warmups = [];
      for (let w = 0; w < options.warmup; w++) c.warmups.push(await run(c, 'warm-up'));
    }

    // Fit the measured runs into the budget.
    let runs = options.runs;
    let capNote = '';
    if (options.warmup > 0) {
      const perRound = cases.reduce((sum, c) => sum + Math.max(...c.warmups.map((r) => r.seconds)), 0);
      const left = options.budget - elapsed();
      const fits = Math.max(1, Math.floor(left / (perRound * 1.1)));
      if (fits < runs) {
        capNote = `Runs per case capped at ${fits} (asked ${runs}): one run of every case takes ${perRound.toFixed(1)} s and ${left.toFixed(0)} s of the ${options.budget} s budget were left after the warm-ups.`;
        log(capNote);
        runs = fits;
      }
    }

    for (const c of cases) {
      c.runs = [];
      for (let r = 0; r < runs; r++) {
        const result = await run(c, `run ${r + 1}/${runs}`);
        if (result.code === 0) c.runs.push(result);
      }
    }

    const results = renderResults({ options, cases, runs, capNote, failures, totalSeconds: elapsed(), load: [loadBefore, loadavg()] });
    mkdirSync(dirname(options.results), { recursive: true });
    writeFileSync(options.results, results);
    process.stdout.write(results);
    log(`wrote ${options.results} (${elapsed().toFixed(0)} s)`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function renderResults({ options, cases, runs, capNote, failures, totalSeconds, load }) {
  const cpu = cpus();
  const f2 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toFixed(2));
  const lines = [];
  lines.push('# Benchmark results', '');
  lines.push(`Generated by \`node bench/run.mjs${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}\` (\`npm run bench\`).`, '');
  if (options.quick) lines.push('**Quick run: 1 run per case, no warm-up. Not for comparison.**', '');
  lines.push(`- Date: ${new Date().toISOString()}`);
  lines.push(`- Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${platform()} ${release()}`);
  lines.push(`- Node ${process.version}`);
  lines.push(
    `- Method: every run is a new process (\`node bin/coopdec-report.js build … --timings\`), wall time from spawn to exit; peak RSS reported by each process itself (\`process.resourceUsage().maxRSS\` at exit, via \`NODE_OPTIONS=--import=bench/rss-probe.mjs\`, which the CLI's own child processes inherit). ${options.warmup} warm-up run(s) per case, then ${runs} measured run(s). Bench total: ${totalSeconds.toFixed(0)} s.`,
  );
  if (capNote) lines.push(`- **${capNote}**`);
  else if (options.warmup > 0) lines.push(`- Time budget ${options.budget} s (\`--budget\`): the ${runs} runs per case fitted, no cap applied.`);
  lines.push(`- Load average (1 min) at the start ${load[0][0].toFixed(2)}, at the end ${load[1][0].toFixed(2)}, on ${cpu.length} cores: other work on the machine inflates the times.`);
  lines.push('');

  lines.push('| case | communes | agreements | PDF pages | median s | min s | max s | peak RSS MiB |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of cases) {
    const times = c.runs.map((r) => r.seconds);
    const rss = c.runs.map((r) => (r.processes.length ? r.processes[0] : r.rssKiB)).filter((x) => x !== null && x !== undefined);
    const processCount = Math.max(0, ...c.runs.map((r) => r.processes.length));
    const summed = Math.max(0, ...c.runs.map((r) => r.processes.reduce((a, b) => a + b, 0)));
    const pages = c.runs[0] ? parsePages(c.runs[0].stdout).map((p) => p.pages) : [];
    c.summary = times.length ? { median: median(times), min: Math.min(...times), max: Math.max(...times), rssMiB: rss.length ? Math.max(...rss) / 1024 : null, processCount } : undefined;
    const rssCell = !c.summary?.rssMiB
      ? '–'
      : processCount > 1
        ? `${c.summary.rssMiB.toFixed(0)} (largest of ${processCount} processes; all together ≤ ${(summed / 1024).toFixed(0)})`
        : c.summary.rssMiB.toFixed(0);
    lines.push(
      `| ${c.label} | ${c.communes} | ${c.agreements} | ${pages.length > 1 ? `${pages.length} PDFs, ${pages.reduce((a, b) => a + b, 0)}` : (pages[0] ?? '–')} | ${f2(c.summary?.median)} | ${f2(c.summary?.min)} | ${f2(c.summary?.max)} | ${rssCell} |`,
    );
  }
  lines.push(
    '',
    'Peak RSS: the largest of the measured runs, of one process. When the CLI starts processes of its own (`--all` with `--jobs` > 1), the largest of them and the sum of their peaks (an upper bound: the peaks need not coincide).',
    '',
  );

  lines.push('## Stage timings', '');
  lines.push(
    'Median over the measured runs of what `--timings` prints, in ms (for `--all`: summed over its editions, which may run in parallel processes). "other" = median wall time minus the stages: process start, module loading, reading files, writing the PDF and CSV (not given when the editions ran in several processes).',
    '',
  );
  const stageNames = [...new Set(cases.flatMap((c) => c.runs.flatMap((r) => Object.keys(parseTimings(r.stdout)))))];
  if (stageNames.length > 0) {
    lines.push(`| case | ${stageNames.join(' | ')} | other |`, `| --- | ${stageNames.map(() => '---:').join(' | ')} | ---: |`);
    for (const c of cases) {
      if (!c.runs.length) continue;
      const parsed = c.runs.map((r) => parseTimings(r.stdout));
      const medians = stageNames.map((s) => median(parsed.map((p) => p[s] ?? 0)));
      const other = c.summary.median * 1000 - medians.reduce((a, b) => a + b, 0);
      lines.push(`| ${c.label} | ${medians.map((m) => m.toFixed(0)).join(' | ')} | ${c.summary.processCount > 1 ? '–' : other.toFixed(0)} |`);
    }
    const defaultCase = cases.find((c) => c.id === 'default' && c.runs.length);
    if (defaultCase) {
      lines.push('', 'One default build with `--timings` (the last measured run), as printed:', '', '```', defaultCase.runs.at(-1).stdout.trimEnd(), '```');
    }
  }
  lines.push('');

  lines.push('## Targets', '');
  lines.push('| target | Typst reference | measured | met |', '| --- | ---: | ---: | --- |');
  const s = Object.fromEntries(cases.map((c) => [c.id, c.summary]));
  const row = (target, typst, measured, met) => lines.push(`| ${target} | ${typst} | ${measured} | ${met === undefined ? '–' : met ? 'yes' : '**no**'} |`);
  row(`default edition ≤ ${TARGETS.default.seconds} s`, `${TARGETS.default.typst} s`, s.default ? `${f2(s.default.median)} s` : 'not run', s.default && s.default.median <= TARGETS.default.seconds);
  row(`synthetic 10× ≤ ${TARGETS['10x'].seconds} s`, `${TARGETS['10x'].typst} s`, s['10x'] ? `${f2(s['10x'].median)} s` : 'not run', s['10x'] && s['10x'].median <= TARGETS['10x'].seconds);
  row(`synthetic 40× ≤ ${TARGETS['40x'].seconds} s`, `${TARGETS['40x'].typst} s`, s['40x'] ? `${f2(s['40x'].median)} s` : 'not run', s['40x'] && s['40x'].median <= TARGETS['40x'].seconds);
  row(
    `synthetic 40× peak RSS < ${TARGETS['40x'].rssMiB} MiB`,
    '',
    s['40x']?.rssMiB ? `${s['40x'].rssMiB.toFixed(0)} MiB` : 'not run',
    s['40x']?.rssMiB ? s['40x'].rssMiB < TARGETS['40x'].rssMiB : undefined,
  );
  const ratio = s['40x'] && s['10x'] ? s['40x'].median / s['10x'].median : undefined;
  row(
    `40× time ≤ ${TARGETS.ratio40to10} × the 10× time`,
    `${(TARGETS['40x'].typst / TARGETS['10x'].typst).toFixed(1)} ×`,
    ratio ? `${ratio.toFixed(2)} ×` : 'not run',
    ratio === undefined ? undefined : ratio <= TARGETS.ratio40to10,
  );
  lines.push('');

  // Where the time goes and what blocks the targets not met: written by hand from profiles.
  const profile = join(BENCH_DIR, 'PROFILE.md');
  if (existsSync(profile)) lines.push(readFileSync(profile, 'utf8').trimEnd(), '');

  if (failures.length > 0) {
    lines.push('## Failed builds', '');
    for (const f of failures) lines.push(`- ${f.case} (${f.kind}): exit ${f.code}`, '', '```', f.stderr, '```', '');
  }
  return lines.join('\n') + '\n';
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    log(`error: ${error.message}`);
    process.exitCode = 2;
  },
);
