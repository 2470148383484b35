#!/usr/bin/env node
/**
 * Property-based fuzzing of the generator, at scale (`npm run fuzz`):
 *
 *   node scripts/fuzz.mjs [--runs 10000] [--seed N] [--full-every 100] [--cli-every 500] [--only I] [--verbose]
 *
 * Each run mutates the real project files (tests/helpers/mutations.ts: delete a key, duplicate or
 * swap list items, retype a value, replace a scalar with a hostile string or number, truncate,
 * insert bytes, empty a file; census cells and encodings, partials, picture bytes, theme fonts,
 * SOURCE_DATE_EPOCH) and runs the generator on them in memory:
 *
 *   - check level (validate, statistics, templates) for most runs;
 *   - a full build every --full-every runs (the PDF must pass `qpdf --check`);
 *   - a CLI build into a temporary project every --cli-every runs (no partial file: on failure out/
 *     is empty; on success it holds the complete PDF and its CSV).
 *
 * A run must succeed, or fail with diagnostics that are all positioned (an input file, line ≥ 1,
 * column ≥ 1) and coded `stage/rule`; it must never throw nor report an internal error.
 *
 * Prints progress every 1,000 runs, then a report: runs, successes, failures with diagnostics,
 * crashes, rule violations, partial files, elapsed time, the diagnostic codes seen; each crash or
 * violation with a reproducer (`--seed S --only I` replays run I and prints its mutations).
 * Exit code 1 when there is any crash, violation or partial file.
 *
 * Imports the compiled generator from dist/ (`npm run compile` first). The mutations live in
 * tests/helpers/mutations.ts, shared with tests/fuzz.test.ts: this script transpiles that file
 * with TypeScript at start-up and imports it from memory.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EDITION_DIR = 'data/midi-pyrenees/2002';
const CHUNK = 1000;

function parseArgs(argv) {
  const options = { runs: 10_000, seed: undefined, fullEvery: 100, cliEvery: 500, only: undefined, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || !/^-?\d+$/.test(v)) throw new Error(`${arg} needs a whole number`);
      return Number(v);
    };
    if (arg === '--runs') options.runs = value();
    else if (arg === '--seed') options.seed = value();
    else if (arg === '--full-every') options.fullEvery = value();
    else if (arg === '--cli-every') options.cliEvery = value();
    else if (arg === '--only') options.only = value();
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

/** tests/helpers/mutations.ts, transpiled, with its bare imports resolved from this project. */
async function importMutations() {
  const path = join(ROOT, 'tests', 'helpers', 'mutations.ts');
  const { outputText } = ts.transpileModule(readFileSync(path, 'utf8'), {
    fileName: path,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const resolved = outputText.replace(/from '([^'.][^']*)'/g, (match, specifier) => (specifier.startsWith('node:') ? match : `from '${import.meta.resolve(specifier)}'`));
  return import(`data:text/javascript;base64,${Buffer.from(resolved).toString('base64')}`);
}

const { buildReport } = await import(pathToFileURL(join(ROOT, 'dist', 'build-report.js')).href);
const { createMemoryWorld } = await import(pathToFileURL(join(ROOT, 'dist', 'input', 'world.js')).href);
const { main } = await import(pathToFileURL(join(ROOT, 'dist', 'cli.js')).href);
const { creationDate } = await import(pathToFileURL(join(ROOT, 'dist', 'commands', 'command-io.js')).href);
const M = await importMutations();

const options = parseArgs(process.argv.slice(2));
if (options.help) {
  console.log('node scripts/fuzz.mjs [--runs 10000] [--seed N] [--full-every 100] [--cli-every 500] [--only I] [--verbose]');
  process.exit(0);
}
const seed = options.seed ?? Date.now() % 2 ** 31;
const files = M.withFuzzFixtures(M.readProjectFiles(ROOT), ROOT);
// Damaged fonts for the theme's font mutations, in a temporary folder removed at exit.
const fonts = M.fontResolver(ROOT);
process.on('exit', () => rmSync(fonts.dir, { recursive: true, force: true }));
const inputPaths = new Set(Object.keys(files));
const arbitrary = M.mutationsArbitrary(files);
// Full and CLI builds: half of them gentle (hostile prose, swapped items), so that many reach the PDF.
const buildArbitrary = fc.oneof(M.mutationsArbitrary(files, M.GENTLE), M.mutationsArbitrary(files, { maxLongString: 50_000 }));

/**
 * The plans of run `index`, replayable alone: check-level runs take chunk k of a stream sampled
 * from seed + k; full and CLI builds are sampled from (seed, index) with the build arbitrary.
 */
const chunks = new Map();
function plansOf(index) {
  if (modeOf(index) !== 'check') return fc.sample(buildArbitrary, { seed: (seed * 7919 + index) | 0, numRuns: 1 })[0];
  const k = Math.floor(index / CHUNK);
  if (!chunks.has(k)) {
    chunks.clear();
    chunks.set(k, fc.sample(arbitrary, { seed: (seed + k) | 0, numRuns: CHUNK }));
  }
  return chunks.get(k)[index % CHUNK];
}

const modeOf = (index) =>
  options.cliEvery > 0 && index % options.cliEvery === options.cliEvery - 1 ? 'cli' : options.fullEvery > 0 && index % options.fullEvery === options.fullEvery - 1 ? 'full' : 'check';

/**
 * Runs one case. outcome: success | diagnostics | crash | violation | partial.
 * `problems` explains a crash, violation or partial file.
 */
async function runCase(plans, mode) {
  const mutated = M.applyMutations(files, plans);
  const codes = [];
  if (mode === 'cli') {
    const outcome = await M.runCliCase(main, mutated.files, inputPaths, mutated.env);
    for (const line of outcome.stderr.split('\n')) {
      const match = /^.+?:\d+:\d+: (?:error|warning)\[([^\]]*)\]: /.exec(line);
      if (match) codes.push(match[1]);
    }
    const partial = outcome.problems.some((p) => /partial output|out\/ holds|fails qpdf/.test(p));
    const crash = outcome.code === -1 || outcome.problems.some((p) => /internal error|exit code/.test(p));
    const kind = crash ? 'crash' : partial ? 'partial' : outcome.problems.length > 0 ? 'violation' : outcome.code === 0 ? 'success' : 'diagnostics';
    return { kind, problems: outcome.problems, codes, mutated };
  }
  let createdAt;
  try {
    createdAt = creationDate(mutated.env);
  } catch (error) {
    // The CLI answers exit 2 with this message: bad usage, not a crash.
    if (/^SOURCE_DATE_EPOCH must be/.test(error?.message ?? '')) return { kind: 'diagnostics', problems: [], codes: ['usage/source-date-epoch'], mutated };
    return { kind: 'crash', problems: [`creationDate threw: ${error?.stack ?? String(error)}`], codes, mutated };
  }
  let result;
  try {
    result = await buildReport(createMemoryWorld(mutated.files), {
      editionDir: EDITION_DIR,
      ...(mode === 'check' ? { checkOnly: true } : {}),
      ...(createdAt ? { createdAt } : {}),
      theme: { resolveFont: fonts.resolveFont },
    });
  } catch (error) {
    return { kind: 'crash', problems: [`buildReport threw: ${error?.stack ?? String(error)}`], codes, mutated };
  }
  for (const d of result.diagnostics.items) codes.push(d.code);
  const problems = M.diagnosticProblems(result.diagnostics.items, inputPaths);
  const notes = M.diagnosticNotes(result.diagnostics.items);
  if (result.diagnostics.hasErrors) {
    if (result.built?.pdf) problems.push('errors were reported, yet a PDF was produced');
  } else if (!result.built) {
    problems.push('no error was reported, yet nothing was built');
  } else if (mode === 'full') {
    if (!result.built.pdf) problems.push('full build without error, yet no PDF');
    else {
      const qpdf = M.qpdfCheck(result.built.pdf);
      if (!qpdf.ok) problems.push(`the PDF fails qpdf --check (status ${qpdf.status}): ${qpdf.output.slice(0, 400)}`);
    }
  }
  const kind = problems.length > 0 ? 'violation' : result.diagnostics.hasErrors ? 'diagnostics' : 'success';
  return { kind, problems, codes, notes, mutated };
}

/** A crash's identity, to group runs that hit the same bug: the first problem's message and top frame. */
function signature(problem) {
  const lines = problem.split('\n');
  const frame = lines.find((l) => /^\s+at /.test(l) && !/node:internal/.test(l)) ?? '';
  return `${lines[0]
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 160)} ${frame.trim().replace(/:\d+:\d+\)?$/, '')}`;
}

/** Smallest reproducer: each single plan of the case alone, when it fails the same way. */
async function minimize(plans, mode, sig) {
  if (plans.length <= 1) return plans;
  for (const plan of plans) {
    const alone = await runCase([plan], mode);
    if (alone.problems.length > 0 && signature(alone.problems[0]) === sig) return [plan];
  }
  return plans;
}

// ---------------------------------------------------------------------------------------- one run
if (options.only !== undefined) {
  const plans = plansOf(options.only);
  const mode = modeOf(options.only);
  const outcome = await runCase(plans, mode);
  console.log(`seed ${seed}, run ${options.only} (${mode}): ${outcome.kind}`);
  console.log(`plans: ${JSON.stringify(plans, (_k, v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…(${v.length} chars)` : v))}`);
  console.log(`mutations:\n  ${outcome.mutated.descriptions.join('\n  ')}`);
  if (outcome.codes.length) console.log(`diagnostics: ${outcome.codes.join(', ')}`);
  for (const p of outcome.problems) console.log(`PROBLEM: ${p}`);
  process.exit(['crash', 'violation', 'partial'].includes(outcome.kind) ? 1 : 0);
}

// ---------------------------------------------------------------------------------------- the loop
const counts = { runs: 0, success: 0, diagnostics: 0, crash: 0, violation: 0, partial: 0, full: 0, cli: 0, fullSuccess: 0, cliSuccess: 0 };
const codeCounts = new Map();
const noteCounts = new Map();
const findings = new Map();
const slowest = [];
const started = performance.now();
console.log(`fuzz: seed ${seed}, ${options.runs} runs, full build every ${options.fullEvery}, CLI build every ${options.cliEvery}`);

for (let index = 0; index < options.runs; index++) {
  const plans = plansOf(index);
  const mode = modeOf(index);
  const t0 = performance.now();
  const outcome = await runCase(plans, mode);
  const ms = performance.now() - t0;
  counts.runs++;
  counts[outcome.kind]++;
  if (mode !== 'check') {
    counts[mode]++;
    if (outcome.kind === 'success') counts[`${mode}Success`]++;
  }
  for (const code of new Set(outcome.codes)) {
    const entry = codeCounts.get(code) ?? { runs: 0, occurrences: 0 };
    entry.runs++;
    codeCounts.set(code, entry);
  }
  for (const code of outcome.codes) codeCounts.get(code).occurrences++;
  for (const note of new Set(outcome.notes ?? [])) noteCounts.set(note, (noteCounts.get(note) ?? 0) + 1);
  if (mode === 'check') {
    slowest.push({ ms, index, descriptions: outcome.mutated.descriptions });
    slowest.sort((a, b) => b.ms - a.ms);
    slowest.length = Math.min(slowest.length, 5);
  }
  if (['crash', 'violation', 'partial'].includes(outcome.kind)) {
    const sig = `${outcome.kind}: ${signature(outcome.problems[0] ?? outcome.kind)}`;
    const finding = findings.get(sig);
    if (finding) finding.count++;
    else {
      const minimal = await minimize(plans, mode, signature(outcome.problems[0] ?? ''));
      const reproduced = minimal === plans ? outcome : await runCase(minimal, mode);
      findings.set(sig, {
        count: 1,
        kind: outcome.kind,
        index,
        mode,
        plans: minimal,
        descriptions: reproduced.mutated.descriptions,
        problem: (reproduced.problems[0] ?? outcome.problems[0] ?? '').split('\n').slice(0, 8).join('\n'),
      });
      console.log(`run ${index} (${mode}): ${outcome.kind.toUpperCase()}: ${(outcome.problems[0] ?? '').split('\n')[0]}\n  ${outcome.mutated.descriptions.join('\n  ')}`);
    }
  } else if (options.verbose) {
    console.log(`run ${index} (${mode}, ${ms.toFixed(0)} ms): ${outcome.kind} ${[...new Set(outcome.codes)].join(' ')}\n  ${outcome.mutated.descriptions.join('\n  ')}`);
  }
  if ((index + 1) % 1000 === 0) {
    const s = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `[${index + 1}/${options.runs}] ${s} s: ${counts.success} successes, ${counts.diagnostics} failures with diagnostics, ${counts.crash} crashes, ${counts.violation} violations, ${counts.partial} partial files`,
    );
  }
}

// ---------------------------------------------------------------------------------------- report
const elapsed = (performance.now() - started) / 1000;
const pad = (s, n) => String(s).padEnd(n);
const lines = [
  '',
  `fuzz report (seed ${seed})`,
  `  runs                          ${counts.runs} (${counts.runs - counts.full - counts.cli} check-level, ${counts.full} full builds, ${counts.cli} CLI builds)`,
  `  successes                     ${counts.success} (full builds: ${counts.fullSuccess}, CLI builds: ${counts.cliSuccess})`,
  `  failures with diagnostics     ${counts.diagnostics}`,
  `  crashes                       ${counts.crash}`,
  `  rule violations               ${counts.violation}`,
  `  partial files                 ${counts.partial}`,
  `  elapsed                       ${elapsed.toFixed(1)} s (${((elapsed * 1000) / Math.max(1, counts.runs)).toFixed(1)} ms a run)`,
  '',
  `diagnostic codes seen (${codeCounts.size}): code, runs, occurrences`,
  ...[...codeCounts.entries()].sort((a, b) => b[1].runs - a[1].runs || a[0].localeCompare(b[0])).map(([code, c]) => `  ${pad(code, 40)} ${pad(c.runs, 7)} ${c.occurrences}`),
];
if (noteCounts.size > 0) lines.push('', 'notes (not failures):', ...[...noteCounts.entries()].map(([note, n]) => `  ${note}: ${n} runs`));
lines.push('', 'slowest check-level runs:', ...slowest.map((s) => `  run ${s.index}: ${s.ms.toFixed(0)} ms: ${s.descriptions.join('; ').slice(0, 400)}`));
const replayFlags = `${options.fullEvery !== 100 ? ` --full-every ${options.fullEvery}` : ''}${options.cliEvery !== 500 ? ` --cli-every ${options.cliEvery}` : ''}`;
if (findings.size > 0) {
  lines.push('', `findings (${findings.size} distinct):`);
  for (const [sig, f] of findings) {
    lines.push(`- ${f.kind} ×${f.count} (first at run ${f.index}, ${f.mode}; replay: node scripts/fuzz.mjs --seed ${seed}${replayFlags} --only ${f.index})`, `  signature: ${sig}`);
    lines.push(`  minimal mutations:`, ...f.descriptions.map((d) => `    ${d}`));
    lines.push(`  plan: ${JSON.stringify(f.plans, (_k, v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…(${v.length} chars)` : v))}`);
    lines.push(...f.problem.split('\n').map((l) => `  | ${l}`));
  }
}
console.log(lines.join('\n'));
process.exit(counts.crash + counts.violation + counts.partial > 0 ? 1 : 0);
