/**
 * Reading input files safely. A path given to us may be a symlink to `/dev/zero`, a FIFO that
 * never ends, or a file that grows while we read it; `readFileSync` would wait forever or run out
 * of memory. So a file is read only when it is a regular file (checked before opening, and again
 * with `fstat` on the opened descriptor, which cannot be swapped under us), and never more than
 * the size limit is read. The bytes are then decoded as strict UTF-8.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { fileIssue, type Issue } from '../issues/issue.js';
import { decodeUtf8 } from './utf8.js';
import { MAX_YAML_BYTES, parseYamlSource, type YamlSource } from './yaml-source.js';

/** Opening a FIFO for reading would block until a writer appears; non-blocking open does not. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of a regular file of at most `limit` bytes; anything else (missing, a folder, a
 * device, a FIFO, too large, unreadable) becomes an issue, never a throw.
 */
export function readFileBytes(
  file: string,
  limit: number,
): { bytes: Buffer } | { issues: Issue[] } {
  let fd: number | null = null;
  try {
    const before = statSync(file); // follows symlinks: what the path points to
    if (!before.isFile()) return { issues: [notRegular(file, before.isDirectory())] };
    fd = openSync(file, OPEN_FLAGS);
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { issues: [notRegular(file, opened.isDirectory())] };
    if (opened.size > limit) return { issues: [tooLarge(file, limit)] };
    const bytes = readAtMost(fd, limit + 1);
    if (bytes.length > limit) return { issues: [tooLarge(file, limit)] }; // it grew meanwhile
    return { bytes };
  } catch (error) {
    return { issues: [unreadable(file, (error as NodeJS.ErrnoException).code)] };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A regular file's text, strictly decoded as UTF-8 (`invalid-utf8` at the first bad byte). */
export function readTextFile(file: string, limit: number): { text: string } | { issues: Issue[] } {
  const read = readFileBytes(file, limit);
  return 'issues' in read ? read : decodeUtf8(file, read.bytes);
}

/** Reads and parses a YAML file; a missing or unreadable file becomes an issue, never a throw. */
export function readYamlFile(file: string): YamlSource | { issues: Issue[] } {
  const read = readTextFile(file, MAX_YAML_BYTES);
  return 'issues' in read ? read : parseYamlSource(file, read.text);
}

export function isYamlSource(value: YamlSource | { issues: Issue[] }): value is YamlSource {
  return 'locate' in value;
}

/** Reads from `fd` until end of file or until `max` bytes are in. */
function readAtMost(fd: number, max: number): Buffer {
  const buffer = Buffer.alloc(Math.min(max, 64 * 1024));
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < max) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, max - total), null);
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

function notRegular(file: string, directory: boolean): Issue {
  return directory
    ? fileIssue(file, 'file-not-found', 'is a directory, not a file')
    : fileIssue(
        file,
        'not-a-regular-file',
        'is not a regular file (a device, pipe or socket, or a link to one): not read',
      );
}

function tooLarge(file: string, limit: number): Issue {
  return fileIssue(file, 'file-too-large', `file is larger than ${limit} bytes`);
}

function unreadable(file: string, code: string | undefined): Issue {
  return fileIssue(
    file,
    'file-not-found',
    code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'unknown error'})`,
  );
}
