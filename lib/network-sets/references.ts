/**
 * Which policies' rules select a network set: a rule's source or destination selects a set when
 * its selector (with the namespace scoping Calico applies) matches the set's labels — exactly
 * when felix would put the set's CIDRs / domains into that rule's IP set. Semantics, after
 * libcalico-go updateprocessors/rules.go (the same as lib/policy's rule compiler):
 *  - the set's labels are its own labels, plus `projectcalico.org/namespace` for a NetworkSet;
 *  - a rule of a namespaced policy without `namespaceSelector` selects only sets in the
 *    policy's namespace (so never a GlobalNetworkSet);
 *  - `namespaceSelector` is matched against the set's namespace labels; `global()` there means
 *    "not namespaced" (GlobalNetworkSets) and `all()` "any namespace";
 *  - `serviceAccounts` with names never matches a set (sets have no service account);
 *  - only a positive selector references a set: `notSelector` excludes, and a rule with neither
 *    selector nor namespaceSelector matches by `nets` only.
 * Kubernetes NetworkPolicies cannot select network sets. Pure; never throws (unparseable
 * selectors simply select nothing).
 */
import type { CalicoResource, EntityRule, GlobalNetworkSet, NetworkSet, PolicySpec, Rule } from "@/lib/calico/types";
import type { SelectorNode } from "@/lib/selector";
import { compileMatcher, parseSelector } from "@/lib/selector";

type Labels = Readonly<Record<string, string>>;

/** One rule side that selects the set. */
export interface NetworkSetReference {
  readonly kind: "NetworkPolicy" | "GlobalNetworkPolicy" | "StagedNetworkPolicy" | "StagedGlobalNetworkPolicy";
  readonly name: string;
  readonly namespace?: string;
  readonly tier: string;
  readonly direction: "ingress" | "egress";
  /** 0-based rule index within the direction. */
  readonly ruleIndex: number;
  readonly side: "source" | "destination";
  readonly action: Rule["action"];
}

/** A set as selectors see it. */
interface SetView {
  readonly labels: Labels;
  /** undefined for a GlobalNetworkSet. */
  readonly namespace: string | undefined;
  readonly nsLabels: Labels;
}

const NS_LABEL = "projectcalico.org/namespace";

/** Namespace labels as a namespaceSelector sees them (lib/policy namespaceSelectorLabels). */
function namespaceLabels(name: string, labels: Labels | undefined): Labels {
  return { "kubernetes.io/metadata.name": name, ...labels, "projectcalico.org/name": name };
}

function toSetView(set: NetworkSet | GlobalNetworkSet, namespaces: ReadonlyMap<string, Labels>): SetView {
  const own = set.metadata.labels ?? {};
  if (set.kind === "GlobalNetworkSet") return { labels: own, namespace: undefined, nsLabels: {} };
  const ns = set.metadata.namespace ?? "default";
  return { labels: { ...own, [NS_LABEL]: ns }, namespace: ns, nsLabels: namespaceLabels(ns, namespaces.get(ns)) };
}

function parse(text: string | undefined): SelectorNode | null | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const p = parseSelector(text);
  return p.ok ? p.value.ast : null;
}

/** A namespaceSelector in its own context: all() = namespaced, global() = not namespaced. */
function matchesNamespaceSelector(node: SelectorNode, set: SetView): boolean {
  switch (node.kind) {
    case "all":
      return set.namespace !== undefined;
    case "global":
      return set.namespace === undefined;
    case "not":
      return !matchesNamespaceSelector(node.operand, set);
    case "and":
      return node.operands.every((o) => matchesNamespaceSelector(o, set));
    case "or":
      return node.operands.some((o) => matchesNamespaceSelector(o, set));
    default:
      return compileMatcher(node)(set.nsLabels);
  }
}

/** Whether a rule side positively selects the set. */
function entitySelectsSet(entity: EntityRule | undefined, policyNamespace: string | undefined, set: SetView): boolean {
  if (entity === undefined) return false;
  const selector = parse(entity.selector);
  const nsSelector = parse(entity.namespaceSelector);
  if (selector === null || nsSelector === null) return false;
  const sa = entity.serviceAccounts;
  if (sa !== undefined && (sa.names ?? []).length > 0) return false;
  const saSelector = sa === undefined ? undefined : parse(sa.selector);
  if (saSelector === null) return false;
  // A service-account selector reads service-account labels, which a set has none of.
  if (saSelector !== undefined && !compileMatcher(saSelector)({})) return false;
  if (selector === undefined && nsSelector === undefined && saSelector === undefined) return false;
  if (selector !== undefined && !compileMatcher(selector)(set.labels)) return false;
  if (nsSelector !== undefined) return matchesNamespaceSelector(nsSelector, set);
  return policyNamespace === undefined || set.namespace === policyNamespace;
}

type PolicyResource = Extract<CalicoResource, { kind: NetworkSetReference["kind"] }>;

function isPolicy(r: CalicoResource): r is PolicyResource {
  return r.kind === "NetworkPolicy" || r.kind === "GlobalNetworkPolicy" || r.kind === "StagedNetworkPolicy" || r.kind === "StagedGlobalNetworkPolicy";
}

/**
 * Every rule side of `resources`' Calico policies (staged included) that selects `set`, in
 * resource order. `namespaces` maps namespace names to their labels. Never throws.
 */
export function findNetworkSetReferences(set: NetworkSet | GlobalNetworkSet, resources: readonly CalicoResource[], namespaces: ReadonlyMap<string, Labels> = new Map()): readonly NetworkSetReference[] {
  const view = toSetView(set, namespaces);
  const out: NetworkSetReference[] = [];
  for (const r of resources) {
    if (!isPolicy(r)) continue;
    const spec: PolicySpec = r.spec;
    const ns = r.kind === "NetworkPolicy" || r.kind === "StagedNetworkPolicy" ? (r.metadata.namespace ?? "default") : undefined;
    for (const direction of ["ingress", "egress"] as const) {
      (spec[direction] ?? []).forEach((rule, ruleIndex) => {
        for (const side of ["source", "destination"] as const) {
          if (!entitySelectsSet(rule[side], ns, view)) continue;
          out.push({ kind: r.kind, name: r.metadata.name, ...(ns !== undefined ? { namespace: ns } : {}), tier: spec.tier ?? "default", direction, ruleIndex, side, action: rule.action });
        }
      });
    }
  }
  return out;
}
