import "server-only";

/**
 * Cross-site request forgery guard for cookie-authenticated writes.
 *
 * SameSite=Lax keeps the session cookie off cross-site POSTs, but not off same-site ones (a
 * sibling subdomain, another port of the same host), and older browsers ignore it. So every
 * unsafe request that is not bearer-authenticated must also come from our own origin:
 *  1. `Sec-Fetch-Site` present: only `same-origin` (our own pages) and `none` (typed by the user)
 *     pass; `same-site` and `cross-site` are refused.
 *  2. Otherwise `Origin` present: it must equal the request's own origin or a trusted origin.
 *  3. Neither header: not a browser (browsers send Origin on every non-GET fetch and form post
 *     since 2020), so there is no ambient-cookie attack to stop; allowed.
 * This is the same algorithm as Go 1.25's net/http CrossOriginProtection. It needs no token in
 * the page, so cached HTML and scripts (curl, the CLI) keep working.
 */
const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether the method changes state (and so needs the origin check). */
export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** Whether an unsafe request may proceed; safe methods always pass. */
export function isSameOriginRequest(req: Request, trustedOrigins: readonly string[]): boolean {
  if (!isUnsafeMethod(req.method)) return true;
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  const origin = req.headers.get("origin");
  if (origin === null) return true;
  if (origin === "null") return false;
  const own = requestOrigin(req);
  return origin === own || trustedOrigins.includes(origin);
}

function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host") || url.host;
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}
