/**
 * How many failed sign-ins are tolerated per window, and the counts the login repository keeps
 * for them. The refusal itself (which limit applies, the message) is the workspace's
 * `login-throttle.ts`; these definitions sit here, below it, because the repository that counts
 * the failures needs them and storage never imports the workspace.
 */
export const LOGIN_LIMITS = {
  windowMinutes: 15,
  /** Failures for one account from one address. */
  perAccountAndAddress: 5,
  /** Failures for one account from any address (browsers without a device cookie). */
  perAccount: 20,
  /** Failures from one address for any account. */
  perAddress: 30,
  /** Failures from everywhere: above this, only known browsers may try. */
  overall: 300,
  /** Failures from one known browser for its account. */
  perDevice: 5,
} as const;

export interface FailureCounts {
  pair: number;
  account: number;
  address: number;
  overall: number;
  /** Failures from the presented device cookie; null when no valid device cookie was sent. */
  device: number | null;
}
