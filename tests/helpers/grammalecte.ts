/** Grammalecte (Debian package grammalecte-cli, installed by scripts/setup.sh) on a text. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface GrammalecteError {
  sRuleId: string;
  sMessage: string;
  nStart: number;
  nEnd: number;
}

const folder = mkdtempSync(join(tmpdir(), 'coopdec-grammalecte-'));

/** Agreement, conjugation and participle rules (g3*, gv*, conj*, ppas*). */
export const GRAMMAR_RULE = /^(g3|gv\d?|conj|ppas)|^g\d__(conj|ppas|gv)/;

/** Every error whose rule id matches, each as "rule: «context» (message)". */
export function grammalecte(name: string, text: string, rule: (id: string) => boolean): string[] {
  const file = join(folder, `${name}.txt`);
  writeFileSync(file, text);
  const output = execFileSync('grammalecte-cli', ['-f', file, '-j'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const result = JSON.parse(output) as { data: { iParagraph: number; lGrammarErrors: GrammalecteError[] }[] };
  const paragraphs = text.split('\n');
  return result.data.flatMap((paragraph) =>
    paragraph.lGrammarErrors
      .filter((error) => rule(error.sRuleId))
      .map((error) => {
        const line = paragraphs[paragraph.iParagraph - 1] ?? '';
        return `${error.sRuleId}: «${line.slice(Math.max(0, error.nStart - 40), error.nEnd + 20)}» (${error.sMessage})`;
      }),
  );
}
