/**
 * Preloaded into every benchmarked build through NODE_OPTIONS="--import=<this file>", so that
 * the CLI's own child processes (`build --all` shares the editions between `--jobs` processes)
 * load it too. At exit, each process appends "<pid> <peak RSS in KiB>"
 * (process.resourceUsage().maxRSS) to the file named by BENCH_RSS_FILE. Node reports no rusage
 * of child processes, so every process reports its own.
 */
import { appendFileSync } from 'node:fs';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      appendFileSync(target, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Never change the outcome of the measured build.
    }
  });
}
