/**
 * Writing a file or folder the user named (an output of a command, a page of an export). A failure
 * while writing — a full disk, `/dev/full` — comes from `write`, which names no file: the error gets
 * the file's path, so that the report says which file could not be written.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function writeOutputFile(file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data);
  } catch (error) {
    if (typeof error === 'object' && error !== null && !('path' in error))
      Object.assign(error, { path: file });
    throw error;
  }
}

/**
 * Creates the folder `dir` and the folders missing above it, as `mkdirSync(dir, { recursive: true
 * })` does, one level at a time: Node 20's recursive `mkdir` never returns for a path under
 * `/proc` (it retries the missing parent without end), which hung `export-site --out /proc/x`.
 * Throws as `mkdirSync` does (ENOENT, EACCES, EEXIST for a file in the way), naming the folder.
 */
export function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  if (missing.length === 0 && !statSync(dir).isDirectory()) mkdirSync(dir); // EEXIST, as Node's
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by someone else: what was wanted.
      if (!(existsSync(folder) && statSync(folder).isDirectory())) throw error;
    }
  }
}
