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
