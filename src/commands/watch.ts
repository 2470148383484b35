/** `watch`: the glue between the build command and the file watcher (src/commands/watch-project.ts). */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChartCache } from '../charts/chart-cache.js';
import { type BuildCommandOptions, chartCacheIn, commandBuild } from './build.js';
import { describeFailure, displayPath, EXIT_OK, type Io, say } from './command-io.js';
import { resolveEdition } from './edition-target.js';
import { createScheduler, WATCHED, watchProject } from './watch-project.js';

/**
 * `watch`: one build, then one per burst of saves, in this process (warm: fonts, templates,
 * charts and compiled code stay loaded). A broken save prints its diagnostics and writes nothing,
 * so the last good PDF stays open in the viewer. Ends on Ctrl-C (SIGINT) or SIGTERM.
 */
export async function commandWatch(options: BuildCommandOptions, io: Io): Promise<number> {
  const { world } = resolveEdition(options.data, io);
  // Charts drawn in this session stay in memory (they never left the process: no check needed
  // to trust them again), in front of the cache on disk.
  const memory = new Map<string, string>();
  const disk = options.cache ? chartCacheIn(options.out.toLowerCase().endsWith('.pdf') ? dirname(options.out) : options.out, io) : undefined;
  const chartCache: ChartCache = {
    where: disk?.where ?? 'memory',
    get: (key) => {
      const kept = memory.get(key);
      return kept !== undefined ? { svg: kept } : disk?.get(key);
    },
    set: (key, svg) => {
      memory.set(key, svg);
      return disk?.set(key, svg);
    },
  };
  const buildOnce = async () => {
    try {
      await commandBuild(options, io, { chartCache });
    } catch (error) {
      io.err(describeFailure(error, io, io.env.COOPDEC_DEBUG === '1').text);
    }
  };
  const scheduler = createScheduler({
    rebuild: async (changed) => {
      io.out(say(io, 'cli/changed', { clock: clock(), ...(changed.length === 1 ? { file: changed[0]! } : {}), files: changed.length }));
      await buildOnce();
    },
  });
  // Watched from before the first build: a save made while it runs makes one rebuild after it.
  const watchers = watchProject(world.root, (path) => scheduler.notify(path), existsSync);
  await scheduler.first(async () => {
    await buildOnce();
    io.out(say(io, 'cli/watching', { folders: [...WATCHED], root: displayPath(world.root, io.cwd) }));
  });
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  scheduler.stop();
  for (const watcher of watchers) watcher.close();
  await scheduler.idle();
  return EXIT_OK;
}

/** "14:03:07": when a rebuild started, for the user watching the terminal. */
function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}
