/**
 * Tier lifecycle rules for the board. Calico refuses to delete a tier that still holds policies,
 * and never deletes its static tiers (libcalico-go names.TierIsStatic: default, kube-admin,
 * kube-baseline).
 */
import type { CalicoResource, Tier } from "@/lib/calico/types";
import { isPolicyResource, isStagedResource, tierOfPolicy } from "@/lib/board/policy-view";

/** Tiers Calico creates itself and never lets a user delete. */
export const STATIC_TIERS: readonly string[] = ["default", "kube-admin", "kube-baseline"];

/** canDeleteTier result. */
export type CanDeleteTierResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

function policies(n: number): string {
  return n === 1 ? "1 policy" : `${n} policies`;
}

/**
 * Whether tier `tier` (a name or a Tier) may be deleted given every resource of the cluster:
 * never for Calico's static tiers; refused while any policy, enforced or staged (Kubernetes
 * NetworkPolicies count for `default`), still names it, with a message saying how many remain.
 * Never throws.
 */
export function canDeleteTier(tier: string | Tier, resources: readonly CalicoResource[]): CanDeleteTierResult {
  const name = typeof tier === "string" ? tier : tier.metadata.name;
  if (STATIC_TIERS.includes(name)) return { ok: false, reason: `tier "${name}" is created by Calico and cannot be deleted` };
  let enforced = 0;
  let staged = 0;
  for (const r of resources) {
    if (!isPolicyResource(r) || tierOfPolicy(r) !== name) continue;
    if (isStagedResource(r)) staged++;
    else enforced++;
  }
  const total = enforced + staged;
  if (total === 0) return { ok: true };
  const detail = staged > 0 ? ` (${enforced} enforced, ${staged} staged)` : "";
  return {
    ok: false,
    reason: `tier "${name}" still holds ${policies(total)}${detail}; move or delete them before deleting the tier`,
  };
}
