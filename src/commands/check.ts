/** `check`: every stage short of laying out the PDF; prints the diagnostics. */
import { type BuildResult, buildReport, loadEdition } from '../build-report.js';
import { Diagnostics, formatDiagnostics } from '../shared/diagnostics.js';
import { localeOf } from '../shared/messages.js';
import { EXIT_DATA, EXIT_OK, type Io, NOTHING_WRITTEN, reportDiagnostics, say } from './command-io.js';
import { departmentProblem, type EditionTarget, resolveEdition } from './edition-target.js';

/** `check`: composes the edition (no layout) and says what it holds when nothing is wrong. */
export async function commandCheck(options: { data?: string; department?: string }, io: Io): Promise<number> {
  const target = resolveEdition(options.data, io);
  const composed = await composeOnly(target, options.department, io);
  const built = composed.result?.built;
  if (composed.code === EXIT_OK && built)
    io.out(
      say(io, 'cli/checked', {
        editionDir: target.editionDir,
        ...(options.department ? { department: options.department } : {}),
        communes: built.report.register.communes.length,
        agreements: built.statistics.agreements.total,
      }),
    );
  return composed.code;
}

/** `check` and `prose`: validates, checks --department, composes the edition (no layout). */
export async function composeOnly(target: EditionTarget, department: string | undefined, io: Io): Promise<{ code: number; result?: BuildResult }> {
  const preload = new Diagnostics();
  const report = loadEdition(target.world, { editionDir: target.editionDir }, preload);
  if (!report) {
    io.err(formatDiagnostics(preload.items, NOTHING_WRITTEN, localeOf(io.env)));
    return { code: EXIT_DATA };
  }
  const problem = departmentProblem(report, target, department);
  if (problem) {
    io.err(formatDiagnostics([...preload.items, problem], NOTHING_WRITTEN, localeOf(io.env)));
    return { code: EXIT_DATA };
  }
  const result = await buildReport(target.world, { editionDir: target.editionDir, validated: report, ...(department !== undefined ? { department } : {}), checkOnly: true });
  result.diagnostics.items.unshift(...preload.items);
  return { code: reportDiagnostics(result, io, NOTHING_WRITTEN), result };
}
