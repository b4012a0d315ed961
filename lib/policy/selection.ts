/**
 * endpointsSelectedBy: the endpoints a policy applies to (for the board's "selects N endpoints").
 */
import type { CompiledPolicySet } from "@/lib/policy/compiled";
import type { PolicyKey } from "@/lib/policy/keys";
import type { EndpointModel } from "@/lib/policy/model";

/**
 * Endpoints of the set that the policy's selector (with its namespace, namespaceSelector and
 * serviceAccountSelector) selects, regardless of its types, in input order. Undefined when no
 * policy has that key. Never throws.
 */
export function endpointsSelectedBy(set: CompiledPolicySet, policyKey: PolicyKey): readonly EndpointModel[] | undefined {
  const policy = set.internal.policiesByKey.get(policyKey);
  if (policy === undefined) return undefined;
  return set.internal.endpointList.filter((ep) => policy.appliesTo(ep)).map((ep) => ep.model);
}
