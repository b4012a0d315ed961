/**
 * The policy analyser behind `palisade lint` and the board's finding badges. Pure: it reads a
 * compiled set, the resources it was built from, and (optionally) connections to judge and the
 * rule hits of a flow-history window. Every finding names the policy, the rule (0-based index in
 * its ingress or egress list, as flow logs count) and why.
 *
 * Analyses (each sound: it never reports a rule that some traffic could reach):
 * - shadowed-rule: an earlier terminal rule (Allow, Deny, Pass) of the same policy, or of an
 *   earlier policy of the same tier that applies to every endpoint this one applies to, matches
 *   everything the rule matches (field-by-field containment: protocol, ports, nets, selectors…;
 *   a selector only covers an identical selector of the same scope).
 * - unselected-policy: the policy applies to no endpoint of the cluster.
 * - unused-rule: no flow of the window was decided by the rule (needs `ruleHits`; server only).
 * - duplicate-policy: an earlier enforced policy of the same tier and namespace has the same
 *   selectors, types and rules.
 * - staged-denies-allowed: a counted staged policy would deny connections that are allowed today.
 */
import type { CalicoResource, EntityRule, Port, Protocol, Rule } from "@/lib/calico/types";
import { cidrContains, parseCidr } from "@/lib/net/ip";
import { stagedPolicyCounts } from "@/lib/policy/build";
import type { CompiledPolicy, CompiledPolicySet } from "@/lib/policy/compiled";
import { evaluate } from "@/lib/policy/evaluate";
import type { PolicyKey, PolicyResourceKind } from "@/lib/policy/keys";
import { policyKeyOf } from "@/lib/policy/keys";
import type { Connection, DirectionVerdict, Peer } from "@/lib/policy/model";
import type { PolicySource } from "@/lib/policy/policies";
import { toPolicySource } from "@/lib/policy/policies";
import { ruleIndexLabel } from "@/lib/policy/rule-label";
import { protocolNumber } from "@/lib/net/protocols";

export const LINT_SEVERITIES = ["info", "warning", "error"] as const;
export type LintSeverity = (typeof LINT_SEVERITIES)[number];
export type LintCode = "shadowed-rule" | "unselected-policy" | "unused-rule" | "duplicate-policy" | "staged-denies-allowed";
export type RuleDirection = "ingress" | "egress";

export interface LintPolicyRef {
  readonly key: PolicyKey;
  readonly kind: PolicyResourceKind;
  /** Calico's display name (`security.allow-dns`, `staged:default.x`, `knp.default.y`). */
  readonly name: string;
  readonly namespace?: string;
  readonly tier: string;
}

export interface LintFinding {
  readonly code: LintCode;
  readonly severity: LintSeverity;
  readonly policy: LintPolicyRef;
  readonly rule?: { readonly direction: RuleDirection; readonly index: number };
  /** The policy (and rule) that causes it, when another one does. */
  readonly related?: { readonly policy: LintPolicyRef; readonly rule?: { readonly direction: RuleDirection; readonly index: number } };
  readonly message: string;
  /** staged-denies-allowed: how many judged connections, and a few of them. */
  readonly count?: number;
  readonly examples?: readonly string[];
}

export interface LintInput {
  readonly set: CompiledPolicySet;
  /** The resources `set` was built from (rules are compared in their Calico form). */
  readonly resources: readonly CalicoResource[];
  /** Connections to judge for staged-denies-allowed (observed flows, or a probe matrix). */
  readonly connections?: readonly Connection[];
  /** Rule hits of a flow-history window, keyed by ruleHitKey, for unused-rule. */
  readonly ruleHits?: { readonly counts: ReadonlyMap<string, number>; readonly window: string };
}

const SEVERITY: Readonly<Record<LintCode, LintSeverity>> = {
  "shadowed-rule": "warning",
  "duplicate-policy": "warning",
  "staged-denies-allowed": "warning",
  "unselected-policy": "info",
  "unused-rule": "info",
};

const MAX_EXAMPLES = 3;

/** Rank of a severity (info 0 < warning 1 < error 2). */
export function severityRank(s: LintSeverity): number {
  return LINT_SEVERITIES.indexOf(s);
}

/**
 * Key of a rule in flow-log terms: `<tier>|<name field>|<direction>|<rule index>`, the name field
 * as flow logs write it (`ns/tier.name`, `tier.name`, `ns/staged:tier.name`); the direction is
 * the reporter's (src = egress, dst = ingress).
 */
export function ruleHitKey(tier: string, nameField: string, direction: RuleDirection, index: number): string {
  return `${tier}|${nameField}|${direction}|${index}`;
}

function refOf(p: CompiledPolicy): LintPolicyRef {
  const s = p.summary;
  return { key: s.key, kind: s.kind, name: s.displayName, ...(s.namespace !== undefined ? { namespace: s.namespace } : {}), tier: s.tier };
}

function qualifiedName(ref: LintPolicyRef): string {
  return ref.namespace !== undefined ? `${ref.namespace}/${ref.name}` : ref.name;
}

// ---- rule containment ----


function protoNumber(p: Protocol | undefined): number | undefined {
  if (p === undefined) return undefined;
  return protocolNumber(p) ?? -1;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const empty = (v: readonly unknown[] | undefined): boolean => v === undefined || v.length === 0;
const blank = (s: string | undefined): boolean => s === undefined || s.trim() === "";

type PortSpan = { readonly min: number; readonly max: number } | { readonly name: string };

function portSpan(p: Port): PortSpan {
  if (typeof p === "number") return { min: p, max: p };
  const m = /^(\d+)(?::(\d+))?$/.exec(p);
  if (m === null) return { name: p };
  const min = Number(m[1]);
  return { min, max: m[2] !== undefined ? Number(m[2]) : min };
}

function spanWithin(inner: PortSpan, outer: PortSpan): boolean {
  if ("name" in inner || "name" in outer) return "name" in inner && "name" in outer && inner.name === outer.name;
  return inner.min >= outer.min && inner.max <= outer.max;
}

/** Every port of `inner` lies in some port of `outer`. */
function portsWithin(inner: readonly Port[], outer: readonly Port[]): boolean {
  const o = outer.map(portSpan);
  return inner.every((p) => o.some((q) => spanWithin(portSpan(p), q)));
}

/** Every CIDR of `inner` lies in some CIDR of `outer`. */
function netsWithin(inner: readonly string[], outer: readonly string[]): boolean {
  const o = outer.map(parseCidr);
  return inner.every((n) => {
    const c = parseCidr(n);
    return c !== undefined && o.some((x) => x !== undefined && cidrContains(x, c));
  });
}

/**
 * True when entity `a` matches every peer entity `b` matches. `sameScope`: both rules are in
 * policies of the same namespace (or both global), so equal selectors mean the same thing.
 */
function entityCovers(a: EntityRule | undefined, b: EntityRule | undefined, sameScope: boolean): boolean {
  if (a === undefined) return true;
  const bb: EntityRule = b ?? {};
  if (!empty(a.nets) && (empty(bb.nets) || !netsWithin(bb.nets ?? [], a.nets ?? []))) return false;
  if (!empty(a.notNets) && (empty(bb.notNets) || !netsWithin(a.notNets ?? [], bb.notNets ?? []))) return false;
  if (!empty(a.ports) && (empty(bb.ports) || !portsWithin(bb.ports ?? [], a.ports ?? []))) return false;
  if (!empty(a.notPorts) && (empty(bb.notPorts) || !portsWithin(a.notPorts ?? [], bb.notPorts ?? []))) return false;
  if (!empty(a.domains) && (empty(bb.domains) || !(bb.domains ?? []).every((d) => (a.domains ?? []).includes(d)))) return false;
  for (const key of ["selector", "notSelector", "namespaceSelector"] as const) {
    if (!blank(a[key]) && !(sameScope && (a[key] ?? "").trim() === (bb[key] ?? "").trim())) return false;
  }
  if (a.serviceAccounts !== undefined && !(sameScope && same(a.serviceAccounts, bb.serviceAccounts))) return false;
  if (a.services !== undefined && !same(a.services, bb.services)) return false;
  // In a namespaced policy a selector without namespaceSelector means "this namespace": it covers
  // only rules that are also limited to this namespace.
  const aLimited = (!blank(a.selector) || !blank(a.notSelector) || a.serviceAccounts !== undefined) && blank(a.namespaceSelector);
  if (aLimited && !blank(bb.namespaceSelector)) return false;
  return true;
}

/** True when rule `a` matches every packet rule `b` matches. */
function ruleCovers(a: Rule, b: Rule, sameScope: boolean): boolean {
  if (a.http !== undefined && !same(a.http, b.http)) return false;
  const pa = protoNumber(a.protocol);
  if (pa !== undefined && pa !== protoNumber(b.protocol)) return false;
  if (a.notProtocol !== undefined && protoNumber(a.notProtocol) !== protoNumber(b.notProtocol)) return false;
  if (a.icmp !== undefined && !same(a.icmp, b.icmp)) return false;
  if (a.notICMP !== undefined && !same(a.notICMP, b.notICMP)) return false;
  if (a.ipVersion !== undefined && a.ipVersion !== b.ipVersion) return false;
  return entityCovers(a.source, b.source, sameScope) && entityCovers(a.destination, b.destination, sameScope);
}

const isTerminal = (r: Rule): boolean => r.action === "Allow" || r.action === "Deny" || r.action === "Pass";

// ---- analyses ----

interface Analysed {
  readonly policy: CompiledPolicy;
  readonly source: PolicySource;
  readonly ref: LintPolicyRef;
}

function rulesOf(a: Analysed, dir: RuleDirection): readonly Rule[] {
  return (dir === "ingress" ? a.source.spec.ingress : a.source.spec.egress) ?? [];
}

function appliesIn(a: Analysed, dir: RuleDirection): boolean {
  return dir === "ingress" ? a.policy.ingress : a.policy.egress;
}

function shadowed(view: readonly Analysed[], selected: ReadonlyMap<PolicyKey, ReadonlySet<string>>): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [k, p] of view.entries()) {
    for (const dir of ["ingress", "egress"] as const) {
      if (!appliesIn(p, dir)) continue;
      const rules = rulesOf(p, dir);
      const mine = selected.get(p.ref.key) ?? new Set<string>();
      // Earlier policies of the same tier that apply to every endpoint this one applies to.
      const earlier = mine.size === 0 ? [] : view.slice(0, k).filter((q) => q.ref.tier === p.ref.tier && appliesIn(q, dir) && [...mine].every((ep) => selected.get(q.ref.key)?.has(ep) === true));
      rules.forEach((rule, j) => {
        let cause: LintFinding["related"] | undefined;
        for (let i = 0; i < j && cause === undefined; i++) {
          const r = rules[i];
          if (r !== undefined && isTerminal(r) && ruleCovers(r, rule, true)) cause = { policy: p.ref, rule: { direction: dir, index: i } };
        }
        for (const q of earlier) {
          if (cause !== undefined) break;
          const sameScope = q.ref.namespace === p.ref.namespace;
          const idx = rulesOf(q, dir).findIndex((r) => isTerminal(r) && ruleCovers(r, rule, sameScope));
          if (idx >= 0) cause = { policy: q.ref, rule: { direction: dir, index: idx } };
        }
        if (cause === undefined) return;
        const by = cause.policy.key === p.ref.key ? `its ${ruleIndexLabel(cause.rule?.index ?? 0, dir)}` : `${qualifiedName(cause.policy)} ${ruleIndexLabel(cause.rule?.index ?? 0, dir)}`;
        const coverAction = (cause.policy.key === p.ref.key ? rules : rulesOf(earlier.find((q) => q.ref.key === cause?.policy.key) ?? p, dir))[cause.rule?.index ?? 0]?.action ?? "";
        out.push({
          code: "shadowed-rule",
          severity: SEVERITY["shadowed-rule"],
          policy: p.ref,
          rule: { direction: dir, index: j },
          related: cause,
          message: `${ruleIndexLabel(j, dir)} (${rule.action}) is never reached: ${by} (${coverAction}) matches every packet it matches${cause.policy.key === p.ref.key ? "" : " and is evaluated first on every endpoint this policy selects"}`,
        });
      });
    }
  }
  return out;
}

function normalisedContent(a: Analysed): string {
  const { order: _order, ...spec } = a.source.spec;
  return JSON.stringify({ ns: a.source.namespace ?? "", kind: a.policy.summary.kind, types: a.policy.summary.types, spec });
}

function duplicates(view: readonly Analysed[]): LintFinding[] {
  const seen = new Map<string, Analysed>();
  const out: LintFinding[] = [];
  for (const p of view) {
    const content = normalisedContent(p);
    const first = seen.get(content);
    if (first === undefined) {
      seen.set(content, p);
      continue;
    }
    out.push({
      code: "duplicate-policy",
      severity: SEVERITY["duplicate-policy"],
      policy: p.ref,
      related: { policy: first.ref },
      message: `same tier, selectors, types and rules as ${qualifiedName(first.ref)}, which is evaluated first: this policy changes no verdict`,
    });
  }
  return out;
}

function peerText(p: Peer): string {
  if (p.kind === "endpoint") return p.endpoint.kind === "workload" ? `${p.endpoint.namespace}/${p.endpoint.name}` : `host ${p.endpoint.name}`;
  return p.domain ?? p.ip ?? "external";
}

function connectionText(c: Connection): string {
  return `${peerText(c.source)} → ${peerText(c.destination)} ${String(c.protocol)}${c.port !== undefined ? `/${c.port}` : ""}`;
}

/** The staged policy that makes a pending Deny: the decider when staged, else the first staged policy traced in the deciding tier. */
function stagedCulprit(v: DirectionVerdict): { readonly policy: string; readonly namespace?: string } | undefined {
  if (v.policy !== undefined && v.policy.startsWith("staged:")) return { policy: v.policy, ...(v.namespace !== undefined ? { namespace: v.namespace } : {}) };
  for (const s of v.trace) {
    if ((s.kind === "rule" || s.kind === "noMatch") && s.staged && s.tier === v.tier) return { policy: s.policy, ...(s.namespace !== undefined ? { namespace: s.namespace } : {}) };
  }
  return undefined;
}

function stagedDenies(set: CompiledPolicySet, byDisplay: ReadonlyMap<string, Analysed>, connections: readonly Connection[]): LintFinding[] {
  const hits = new Map<string, { a: Analysed; count: number; examples: string[] }>();
  for (const c of connections) {
    const v = evaluate(set, c);
    if (!v.allowed || v.staged.allowed) continue;
    const denying = v.staged.egress?.action === "Deny" ? v.staged.egress : v.staged.ingress;
    if (denying === null || denying === undefined) continue;
    const culprit = stagedCulprit(denying);
    const a = culprit === undefined ? undefined : byDisplay.get(`${culprit.namespace ?? ""}/${culprit.policy}`);
    if (a === undefined) continue;
    const h = hits.get(a.ref.key) ?? { a, count: 0, examples: [] };
    h.count += 1;
    if (h.examples.length < MAX_EXAMPLES) h.examples.push(connectionText(c));
    hits.set(a.ref.key, h);
  }
  return [...hits.values()].map(({ a, count, examples }) => ({
    code: "staged-denies-allowed" as const,
    severity: SEVERITY["staged-denies-allowed"],
    policy: a.ref,
    message: `would deny ${count} connection${count === 1 ? "" : "s"} that ${count === 1 ? "is" : "are"} allowed today (tier ${a.ref.tier}), e.g. ${examples.join("; ")}`,
    count,
    examples,
  }));
}

/**
 * Runs every analysis the input allows and returns the findings, most severe first, then in
 * evaluation order. Never throws.
 */
export function lintPolicies(input: LintInput): LintFinding[] {
  const { set } = input;
  const sources = new Map<PolicyKey, PolicySource>();
  input.resources.forEach((r, i) => {
    const src = toPolicySource(r, `resources[${i}]`);
    if (src !== undefined) sources.set(policyKeyOf({ kind: src.kind, metadata: { name: src.name, ...(src.namespace !== undefined ? { namespace: src.namespace } : {}) } }), src);
  });
  const analysed = (p: CompiledPolicy): Analysed | undefined => {
    const source = sources.get(p.summary.key);
    return source === undefined ? undefined : { policy: p, source, ref: refOf(p) };
  };
  const enforced = set.internal.enforced.map(analysed).filter((a): a is Analysed => a !== undefined);
  const pending = set.internal.pending.map(analysed).filter((a): a is Analysed => a !== undefined);
  const inEffect = [...enforced, ...pending.filter((a) => a.policy.summary.staged)];

  const selected = new Map<PolicyKey, ReadonlySet<string>>();
  for (const a of inEffect) selected.set(a.ref.key, new Set(set.internal.endpointList.filter((ep) => a.policy.appliesTo(ep)).map((ep) => ep.key)));

  const findings: LintFinding[] = [];
  // Shadowing in the enforced view, and for staged policies in the pending view.
  findings.push(...shadowed(enforced, selected));
  findings.push(...shadowed(pending, selected).filter((f) => f.policy.kind.startsWith("Staged")));
  for (const a of inEffect) {
    if ((selected.get(a.ref.key)?.size ?? 0) === 0) {
      findings.push({ code: "unselected-policy", severity: SEVERITY["unselected-policy"], policy: a.ref, message: "its selector matches no endpoint of the cluster: it decides nothing" });
    }
  }
  findings.push(...duplicates(enforced));
  if (input.ruleHits !== undefined) {
    const { counts, window } = input.ruleHits;
    for (const a of inEffect) {
      const field = a.ref.namespace !== undefined ? `${a.ref.namespace}/${a.ref.name}` : a.ref.name;
      for (const dir of ["ingress", "egress"] as const) {
        if (!appliesIn(a, dir)) continue;
        rulesOf(a, dir).forEach((rule, i) => {
          if (rule.action === "Log") return; // Log rules never appear in flow logs
          if ((counts.get(ruleHitKey(a.ref.tier, field, dir, i)) ?? 0) > 0) return;
          findings.push({ code: "unused-rule", severity: SEVERITY["unused-rule"], policy: a.ref, rule: { direction: dir, index: i }, message: `${ruleIndexLabel(i, dir)} (${rule.action}) decided no flow in the last ${window}` });
        });
      }
    }
  }
  if (input.connections !== undefined && input.connections.length > 0) {
    const byDisplay = new Map(pending.filter((a) => a.policy.summary.staged && stagedPolicyCounts(a.policy.summary.stagedAction)).map((a) => [`${a.ref.namespace ?? ""}/${a.ref.name}`, a]));
    findings.push(...stagedDenies(set, byDisplay, input.connections));
  }
  const order = new Map(set.policies.map((p, i) => [p.key, i]));
  return findings
    .map((f, i) => ({ f, i }))
    .sort((x, y) => severityRank(y.f.severity) - severityRank(x.f.severity) || (order.get(x.f.policy.key) ?? 0) - (order.get(y.f.policy.key) ?? 0) || x.i - y.i)
    .map((x) => x.f);
}
