import { type Code, countText, hintPrefix, type Locale, type Outcome, outcomeText, type Params, type ParamsOf, render, severityWord } from './messages.js';

/**
 * Problems are values: every stage adds Diagnostics to a collector instead of throwing, so one run
 * reports every problem at once, in the compiler format `path:line:col: error[code]: message`.
 */

type Severity = 'error' | 'warning';

export interface Position {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** A spreadsheet cell ("Registre!B12"), printed instead of line:column; line is then its row. */
  cell?: string;
}

export interface Diagnostic {
  severity: Severity;
  /** Permanent `stage/rule` code, e.g. `register/unknown-country`. */
  code: string;
  message: string;
  position: Position;
  hint?: string;
  /**
   * The parameters of its message in the catalogue (src/shared/messages.ts), plain JSON; `message` and
   * `hint` are the English text, rendered again in the reader's language when printed.
   */
  params?: Params;
  /** The catalogue entry its text comes from, when not its code (a register rule reported by import). */
  entry?: string;
}

/** A diagnostic whose text comes from the catalogue: the English text, and the params to render it again. */
export function diagnostic<C extends Code>(severity: Severity, code: C, params: ParamsOf<C>, position: Position): Diagnostic {
  const text = render(code, params as Params, 'en')!;
  return { severity, code, message: text.message, position, ...(text.hint !== undefined ? { hint: text.hint } : {}), params: params as Params };
}

/** Collects the diagnostics of one run. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  /** A problem in the catalogue's words (src/shared/messages.ts). */
  error<C extends Code>(code: C, params: ParamsOf<C>, position: Position): void {
    this.items.push(diagnostic('error', code, params, position));
  }

  warning<C extends Code>(code: C, params: ParamsOf<C>, position: Position): void {
    this.items.push(diagnostic('warning', code, params, position));
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  get errorCount(): number {
    return this.items.filter((d) => d.severity === 'error').length;
  }
}

/** Sorted by file, line, column so the output is stable whatever order stages ran in. */
export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return [...items].sort(
    (a, b) =>
      a.position.file.localeCompare(b.position.file) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

/**
 * The text of a diagnostic in a language: from the catalogue when it has params (the entry of
 * `d.entry`, else of its code), else the English text it carries.
 */
function localText(d: Diagnostic, locale: Locale): { message: string; hint?: string } {
  if (locale === 'en' || !d.params) return { message: d.message, ...(d.hint !== undefined ? { hint: d.hint } : {}) };
  return render(d.entry ?? d.code, d.params, locale) ?? { message: d.message, ...(d.hint !== undefined ? { hint: d.hint } : {}) };
}

/**
 * One diagnostic in the compiler format, with its hint on a second line. In French the
 * machine-readable head keeps its shape (`file:line:col: erreur[code]: message`); the hint line
 * reads `   = conseil : …`.
 */
export function formatDiagnostic(d: Diagnostic, locale: Locale = 'en'): string {
  const { file, line, column, cell } = d.position;
  const text = localText(d, locale);
  const head = `${oneLine(file)}:${cell === undefined ? `${line}:${column}` : oneLine(cell)}: ${severityWord(d.severity, locale)}[${d.code}]: ${oneLine(text.message)}`;
  return text.hint ? `${head}\n${hintPrefix(locale)}${oneLine(text.hint)}` : head;
}

/**
 * Characters a terminal acts on rather than shows: C0 and C1 controls (ESC starts a colour or
 * cursor sequence, CR returns to the line start), DEL, the line and paragraph separators, and the
 * bidirectional controls that reorder what is read (a Trojan-Source line).
 */
const TERMINAL_ACTIVE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * A diagnostic stays one line whatever text it quotes (a key holding a newline, say), and data
 * cannot drive the terminal: a newline reads \n, every other such character \u{1B}-style.
 * The one place every printed diagnostic goes through.
 */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n').replace(TERMINAL_ACTIVE, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/**
 * Every diagnostic, then the summary line the CLI prints ("2 errors, 1 warning, nothing written";
 * « 2 erreurs, 1 avertissement, rien n’écrit »). `outcome` is an Outcome, or English text.
 */
export function formatDiagnostics(items: readonly Diagnostic[], outcome: Outcome | string, locale: Locale = 'en'): string {
  const sorted = sortDiagnostics(items);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.length - errors;
  const lines = sorted.map((d) => formatDiagnostic(d, locale));
  lines.push(`${countText(errors, warnings, locale)}, ${typeof outcome === 'string' ? outcome : outcomeText(outcome, locale)}`);
  return lines.join('\n');
}
