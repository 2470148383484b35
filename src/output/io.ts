/**
 * Writing outputs. A build's outputs (the PDF and the CSV embedded in it) are one transaction:
 * each is written to a temporary file beside its target and fsynced; only when every one is
 * complete are they renamed into place, and when a rename fails the targets already renamed get
 * their previous files back (kept as backups until the end). Temporary files and backups are
 * named `.<name>.<pid>.coopdec-tmp` and `.<name>.<pid>.coopdec-old`, so a build interrupted by a
 * kill leaves files the next build of the same output recognises and removes.
 */
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { systemErrorCode } from '../shared/messages.js';

/** The file-system calls the transaction makes: tests replace one to make it fail. */
export interface OutputFs {
  mkdirSync(path: string, options: { recursive: true }): unknown;
  openSync(path: string, flags: string): number;
  writeSync(fd: number, data: Uint8Array): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  linkSync(existing: string, link: string): void;
  copyFileSync(from: string, to: string): void;
  rmSync(path: string, options: { force: true }): void;
  lstatSync(path: string, options: { throwIfNoEntry: false }): nodeFs.Stats | undefined;
  readdirSync(path: string): string[];
}

export const realOutputFs: OutputFs = nodeFs as unknown as OutputFs;

/** A write that failed: the path it was writing and why (the system's error code, worded by the catalogue). */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    readonly errno: string,
  ) {
    super(`cannot write ${path}: ${errno}`);
  }
}

export interface OutputFile {
  path: string;
  bytes: Uint8Array | string;
}

const TEMPORARY = /^\.(.+)\.(\d+)\.coopdec-(tmp|old)$/;
/** The name earlier versions gave their temporary files: `.<name>.<pid>.tmp`. */
const OLD_TEMPORARY = /^\.(.+)\.(\d+)\.tmp$/;

function temporaryName(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.coopdec-tmp`);
}

function backupName(path: string, pid = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.coopdec-old`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // ours: left by an earlier write of this process (writes are synchronous)
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files and backups of `path` left by a build that was killed: those
 * whose process is no longer alive, or is this one. Another live build's files are left alone.
 */
function removeStaleTemporaries(path: string, fs: OutputFs = realOutputFs): void {
  let names: string[];
  try {
    names = fs.readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMPORARY.exec(name) ?? OLD_TEMPORARY.exec(name);
    if (match && match[1] === basename(path) && !alive(Number(match[2]))) fs.rmSync(join(dirname(path), name), { force: true });
  }
}

function writeTemporary(fs: OutputFs, temporary: string, bytes: Uint8Array | string, durable: boolean): void {
  const fd = fs.openSync(temporary, 'w');
  try {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    let written = 0;
    while (written < data.length) written += fs.writeSync(fd, data.subarray(written));
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes every file or none: after a failure each target holds what it held before (or is still
 * absent), and no temporary file or backup is left. Throws OutputError naming the path.
 */
export function writeOutputs(files: readonly OutputFile[], fs: OutputFs = realOutputFs, { durable = true }: { durable?: boolean } = {}): void {
  const staged: { path: string; temporary: string; backup?: string; renamed: boolean }[] = [];
  let current = files[0]?.path ?? '';
  const cleanUp = () => {
    for (const s of staged) {
      fs.rmSync(s.temporary, { force: true });
      if (s.backup) fs.rmSync(s.backup, { force: true });
    }
  };
  try {
    // 1. Every file to its temporary, fsynced; a target that is not a file fails here, before any rename.
    for (const file of files) {
      current = file.path;
      fs.mkdirSync(dirname(file.path), { recursive: true });
      removeStaleTemporaries(file.path, fs);
      const existing = fs.lstatSync(file.path, { throwIfNoEntry: false });
      // A symlink is replaced, as rename does (its target is left alone); a folder or a device is in the way.
      if (existing && !existing.isFile() && !existing.isSymbolicLink()) throw Object.assign(new Error('not a file'), { code: existing.isDirectory() ? 'EISDIR' : 'EEXIST' });
      const entry: (typeof staged)[number] = { path: file.path, temporary: temporaryName(file.path), renamed: false };
      staged.push(entry);
      writeTemporary(fs, entry.temporary, file.bytes, durable);
      // 2. The previous file kept under a second name (a hard link: the target never goes missing).
      if (existing) {
        entry.backup = backupName(file.path);
        fs.rmSync(entry.backup, { force: true });
        try {
          fs.linkSync(file.path, entry.backup);
        } catch {
          fs.copyFileSync(file.path, entry.backup);
        }
      }
    }
    // 3. The renames; a failure puts back the files already renamed.
    for (const s of staged) {
      current = s.path;
      fs.renameSync(s.temporary, s.path);
      s.renamed = true;
    }
  } catch (error) {
    const failure = new OutputError(current, systemErrorCode(error));
    for (const s of staged.filter((x) => x.renamed)) {
      try {
        if (s.backup) fs.renameSync(s.backup, s.path);
        else fs.rmSync(s.path, { force: true });
      } catch {
        // Nothing more can be done: the error already names the failure.
      }
    }
    try {
      cleanUp();
    } catch {
      // idem
    }
    throw failure;
  }
  cleanUp();
  if (durable)
    syncFolders(
      fs,
      staged.map((s) => dirname(s.path)),
    );
}

/** The renames made durable: each folder fsynced (where the system allows opening a folder). */
function syncFolders(fs: OutputFs, dirs: string[]): void {
  for (const dir of new Set(dirs)) {
    try {
      const fd = fs.openSync(dir, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // Not every system can fsync a folder; the files themselves are synced.
    }
  }
}

/** Writes bytes atomically: a failed or interrupted write leaves the previous file untouched. */
export function writeFileAtomic(path: string, bytes: Uint8Array | string, fs: OutputFs = realOutputFs): void {
  writeOutputs([{ path, bytes }], fs);
}
