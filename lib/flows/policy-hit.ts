/**
 * Parsing of Calico flow-log policy entries `<index>|<tier>|<name>|<action>|<rule index>` into
 * structured hits (the shape of Goldmane's PolicyHit), and the pending action of a flow.
 *
 * Name forms (docs "Format of the policies field", felix RuleID.setFlowLogPolicyName):
 * `<tier>.<name>` GlobalNetworkPolicy, `<ns>/<tier>.<name>` NetworkPolicy,
 * `<ns>/knp.default.<name>` Kubernetes NetworkPolicy, `staged:` before the name part of staged
 * policies, `kcnp.kube-admin.<name>` / `kcnp.kube-baseline.<name>` for a Kubernetes
 * ClusterNetworkPolicy, and tier `__PROFILE__` with name `__PROFILE__.<profile>` for profiles.
 */
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { FlowAction, FlowLog } from "@/lib/flows/types";

export const PROFILE_TIER = "__PROFILE__";
const STAGED = "staged:";
const KNP = "knp.default.";
const KCNP = "kcnp.";

export type PolicyHitKind =
  | "GlobalNetworkPolicy"
  | "NetworkPolicy"
  | "KubernetesNetworkPolicy"
  | "StagedGlobalNetworkPolicy"
  | "StagedNetworkPolicy"
  | "StagedKubernetesNetworkPolicy"
  | "ClusterNetworkPolicy"
  | "Profile";

export type PolicyHitAction = "allow" | "deny" | "pass";

/** One parsed policy entry. */
export interface PolicyHit {
  /** Position in the trace, from 0. */
  readonly index: number;
  readonly tier: string;
  readonly kind: PolicyHitKind;
  readonly namespace?: string;
  /** The policy's name without tier prefix, `knp.default.` or `staged:` (profile: the profile name). */
  readonly name: string;
  /** The name part as written, without namespace (`default.default-deny`, `staged:security.x`). */
  readonly displayName: string;
  readonly staged: boolean;
  readonly action: PolicyHitAction;
  /** ≥ 0 the matching rule; -1 the tier's default action (end of tier); -2 unknown. */
  readonly ruleIndex: number;
}

const INT = /^-?\d+$/;

function kindOf(staged: boolean, knp: boolean, namespaced: boolean): PolicyHitKind {
  if (knp) return staged ? "StagedKubernetesNetworkPolicy" : "KubernetesNetworkPolicy";
  if (namespaced) return staged ? "StagedNetworkPolicy" : "NetworkPolicy";
  return staged ? "StagedGlobalNetworkPolicy" : "GlobalNetworkPolicy";
}

/**
 * Parses one policy entry. Errors name what is wrong (field count, index, action, rule index);
 * never throws. Staged markers are accepted before the tier part (`ns/staged:tier.name`, what
 * Calico writes) and, leniently, after it (`tier.staged:name`).
 */
export function parsePolicyHit(entry: string): Result<PolicyHit, string> {
  const parts = entry.split("|");
  if (parts.length !== 5) return err(`expected 5 "|"-separated fields, got ${parts.length}`);
  const [indexText = "", tier = "", fullName = "", actionText = "", ruleText = ""] = parts;
  if (!/^\d+$/.test(indexText)) return err(`index "${indexText}" is not a non-negative integer`);
  if (tier === "") return err("tier is empty");
  if (fullName === "") return err("policy name is empty");
  const action = actionText.toLowerCase();
  if (action !== "allow" && action !== "deny" && action !== "pass") return err(`action "${actionText}" is not allow, deny or pass`);
  if (!INT.test(ruleText) || Number(ruleText) < -2) return err(`rule index "${ruleText}" is not an integer ≥ -2`);
  const base = { index: Number(indexText), tier, action, ruleIndex: Number(ruleText) } as const;

  if (tier === PROFILE_TIER) {
    const name = fullName.startsWith(`${PROFILE_TIER}.`) ? fullName.slice(PROFILE_TIER.length + 1) : fullName;
    return ok({ ...base, kind: "Profile", name, displayName: fullName, staged: false });
  }
  const slash = fullName.indexOf("/");
  const namespace = slash >= 0 ? fullName.slice(0, slash) : undefined;
  const displayName = slash >= 0 ? fullName.slice(slash + 1) : fullName;
  let rest = displayName;
  let staged = false;
  if (rest.startsWith(STAGED)) {
    staged = true;
    rest = rest.slice(STAGED.length);
  }
  const cnpPrefix = `${KCNP}${tier}.`;
  if (namespace === undefined && !staged && rest.startsWith(cnpPrefix) && rest.length > cnpPrefix.length) {
    return ok({ ...base, kind: "ClusterNetworkPolicy", name: rest.slice(cnpPrefix.length), displayName, staged: false });
  }
  const knp = rest.startsWith(KNP);
  if (knp) rest = rest.slice(KNP.length);
  else if (rest.startsWith(`${tier}.`)) rest = rest.slice(tier.length + 1);
  if (rest.startsWith(STAGED)) {
    staged = true;
    rest = rest.slice(STAGED.length);
  }
  if (rest === "") return err(`policy name "${fullName}" has no name after its prefixes`);
  return ok({
    ...base,
    kind: kindOf(staged, knp, namespace !== undefined),
    ...(namespace !== undefined ? { namespace } : {}),
    name: rest,
    displayName,
    staged,
  });
}

/** Parses every entry, dropping unparseable ones, sorted by index (Calico stores them unordered). */
export function policyHitsOf(entries: readonly string[]): PolicyHit[] {
  const hits: PolicyHit[] = [];
  for (const e of entries) {
    const r = parsePolicyHit(e);
    if (r.ok) hits.push(r.value);
  }
  return hits.sort((a, b) => a.index - b.index);
}

/** The verdict action of a trace: the last hit that is not Pass; undefined for an empty trace. */
export function verdictOfTrace(entries: readonly string[]): FlowAction | undefined {
  const hits = policyHitsOf(entries);
  for (let i = hits.length - 1; i >= 0; i--) {
    const a = hits[i]?.action;
    if (a === "allow" || a === "deny") return a;
  }
  return undefined;
}

/**
 * The action the flow would get with every staged policy enforced (Goldmane's pending action):
 * the verdict of the pending trace, or the enforced action when the trace is absent or empty.
 */
export function pendingActionOf(flow: Pick<FlowLog, "action" | "policies">): FlowAction {
  if (flow.policies === null || flow.policies.pending.length === 0) return flow.action;
  return verdictOfTrace(flow.policies.pending) ?? flow.action;
}

/** True when the flow is allowed now but would be denied once staged policies are enforced. */
export function isStagedDenied(flow: Pick<FlowLog, "action" | "policies">): boolean {
  return flow.action === "allow" && pendingActionOf(flow) === "deny";
}
