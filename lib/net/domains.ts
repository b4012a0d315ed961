/**
 * Domain names and domain patterns, the one home for them: DNS policy's `destination.domains`,
 * network sets' `allowedEgressDomains` and threat feeds' domain lists are checked, normalised and
 * matched here. Per Calico's "DNS policy" docs: a name without `*` matches exactly that name; a
 * single `*` label matches one or more whole labels at its position, so `*.google.com` matches
 * `www.google.com` and `www.ipv6.google.com` but not `google.com`, and `www.*.com` does not match
 * `www.com`. DNS names compare case-insensitively and a trailing dot is ignored. Pure; never throws.
 */

export type DomainPattern = { readonly kind: "exact"; readonly name: string } | { readonly kind: "wildcard"; readonly re: RegExp };

/** The form names are compared in: trimmed, lower case, no trailing dot. */
export function normaliseDomain(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles a configured domain name. Never throws. */
export function compileDomain(pattern: string): DomainPattern {
  const p = normaliseDomain(pattern);
  if (!p.includes("*")) return { kind: "exact", name: p };
  // Each `*` stands for one or more non-empty labels: `label(.label)*`.
  const body = p.split("*").map(escapeRe).join("[^.]+(?:\\.[^.]+)*");
  return { kind: "wildcard", re: new RegExp(`^${body}$`) };
}

/** True when the domain matches the pattern. */
export function matchesDomain(pattern: DomainPattern, domain: string): boolean {
  const d = normaliseDomain(domain);
  return pattern.kind === "exact" ? pattern.name === d : pattern.re.test(d);
}

/** True when the domain matches any of the patterns. */
export function matchesAnyDomain(patterns: readonly DomainPattern[], domain: string): boolean {
  for (const p of patterns) if (matchesDomain(p, domain)) return true;
  return false;
}

const LABEL_RE = /^[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9_])?$/;

/**
 * Why `domain` is not a valid domain name or wildcard pattern (the validator's rules: labels of
 * letters, digits, `-` and `_`, at most one whole-label `*` beside at least one fixed label), or
 * undefined when it is.
 */
export function checkDomain(domain: string): string | undefined {
  const bad = (why: string): string => `invalid domain "${domain}": ${why}`;
  if (domain === "") return bad("must not be empty");
  if (domain.length > 253) return bad("must be no more than 253 characters");
  const labels = domain.endsWith(".") ? domain.slice(0, -1).split(".") : domain.split(".");
  let wildcards = 0;
  for (const label of labels) {
    if (label === "*") {
      wildcards++;
      continue;
    }
    if (label.includes("*")) return bad('a wildcard must be a whole label ("*.example.com")');
    if (!LABEL_RE.test(label)) return bad("each label must be 1-63 letters, digits, '-' or '_', not starting or ending with '-'");
  }
  if (wildcards > 1) return bad("at most one '*' is allowed");
  if (wildcards === 1 && labels.length < 2) return bad("a wildcard needs at least one fixed label");
  return undefined;
}
