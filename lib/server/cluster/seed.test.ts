import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterKind, PodObject, ServiceObject } from "@/lib/cluster/backend";
import { buildDemoCluster } from "@/lib/cluster/demo";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";
import { EmbeddedBackend } from "@/lib/server/cluster/embedded";
import { ensureEmbeddedCluster, resetEmbeddedCluster, SEED_ACTOR } from "@/lib/server/cluster/seed";
import { queryAuditEvents } from "@/lib/server/cluster/audit";
import { aPolicy, aTier, actor } from "@/lib/server/cluster/testing/fixtures";

let db: TempDatabase;
let b: EmbeddedBackend;

beforeAll(async () => {
  db = await openTempPGlite();
  await ensureEmbeddedCluster(db.sql);
  b = new EmbeddedBackend(db.sql, "embedded");
});
afterAll(async () => db.dispose());

async function podsOf(ns: string, labelSelector?: string): Promise<readonly PodObject[]> {
  return (await b.list("Pod", { namespace: ns, ...(labelSelector ? { labelSelector } : {}) })).items;
}

describe("the seeded demo cluster", () => {
  it("stores every demo object once, written by system:seed", async () => {
    const demo = buildDemoCluster();
    const kinds = [...new Set(demo.map((o) => o.kind))] as ClusterKind[];
    let total = 0;
    for (const kind of kinds) total += (await b.list(kind)).items.length;
    expect(total).toBe(demo.length);
    const audit = await queryAuditEvents(db.sql, "embedded", { limit: 1000 });
    expect(audit.items.every((e) => e.actor === SEED_ACTOR && e.type === "ADDED")).toBe(true);
  });

  it("has the walkthrough namespaces with realistic labels", async () => {
    const ns = (await b.list("Namespace")).items;
    expect(ns.map((n) => n.metadata.name)).toEqual(
      expect.arrayContaining(["default", "kube-system", "dev", "storefront", "app1", "app2", "catfacts", "dmz", "trusted", "restricted", "shams"]),
    );
    for (const n of ns) expect(n.metadata.labels?.["kubernetes.io/metadata.name"]).toBe(n.metadata.name);
    expect((await b.get("Namespace", "dmz")).metadata.labels).toMatchObject({ zone: "dmz" });
  });

  it("has Online Boutique in default with its services and ports (W1)", async () => {
    for (const app of ["frontend", "cartservice", "productcatalogservice", "currencyservice", "paymentservice", "shippingservice", "emailservice", "checkoutservice", "recommendationservice", "adservice", "redis-cart", "loadgenerator"]) {
      const pods = await podsOf("default", `app=${app}`);
      expect(pods.length, app).toBeGreaterThan(0);
      expect(pods[0]?.metadata.labels?.["pod-template-hash"]).toMatch(/^[a-z0-9]{9,10}$/);
      expect(pods[0]?.metadata.name).toMatch(new RegExp(`^${app}-[a-z0-9]{9,10}-[a-z0-9]{5}$`));
      expect(pods[0]?.status?.podIP).toMatch(/^10\.244\./);
      expect(pods[0]?.spec.serviceAccountName).toBe(app);
      await expect(b.get("ServiceAccount", app, "default")).resolves.toBeDefined();
    }
    const svc = async (name: string): Promise<ServiceObject> => b.get("Service", name, "default");
    expect((await svc("frontend")).spec.ports?.[0]).toMatchObject({ port: 80, targetPort: 8080 });
    expect((await svc("frontend-external")).spec).toMatchObject({ type: "LoadBalancer", ports: [expect.objectContaining({ port: 80, targetPort: 8080 })] });
    expect((await svc("emailservice")).spec.ports?.[0]).toMatchObject({ port: 5000, targetPort: 8080 });
    expect((await svc("recommendationservice")).spec.ports?.[0]).toMatchObject({ port: 8080 });
    expect((await svc("cartservice")).spec.ports?.[0]).toMatchObject({ port: 7070 });
    expect((await podsOf("default", "app=frontend"))[0]?.spec.containers[0]?.name).toBe("server");
    expect((await podsOf("default", "app=loadgenerator"))[0]?.spec.containers[0]?.name).toBe("main");
  });

  it("has dev's centos pod and nginx behind nginx-svc (W1)", async () => {
    expect((await b.get("Pod", "centos", "dev")).metadata.labels).toEqual({ app: "centos" });
    expect((await podsOf("dev", "app=nginx")).length).toBeGreaterThan(0);
    expect((await b.get("Service", "nginx-svc", "dev")).spec).toMatchObject({ selector: { app: "nginx" }, ports: [expect.objectContaining({ port: 80 })] });
  });

  it("labels only the storefront's PCI workloads PCI=true (W1 step 15)", async () => {
    const pci = (await podsOf("storefront", "PCI=true")).map((p) => p.metadata.labels?.app).sort();
    expect(pci).toEqual(["backend", "frontend", "microservice1", "microservice2"]);
    expect((await podsOf("storefront", "PCI!=true")).map((p) => p.metadata.labels?.app)).toEqual(["logging"]);
    expect((await b.list("Pod", { labelSelector: "PCI=true" })).items.every((p) => p.metadata.namespace === "storefront")).toBe(true);
  });

  it("has kube-dns in kube-system at 10.96.0.10 on 53 UDP and TCP", async () => {
    const dns = await podsOf("kube-system", "k8s-app=kube-dns");
    expect(dns.length).toBe(2);
    expect(dns[0]?.metadata.name).toMatch(/^coredns-/);
    const svc = await b.get("Service", "kube-dns", "kube-system");
    expect(svc.spec.clusterIP).toBe("10.96.0.10");
    expect(svc.spec.ports?.filter((p) => p.port === 53).map((p) => p.protocol).sort()).toEqual(["TCP", "UDP"]);
  });

  it("has app1/app2 (W3), catfacts (W2), the zone app (W4) and busybox + nginx (W5)", async () => {
    expect((await podsOf("app2", "app=app2")).length).toBe(2);
    expect((await podsOf("app1", "app=app1")).length).toBe(2);
    for (const app of ["facts", "worker", "db"]) expect((await podsOf("catfacts", `app=${app}`)).length, app).toBeGreaterThan(0);
    expect((await podsOf("restricted", "role=db"))[0]?.spec.containers[0]?.ports?.[0]?.containerPort).toBe(6379);
    expect((await podsOf("dmz", "role=frontend")).length).toBe(1);
    expect((await podsOf("shams")).map((p) => p.metadata.labels?.app).sort()).toEqual(["busybox", "nginx"]);
  });

  it("has Calico's defaults and no policies", async () => {
    expect((await b.get("Tier", "default")).spec).toEqual({ order: 1_000_000, defaultAction: "Deny" });
    expect((await b.get("FelixConfiguration", "default")).spec.flowLogsFlushInterval).toBeUndefined();
    const pool = await b.get("IPPool", "default-ipv4-ippool");
    expect(pool.spec.cidr).toBe("10.244.0.0/16");
    for (const kind of ["NetworkPolicy", "GlobalNetworkPolicy", "StagedNetworkPolicy", "StagedGlobalNetworkPolicy", "KubernetesNetworkPolicy", "StagedKubernetesNetworkPolicy"] as const) {
      expect((await b.list(kind)).items, kind).toEqual([]);
    }
  });

  it("seeds once: ensureEmbeddedCluster is idempotent, also when called concurrently", async () => {
    const rv = (await b.list("Pod")).resourceVersion;
    await Promise.all([ensureEmbeddedCluster(db.sql), ensureEmbeddedCluster(db.sql)]);
    expect((await b.list("Pod")).resourceVersion).toBe(rv);
  });
});

describe("resetEmbeddedCluster", () => {
  it("restores the seed state, recording the reset as events by the actor, with increasing versions", async () => {
    const before = await b.list("Pod");
    await b.create(aTier("security", 300), actor);
    await b.create(aPolicy("dev", "security", "p"), actor);
    await b.delete("Pod", "centos", "dev", actor);
    const felix = await b.get("FelixConfiguration", "default");
    await b.update({ ...felix, spec: { ...felix.spec, flowLogsFlushInterval: "15s" } }, actor);

    await resetEmbeddedCluster(db.sql, "embedded", "admin");

    const after = await b.list("Pod");
    expect(BigInt(after.resourceVersion)).toBeGreaterThan(BigInt(before.resourceVersion));
    expect(after.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(before.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    expect((await b.list("Tier")).items.map((t) => t.metadata.name)).toEqual(["default"]);
    expect((await b.list("NetworkPolicy")).items).toEqual([]);
    expect((await b.get("FelixConfiguration", "default")).spec.flowLogsFlushInterval).toBeUndefined();
    const audit = await queryAuditEvents(db.sql, "embedded", { actor: "admin", limit: 1000 });
    expect(audit.items.some((e) => e.type === "DELETED" && e.name === "security")).toBe(true);
    expect(audit.items.some((e) => e.type === "ADDED" && e.name === "centos")).toBe(true);
  });
});
