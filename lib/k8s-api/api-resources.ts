/**
 * The resources Palisade's Kubernetes-compatible API (/k8s) serves, per API group and version:
 * the core group `v1`, Calico's aggregated `projectcalico.org/v3` (preferred), Calico's CRD
 * group `crd.projectcalico.org/v1`, and `networking.k8s.io/v1`. Built from the resource table of
 * lib/contracts/resources.ts, so the plural ↔ kind mapping has one source.
 *
 * Version mapping (crd.projectcalico.org/v1): objects are stored in Palisade's model (the v3
 * form). A v1 request is parsed by lib/calico (which normalises v1 to v3) and answered with the
 * same name and spec under `apiVersion: crd.projectcalico.org/v1`. Real Calico stores a few v1
 * objects differently (the `default.` name prefix of default-tier policies in older releases);
 * we do not emulate that: the v1 group here is a second view of the same objects.
 */
import type { ClusterKind } from "@/lib/cluster/backend";
import type { ResourceType } from "@/lib/contracts/resources";
import { RESOURCE_TYPES, resourceTypeForKind } from "@/lib/contracts/resources";

export const CORE_GROUP = "";
export const CALICO_GROUP = "projectcalico.org";
export const CALICO_CRD_GROUP = "crd.projectcalico.org";
export const NETWORKING_GROUP = "networking.k8s.io";
/** sigs.k8s.io/network-policy-api: ClusterNetworkPolicy (v1alpha2), as Calico ≥ 3.30 reads it. */
export const POLICY_NETWORKING_GROUP = "policy.networking.k8s.io";

/** Verbs every served resource supports (deletecollection is not served). */
export const RESOURCE_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"] as const;

/** One resource of one group version, as discovery describes it. */
export interface ApiResource {
  readonly group: string;
  readonly version: string;
  /** URL plural (`networkpolicies`). */
  readonly plural: string;
  readonly singular: string;
  /** The kind on the wire for this group version (`NetworkPolicy`). */
  readonly wireKind: string;
  /** Palisade's model kind (`KubernetesNetworkPolicy` for networking.k8s.io NetworkPolicy). */
  readonly kind: ClusterKind;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
}

/** A group version and whether clients should prefer it within its group. */
export interface ApiGroupVersion {
  readonly group: string;
  readonly version: string;
}

/**
 * Short names, as the upstream servers register them (Calico API server storage, kube core).
 * Calico's v1 CRDs declare none, so the CRD group has none either (no clash with v3 names).
 */
const SHORT_NAMES: Readonly<Record<string, readonly string[]>> = {
  "/namespaces": ["ns"],
  "/pods": ["po"],
  "/services": ["svc"],
  "/serviceaccounts": ["sa"],
  "/configmaps": ["cm"],
  "networking.k8s.io/networkpolicies": ["netpol"],
  "projectcalico.org/networkpolicies": ["cnp", "caliconetworkpolicy", "caliconetworkpolicies"],
  "projectcalico.org/globalnetworkpolicies": ["gnp", "cgnp", "calicoglobalnetworkpolicies"],
  "projectcalico.org/stagednetworkpolicies": ["snp"],
  "projectcalico.org/stagedglobalnetworkpolicies": ["sgnp"],
  "projectcalico.org/stagedkubernetesnetworkpolicies": ["sknp"],
  "projectcalico.org/networksets": ["netsets"],
  "projectcalico.org/hostendpoints": ["hep", "heps"],
  "projectcalico.org/felixconfigurations": ["felixconfig", "felixconfigs"],
};

function singularOf(wireKind: string): string {
  return wireKind.toLowerCase();
}

function fromType(type: ResourceType, group: string, version: string): ApiResource {
  const plural = type.kind === "KubernetesNetworkPolicy" ? "networkpolicies" : type.plural;
  return {
    group,
    version,
    plural,
    singular: singularOf(type.wireKind),
    wireKind: type.wireKind,
    kind: type.kind,
    namespaced: type.namespaced,
    shortNames: SHORT_NAMES[`${group}/${plural}`] ?? [],
  };
}

const CORE = RESOURCE_TYPES.filter((t) => t.apiVersion === "v1");
const CALICO = RESOURCE_TYPES.filter((t) => t.apiVersion === "projectcalico.org/v3");
const NETWORKING = RESOURCE_TYPES.filter((t) => t.apiVersion === "networking.k8s.io/v1");
const POLICY_NETWORKING = RESOURCE_TYPES.filter((t) => t.apiVersion === "policy.networking.k8s.io/v1alpha2");

/** Every served resource, grouped by `group/version` (`v1` for the core group). */
export const API_RESOURCES: ReadonlyMap<string, readonly ApiResource[]> = new Map([
  ["v1", CORE.map((t) => fromType(t, CORE_GROUP, "v1"))],
  [`${CALICO_GROUP}/v3`, CALICO.map((t) => fromType(t, CALICO_GROUP, "v3"))],
  [`${CALICO_CRD_GROUP}/v1`, CALICO.map((t) => fromType(t, CALICO_CRD_GROUP, "v1"))],
  [`${NETWORKING_GROUP}/v1`, NETWORKING.map((t) => fromType(t, NETWORKING_GROUP, "v1"))],
  [`${POLICY_NETWORKING_GROUP}/v1alpha2`, POLICY_NETWORKING.map((t) => fromType(t, POLICY_NETWORKING_GROUP, "v1alpha2"))],
]);

/** The named API groups with their versions, preferred version first (as /apis lists them). */
export const API_GROUPS: readonly { readonly name: string; readonly versions: readonly string[] }[] = [
  { name: NETWORKING_GROUP, versions: ["v1"] },
  { name: CALICO_GROUP, versions: ["v3"] },
  { name: CALICO_CRD_GROUP, versions: ["v1"] },
  { name: POLICY_NETWORKING_GROUP, versions: ["v1alpha2"] },
];

/** `group/version`, or just `version` for the core group: the wire apiVersion. */
export function toApiVersion(group: string, version: string): string {
  return group === CORE_GROUP ? version : `${group}/${version}`;
}

/** The resources of a group version, or undefined when the version is not served. */
export function resourcesOf(group: string, version: string): readonly ApiResource[] | undefined {
  return API_RESOURCES.get(toApiVersion(group, version));
}

/** One resource by group, version and plural; undefined when not served. */
export function findApiResource(group: string, version: string, plural: string): ApiResource | undefined {
  return resourcesOf(group, version)?.find((r) => r.plural === plural);
}

/**
 * The resource a model kind is served as in its canonical group (v3 for Calico kinds,
 * networking.k8s.io/v1 for Kubernetes policies, v1 for core kinds). Never undefined for a
 * ClusterKind (every kind has a resource type).
 */
export function canonicalApiResource(kind: ClusterKind): ApiResource {
  const type = resourceTypeForKind(kind);
  const [group, version] = type.apiVersion.includes("/") ? (type.apiVersion.split("/") as [string, string]) : [CORE_GROUP, type.apiVersion]; // "g/v" splits in two
  return fromType(type, group, version);
}

/** `tiers.projectcalico.org`, `pods`: the qualified resource name Kubernetes uses in messages. */
export function qualifiedResource(r: Pick<ApiResource, "group" | "plural">): string {
  return r.group === CORE_GROUP ? r.plural : `${r.plural}.${r.group}`;
}

/** `Tier.projectcalico.org`, `Pod`: the qualified kind Kubernetes uses in Invalid messages. */
export function qualifiedKind(r: Pick<ApiResource, "group" | "wireKind">): string {
  return r.group === CORE_GROUP ? r.wireKind : `${r.wireKind}.${r.group}`;
}
