/** Links into the policy editor: /policies/<kind>/<namespace or _global>/<name>. */
export const GLOBAL_SEGMENT = "_global";

/** The editor page of a policy (a Kubernetes ClusterNetworkPolicy opens in the Resources view, edited as YAML). */
export function editorHref(kind: string, namespace: string | undefined, name: string): string {
  if (kind === "ClusterNetworkPolicy") return `/resources/clusternetworkpolicies/${encodeURIComponent(name)}`;
  return `/policies/${encodeURIComponent(kind)}/${encodeURIComponent(namespace ?? GLOBAL_SEGMENT)}/${encodeURIComponent(name)}`;
}

/** The page of a tier (edit form and history). */
export function tierHref(name: string): string {
  return `/board/tiers/${encodeURIComponent(name)}`;
}
