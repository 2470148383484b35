/**
 * The package's own files, as installed: its version and its command. This module stays at the
 * top of src/ (dist/ once compiled): the start-up snapshot gives every module the address of
 * dist/cli.js as import.meta.url (scripts/build-snapshot.mjs), so a path relative to it is right
 * only from dist/ itself.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const PACKAGE_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** bin/coopdec-report.js, the command that runs the CLI (--jobs starts it again). */
export function cliBinPath(): string {
  return fileURLToPath(new URL('../bin/coopdec-report.js', import.meta.url));
}
