/**
 * Who may manage which account. Managing accounts at all is the workflow's index action
 * `manage-accounts` (admins and coordinators); within it, admins are managed by admins only, and
 * nobody disables or resets their own account: disabling oneself would lock the last admin out,
 * and a reset link would let whoever holds a session set a new password without knowing the
 * current one (the account page asks for it). Pure: no I/O.
 */
import { characterCount } from '../source/characters.js';
import type { Role } from '../storage/account-repository.js';

export type AccountAction = 'create' | 'disable' | 'enable' | 'reset-password';

export type AccountDecision = { allowed: true } | { allowed: false; message: string };

const WORDS: Record<AccountAction, string> = {
  create: 'create',
  disable: 'disable',
  enable: 're-enable',
  'reset-password': 'make password reset links for',
};

/**
 * `actor` manages accounts already (checked by the index action); `target` is the account acted
 * on (for `create`: the role asked for, no id yet).
 */
export function mayManageAccount(
  actor: { id: number; role: Role },
  target: { id?: number; role: Role },
  action: AccountAction,
): AccountDecision {
  if (target.role === 'admin' && actor.role !== 'admin')
    return { allowed: false, message: `only admins ${WORDS[action]} admins` };
  if (target.id === actor.id && action === 'disable')
    return { allowed: false, message: 'you cannot disable your own account' };
  if (target.id === actor.id && action === 'reset-password')
    return {
      allowed: false,
      message: 'change your own password on your account page, which asks for the current one',
    };
  return { allowed: true };
}

/** The longest email address an account may have (the length SMTP allows a path). */
const MAX_EMAIL_LENGTH = 254;
/** The longest name an account may have. */
const MAX_NAME_LENGTH = 200;

/**
 * What is wrong with `email` as an account's sign-in name, or null. Printable ASCII only, one
 * `@` with text on both sides: a look-alike written with other characters (`ｅxp@x.org`) would
 * be a second account that reads as the first.
 */
export function accountEmailProblem(email: string): string | null {
  if (!/^[\x21-\x3f\x41-\x7e]+@[\x21-\x3f\x41-\x7e]+$/.test(email))
    return 'must be an email address written in plain ASCII (name@example.org)';
  if (email.length > MAX_EMAIL_LENGTH) return `must be at most ${MAX_EMAIL_LENGTH} characters long`;
  return null;
}

/** What is wrong with `name` as an account's display name, or null. */
export function accountNameProblem(name: string): string | null {
  if (name.trim() === '') return 'is required';
  if (characterCount(name) > MAX_NAME_LENGTH)
    return `must be at most ${MAX_NAME_LENGTH} characters long`;
  // Control characters (line breaks, escapes) have no place in a name shown in pages and logs.
  if (/\p{Cc}/u.test(name)) return 'must not contain control characters';
  return null;
}
