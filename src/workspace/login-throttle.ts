/**
 * When sign-in attempts are refused (429) before any password is checked. Pure: the counts come
 * from the login repository.
 *
 * Failures are counted in a sliding window per account and address (someone mistyping, or one
 * attacker on one account), per account from any address (guessing one account from many
 * addresses), per address for any account (password spraying: a few passwords tried on many
 * accounts), and overall (a broad attack from many addresses: every browser that has not signed
 * in before waits until it subsides). Refused attempts are not counted, so waiting always ends.
 *
 * Locking the real user out. Account-wide limits let anyone keep an account locked by failing on
 * purpose. So a browser that has signed in to the account before carries a device cookie, and
 * its attempts on that account are counted only against that device (5 per window): failures
 * from other addresses and browsers, however many, never lock it out. A user on a new browser
 * during an attack on their account waits until the attack stops (at most the window after the
 * last counted failure), or follows a reset link from a coordinator, which marks that browser as
 * theirs.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** The limits and the counts they apply to are defined beside the repository that counts. */
export { LOGIN_LIMITS, type FailureCounts } from '../storage/login-limits.js';
import { LOGIN_LIMITS, type FailureCounts } from '../storage/login-limits.js';

export type ThrottleReason = 'account-and-address' | 'account' | 'address' | 'overall' | 'device';

/** The limit that refuses the attempt, or null when it may go ahead. */
export function throttleReason(
  counts: FailureCounts,
  limits: typeof LOGIN_LIMITS = LOGIN_LIMITS,
): ThrottleReason | null {
  if (counts.device !== null) return counts.device >= limits.perDevice ? 'device' : null;
  if (counts.pair >= limits.perAccountAndAddress) return 'account-and-address';
  if (counts.address >= limits.perAddress) return 'address';
  if (counts.account >= limits.perAccount) return 'account';
  if (counts.overall >= limits.overall) return 'overall';
  return null;
}

/** What the refused user reads: why, and what to do. */
export function throttleMessage(reason: ThrottleReason): string {
  const wait = `Wait ${LOGIN_LIMITS.windowMinutes} minutes and try again`;
  switch (reason) {
    case 'account-and-address':
    case 'device':
      return `Too many failed attempts. ${wait}.`;
    case 'address':
      return `Too many failed attempts from your network. ${wait}.`;
    case 'account':
      return `Too many failed attempts on this account. ${wait}, or ask a coordinator for a password reset link.`;
    case 'overall':
      return `Sign-in is slowed down because of many failed attempts. ${wait}; browsers that signed in before are not affected.`;
  }
}

/**
 * The address a failure is counted against: IPv4 as is (also when written IPv4-mapped), IPv6 by
 * its /64 prefix, since one connection usually holds a whole /64 and could rotate within it.
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right]
    : left;
  return groups.map((g) => (g.includes('.') ? g : g.toLowerCase().replace(/^0+(?=.)/, '')));
}
