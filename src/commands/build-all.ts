/**
 * `build --all` across processes (--jobs) and the diagnostics of several editions, each printed
 * once with the editions it belongs to.
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { cliBinPath } from '../installed-package.js';
import { type Diagnostic, formatDiagnostic, sortDiagnostics } from '../shared/diagnostics.js';
import { type Locale, localeOf, messageText } from '../shared/messages.js';
import type { BuildCommandOptions } from './build.js';
import { describeFailure, EXIT_OK, EXIT_USAGE, type Io } from './command-io.js';
import type { EditionEntry } from './edition-target.js';

/** What one edition of --all gave: its diagnostics, and whether its PDF was written. */
export interface EditionOutcome {
  id: string;
  built: boolean;
  items: Diagnostic[];
}

/** A child of --jobs prints its editions' outcomes on one stderr line starting with this. */
export const OUTCOMES_LINE = 'coopdec-report:outcomes ';

/**
 * `--all` on several cores: pdfmake and the canvas are single-threaded, so the editions are
 * shared round-robin between `jobs` child processes of this CLI, each building its share in
 * turn (one start-up per process, not per edition); their output is passed through, and their
 * diagnostics gathered and printed once for all editions.
 */
export async function buildInParallel(editions: EditionEntry[], options: BuildCommandOptions, jobs: number, base: string, io: Io): Promise<number> {
  const bin = cliBinPath();
  const shares = Array.from({ length: Math.min(jobs, editions.length) }, (_, i) => editions.filter((_, k) => k % jobs === i));
  const outDir = dirname(editions[0]!.output);
  const outcomes: EditionOutcome[] = [];
  const runOne = (share: EditionEntry[]) =>
    new Promise<number>((done) => {
      const args = [
        bin,
        'build',
        ...(options.data !== undefined ? ['--data', options.data] : []),
        '--all',
        '--only',
        share.map((e) => e.id).join(','),
        '--out',
        outDir,
        '--jobs',
        '1',
        '--diagnostics-json',
        ...(options.timings ? ['--timings'] : []),
        ...(options.cache ? [] : ['--no-cache']),
      ];
      const child = spawn(process.execPath, args, { cwd: io.cwd, env: { ...process.env, ...io.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk));
      child.on('close', (code) => {
        if (out.trim()) io.out(out.trimEnd());
        const passed: string[] = [];
        for (const line of err.split('\n')) {
          if (line.startsWith(OUTCOMES_LINE)) outcomes.push(...(JSON.parse(line.slice(OUTCOMES_LINE.length)) as EditionOutcome[]));
          else if (line.trim()) passed.push(line);
        }
        if (passed.length > 0) io.err(passed.join('\n'));
        done(code ?? EXIT_USAGE);
      });
      child.on('error', (error) => {
        const failure = describeFailure(error, io, false);
        io.err(failure.text);
        done(failure.exitCode);
      });
    });
  const codes = await Promise.all(shares.map(runOne));
  const order = new Map(editions.map((e, i) => [e.id, i]));
  outcomes.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  if (outcomes.some((o) => o.items.length > 0 || !o.built)) io.err(formatByEdition(outcomes, base, localeOf(io.env)));
  return Math.max(EXIT_OK, ...codes);
}

/**
 * The diagnostics of --all: each once, prefixed with the edition it belongs to, or with the
 * editions when several share it ("in editions midi-pyrenees-2002-09, -12: …"); then a summary.
 */
export function formatByEdition(outcomes: readonly EditionOutcome[], base: string, locale: Locale = 'en'): string {
  const groups = new Map<string, { diagnostic: Diagnostic; ids: string[] }>();
  for (const outcome of outcomes) {
    for (const diagnostic of outcome.items) {
      const key = formatDiagnostic(diagnostic);
      const group = groups.get(key) ?? { diagnostic, ids: [] };
      groups.set(key, group);
      if (!group.ids.includes(outcome.id)) group.ids.push(outcome.id);
    }
  }
  const byDiagnostic = new Map([...groups.values()].map((group) => [group.diagnostic, group.ids]));
  const sorted = sortDiagnostics([...byDiagnostic.keys()]);
  const lines = sorted.map((d) => {
    const ids = byDiagnostic.get(d)!;
    return `${ids.length === 1 ? ids[0] : messageText('cli/in-editions', { editions: editionList(ids, base) }, locale)}: ${formatDiagnostic(d, locale)}`;
  });
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.length - errors;
  const failed = outcomes.filter((o) => !o.built).map((o) => o.id);
  const built = outcomes.length - failed.length;
  lines.push(messageText('cli/editions-summary', { errors, warnings, built, total: outcomes.length, ...(failed.length > 0 ? { failed: editionList(failed, base) } : {}) }, locale));
  return lines.join('\n');
}

/** "midi-pyrenees-2002-09, -12, -31": the first id in full, the others by what follows the region edition's id. */
export function editionList(ids: readonly string[], base: string): string {
  return ids.map((id, i) => (i > 0 && id.startsWith(`${base}-`) ? id.slice(base.length) : id)).join(', ');
}
