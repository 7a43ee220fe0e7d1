/**
 * Password hashing with scrypt (memory-hard, in node:crypto): `scrypt$N$r$p$salt$hash`, salt and
 * hash base64. Verification is constant-time. Parameters travel with each hash, so they can be
 * raised later without invalidating existing accounts.
 *
 * Request handlers use the asynchronous functions: scrypt then runs on libuv's thread pool and
 * the event loop keeps serving other requests during the ~50 ms it takes. Verifying against an
 * unknown account costs exactly what a wrong password costs (one derivation against a dummy hash
 * with the same parameters), so response times do not tell which emails have accounts.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 10;

/** Derives a key from a password: the one expensive step, shared by hashing and verifying. */
export type KeyDerivation = (
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
) => Promise<Buffer>;

const scryptAsync: KeyDerivation = (password, salt, keyLength, options) =>
  new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

let derive: KeyDerivation = scryptAsync;

/**
 * Replaces the key derivation (a test seam: tests wrap the real one to count calls, which shows
 * that every sign-in path costs the same without timing anything). Returns the restore function.
 */
export function useKeyDerivation(replace: (real: KeyDerivation) => KeyDerivation): () => void {
  const previous = derive;
  derive = replace(scryptAsync);
  return () => {
    derive = previous;
  };
}

/**
 * Stands in for the stored hash of an account that does not exist (or has none), with the same
 * parameters as real hashes. Its password is random and was never kept: nothing verifies against
 * it, and `verifyPassword` returns false for a missing hash whatever the result.
 */
const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${randomBytes(SALT_BYTES).toString('base64')}$${randomBytes(KEY_LENGTH).toString('base64')}`;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P });
  return formatHash(salt, hash);
}

/**
 * The synchronous form, for the command line and test setup only (`user add`, fixtures), where
 * no other request waits on the event loop.
 */
export function hashPasswordSync(password: string): string {
  const salt = randomBytes(SALT_BYTES);
  return formatHash(
    salt,
    scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: R, p: P }),
  );
}

/**
 * Whether `password` matches `stored`. A missing or unreadable stored hash still costs one
 * derivation (against the dummy hash) and then answers false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parseHash(stored);
  const { salt, hash, options } = parsed ?? parseHash(DUMMY_HASH)!;
  const actual = await derive(password.normalize('NFC'), salt, hash.length, options);
  const same = actual.length === hash.length && timingSafeEqual(actual, hash);
  return parsed !== null && same;
}

/** What is wrong with a new password and its confirmation (in words for the form), or null. */
export function newPasswordProblem(password: string, confirm: unknown): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `The new password must have at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (confirm !== password) return 'The two new passwords are not the same.';
  return null;
}

/** A readable random password for accounts created without one. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

function formatHash(salt: Buffer, hash: Buffer): string {
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function parseHash(
  stored: string | null,
): { salt: Buffer; hash: Buffer; options: ScryptOptions } | null {
  if (!stored) return null;
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return null;
  const options = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(options).every((v) => Number.isInteger(v) && v > 0)) return null;
  return { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64'), options };
}
