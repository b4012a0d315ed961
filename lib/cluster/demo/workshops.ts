/**
 * The smaller workshop apps: `dev` (seed 000: the centos pod and nginx behind nginx-svc), the
 * PCI `storefront` (seed 000's storefront-pci.yaml), `app1`/`app2` (seed 002's test apps),
 * `catfacts` (seed 001's Cat Facts application: facts, worker, db), the zone namespaces
 * `dmz`/`trusted`/`restricted` with a three-tier app (seed 003), and `shams` (seed 004's
 * zero-trust busybox + nginx).
 */
import type { ClusterObject } from "@/lib/cluster/backend";
import type { DemoIpam } from "@/lib/cluster/demo/builders";
import { namespace, service, workload } from "@/lib/cluster/demo/builders";
import { DMZ_POOL_PREFIX } from "@/lib/cluster/demo/system";
import { IPV4_POOLS_ANNOTATION } from "@/lib/ip-pools/usage";

const NGINX = "nginx:1.27-alpine";
const PEIRA = "quay.io/tigera/peira:v0.2.3";

export function devApps(ipam: DemoIpam): readonly ClusterObject[] {
  return [
    namespace("dev"),
    // A bare pod: the seed runs `kubectl -n dev exec -t centos`.
    ...workload({ namespace: "dev", name: "centos", nodes: ["palisade-worker"], serviceAccountName: "default", containers: [{ name: "centos", image: "centos:7" }] }, ipam),
    ...workload(
      {
        namespace: "dev",
        name: "nginx",
        podTemplateHash: "6f7c9b8d54",
        podSuffixes: ["b8n2x", "l5q7r"],
        nodes: ["palisade-worker", "palisade-worker2"],
        containers: [{ name: "nginx", image: NGINX, ports: [{ containerPort: 80, protocol: "TCP" }] }],
      },
      ipam,
    ),
    service({ namespace: "dev", name: "nginx-svc", selector: { app: "nginx" }, clusterIP: "10.96.210.40", ports: [{ port: 80, targetPort: 80, protocol: "TCP" }] }),
  ];
}

/**
 * The PCI storefront. storefront-pci.yaml labels frontend, backend, microservice1 and
 * microservice2 `PCI=true` with their firewall zones; they all call `logging`, which the
 * manifest does not define: we add it as the one non-PCI workload (zone restricted), so that
 * the pci-whitelist policy of the walkthrough has something to keep out.
 */
export function storefront(ipam: DemoIpam): readonly ClusterObject[] {
  const apps: readonly { name: string; zone: string; pci: boolean; hash: string; pod: string }[] = [
    { name: "frontend", zone: "dmz", pci: true, hash: "6b94d5c7f8", pod: "zq4xv" },
    { name: "backend", zone: "restricted", pci: true, hash: "7d8c6f5b94", pod: "n3k8w" },
    { name: "microservice1", zone: "trusted", pci: true, hash: "5f6d8c9b7c", pod: "j7r2t" },
    { name: "microservice2", zone: "trusted", pci: true, hash: "84c9b6d7f5", pod: "s5m9p" },
    { name: "logging", zone: "restricted", pci: false, hash: "69d7c8b5f4", pod: "c8w3z" },
  ];
  const ips = ["10.96.44.21", "10.96.44.22", "10.96.44.23", "10.96.44.24", "10.96.44.25"];
  const out: ClusterObject[] = [namespace("storefront")];
  apps.forEach((a, i) => {
    out.push(
      ...workload(
        {
          namespace: "storefront",
          name: a.name,
          labels: { "fw-zone": a.zone, ...(a.pci ? { PCI: "true" } : {}) },
          podTemplateHash: a.hash,
          podSuffixes: [a.pod],
          nodes: [i % 2 === 0 ? "palisade-worker2" : "palisade-worker"],
          serviceAccountName: "default",
          containers: [{ name: "mock", image: PEIRA, ports: [{ containerPort: 8080, protocol: "TCP" }] }],
        },
        ipam,
      ),
    );
    out.push(service({ namespace: "storefront", name: a.name, selector: { app: a.name }, clusterIP: ips[i] ?? "", ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }] }));
  });
  return out;
}

/** Seed 002's test clients: `app1` and `app2`, two pods each, labelled `app=app1` / `app=app2`. */
export function testApps(ipam: DemoIpam): readonly ClusterObject[] {
  const out: ClusterObject[] = [];
  for (const [name, hash, pods] of [
    ["app1", "7b5f9d6c48", ["d4h8k", "g6w2q"]],
    ["app2", "5c7d8f9b66", ["m9t3v", "x2p7f"]],
  ] as const) {
    out.push(namespace(name));
    out.push(
      ...workload(
        { namespace: name, name, podTemplateHash: hash, podSuffixes: pods, nodes: ["palisade-worker", "palisade-worker2"], containers: [{ name: "netshoot", image: "nicolaka/netshoot:v0.13" }] },
        ipam,
      ),
    );
  }
  return out;
}

/** Seed 001's Cat Facts application: `facts` (web), `worker` (calls catfact.ninja and dog.ceo), `db` (MySQL 3306). */
export function catFacts(ipam: DemoIpam): readonly ClusterObject[] {
  const ns = "catfacts";
  return [
    namespace(ns),
    ...workload(
      { namespace: ns, name: "facts", podTemplateHash: "7c9f6d5b8d", podSuffixes: ["r8k2m", "t5v9n"], nodes: ["palisade-worker", "palisade-worker2"], containers: [{ name: "facts", image: "ghcr.io/tigera-solutions/catfacts-facts:1.0", ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] }] },
      ipam,
    ),
    ...workload(
      { namespace: ns, name: "worker", podTemplateHash: "5d8b7c9f64", podSuffixes: ["w4q8z"], nodes: ["palisade-worker2"], containers: [{ name: "worker", image: "ghcr.io/tigera-solutions/catfacts-worker:1.0" }] },
      ipam,
    ),
    ...workload(
      { namespace: ns, name: "db", podTemplateHash: "6f9c8d7b55", podSuffixes: ["h3j6l"], nodes: ["palisade-worker"], containers: [{ name: "mysql", image: "mysql:8.4", ports: [{ name: "mysql", containerPort: 3306, protocol: "TCP" }] }] },
      ipam,
    ),
    service({ namespace: ns, name: "facts", type: "LoadBalancer", selector: { app: "facts" }, clusterIP: "10.96.77.80", ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP", nodePort: 30880 }] }),
    service({ namespace: ns, name: "db", selector: { app: "db" }, clusterIP: "10.96.77.36", ports: [{ name: "mysql", port: 3306, targetPort: 3306, protocol: "TCP" }] }),
  ];
}

/**
 * Seed 003's zones: namespaces `dmz`, `trusted`, `restricted` (labels `zone` and, as in the
 * seed's dmz ns.yaml, `location`), holding a three-tier app: web (role=frontend) → api
 * (role=backend) → db (role=db, Redis 6379, the port of the seed's policy example).
 */
export function zones(ipam: DemoIpam): readonly ClusterObject[] {
  const tiers = [
    { zone: "dmz", app: "web", role: "frontend", port: 80, image: NGINX, hash: "5b8d7f6c94", pod: "k7w2n", ip: "10.96.30.80" },
    { zone: "trusted", app: "api", role: "backend", port: 8080, image: "ghcr.io/tigera-solutions/zone-api:1.0", hash: "7f6c9d5b84", pod: "p3x8r", ip: "10.96.30.81" },
    { zone: "restricted", app: "db", role: "db", port: 6379, image: "redis:7-alpine", hash: "6c8d9f7b65", pod: "s9m4t", ip: "10.96.30.82" },
  ];
  const out: ClusterObject[] = [];
  for (const t of tiers) {
    // Seed 003's dmz ns.yaml: the namespace names its pool, so its pods take addresses from it.
    const dmz = t.zone === "dmz";
    out.push(namespace(t.zone, { zone: t.zone, location: t.zone }, dmz ? { [IPV4_POOLS_ANNOTATION]: '["dmz-pool"]' } : undefined));
    out.push(
      ...workload(
        {
          namespace: t.zone,
          name: t.app,
          labels: { role: t.role, zone: t.zone },
          podTemplateHash: t.hash,
          podSuffixes: [t.pod],
          nodes: ["palisade-worker"],
          containers: [{ name: t.app, image: t.image, ports: [{ containerPort: t.port, protocol: "TCP" }] }],
          ...(dmz ? { poolPrefix: DMZ_POOL_PREFIX } : {}),
        },
        ipam,
      ),
    );
    out.push(service({ namespace: t.zone, name: t.app, selector: { app: t.app }, clusterIP: t.ip, ports: [{ port: t.port, targetPort: t.port, protocol: "TCP" }] }));
  }
  return out;
}

/**
 * Seed 003's policy examples (W4.4): namespace `my-namespace` with a Redis `db` (role=db, 6379)
 * and a `frontend` (role=frontend) that calls it, so the Kubernetes NetworkPolicy and the Calico
 * policy of the seed apply as written and have traffic to judge.
 */
export function myNamespace(ipam: DemoIpam): readonly ClusterObject[] {
  const ns = "my-namespace";
  return [
    namespace(ns),
    ...workload(
      { namespace: ns, name: "db", labels: { role: "db" }, podTemplateHash: "5c7d8b9f46", podSuffixes: ["r6t2x"], nodes: ["palisade-worker2"], containers: [{ name: "redis", image: "redis:7-alpine", ports: [{ name: "redis", containerPort: 6379, protocol: "TCP" }] }] },
      ipam,
    ),
    ...workload(
      { namespace: ns, name: "frontend", labels: { role: "frontend" }, podTemplateHash: "84b6d9c7f5", podSuffixes: ["m2v7k"], nodes: ["palisade-worker"], containers: [{ name: "frontend", image: NGINX, ports: [{ containerPort: 80, protocol: "TCP" }] }] },
      ipam,
    ),
    service({ namespace: ns, name: "db", selector: { app: "db" }, clusterIP: "10.96.31.79", ports: [{ name: "redis", port: 6379, targetPort: 6379, protocol: "TCP" }] }),
  ];
}

/** Seed 004's zero-trust walk: namespace `shams` with a busybox pod and nginx. */
export function zeroTrust(ipam: DemoIpam): readonly ClusterObject[] {
  const ns = "shams";
  return [
    namespace(ns),
    ...workload({ namespace: ns, name: "busybox", nodes: ["palisade-worker2"], serviceAccountName: "default", containers: [{ name: "busybox", image: "busybox:1.36" }] }, ipam),
    ...workload(
      { namespace: ns, name: "nginx", podTemplateHash: "7c6d9b8f57", podSuffixes: ["q2z6v"], nodes: ["palisade-worker"], containers: [{ name: "nginx", image: NGINX, ports: [{ containerPort: 80, protocol: "TCP" }] }] },
      ipam,
    ),
    service({ namespace: ns, name: "nginx", selector: { app: "nginx" }, clusterIP: "10.96.60.80", ports: [{ port: 80, targetPort: 80, protocol: "TCP" }] }),
  ];
}
