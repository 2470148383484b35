/**
 * Preloaded into every benchmarked build (`node --import <this file> bin/coopdec-report.js ...`):
 * at exit, writes the process's peak resident set size (process.resourceUsage().maxRSS, in KiB)
 * to the file named by BENCH_RSS_FILE. Node reports no rusage of child processes, so the child
 * reports its own.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      writeFileSync(target, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Never change the outcome of the measured build.
    }
  });
}
