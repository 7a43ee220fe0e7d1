/**
 * Writing a file the user named (an output of a command, a page of an export). A failure while
 * writing — a full disk, `/dev/full` — comes from `write`, which names no file: the error gets the
 * file's path, so that the report says which file could not be written.
 */
import { writeFileSync } from 'node:fs';

export function writeOutputFile(file: string, data: string | Uint8Array): void {
  try {
    writeFileSync(file, data);
  } catch (error) {
    if (typeof error === 'object' && error !== null && !('path' in error))
      Object.assign(error, { path: file });
    throw error;
  }
}
