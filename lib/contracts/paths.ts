/** URL builders for /api/v1, shared by the hooks (and tests) so paths are written once. */
import type { ResourceType } from "@/lib/contracts/resources";

const API = "/api/v1";

function seg(value: string): string {
  return encodeURIComponent(value);
}

/** Query string from defined, non-empty values (`?a=1&b=2`), or "". */
export function toQueryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s === "" ? "" : `?${s}`;
}

export const apiPaths = {
  healthz: (): string => `${API}/healthz`,
  session: (): string => `${API}/session`,
  clusters: (): string => `${API}/clusters`,
  cluster: (cluster: string): string => `${API}/clusters/${seg(cluster)}`,
  clusterReset: (cluster: string): string => `${API}/clusters/${seg(cluster)}/reset`,
  apply: (cluster: string): string => `${API}/clusters/${seg(cluster)}/apply`,
  /** A collection: all namespaces (or cluster-scoped) without `namespace`, one namespace with it. */
  collection: (cluster: string, type: ResourceType, namespace?: string): string =>
    type.namespaced && namespace !== undefined && namespace !== ""
      ? `${API}/clusters/${seg(cluster)}/namespaces/${seg(namespace)}/${type.plural}`
      : `${API}/clusters/${seg(cluster)}/${type.plural}`,
  /** One object; namespaced types need the namespace. */
  object: (cluster: string, type: ResourceType, name: string, namespace?: string): string =>
    type.namespaced
      ? `${API}/clusters/${seg(cluster)}/namespaces/${seg(namespace ?? "")}/${type.plural}/${seg(name)}`
      : `${API}/clusters/${seg(cluster)}/${type.plural}/${seg(name)}`,
};
