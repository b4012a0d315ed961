/** Contract of GET /api/v1/clusters/{cluster}/ip-pools: every IPPool with who uses it. */

export interface IpPoolView {
  readonly name: string;
  readonly resourceVersion: string;
  readonly cidr: string;
  readonly blockSize?: number;
  readonly ipipMode: string;
  readonly vxlanMode: string;
  readonly natOutgoing: boolean;
  readonly nodeSelector: string;
  readonly disabled: boolean;
  /** Namespaces whose cni.projectcalico.org/ipv4pools (or ipv6pools) annotation names the pool. */
  readonly namespaces: readonly string[];
  /** Pods naming it in their own annotation (their namespace names none). */
  readonly annotatedPods: readonly string[];
  /** Pods with an address in the pool. */
  readonly workloads: readonly { readonly namespace: string; readonly name: string; readonly ip: string }[];
  readonly used: number;
  readonly size: number;
  readonly utilisation: number;
}

export interface IpPoolsOverview {
  readonly items: readonly IpPoolView[];
}

export const ipPoolPaths = {
  overview: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/ip-pools`,
};
