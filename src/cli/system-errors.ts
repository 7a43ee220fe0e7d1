/**
 * Failures of the system around a command — a folder that does not exist, a file where a folder
 * should be, a port in use, a database file that is not a database — are mistakes in what the
 * user gave us or conditions of the machine, not bugs in the program. The command line turns
 * them, all in this one place, into one line that says what could not be done to which path and
 * why, with exit 1; only what remains is reported as an internal error (exit 70).
 */
import { databasePath } from '../storage/database.js';

interface SystemError {
  code: string;
  syscall: string;
  message: string;
  path?: string;
  dest?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

/** What could not be done, by system call. */
const ACTIONS: Record<string, string> = {
  open: 'cannot open',
  read: 'cannot read',
  write: 'cannot write',
  mkdir: 'cannot create the folder',
  scandir: 'cannot read the folder',
  opendir: 'cannot read the folder',
  rename: 'cannot move',
  copyfile: 'cannot copy',
  unlink: 'cannot remove',
  rmdir: 'cannot remove the folder',
  rm: 'cannot remove',
  stat: 'cannot access',
  lstat: 'cannot access',
  access: 'cannot access',
  listen: 'cannot listen on',
  bind: 'cannot listen on',
  getaddrinfo: 'cannot find the host',
};

/** Why, by error code. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EEXIST: 'something with that name already exists',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTEMPTY: 'the folder is not empty',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EBUSY: 'the resource is busy',
  EXDEV: 'cannot move across file systems',
  EADDRINUSE: 'the address is already in use (another server? choose another --port)',
  EADDRNOTAVAIL: 'this machine has no such address (check --host)',
  ENOTFOUND: 'unknown host (check --host)',
};

/** SQLite result codes that describe the database file or the machine, not our SQL. */
const SQLITE_REASONS: [prefix: string, reason: string][] = [
  ['SQLITE_CANTOPEN', 'cannot open the database file (is the path a folder, or not writable?)'],
  ['SQLITE_NOTADB', 'the file is not a SQLite database'],
  ['SQLITE_CORRUPT', 'the database file is damaged (restore it from a backup)'],
  ['SQLITE_READONLY', 'the database file is read-only'],
  ['SQLITE_BUSY', 'the database is locked by another process; try again'],
  ['SQLITE_LOCKED', 'the database is locked by another process; try again'],
  ['SQLITE_FULL', 'the disk is full'],
  ['SQLITE_IOERR', 'input/output error on the database file'],
  ['SQLITE_PERM', 'permission denied on the database file'],
];

/**
 * One line describing a system failure (without the command name), or null when `error` is not
 * one and must be treated as a bug.
 */
export function systemFailureMessage(error: unknown): string | null {
  if (isSystemError(error)) {
    const action = ACTIONS[error.syscall] ?? `${error.syscall} failed on`;
    const reason =
      error.code === 'EEXIST' && error.syscall === 'mkdir'
        ? 'a file with that name already exists'
        : (REASONS[error.code] ?? firstLine(error.message));
    return `${action} ${target(error)}: ${reason} (${error.code})`;
  }
  const sqlite = sqliteCode(error);
  if (sqlite) {
    const match = SQLITE_REASONS.find(([prefix]) => sqlite.startsWith(prefix));
    if (match) return `database ${databasePath()}: ${match[1]} (${sqlite})`;
  }
  return null;
}

function isSystemError(error: unknown): error is SystemError {
  const e = error as Partial<SystemError> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.code === 'string' &&
    /^E[A-Z0-9]+$/.test(e.code) &&
    typeof e.syscall === 'string'
  );
}

function target(error: SystemError): string {
  if (error.path !== undefined) return error.dest ? `${error.path} → ${error.dest}` : error.path;
  if (error.hostname !== undefined) return error.hostname;
  if (error.address !== undefined)
    return error.port !== undefined ? `${error.address}:${error.port}` : error.address;
  return '(unknown)';
}

function sqliteCode(error: unknown): string | null {
  const e = error as { name?: unknown; code?: unknown } | null;
  return e && e.name === 'SqliteError' && typeof e.code === 'string' ? e.code : null;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}
