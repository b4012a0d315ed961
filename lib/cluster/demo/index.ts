/**
 * The embedded demo cluster's seed: every object of every workshop walkthrough (see
 * docs/workshops.md), as pure data. `buildDemoCluster()` returns the same objects on
 * every call, in an order that can be written one by one (namespaces and the default tier first).
 */
import type { ClusterObject } from "@/lib/cluster/backend";
import { DemoIpam, serviceAccount } from "@/lib/cluster/demo/builders";
import { onlineBoutique } from "@/lib/cluster/demo/online-boutique";
import { calicoDefaults, systemObjects } from "@/lib/cluster/demo/system";
import { catFacts, devApps, myNamespace, storefront, testApps, zeroTrust, zones } from "@/lib/cluster/demo/workshops";

export { DEMO_NODES } from "@/lib/cluster/demo/builders";
export { DEMO_POD_CIDR, DEMO_SERVICE_CIDR } from "@/lib/cluster/demo/system";

const KIND_ORDER: Readonly<Record<string, number>> = { Namespace: 0, Tier: 1, ServiceAccount: 2 };

/**
 * Builds the demo cluster: namespaces (each with its `default` ServiceAccount), workloads and
 * services of Online Boutique, dev, storefront, app1/app2, kube-system, catfacts, the zone
 * namespaces, the zero-trust namespace and seed 003's `my-namespace`, plus Calico's defaults
 * (with the workshop's IP pools). No policies. Never throws.
 */
export function buildDemoCluster(): readonly ClusterObject[] {
  const ipam = new DemoIpam();
  const objects: ClusterObject[] = [
    ...systemObjects(ipam),
    ...calicoDefaults(),
    ...onlineBoutique(ipam),
    ...devApps(ipam),
    ...storefront(ipam),
    ...testApps(ipam),
    ...catFacts(ipam),
    ...zones(ipam),
    ...zeroTrust(ipam),
    // Last, so the addresses of the workloads above stay as they were before it was added.
    ...myNamespace(ipam),
  ];
  const namespaces = objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name);
  for (const ns of namespaces) objects.push(serviceAccount(ns, "default"));
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (KIND_ORDER[a.o.kind] ?? 9) - (KIND_ORDER[b.o.kind] ?? 9) || a.i - b.i)
    .map(({ o }) => o);
}
