/**
 * Property-based fuzzing (fast-check): for any mutation of the real project files (delete a key,
 * duplicate or swap list items, retype a value, replace a scalar with a hostile string or number,
 * truncate a file, insert bytes, empty a file; census cells and encodings, partials, damaged
 * picture bytes, theme fonts, SOURCE_DATE_EPOCH — tests/helpers/mutations.ts), the generator either
 * succeeds (and a full build's PDF passes `qpdf --check`) or fails with diagnostics that are all
 * positioned in an input file and coded `stage/rule`. It never throws, and the CLI never reports an
 * internal error nor leaves a partial file.
 *
 * The seeds are fixed: a failure prints its seed and counterexample path (fast-check) and the
 * mutations in words; `node scripts/fuzz.mjs` runs many more cases.
 */

import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/build-report.js';
import { main } from '../src/cli.js';
import { creationDate } from '../src/commands/command-io.js';
import { createMemoryWorld } from '../src/input/world.js';
import {
  applyMutations,
  diagnosticProblems,
  EDITION_DIR,
  fontResolver,
  GENTLE,
  type MutationArbitraryOptions,
  type MutationPlan,
  mutationsArbitrary,
  pickFor,
  qpdfCheck,
  readProjectFiles,
  runCliCase,
  withFuzzFixtures,
} from './helpers/mutations.js';
import { PROJECT_ROOT } from './helpers/project.js';

const SEED = 20021201;
const files = withFuzzFixtures(readProjectFiles(PROJECT_ROOT), PROJECT_ROOT);
const fonts = fontResolver(PROJECT_ROOT);
afterAll(() => rmSync(fonts.dir, { recursive: true, force: true }));

/** The mutations of round two only (issue 11): census, partials, pictures, fonts, environment. */
const ROUND_TWO: MutationArbitraryOptions = { kinds: ['csv-cell', 'reencode', 'partial-text', 'overwrite-bytes', 'truncate', 'font', 'epoch'], maxLongString: 5_000 };
const inputPaths = new Set(Object.keys(files));

/** Runs one mutated case through buildReport; throws with the mutations in words when a rule is broken. */
async function checkCase(plans: MutationPlan[], full: boolean): Promise<void> {
  const mutated = applyMutations(files, plans);
  const what = () => `mutations:\n  ${mutated.descriptions.join('\n  ')}`;
  let createdAt: Date | undefined;
  try {
    createdAt = creationDate(mutated.env);
  } catch (error) {
    // Bad usage (the CLI exits 2 with this message), not a crash.
    if (/^SOURCE_DATE_EPOCH must be/.test((error as Error).message)) return;
    throw new Error(`creationDate threw: ${(error as Error)?.stack ?? String(error)}\n${what()}`);
  }
  let result: Awaited<ReturnType<typeof buildReport>>;
  try {
    result = await buildReport(createMemoryWorld(mutated.files), {
      editionDir: EDITION_DIR,
      ...(full ? {} : { checkOnly: true }),
      ...(createdAt ? { createdAt } : {}),
      theme: { resolveFont: fonts.resolveFont },
    });
  } catch (error) {
    throw new Error(`buildReport threw (${full ? 'full build' : 'check'}): ${(error as Error)?.stack ?? String(error)}\n${what()}`);
  }
  const problems = diagnosticProblems(result.diagnostics.items, inputPaths);
  if (result.diagnostics.hasErrors) {
    if (result.built?.pdf) problems.push('errors were reported, yet a PDF was produced');
  } else if (!result.built) {
    problems.push('no error was reported, yet nothing was built');
  } else if (full) {
    if (!result.built.pdf) problems.push('full build without error, yet no PDF');
    else {
      const qpdf = qpdfCheck(result.built.pdf);
      if (!qpdf.ok) problems.push(`the PDF fails qpdf --check (status ${qpdf.status}): ${qpdf.output.slice(0, 400)}`);
    }
  }
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${what()}`);
}

describe('fuzz: mutated project files', () => {
  it('check-level runs (validate, statistics, templates): never throw, every diagnostic positioned and coded', async () => {
    await fc.assert(
      fc.asyncProperty(mutationsArbitrary(files), (plans) => checkCase(plans, false)),
      { seed: SEED, numRuns: 300 },
    );
  }, 120_000);

  it('round two (census, partials, pictures, fonts, SOURCE_DATE_EPOCH), check level: never throw, every diagnostic positioned and coded', async () => {
    await fc.assert(
      fc.asyncProperty(mutationsArbitrary(files, ROUND_TWO), (plans) => checkCase(plans, false)),
      { seed: SEED + 3, numRuns: 40 },
    );
  }, 120_000);

  it('round two, full builds: damaged pictures and fonts never reach pdfmake or the chart canvas', async () => {
    await fc.assert(
      fc.asyncProperty(mutationsArbitrary(files, { ...ROUND_TWO, kinds: ['overwrite-bytes', 'truncate', 'font', 'epoch', 'partial-text'], only: /^(content\/images|templates)\// }), (plans) =>
        checkCase(plans, true),
      ),
      { seed: SEED + 4, numRuns: 2 },
    );
  }, 120_000);

  it('full builds: a successful build gives a PDF that passes qpdf --check', async () => {
    // Mostly gentle mutations (hostile prose, swapped items), so that most builds reach the PDF;
    // shorter long strings: a 200,000-character paragraph is many pages to lay out.
    const cases = fc.oneof({ weight: 3, arbitrary: mutationsArbitrary(files, { ...GENTLE, maxLongString: 5_000 }) }, { weight: 1, arbitrary: mutationsArbitrary(files, { maxLongString: 5_000 }) });
    await fc.assert(
      fc.asyncProperty(cases, (plans) => checkCase(plans, true)),
      { seed: SEED + 1, numRuns: 5 },
    );
  }, 120_000);
});

/** Crashes the fuzzer found, kept as regression cases (each was a real bug). */
const FOUND: { found: string; plan: () => MutationPlan }[] = [
  // pdfmake threw "Cannot set properties of undefined (setting '_minWidth')": an annex table with more column titles than cells.
  { found: 'annex with a duplicated column title', plan: () => ({ kind: 'duplicate', file: 'templates/annexes.yaml', pick: pickFor(files, 'templates/annexes.yaml', 'duplicate', 'II.columns[0]') }) },
  { found: 'annex with a column title deleted', plan: () => ({ kind: 'delete', file: 'templates/annexes.yaml', pick: pickFor(files, 'templates/annexes.yaml', 'delete', 'I.columns[3]') }) },
];

describe('fuzz: crashes found before stay fixed', () => {
  it.each(FOUND)(
    '$found',
    async ({ plan }) => {
      await checkCase([plan()], true);
    },
    60_000,
  );
});

describe('fuzz: the CLI never writes a partial file', () => {
  it('a bad SOURCE_DATE_EPOCH exits 2 with one line, nothing written', async () => {
    const mutated = applyMutations(files, [{ kind: 'epoch', file: '(environment)', value: '253402300800' }]);
    const outcome = await runCliCase(main, mutated.files, inputPaths, mutated.env);
    expect(outcome.problems).toEqual([]);
    expect(outcome.code).toBe(2);
    expect(outcome.outFiles).toEqual([]);
  }, 60_000);

  it('an unmutated project builds a complete PDF and its CSV', async () => {
    const outcome = await runCliCase(main, files, inputPaths);
    expect(outcome.problems).toEqual([]);
    expect(outcome.code).toBe(0);
  }, 60_000);

  it('a broken register exits 1 and leaves out/ empty', async () => {
    const mutated = applyMutations(files, [{ kind: 'empty', file: `${EDITION_DIR}/register.yaml` }]);
    const outcome = await runCliCase(main, mutated.files, inputPaths);
    expect(outcome.problems).toEqual([]);
    expect(outcome.code).toBe(1);
    expect(outcome.outFiles).toEqual([]);
  }, 60_000);

  it('mutated projects: exit 0 with a complete PDF, or exit 1 with nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutationsArbitrary(files, { ...GENTLE, maxLongString: 5_000 }), mutationsArbitrary(files, { maxLongString: 5_000 })), async (plans) => {
        const mutated = applyMutations(files, plans);
        const outcome = await runCliCase(main, mutated.files, inputPaths, mutated.env);
        if (outcome.problems.length > 0) throw new Error(`${outcome.problems.join('\n')}\nmutations:\n  ${mutated.descriptions.join('\n  ')}`);
      }),
      { seed: SEED + 2, numRuns: 3 },
    );
  }, 120_000);
});
