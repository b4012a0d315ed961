/**
 * Domain-name matching for `destination.domains` and `allowedEgressDomains`, per Calico's
 * "DNS policy" docs: a name without `*` matches exactly that name; a single `*` matches one or
 * more whole labels at its position, so `*.google.com` matches `www.google.com` and
 * `www.ipv6.google.com` but not `google.com`, and `www.*.com` does not match `www.com`.
 * DNS names compare case-insensitively and a trailing dot is ignored.
 */

export type DomainPattern = { readonly kind: "exact"; readonly name: string } | { readonly kind: "wildcard"; readonly re: RegExp };

function normalise(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles a configured domain name. Never throws. */
export function compileDomain(pattern: string): DomainPattern {
  const p = normalise(pattern);
  if (!p.includes("*")) return { kind: "exact", name: p };
  // Each `*` stands for one or more non-empty labels: `label(.label)*`.
  const body = p.split("*").map(escapeRe).join("[^.]+(?:\\.[^.]+)*");
  return { kind: "wildcard", re: new RegExp(`^${body}$`) };
}

/** True when the domain matches the pattern. */
export function matchesDomain(pattern: DomainPattern, domain: string): boolean {
  const d = normalise(domain);
  return pattern.kind === "exact" ? pattern.name === d : pattern.re.test(d);
}

/** True when the domain matches any of the patterns. */
export function matchesAnyDomain(patterns: readonly DomainPattern[], domain: string): boolean {
  for (const p of patterns) if (matchesDomain(p, domain)) return true;
  return false;
}
