/** `prose`: the edition's prose as plain text, for proofreading. */
import { proseText } from '../prose/prose-text.js';
import { composeOnly } from './check.js';
import type { Io } from './command-io.js';
import { resolveEdition } from './edition-target.js';

export async function commandProse(options: { data?: string; department?: string }, io: Io): Promise<number> {
  const composed = await composeOnly(resolveEdition(options.data, io), options.department, io);
  if (composed.result?.built) io.out(proseText(composed.result.built.composed).trimEnd());
  return composed.code;
}
