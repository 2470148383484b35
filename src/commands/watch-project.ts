/**
 * `watch`: rebuilds while the report is being written. One process stays up, so what a cold build
 * pays once per run (modules, fonts, parsed templates, drawn charts, JIT-compiled layout code) is
 * paid once per session; the files are watched with the kernel's notifications, no polling.
 */
import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';

/** The folders and files of a project whose change changes a report. */
export const WATCHED = ['content', 'data', 'templates', 'coopdec.yaml'] as const;

/**
 * Editors save in bursts (a temporary file, a rename, a chmod), a few milliseconds long: one
 * rebuild per burst. Every millisecond of it is waited after each save.
 */
const SETTLE_MS = 50;

interface Rebuilder {
  /** Called once per burst of changes, never while the previous call is running. */
  rebuild(changed: readonly string[]): Promise<void>;
}

/**
 * Serialises rebuilds: changes that arrive during a build are gathered and trigger exactly one
 * more build after it. Pure scheduling, no file system: `notify` is called by the watcher.
 */
export function createScheduler(rebuilder: Rebuilder, settleMs = SETTLE_MS, timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis) {
  let pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  const run = async (): Promise<void> => {
    timer = undefined;
    if (running) return; // the running build starts another when it ends
    while (pending.size > 0) {
      const changed = [...pending].sort();
      pending = new Set();
      running = rebuilder.rebuild(changed);
      try {
        await running;
      } finally {
        running = undefined;
      }
    }
  };

  return {
    notify(path: string): void {
      pending.add(path);
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = timers.setTimeout(() => void run(), settleMs);
    },
    /**
     * Runs the session's first build as one of its own: the files are watched from before it
     * starts, and saves made while it runs are not lost but make exactly one rebuild after it.
     */
    async first(build: () => Promise<void>): Promise<void> {
      running = build();
      try {
        await running;
      } finally {
        running = undefined;
      }
      if (timer === undefined) await run();
    },
    /** Resolves when no build runs and none is waiting (for tests and a clean stop). */
    async idle(): Promise<void> {
      while (running || timer !== undefined) await (running ?? new Promise((r) => setTimeout(r, settleMs)));
    },
    stop(): void {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}

/** Whether a changed path is worth a rebuild: editors' swap and backup files are not. */
export function isSourceChange(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return !(name.startsWith('.') || name.endsWith('~') || name.endsWith('.swp') || name.endsWith('.swx') || name === '4913' || /^#.*#$/.test(name));
}

/** Watches the project's sources under `root`; `onChange` gets project-relative paths. */
export function watchProject(root: string, onChange: (path: string) => void, exists: (path: string) => boolean): FSWatcher[] {
  const watchers: FSWatcher[] = [];
  for (const entry of WATCHED) {
    const folder = !entry.includes('.');
    if (!exists(join(root, entry)) && folder) continue;
    // A file is watched through its folder: an editor that saves by renaming a new file over
    // the old one would leave a watcher of the file itself on the old, deleted inode.
    const watcher = folder
      ? watch(join(root, entry), { recursive: true }, (_event, name) => {
          const path = `${entry}/${String(name ?? '')
            .split('\\')
            .join('/')}`;
          if (isSourceChange(path)) onChange(path);
        })
      : watch(root, (_event, name) => {
          if (name === entry) onChange(entry);
        });
    watchers.push(watcher);
  }
  return watchers;
}
