/** Command-line conventions: --version, and a mistyped command refused with the nearest one. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from './helpers/project.js';

describe('the command line', () => {
  it('prints its version', async () => {
    const run = await runCli(['--version'], PROJECT_ROOT);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe((JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('refuses an unknown command and suggests the nearest (exit 2)', async () => {
    const run = await runCli(['biuld'], PROJECT_ROOT);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "biuld" \(did you mean "build"\?\)/);
    const far = await runCli(['zzzzzz'], PROJECT_ROOT);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toMatch(/did you mean/);
  });

  it('still takes options alone as the default build and "help" as a command', async () => {
    expect((await runCli(['help', 'check'], PROJECT_ROOT)).stdout).toMatch(/Usage: coopdec-report check/);
  });
});

describe('an internal failure', () => {
  it('is exit code 3, says it is a bug and how to report it; --debug prints the stack', async () => {
    const { internalError, EXIT_INTERNAL } = await import('../src/commands/command-io.js');
    expect(EXIT_INTERNAL).toBe(3);
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const plain = internalError(bug, false);
    expect(plain).toMatch(/^internal error: Cannot read properties of undefined \(reading 'x'\)\n {3}= this is a bug of coopdec-report \d+\.\d+\.\d+, not of your files: please report it/);
    expect(plain).toContain('--debug');
    expect(plain).not.toContain('at ');
    const debug = internalError(bug, true);
    expect(debug).toContain(bug.stack!.split('\n')[1]!.trim());
  });
});
