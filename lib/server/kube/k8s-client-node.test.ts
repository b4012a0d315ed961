/**
 * @kubernetes/client-node's informer against /k8s over TLS: it starts on a quiet collection
 * (the watch's headers come at once), and after the watch's version is compacted (ERROR 410)
 * it relists and goes on, seeing objects created after the compaction.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Informer, KubernetesListObject, KubernetesObject, ObjectCache } from "@kubernetes/client-node";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
let server: K8sTestServer;
let token = "";

async function informerOn(plural: string): Promise<Informer<KubernetesObject> & ObjectCache<KubernetesObject>> {
  const k8s = await import("@kubernetes/client-node");
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "palisade", server: server.url, skipTLSVerify: true }],
    users: [{ name: "u", token }],
    contexts: [{ name: "c", cluster: "palisade", user: "u" }],
    currentContext: "c",
  });
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const list = async (): Promise<KubernetesListObject<KubernetesObject>> =>
    (await custom.listClusterCustomObject({ group: "projectcalico.org", version: "v3", plural })) as KubernetesListObject<KubernetesObject>; // the API answers a <Kind>List
  return k8s.makeInformer(kc, `/apis/projectcalico.org/v3/${plural}`, list);
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(50);
  return check();
}

beforeAll(async () => {
  const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
  const routes = await import("@/app/k8s/[[...path]]/route");
  token = await issueAdminToken("client-node");
  const tls = makeSelfSignedCert();
  if (tls === undefined) throw new Error("openssl is needed for the TLS test server");
  server = await startK8sTestServer(routes, tls);
});

afterAll(async () => {
  await server?.close();
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("client-node informer against /k8s", () => {
  it("starts on a quiet collection, then relists after a 410 and keeps watching", async () => {
    const informer = await informerOn("globalthreatfeeds");
    let connects = 0;
    const errors: unknown[] = [];
    informer.on("connect", () => connects++);
    informer.on("error", (e) => errors.push(e));
    const started = Date.now();
    // start() resolves once the watch's response headers arrive; a quiet collection sends no event.
    await Promise.race([informer.start(), sleep(5_000).then(() => Promise.reject(new Error("informer did not start within 5 s")))]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(connects).toBe(1);

    const { getClusterBackend } = await import("@/lib/server/cluster/registry");
    const backend = await getClusterBackend("embedded");
    const tierWrite = await backend.create({ kind: "Tier", metadata: { name: "compact-me" }, spec: { order: 500 } }, { actor: "t" });
    expect(tierWrite.metadata.resourceVersion).toBeDefined();
    const { getSql } = await import("@/lib/server/db");
    const { compactClusterEvents } = await import("@/lib/server/cluster/compaction");
    await compactClusterEvents(await getSql(), "embedded", new Date(Date.now() + 60_000), { watchWindowMs: 1, auditRetentionMs: 86_400_000 });
    // The next event of the watched kind wakes the watch, which finds its version compacted.
    await backend.create<"GlobalThreatFeed">({ kind: "GlobalThreatFeed", metadata: { name: "after-compaction" }, spec: { content: "IPSet" } }, { actor: "t" });
    expect(await until(() => connects >= 2, 10_000)).toBe(true);
    expect(await until(() => informer.list().some((o) => o.metadata?.name === "after-compaction"), 10_000)).toBe(true);
    expect(errors).toEqual([]);
    await informer.stop();
  }, 40_000);
});
