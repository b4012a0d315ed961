/**
 * What a fresh kubeadm cluster with Calico has before any app: the system namespaces, CoreDNS
 * (`kube-dns`), the `kubernetes` service, Calico Enterprise's `tigera-intrusion-detection`
 * namespace, and Calico's own defaults — the `default` tier,
 * FelixConfiguration `default`, and the default IPv4 pool. No policies.
 */
import type { ClusterObject } from "@/lib/cluster/backend";
import type { DemoIpam } from "@/lib/cluster/demo/builders";
import { namespace, service, workload } from "@/lib/cluster/demo/builders";
import { THREAT_FEED_REF_NAMESPACE } from "@/lib/threat-feeds/headers";
import type { FelixConfiguration, IPPool, Tier } from "@/lib/calico/types";

/** The pod CIDR (kubeadm `--pod-network-cidr`), which the operator turns into the default pool. */
export const DEMO_POD_CIDR = "10.244.0.0/16";
/** kubeadm's default service CIDR. */
export const DEMO_SERVICE_CIDR = "10.96.0.0/12";

export function systemObjects(ipam: DemoIpam): readonly ClusterObject[] {
  return [
    namespace("default"),
    namespace("kube-system"),
    namespace("kube-public"),
    namespace("kube-node-lease"),
    // Calico Enterprise's intrusion-detection namespace: threat feeds read the Secrets and
    // ConfigMaps their headers refer to from here, so the demo has it ready, as an Enterprise
    // install does.
    namespace(THREAT_FEED_REF_NAMESPACE),
    service({
      namespace: "default",
      name: "kubernetes",
      labels: { component: "apiserver", provider: "kubernetes" },
      selector: {},
      clusterIP: "10.96.0.1",
      ports: [{ name: "https", port: 443, targetPort: 6443, protocol: "TCP" }],
    }),
    ...workload(
      {
        namespace: "kube-system",
        name: "kube-dns",
        appLabelKey: "k8s-app",
        podTemplateHash: "5d78c9869d",
        podSuffixes: ["7xk2p", "fq9ml"],
        nodes: ["palisade-control-plane"],
        serviceAccountName: "coredns",
        containers: [
          {
            name: "coredns",
            image: "registry.k8s.io/coredns/coredns:v1.11.1",
            ports: [
              { name: "dns", containerPort: 53, protocol: "UDP" },
              { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
              { name: "metrics", containerPort: 9153, protocol: "TCP" },
            ],
          },
        ],
      },
      ipam,
    ).map((o) => (o.kind === "Pod" ? { ...o, metadata: { ...o.metadata, name: o.metadata.name.replace(/^kube-dns-/, "coredns-") } } : o)),
    { kind: "ServiceAccount", metadata: { name: "coredns", namespace: "kube-system" } },
    service({
      namespace: "kube-system",
      name: "kube-dns",
      labels: { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
      selector: { "k8s-app": "kube-dns" },
      clusterIP: "10.96.0.10",
      ports: [
        { name: "dns", port: 53, targetPort: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53, targetPort: 53, protocol: "TCP" },
        { name: "metrics", port: 9153, targetPort: 9153, protocol: "TCP" },
      ],
    }),
  ];
}

/**
 * Calico's defaults. The `default` tier as Calico creates it (order 1,000,000 =
 * DefaultTierOrder, defaultAction Deny). Newer releases also create the empty `kube-admin` and
 * `kube-baseline` tiers for ClusterNetworkPolicy; the walkthroughs expect the board to show only
 * `default` before they add tiers, so the demo leaves them out. FelixConfiguration `default` as
 * the operator writes it on a fresh install (flow-log settings unset = their defaults), and the
 * default pool on the pod CIDR with the operator's defaults (blockSize 26, VXLANCrossSubnet, NAT).
 */
export function calicoDefaults(): readonly ClusterObject[] {
  const tier: Tier = { kind: "Tier", metadata: { name: "default" }, spec: { order: 1_000_000, defaultAction: "Deny" } };
  const felix: FelixConfiguration = {
    kind: "FelixConfiguration",
    metadata: { name: "default" },
    spec: { bpfLogLevel: "", floatingIPs: "Disabled", logSeverityScreen: "Info", reportingInterval: "0s" },
  };
  const pool: IPPool = {
    kind: "IPPool",
    metadata: { name: "default-ipv4-ippool" },
    spec: {
      cidr: DEMO_POD_CIDR,
      blockSize: 26,
      ipipMode: "Never",
      vxlanMode: "CrossSubnet",
      natOutgoing: true,
      nodeSelector: "all()",
      allowedUses: ["Workload", "Tunnel"],
    },
  };
  return [tier, felix, pool, ...workshopPools()];
}

/** Where seed 003's `dmz-pool` lies; the dmz namespace names it, so dmz pods take addresses from it. */
export const DMZ_POOL_PREFIX = "10.0.2.";

/**
 * Seed 003's pools (W4.1): `staging` exactly as the seed writes it (10.0.1.0/24, IPIP Always,
 * NAT outgoing; no nodeSelector, so Calico's default all()), and `dmz-pool`, which the seed only
 * names in the dmz namespace's `cni.projectcalico.org/ipv4pools` annotation: Palisade gives it
 * 10.0.2.0/24 with the operator's other defaults.
 */
function workshopPools(): readonly IPPool[] {
  return [
    { kind: "IPPool", metadata: { name: "staging" }, spec: { cidr: "10.0.1.0/24", ipipMode: "Always", natOutgoing: true } },
    { kind: "IPPool", metadata: { name: "dmz-pool" }, spec: { cidr: `${DMZ_POOL_PREFIX}0/24`, blockSize: 26, ipipMode: "Never", vxlanMode: "CrossSubnet", natOutgoing: true, nodeSelector: "all()" } },
  ];
}
