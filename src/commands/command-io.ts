/**
 * What every command shares: the process's streams and environment (Io), the exit codes, usage
 * errors, and how diagnostics and failures are printed, in the reader's language.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { BuildResult } from '../build-report.js';
import { PACKAGE_VERSION } from '../installed-package.js';
import { OutputError, type OutputFs } from '../output/io.js';
import { formatDiagnostics, oneLine } from '../shared/diagnostics.js';
import { type CatalogueLine, type Code, catalogueLine, errorPrefix, type Locale, lineText, localeOf, messageText, type ParamsOf, render, severityWord } from '../shared/messages.js';

/** Exit codes: done; bad input or a failed write (diagnostics say which); bad usage. */
export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;
/** A bug of the generator, not of the input: the message says how to report it. */
export const EXIT_INTERNAL = 3;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The file-system calls that write outputs (tests make one fail); default: node:fs. */
  outputFs?: OutputFs;
}

/** Bad usage (exit 2): a line of the catalogue, said in the reader's language when printed. */
export class UsageError extends Error {
  constructor(readonly line: CatalogueLine) {
    super(lineText(line, 'en'));
  }
  /** Its text in a language. */
  say(locale: Locale): string {
    return lineText(this.line, locale);
  }
}

/** A usage error from the catalogue. */
export function usage<C extends Code>(code: C, params: ParamsOf<C>): UsageError {
  return new UsageError(catalogueLine(code, params));
}

/** A line of the catalogue in the reader's language. */
export function say<C extends Code>(io: Io, code: C, params: ParamsOf<C>): string {
  return messageText(code, params, localeOf(io.env));
}

/** What a failed run wrote. */
export const NOTHING_WRITTEN = { kind: 'nothing-written' } as const;

export const BUILT = { kind: 'built' } as const;

/**
 * What a command that stopped on an exception prints, and its exit code: bad usage (2), a write
 * or another system call that failed (1: the files or the machine, said with the system's
 * reason in the reader's language), else a bug of the generator (3).
 */
export function describeFailure(error: unknown, io: Io, debug: boolean): { text: string; exitCode: number } {
  const locale = localeOf(io.env);
  if (error instanceof UsageError) return { text: `${errorPrefix(locale)}${oneLine(error.say(locale))}`, exitCode: EXIT_USAGE };
  if (error instanceof OutputError) {
    const message = say(io, 'output/write-failed', { path: shownPath(error.path, io.cwd), errno: error.errno, nothing: true });
    return { text: `${severityWord('error', locale)}[output/write-failed]: ${oneLine(message)}`, exitCode: EXIT_DATA };
  }
  if (isSystemError(error)) {
    const path = error.path === undefined ? {} : { path: error.syscall.startsWith('spawn') ? error.path : shownPath(error.path, io.cwd) };
    const lines = [`${errorPrefix(locale)}${oneLine(say(io, 'cli/system-error', { operation: operationOf(error.syscall), ...path, errno: error.code }))}`];
    if (debug && error.stack) lines.push(error.stack);
    return { text: lines.join('\n'), exitCode: EXIT_DATA };
  }
  return { text: internalError(error, debug, locale), exitCode: EXIT_INTERNAL };
}

/** An error of a system call (node:fs, node:child_process): it has an errno code and the call's name. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string; syscall: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** What a system call was doing, in the user's terms. */
function operationOf(syscall: string): 'read' | 'write' | 'run' | 'other' {
  if (syscall.startsWith('spawn')) return 'run';
  if (/^(open|read|stat|lstat|fstat|scandir|opendir|readlink|realpath|access)$/.test(syscall)) return 'read';
  if (/^(write|mkdir|mkdtemp|rename|unlink|rmdir|rm|link|symlink|copyfile|fsync|ftruncate|chmod|utime)$/.test(syscall)) return 'write';
  return 'other';
}

/** A path in a message: relative to the working folder, with forward slashes. */
export function shownPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return path;
  return relative(cwd, path).split(sep).join('/') || path;
}

/** A bug's report: what failed, that the input is not to blame, how to report it. */
export function internalError(error: unknown, debug: boolean, locale: Locale = 'en'): string {
  const detail = oneLine(error instanceof Error ? error.message : String(error));
  const text = render('cli/internal-error', { detail, version: PACKAGE_VERSION }, locale)!;
  const lines = [text.message, `   = ${text.hint}`];
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  else lines.push(`   = ${messageText('cli/debug-advice', {}, locale)}`);
  return lines.join('\n');
}

export function reportDiagnostics(result: BuildResult, io: Io, failure: typeof NOTHING_WRITTEN): number {
  if (result.diagnostics.items.length === 0) return EXIT_OK;
  const failed = result.diagnostics.hasErrors;
  io.err(formatDiagnostics(result.diagnostics.items, failed ? failure : BUILT, localeOf(io.env)));
  return failed ? EXIT_DATA : EXIT_OK;
}

/** A written file as the user can open it: relative to where the command ran, or absolute outside it. */
export function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown === '' ? '.' : shown.startsWith('..') ? path : shown;
}

/** 9999-12-31T23:59:59Z: a PDF date has four digits for the year. */
const MAX_SOURCE_DATE_EPOCH = 253402300799;

/** SOURCE_DATE_EPOCH (reproducible builds) when set; otherwise the pipeline uses the edition's year. */
export function creationDate(env: NodeJS.ProcessEnv): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d+$/.test(epoch) || Number(epoch) > MAX_SOURCE_DATE_EPOCH) {
    throw usage('usage/source-date-epoch', { max: MAX_SOURCE_DATE_EPOCH, value: epoch.length > 40 ? `${epoch.slice(0, 40)}…` : epoch });
  }
  return new Date(Number(epoch) * 1000);
}
