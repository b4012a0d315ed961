/**
 * Domain names in Calico Enterprise DNS policy (`destination.domains`, NetworkSet
 * `allowedEgressDomains`): an exact name, or a name with one `*` label that matches one or more
 * labels at that position (`*.google.com`, `www.*.com`). Pure; never throws.
 */

const LABEL_RE = /^[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9_])?$/;

/** Why `domain` is not a valid domain or wildcard pattern, or undefined when it is. */
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
    if (label.includes("*")) return bad("a wildcard must be a whole label (\"*.example.com\")");
    if (!LABEL_RE.test(label)) return bad("each label must be 1-63 letters, digits, '-' or '_', not starting or ending with '-'");
  }
  if (wildcards > 1) return bad("at most one '*' is allowed");
  if (wildcards === 1 && labels.length < 2) return bad("a wildcard needs at least one fixed label");
  return undefined;
}
