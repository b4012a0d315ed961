/**
 * Who may do what: the one permission decision of Palisade (pure, no IO).
 *
 * The model follows Calico Enterprise's tiered RBAC in our own terms:
 *  - A role (`viewer` reads, `editor` also writes, `admin` also manages users, clusters and
 *    everyone's tokens).
 *  - A tier scope: the tiers whose policies the user may see (and, as editor, change). A policy
 *    belongs to its tier (`spec.tier`, `default` when absent); Kubernetes NetworkPolicies are
 *    evaluated in tier `default`. Moving a policy from one tier to another needs both tiers.
 *    Tier objects themselves (their names and order) are visible to every user, so the board can
 *    show a locked lane; changing a tier needs that tier, creating or deleting one needs every tier.
 *  - A namespace scope: the namespaces whose namespaced objects (policies, network sets, pods,
 *    services, ...) and observed data (flows, graph edges, DNS logs, recommendations, audit
 *    entries) the user may see. A namespaced policy needs both its tier and its namespace.
 *  - Cluster-scoped objects outside tiers (global network sets, host endpoints, IP pools, Felix
 *    configuration, alerts, threat feeds) are readable by every user; changing them needs an
 *    editor whose scope is not restricted at all (they affect every namespace and tier).
 *  - Secrets hold credentials: reading one needs the editor role as well as its namespace.
 *  - An unknown kind fails closed: it needs an unrestricted scope for any verb.
 */

export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** A scope: every value (`"all"`) or exactly the listed ones. */
export type Scope = "all" | readonly string[];

export const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"] as const;
export type Verb = (typeof VERBS)[number];

/** What the decision needs to know about the caller. */
export interface Subject {
  readonly username: string;
  readonly role: Role;
  readonly tiers: Scope;
  readonly namespaces: Scope;
}

/**
 * What is being acted on. `tier` is the policy's tier (derived from the kind when omitted for
 * Kubernetes NetworkPolicies); `toTier` is the tier a policy is being moved to. `namespace`
 * absent on a namespaced kind means "across all namespaces" (a list or watch that will be
 * filtered with `canSeeObject`).
 */
export interface Target {
  readonly kind: string;
  readonly namespace?: string;
  readonly tier?: string;
  readonly toTier?: string;
}

/** What a denial is missing, for the 403 answer. */
export interface Missing {
  readonly role?: Role;
  readonly tiers?: readonly string[];
  readonly namespaces?: readonly string[];
  /** The whole scope is needed (`tiers`, `namespaces` or both). */
  readonly unrestricted?: readonly ("tiers" | "namespaces")[];
}

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string; readonly missing: Missing };

const ALLOW: Decision = { allowed: true };

/** Calico and Kubernetes policy kinds: they belong to a tier. */
export const TIERED_KINDS: ReadonlySet<string> = new Set([
  "NetworkPolicy",
  "GlobalNetworkPolicy",
  "StagedNetworkPolicy",
  "StagedGlobalNetworkPolicy",
  "KubernetesNetworkPolicy",
  "StagedKubernetesNetworkPolicy",
  "ClusterNetworkPolicy",
]);

/** Kubernetes NetworkPolicies (and their staged form) always live in tier `default`. */
const DEFAULT_TIER_KINDS: ReadonlySet<string> = new Set(["KubernetesNetworkPolicy", "StagedKubernetesNetworkPolicy"]);

/** Kinds whose objects live in a namespace (the Namespace kind is its own namespace). */
export const NAMESPACED_KINDS: ReadonlySet<string> = new Set([
  "NetworkPolicy",
  "StagedNetworkPolicy",
  "KubernetesNetworkPolicy",
  "StagedKubernetesNetworkPolicy",
  "NetworkSet",
  "Pod",
  "Service",
  "ServiceAccount",
  "ConfigMap",
  "Secret",
  "Namespace",
]);

/**
 * Kinds whose contents are credentials: even reading them needs the editor role (Calico
 * Enterprise's read-only roles grant no access to Secrets either).
 */
export const SECRET_KINDS: ReadonlySet<string> = new Set(["Secret"]);

/**
 * Observed data, read-only, scoped by namespace: a record is visible when one of its
 * namespaces is in scope (a flow between `dev` and `prod` is visible to a `dev` user, as in
 * Calico Enterprise where a flow is shown to whoever may see either endpoint).
 */
export const DATA_KINDS: ReadonlySet<string> = new Set(["FlowLog", "DNSLog", "GraphEdge", "Recommendation", "AuditEvent"]);

/** Cluster-scoped kinds outside tiers: readable by all, writable only without scope limits. */
export const GLOBAL_KINDS: ReadonlySet<string> = new Set([
  "GlobalNetworkSet",
  "GlobalAlert",
  "GlobalThreatFeed",
  "HostEndpoint",
  "IPPool",
  "FelixConfiguration",
]);

const READ_VERBS: ReadonlySet<Verb> = new Set(["get", "list", "watch"]);

/** Whether `role` carries at least the rights of `required`. */
export function hasRole(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** Whether a scope contains a value. */
export function inScope(scope: Scope, value: string): boolean {
  return scope === "all" || scope.includes(value);
}

/** Whether the subject's scope is unrestricted on both axes. */
export function isUnrestricted(subject: Pick<Subject, "tiers" | "namespaces">): boolean {
  return subject.tiers === "all" && subject.namespaces === "all";
}

/** The tier a policy of `kind` with `spec.tier` belongs to. */
export function tierOfPolicy(kind: string, specTier: string | undefined): string {
  if (DEFAULT_TIER_KINDS.has(kind)) return "default";
  // Kubernetes ClusterNetworkPolicy: `spec.tier` Admin / Baseline, evaluated by Calico in its
  // reserved tiers kube-admin / kube-baseline (lib/policy), so scopes name those tiers.
  if (kind === "ClusterNetworkPolicy") return specTier === "Baseline" ? "kube-baseline" : "kube-admin";
  return specTier === undefined || specTier === "" ? "default" : specTier;
}

function deny(reason: string, missing: Missing): Decision {
  return { allowed: false, reason, missing };
}

function needTier(subject: Subject, tier: string, verb: Verb, kind: string): Decision | undefined {
  if (inScope(subject.tiers, tier)) return undefined;
  return deny(`${verb} ${kind} in tier "${tier}" needs access to tier "${tier}"; ${subject.username} has ${describeScope(subject.tiers, "tiers")}`, { tiers: [tier] });
}

function needNamespace(subject: Subject, namespace: string, verb: Verb, kind: string): Decision | undefined {
  if (inScope(subject.namespaces, namespace)) return undefined;
  return deny(`${verb} ${kind} in namespace "${namespace}" needs access to namespace "${namespace}"; ${subject.username} has ${describeScope(subject.namespaces, "namespaces")}`, {
    namespaces: [namespace],
  });
}

function needUnrestricted(subject: Subject, verb: Verb, kind: string): Decision | undefined {
  const missing: ("tiers" | "namespaces")[] = [];
  if (subject.tiers !== "all") missing.push("tiers");
  if (subject.namespaces !== "all") missing.push("namespaces");
  if (missing.length === 0) return undefined;
  return deny(`${verb} ${kind} needs access to all ${missing.join(" and all ")}; ${subject.username} is limited to ${missing.map((m) => describeScope(m === "tiers" ? subject.tiers : subject.namespaces, m)).join(" and ")}`, {
    unrestricted: missing,
  });
}

/** `tiers security, platform` / `no tiers` / `all tiers`, for messages. */
export function describeScope(scope: Scope, noun: "tiers" | "namespaces"): string {
  if (scope === "all") return `all ${noun}`;
  if (scope.length === 0) return `no ${noun}`;
  return `${noun} ${scope.join(", ")}`;
}

/**
 * The permission decision: may `subject` perform `verb` on `target`? A denial's reason names
 * the role, tier(s) or namespace(s) that are missing.
 */
export function decide(subject: Subject, verb: Verb, target: Target): Decision {
  const { kind } = target;
  const write = !READ_VERBS.has(verb);
  if ((write || SECRET_KINDS.has(kind)) && !hasRole(subject.role, "editor")) {
    return deny(`${verb} ${kind} needs the editor role; ${subject.username} has ${subject.role}`, { role: "editor" });
  }

  if (DATA_KINDS.has(kind)) {
    if (write) return deny(`${kind} records are read-only`, {});
    if (target.namespace === undefined) return ALLOW; // filtered by namespace afterwards
    return needNamespace(subject, target.namespace, verb, kind) ?? ALLOW;
  }

  if (kind === "Tier") {
    if (!write) return ALLOW;
    if (verb === "create" || verb === "delete") return needUnrestrictedTiers(subject, verb) ?? ALLOW;
    return target.tier === undefined ? (needUnrestrictedTiers(subject, verb) ?? ALLOW) : (needTier(subject, target.tier, verb, kind) ?? ALLOW);
  }

  if (TIERED_KINDS.has(kind)) {
    // A list or watch without a tier spans tiers and is filtered afterwards (canSeeObject), so
    // a user without tier `default` gets an empty list of Kubernetes policies, not a refusal.
    const collection = verb === "list" || verb === "watch";
    const tier = DEFAULT_TIER_KINDS.has(kind) && !(collection && target.tier === undefined) ? "default" : target.tier;
    if (tier !== undefined) {
      const t = needTier(subject, tier, verb, kind);
      if (t !== undefined) return t;
    } else if (write) {
      const t = needUnrestrictedTiers(subject, verb);
      if (t !== undefined) return t;
    }
    if (target.toTier !== undefined && target.toTier !== tier) {
      const to = needTier(subject, target.toTier, verb, kind);
      if (to !== undefined) return deny(`moving ${kind} from tier "${tier ?? "?"}" to tier "${target.toTier}" needs both tiers; ${to.allowed ? "" : to.reason}`, { tiers: [target.toTier] });
    }
  }

  if (NAMESPACED_KINDS.has(kind)) {
    if (kind === "Namespace" && (verb === "create" || verb === "delete") && subject.namespaces !== "all") {
      return needUnrestricted({ ...subject, tiers: "all" }, verb, kind) ?? ALLOW;
    }
    if (target.namespace !== undefined) return needNamespace(subject, target.namespace, verb, kind) ?? ALLOW;
    // Across all namespaces: reads are filtered afterwards; writes need a namespace.
    return write ? (needUnrestricted({ ...subject, tiers: "all" }, verb, kind) ?? ALLOW) : ALLOW;
  }

  if (TIERED_KINDS.has(kind)) return ALLOW;
  if (GLOBAL_KINDS.has(kind)) return write ? (needUnrestricted(subject, verb, kind) ?? ALLOW) : ALLOW;
  return needUnrestricted(subject, verb, kind) ?? ALLOW;
}

function needUnrestrictedTiers(subject: Subject, verb: Verb): Decision | undefined {
  if (subject.tiers === "all") return undefined;
  return deny(`${verb} Tier needs access to all tiers; ${subject.username} has ${describeScope(subject.tiers, "tiers")}`, { unrestricted: ["tiers"] });
}

/** The parts of an object the visibility rule reads. */
export interface ObjectFacts {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** `spec.tier` of a policy. */
  readonly specTier?: string;
}

/** The decision target of one object, for a verb. */
export function targetOf(obj: ObjectFacts): Target {
  const namespace = obj.kind === "Namespace" ? obj.name : obj.namespace;
  const tier = TIERED_KINDS.has(obj.kind) ? tierOfPolicy(obj.kind, obj.specTier) : obj.kind === "Tier" ? obj.name : undefined;
  return { kind: obj.kind, ...(namespace !== undefined && namespace !== "" ? { namespace } : {}), ...(tier !== undefined ? { tier } : {}) };
}

/** Whether the subject may see one object (lists and watches keep only these). */
export function canSeeObject(subject: Subject, obj: ObjectFacts): boolean {
  return decide(subject, "get", targetOf(obj)).allowed;
}

/** Whether a data record touching these namespaces is visible (any one of them in scope). */
export function canSeeData(subject: Pick<Subject, "namespaces">, namespaces: readonly (string | undefined)[]): boolean {
  if (subject.namespaces === "all") return true;
  return namespaces.some((n) => n !== undefined && n !== "" && inScope(subject.namespaces, n));
}

/** Scope input as stored (a list, or null for all) → Scope. */
export function toScope(list: readonly string[] | null | undefined): Scope {
  return list === null || list === undefined ? "all" : [...new Set(list)].sort();
}

/**
 * The intersection of two scopes: what a token created by someone with scope `a` and asking
 * for `b` may carry (a token never exceeds its creator).
 */
export function intersectScope(a: Scope, b: Scope): Scope {
  if (a === "all") return b;
  if (b === "all") return a;
  return a.filter((x) => b.includes(x));
}

/** The lesser of two roles. */
export function minRole(a: Role, b: Role): Role {
  return hasRole(a, b) ? b : a;
}

/**
 * `decide` with positional arguments, for callers that speak Kubernetes authorization
 * (SelfSubjectAccessReview: verb, resource kind, namespace; tier for Calico policies). An
 * absent namespace or tier means "across all of them" for list/watch, as in `decide`.
 */
export function decideFor(subject: Subject, verb: Verb, kind: string, namespace?: string, tier?: string): Decision {
  return decide(subject, verb, { kind, ...(namespace !== undefined && namespace !== "" ? { namespace } : {}), ...(tier !== undefined && tier !== "" ? { tier } : {}) });
}
