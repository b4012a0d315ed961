/**
 * Stage and enforce: enforced policy ↔ staged copy, and the plan that enforces a staged policy.
 *
 * Upstream reference: projectcalico/api ConvertStagedPolicyToEnforced and friends copy metadata
 * and spec across, clear resourceVersion and uid, and hand back the staged action. A staged copy
 * has exactly the enforced policy's name (and namespace); the engine pairs them by that name.
 * We also drop the other server-owned metadata (creationTimestamp, generation, managedFields,
 * deletion fields) because the copy is a new object.
 */
import type {
  GlobalNetworkPolicy,
  K8sNetworkPolicySpec,
  KubernetesNetworkPolicy,
  NetworkPolicy,
  ObjectMeta,
  StagedAction,
  StagedGlobalNetworkPolicy,
  StagedKubernetesNetworkPolicy,
  StagedNetworkPolicy,
} from "@/lib/calico/types";
import type { PolicyKey } from "@/lib/policy";
import { policyKeyOf } from "@/lib/policy";
import { assertNever } from "@/lib/result";
import { tierOfPolicy } from "@/lib/board/policy-view";

/** An enforced policy resource. */
export type EnforcedPolicy = NetworkPolicy | GlobalNetworkPolicy | KubernetesNetworkPolicy;
/** A staged policy resource. */
export type StagedPolicy = StagedNetworkPolicy | StagedGlobalNetworkPolicy | StagedKubernetesNetworkPolicy;

/** The staged kind for each enforced kind. */
export type StagedOf<P extends EnforcedPolicy> = P extends NetworkPolicy
  ? StagedNetworkPolicy
  : P extends GlobalNetworkPolicy
    ? StagedGlobalNetworkPolicy
    : StagedKubernetesNetworkPolicy;

/** The enforced kind for each staged kind. */
export type EnforcedOf<S extends StagedPolicy> = S extends StagedNetworkPolicy
  ? NetworkPolicy
  : S extends StagedGlobalNetworkPolicy
    ? GlobalNetworkPolicy
    : KubernetesNetworkPolicy;

const SERVER_FIELDS = ["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds"] as const;

/** Metadata for a new object copied from `meta`: same name, namespace, labels, annotations. */
export function copyMetadata(meta: ObjectMeta): ObjectMeta {
  const out: Record<string, unknown> = { ...meta };
  for (const f of SERVER_FIELDS) delete out[f];
  // Safe: a copy of ObjectMeta with optional fields removed is still an ObjectMeta.
  return out as unknown as ObjectMeta;
}

function withoutStagedAction<T extends { readonly stagedAction?: StagedAction }>(spec: T): Omit<T, "stagedAction"> {
  const { stagedAction: _dropped, ...rest } = spec;
  return rest;
}

/**
 * The staged copy of an enforced policy (`stagedAction: Set`), every spec field preserved, same
 * name and namespace. Never throws.
 */
export function toStaged<P extends EnforcedPolicy>(policy: P): StagedOf<P>;
export function toStaged(policy: EnforcedPolicy): StagedPolicy {
  const metadata = copyMetadata(policy.metadata);
  switch (policy.kind) {
    case "NetworkPolicy":
      return { kind: "StagedNetworkPolicy", metadata, spec: { ...policy.spec, stagedAction: "Set" } };
    case "GlobalNetworkPolicy":
      return { kind: "StagedGlobalNetworkPolicy", metadata, spec: { ...policy.spec, stagedAction: "Set" } };
    case "KubernetesNetworkPolicy":
      return { kind: "StagedKubernetesNetworkPolicy", metadata, spec: { ...policy.spec, stagedAction: "Set" } };
    default:
      return assertNever(policy);
  }
}

/**
 * A staged deletion of an enforced policy: `stagedAction: Delete` with an otherwise empty spec
 * (Calico requires that; Calico kinds keep `tier` so the card stays in its lane). Never throws.
 */
export function toStagedDelete<P extends EnforcedPolicy>(policy: P): StagedOf<P>;
export function toStagedDelete(policy: EnforcedPolicy): StagedPolicy {
  const metadata = copyMetadata(policy.metadata);
  switch (policy.kind) {
    case "NetworkPolicy":
      return { kind: "StagedNetworkPolicy", metadata, spec: { tier: tierOfPolicy(policy), stagedAction: "Delete" } };
    case "GlobalNetworkPolicy":
      return { kind: "StagedGlobalNetworkPolicy", metadata, spec: { tier: tierOfPolicy(policy), stagedAction: "Delete" } };
    case "KubernetesNetworkPolicy": {
      // Safe: Calico requires a staged Delete's spec to be empty, podSelector included; the
      // model's type says podSelector is required only because enforced specs need it.
      const spec = { stagedAction: "Delete" } as unknown as K8sNetworkPolicySpec & { readonly stagedAction: StagedAction };
      return { kind: "StagedKubernetesNetworkPolicy", metadata, spec };
    }
    default:
      return assertNever(policy);
  }
}

/**
 * The enforced policy a staged policy becomes: enforced kind, same name and namespace, the spec
 * without `stagedAction`. Meaningless for `stagedAction: Delete` (see planEnforce). Never throws.
 */
export function toEnforced<S extends StagedPolicy>(staged: S): EnforcedOf<S>;
export function toEnforced(staged: StagedPolicy): EnforcedPolicy {
  const metadata = copyMetadata(staged.metadata);
  switch (staged.kind) {
    case "StagedNetworkPolicy":
      return { kind: "NetworkPolicy", metadata, spec: withoutStagedAction(staged.spec) };
    case "StagedGlobalNetworkPolicy":
      return { kind: "GlobalNetworkPolicy", metadata, spec: withoutStagedAction(staged.spec) };
    case "StagedKubernetesNetworkPolicy":
      return { kind: "KubernetesNetworkPolicy", metadata, spec: withoutStagedAction(staged.spec) };
    default:
      return assertNever(staged);
  }
}

/** What enforcing a staged policy does, to be applied atomically. */
export interface EnforcePlan {
  /** The enforced policy to create (no enforced policy of that name exists). */
  readonly create?: EnforcedPolicy;
  /** The enforced policy to replace, carrying the existing resourceVersion for a conditional write. */
  readonly update?: EnforcedPolicy;
  /** Keys to delete: always the staged policy; the enforced one too for `stagedAction: Delete`. */
  readonly delete: readonly PolicyKey[];
}

/**
 * The plan that enforces `staged`, given the enforced policy of the same kind family, namespace
 * and name (`existing`, undefined when there is none):
 *  - `Delete`: delete the enforced policy (when it exists) and the staged one;
 *  - `Set` (or absent), `Learn`, `Ignore`: create or update the enforced policy from the staged
 *    spec, then delete the staged one. Learn/Ignore are recommendation states in Calico
 *    Enterprise; enforcing them means taking the staged spec, as the pending view already does.
 * Never throws.
 */
export function planEnforce(staged: StagedPolicy, existing: EnforcedPolicy | undefined): EnforcePlan {
  const stagedKey = policyKeyOf(staged);
  const action = staged.spec.stagedAction ?? "Set";
  if (action === "Delete") return { delete: existing === undefined ? [stagedKey] : [policyKeyOf(existing), stagedKey] };
  const enforced = toEnforced(staged);
  if (existing === undefined) return { create: enforced, delete: [stagedKey] };
  const rv = existing.metadata.resourceVersion;
  const update: EnforcedPolicy = { ...enforced, metadata: { ...enforced.metadata, ...(rv !== undefined ? { resourceVersion: rv } : {}) } };
  return { update, delete: [stagedKey] };
}
