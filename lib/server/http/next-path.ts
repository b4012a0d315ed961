/**
 * Post-login destinations (`/login?next=…`). Shared by the login page and proxy.ts (edge
 * runtime), so this file has no `server-only` import and no Node APIs.
 *
 * The check parses `next` with the WHATWG URL parser against the console's origin and accepts
 * it only when the result stays on that origin. Comparing strings is not enough: the parser
 * drops tabs and newlines (`/%09/evil.example` becomes `//evil.example`, another host) and
 * reads `\` as `/`, exactly as the browser will when it follows the redirect.
 */

/** Stands in for the console's origin when the caller does not know it. */
const PLACEHOLDER_ORIGIN = "http://console.palisade.invalid";

/**
 * A same-origin path (`/flows?x=1#y`) for `next`, or `/` for anything else: another origin, a
 * scheme (`javascript:`), a protocol-relative or backslash form, control characters, or text
 * that does not parse. `origin` is the request's origin (`https://console.example.com`); an
 * absolute URL on that origin is accepted and reduced to its path. Never throws.
 */
export function safeNextPath(next: string | undefined, origin: string = PLACEHOLDER_ORIGIN): string {
  if (next === undefined || next === "" || next.length > 2048) return "/";
  // Control characters never belong in a path; the parser would silently drop some of them.
  // oxlint-disable-next-line no-control-regex -- matching control characters is the point here
  if (/[\u0000-\u001f\u007f]/.test(next)) return "/";
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin || url.username !== "" || url.password !== "") return "/";
  // `/.//evil.example` normalises to the path `//evil.example`, which a browser would read as
  // protocol-relative when it is sent back in a Location header.
  if (url.pathname.startsWith("//") || url.pathname.startsWith("/\\")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
