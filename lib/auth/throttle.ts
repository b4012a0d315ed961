/**
 * Login throttling policy (pure): how long sign-ins for a key must wait after its failures.
 *
 * Keys are a username (`user:<name>`) and a client address (`addr:<address>`). The first few
 * failures are free (typos); after that every failure doubles the wait, up to a cap. The cap is
 * what keeps a stranger from locking a user out for good: failing on purpose can delay the
 * admin's sign-in by at most USERNAME_CAP_MS at a time, never refuse it permanently, while the
 * stranger's own address waits up to ADDRESS_CAP_MS. Failures older than FORGET_AFTER_MS are
 * forgotten, and a successful sign-in clears the username's count.
 */
export const FREE_FAILURES = 3;
export const BASE_DELAY_MS = 1_000;
/** Per username: bounded so nobody can keep a user (the admin included) out for long. */
export const USERNAME_CAP_MS = 60_000;
/** Per client address: a guessing client slows down much further. */
export const ADDRESS_CAP_MS = 15 * 60_000;
export const FORGET_AFTER_MS = 60 * 60_000;

export type ThrottleKeyKind = "user" | "addr";

/** The wait after `failures` consecutive failures (0 while within the free ones). */
export function delayAfter(failures: number, kind: ThrottleKeyKind): number {
  if (failures <= FREE_FAILURES) return 0;
  const cap = kind === "user" ? USERNAME_CAP_MS : ADDRESS_CAP_MS;
  const exponent = Math.min(failures - FREE_FAILURES - 1, 30);
  return Math.min(BASE_DELAY_MS * 2 ** exponent, cap);
}
