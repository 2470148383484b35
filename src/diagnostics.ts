/**
 * Problems are values: every stage adds Diagnostics to a collector instead of throwing, so one run
 * reports every problem at once, in the compiler format `path:line:col: error[code]: message`.
 */

export type Severity = 'error' | 'warning';

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
}

/** Collects the diagnostics of one run. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(code: string, message: string, position: Position, hint?: string): void {
    this.items.push({ severity: 'error', code, message, position, hint });
  }

  warning(code: string, message: string, position: Position, hint?: string): void {
    this.items.push({ severity: 'warning', code, message, position, hint });
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

/** One diagnostic in the compiler format, with its hint on a second line. */
export function formatDiagnostic(d: Diagnostic): string {
  const { file, line, column, cell } = d.position;
  const head = `${oneLine(file)}:${cell === undefined ? `${line}:${column}` : oneLine(cell)}: ${d.severity}[${d.code}]: ${oneLine(d.message)}`;
  return d.hint ? `${head}\n   = hint: ${oneLine(d.hint)}` : head;
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

/** Every diagnostic, then the summary line the CLI prints. */
export function formatDiagnostics(items: readonly Diagnostic[], outcome: string): string {
  const sorted = sortDiagnostics(items);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.length - errors;
  const lines = sorted.map(formatDiagnostic);
  lines.push(`${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${outcome}`);
  return lines.join('\n');
}
