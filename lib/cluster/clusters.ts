/**
 * Cluster connections as the console lists them: the embedded demo cluster (stored in the
 * database) and real Kubernetes clusters (reached through their API server).
 */

export const CLUSTER_CONNECTION_KINDS = ["embedded", "kubernetes"] as const;
export type ClusterConnectionKind = (typeof CLUSTER_CONNECTION_KINDS)[number];

/** The id of the embedded demo cluster every installation starts with. */
export const EMBEDDED_CLUSTER_ID = "embedded";

/** One registered cluster connection. */
export interface ClusterInfo {
  /** A DNS-1123 label, stable; used in URLs (`/api/v1/clusters/{id}/…`). */
  readonly id: string;
  /** Display name, unique. */
  readonly name: string;
  readonly kind: ClusterConnectionKind;
  /** Connection settings (for `kubernetes`: kubeconfig path/context or server URL); `{}` for embedded. */
  readonly config: Readonly<Record<string, unknown>>;
  /** RFC 3339. */
  readonly createdAt: string;
}

/** What `addCluster` needs. */
export interface NewCluster {
  /** Defaults to a DNS-1123 label derived from `name`. */
  readonly id?: string;
  readonly name: string;
  readonly kind: ClusterConnectionKind;
  readonly config?: Readonly<Record<string, unknown>>;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `id` is a valid cluster id (a DNS-1123 label of at most 63 characters). */
export function isValidClusterId(id: string): boolean {
  return id.length <= 63 && DNS1123_LABEL.test(id);
}

/** Derives a cluster id from a display name: lower-case, runs of other characters become `-`. */
export function toClusterId(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return id || "cluster";
}
