/**
 * Resource → PolicyView: the per-policy fields a board card shows, computed with the same
 * defaulting rules the engine uses (lib/calico policy-names, lib/policy keys).
 */
import type { CalicoResource, LabelSelector } from "@/lib/calico/types";
import { effectiveK8sPolicyTypes, effectivePolicyTypes, policyTierOf, shortPolicyName } from "@/lib/calico";
import type { PolicyKey } from "@/lib/policy";
import { K8S_NP_ORDER, clusterNetworkPolicyToCalico, policyDisplayName, policyKeyOf, toEnforcedKind } from "@/lib/policy";
import { k8sLabelSelectorToCalico } from "@/lib/selector";
import type { EnforcedPolicyKind, PolicyResource, PolicyView } from "@/lib/board/types";

/** True for the resource kinds that live in a tier (enforced, staged and Kubernetes policies). */
export function isPolicyResource(resource: CalicoResource): resource is PolicyResource {
  switch (resource.kind) {
    case "NetworkPolicy":
    case "GlobalNetworkPolicy":
    case "StagedNetworkPolicy":
    case "StagedGlobalNetworkPolicy":
    case "KubernetesNetworkPolicy":
    case "StagedKubernetesNetworkPolicy":
    case "ClusterNetworkPolicy":
      return true;
    default:
      return false;
  }
}

/** The enforced kind of a policy kind's family (StagedNetworkPolicy → NetworkPolicy, ...). */
export function enforcedKindOf(kind: PolicyResource["kind"]): EnforcedPolicyKind {
  return toEnforcedKind(kind);
}

/** True for the staged kinds. */
export function isStagedResource(resource: PolicyResource): boolean {
  return resource.kind === "StagedNetworkPolicy" || resource.kind === "StagedGlobalNetworkPolicy" || resource.kind === "StagedKubernetesNetworkPolicy";
}

/** True for Kubernetes NetworkPolicy and its staged form (tier and order fixed by Calico). */
export function isKubernetesResource(resource: PolicyResource): boolean {
  return resource.kind === "KubernetesNetworkPolicy" || resource.kind === "StagedKubernetesNetworkPolicy";
}

/**
 * The key shared by a policy and its staged counterpart: the enforced kind's policy key
 * (`NetworkPolicy/<ns>/<name>`, `GlobalNetworkPolicy/<name>`, ...). This is how the engine pairs
 * a staged policy with the policy it would replace. Never throws.
 */
export function familyKeyOf(resource: PolicyResource): PolicyKey {
  return policyKeyOf({ kind: enforcedKindOf(resource.kind), metadata: resource.metadata });
}

/** The tier of a policy resource (`default` when unset; always `default` for Kubernetes kinds). */
export function tierOfPolicy(resource: PolicyResource): string {
  return policyTierOf(resource) ?? "default";
}

/** The order Calico evaluates the policy with: `spec.order`, 1000 for Kubernetes kinds, the priority of a ClusterNetworkPolicy. */
export function orderOfPolicy(resource: PolicyResource): number | undefined {
  if (resource.kind === "ClusterNetworkPolicy") return resource.spec.priority;
  return isKubernetesResource(resource) ? K8S_NP_ORDER : "order" in resource.spec ? resource.spec.order : undefined;
}

/**
 * The v1-style name felix uses to break ties between policies of equal order:
 * `<namespace>/<display name>` for namespaced kinds, `<display name>` for global ones.
 */
export function sortNameOf(resource: PolicyResource): string {
  const display = policyDisplayName(resource.kind, resource.metadata.name, tierOfPolicy(resource));
  const key = policyKeyOf(resource);
  const namespaced = key.split("/").length === 3;
  return namespaced ? `${resource.metadata.namespace ?? "default"}/${display}` : display;
}

function k8sSelectorText(selector: LabelSelector | undefined): string {
  return selector === undefined ? "all()" : k8sLabelSelectorToCalico(selector);
}

/**
 * Builds the card view of one policy resource. `endpointCount` comes from the caller (the
 * engine's endpointsSelectedBy); it is left out when undefined. Never throws.
 */
export function toPolicyView(resource: PolicyResource, endpointCount?: number): PolicyView {
  const tier = tierOfPolicy(resource);
  const key = policyKeyOf(resource);
  const namespaced = key.split("/").length === 3;
  const staged = isStagedResource(resource);
  const common = {
    key,
    kind: resource.kind,
    scope: namespaced ? ("namespace" as const) : ("global" as const),
    ...(namespaced ? { namespace: resource.metadata.namespace ?? "default" } : {}),
    name: resource.metadata.name,
    shortName: shortPolicyName(tier, resource.metadata.name),
    displayName: policyDisplayName(resource.kind, resource.metadata.name, tier),
    tier,
    order: orderOfPolicy(resource),
    staged,
    ...(endpointCount !== undefined ? { endpointCount } : {}),
    labels: resource.metadata.labels ?? {},
    resource,
  };
  if (resource.kind === "KubernetesNetworkPolicy" || resource.kind === "StagedKubernetesNetworkPolicy") {
    // A staged Delete carries an empty spec, so podSelector may really be missing here.
    const podSelector: LabelSelector | undefined = resource.spec.podSelector;
    return {
      ...common,
      selector: k8sSelectorText(podSelector),
      directions: effectiveK8sPolicyTypes(resource.spec),
      ingressRuleCount: resource.spec.ingress?.length ?? 0,
      egressRuleCount: resource.spec.egress?.length ?? 0,
      ...(resource.kind === "StagedKubernetesNetworkPolicy" ? { stagedAction: resource.spec.stagedAction ?? "Set" } : {}),
      movable: false,
      untracked: false,
    };
  }
  if (resource.kind === "ClusterNetworkPolicy") {
    // Shown as Calico evaluates it (lib/policy cnp-conversion); edited as YAML, moved never
    // (its tier follows spec.tier and its order spec.priority).
    const converted = clusterNetworkPolicyToCalico(resource.spec);
    const ns = converted.spec.namespaceSelector ?? "all()";
    return {
      ...common,
      scope: "global",
      selector: ns === "all()" ? (converted.spec.selector ?? "all()") : `${converted.spec.selector ?? "all()"} && namespace ${ns}`,
      directions: converted.types,
      ingressRuleCount: resource.spec.ingress?.length ?? 0,
      egressRuleCount: resource.spec.egress?.length ?? 0,
      movable: false,
      untracked: false,
    };
  }
  const spec = resource.spec;
  const selector = spec.selector === undefined || spec.selector.trim() === "" ? "all()" : spec.selector;
  const namespaceSelector = spec.namespaceSelector?.trim() ?? "";
  return {
    ...common,
    selector,
    ...(namespaceSelector !== "" ? { namespaceSelector } : {}),
    directions: effectivePolicyTypes(spec),
    ingressRuleCount: spec.ingress?.length ?? 0,
    egressRuleCount: spec.egress?.length ?? 0,
    ...(resource.kind === "StagedNetworkPolicy" || resource.kind === "StagedGlobalNetworkPolicy" ? { stagedAction: resource.spec.stagedAction ?? "Set" } : {}),
    movable: true,
    untracked: spec.doNotTrack === true || spec.preDNAT === true,
  };
}

/**
 * What a card shows as the policy's scope: the selector, and the namespaceSelector when one is
 * set (`namespaceSelector: X` alone when the selector is `all()`, since the selector then adds
 * nothing). Never throws.
 */
export function scopeTextOf(view: Pick<PolicyView, "selector" | "namespaceSelector">): string {
  if (view.namespaceSelector === undefined) return view.selector;
  const ns = `namespaceSelector: ${view.namespaceSelector}`;
  return view.selector === "all()" ? ns : `${view.selector} · ${ns}`;
}
