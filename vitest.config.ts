import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Generous: the Grammalecte and --all tests take 20-40 s on an idle 2-core machine and went
    // past 60 s on a loaded one; a limit is there to stop a hang, not to time the build.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Builds are CPU-bound: two files at a time on a 2-core machine.
    maxWorkers: 2,
    // Messages are in French under a French locale (src/shared/messages.ts): the tests read the English
    // ones, whatever the machine's locale; tests/messages.test.ts sets LANG=fr_FR.UTF-8 itself.
    env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
  },
});
