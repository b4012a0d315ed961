/**
 * The watch cache against Palisade's own /k8s API over TLS (a throwaway embedded cluster), with a
 * TCP relay in between that can drop every connection: reads served from memory once warm,
 * writes of other clients arriving by watch, read-your-writes, paging, and a lost connection
 * marking the cluster stale until the informer reconnects by itself.
 */
import { setTimeout as sleep } from "node:timers/promises";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tier } from "@/lib/calico/types";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { CachedKubeBackend } from "@/lib/server/kube/cache";
import type { KubernetesBackend } from "@/lib/server/kube/backend";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
let server: K8sTestServer;
let token = "";
let relay: Relay;
let cached: CachedKubeBackend;
let direct: KubernetesBackend;

const tier = (name: string, order: number): Tier => ({ kind: "Tier", metadata: { name }, spec: { order } });
const actor = { actor: "test" };

/** A TCP relay on a fixed port that can cut every connection and refuse new ones, then resume. */
interface Relay {
  readonly port: number;
  cut(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

async function startRelay(target: number): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const make = () =>
    net.createServer((client) => {
      const upstream = net.connect(target, "127.0.0.1");
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
  let srv = make();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port; // a TCP listener
  const stop = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      srv.close(() => r());
    });
  return {
    port,
    cut: stop,
    resume: async () => {
      srv = make();
      await new Promise<void>((r) => srv.listen(port, "127.0.0.1", r));
    },
    close: stop,
  };
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(50);
  }
}

async function connect(url: string): Promise<KubernetesBackend> {
  const { KubernetesBackend } = await import("@/lib/server/kube/backend");
  const { loadKubeConfig, parseKubeConnection } = await import("@/lib/server/kube/kube-config");
  const { KubeTransport } = await import("@/lib/server/kube/kube-transport");
  const { kc, server: u } = loadKubeConfig(parseKubeConnection({ source: "token", server: url, token, caPem: server.caPem }));
  return KubernetesBackend.connect("cached", new KubeTransport(kc, u, { backoff: { baseMs: 10, capMs: 50, maxRetries: 1 } }));
}

beforeAll(async () => {
  const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
  const routes = await import("@/app/k8s/[[...path]]/route");
  token = await issueAdminToken("cache");
  const tls = makeSelfSignedCert();
  if (tls === undefined) throw new Error("openssl is needed for the TLS test server");
  server = await startK8sTestServer(routes, tls);
  relay = await startRelay(Number(new URL(server.url).port));
  const { CachedKubeBackend } = await import("@/lib/server/kube/cache");
  cached = new CachedKubeBackend(await connect(server.url.replace(/:\d+\//, `:${relay.port}/`)), { backoff: { baseMs: 50, capMs: 200, maxRetries: 1000 } });
  direct = await connect(server.url);
});

afterAll(async () => {
  cached?.close();
  await relay?.close();
  await server?.close();
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("CachedKubeBackend", () => {
  it("passes the first read through, then serves from memory and follows other clients' writes", async () => {
    const first = await cached.list("Tier");
    expect(first.items.map((t) => t.metadata.name)).toContain("default");
    await until(() => cached.isWarm("Tier"));
    await direct.create(tier("written-elsewhere", 500), actor);
    await until(async () => (await cached.list("Tier")).items.some((t) => t.metadata.name === "written-elsewhere"));
    await direct.delete("Tier", "written-elsewhere", undefined, actor);
    await until(async () => !(await cached.list("Tier")).items.some((t) => t.metadata.name === "written-elsewhere"));
  });

  it("shows its own writes at once and pages with its own continue tokens", async () => {
    for (const [i, n] of ["a-one", "a-two", "a-three"].entries()) await cached.create(tier(n, 600 + i), actor);
    const names = (await cached.list("Tier")).items.map((t) => t.metadata.name);
    expect(names).toEqual(expect.arrayContaining(["a-one", "a-two", "a-three"]));
    const all: string[] = [];
    let next: string | undefined;
    do {
      const page = await cached.list("Tier", { limit: 2, ...(next !== undefined ? { continue: next } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items.map((t) => t.metadata.name));
      next = page.continue;
      if (next !== undefined) expect(next.startsWith("cache:")).toBe(true);
    } while (next !== undefined);
    expect(all).toEqual([...names].sort());
    const got = await cached.get("Tier", "a-two");
    expect(got.spec.order).toBe(601);
    const updated = await cached.update({ ...got, spec: { order: 650 } }, actor);
    expect((await cached.get("Tier", "a-two")).metadata.resourceVersion).toBe(updated.metadata.resourceVersion);
    await cached.delete("Tier", "a-two", undefined, actor);
    expect((await cached.list("Tier")).items.map((t) => t.metadata.name)).not.toContain("a-two");
    // Filters apply to cached reads as to the server's.
    const byLabel = await cached.list("Namespace", { labelSelector: "kubernetes.io/metadata.name=dev" });
    await until(() => cached.isWarm("Namespace"));
    const warm = await cached.list("Namespace", { labelSelector: "kubernetes.io/metadata.name=dev" });
    expect(warm.items.map((n) => n.metadata.name)).toEqual(byLabel.items.map((n) => n.metadata.name));
  });

  it("reads Secrets from the server, never into memory, and a threat feed's headers through them", async () => {
    const ns = "tigera-intrusion-detection";
    // The embedded cluster, like a Calico Enterprise install, already has the namespace.
    expect((await direct.get("Namespace", ns)).metadata.name).toBe(ns);
    await direct.create({ kind: "Secret", metadata: { name: "feed-creds", namespace: ns }, stringData: { apikey: "real-cluster-key" } }, actor);
    const got = await cached.get("Secret", "feed-creds", ns);
    expect(got.data?.["apikey"]).toBe(Buffer.from("real-cluster-key").toString("base64"));
    expect((await cached.list("Secret", { namespace: ns })).items).toHaveLength(1);
    expect(cached.isWarm("Secret")).toBe(false);
    // The sync's pull on a real cluster: the header comes from the Secret read through the API.
    const http = await import("node:http");
    let seen: string | undefined;
    const feedServer = http.createServer((req, res) => {
      seen = req.headers["apikey"] as string | undefined;
      res.end("203.0.113.9\n");
    });
    await new Promise<void>((r) => feedServer.listen(0, "127.0.0.1", r));
    process.env.PALISADE_OUTBOUND_ALLOW = "127.0.0.1";
    try {
      const { pullFeed } = await import("@/lib/server/threat-feeds/sync");
      const url = `http://127.0.0.1:${(feedServer.address() as net.AddressInfo).port}/`; // a TCP listener
      const outcome = await pullFeed(cached, { kind: "GlobalThreatFeed", metadata: { name: "f" }, spec: { pull: { http: { url, headers: [{ name: "APIKey", valueFrom: { secretKeyRef: { name: "feed-creds", key: "apikey" } } }] } } } });
      expect(outcome).toMatchObject({ ok: true, entries: ["203.0.113.9/32"] });
      expect(seen).toBe("real-cluster-key");
      const missing = await pullFeed(cached, { kind: "GlobalThreatFeed", metadata: { name: "g" }, spec: { pull: { http: { url, headers: [{ name: "APIKey", valueFrom: { secretKeyRef: { name: "absent", key: "apikey" } } }] } } } });
      expect(missing).toEqual({ ok: false, condition: { type: "PullFailed", message: `header "APIKey": secret ${ns}/absent not found` } });
    } finally {
      feedServer.closeAllConnections();
      await new Promise<void>((r) => feedServer.close(() => r()));
    }
  });

  it("goes stale when the connection drops, keeps serving the cache, and recovers by itself", async () => {
    const { readHealth } = await import("@/lib/server/kube/health");
    await until(() => readHealth("cached")?.state === "ok");
    await relay.cut();
    await until(() => readHealth("cached")?.state === "stale");
    // The first failure may be the broken stream or the refused reconnect, whichever comes first.
    expect(readHealth("cached")?.reason).toMatch(/watch: /);
    expect(readHealth("cached")?.reason).not.toContain(token);
    const during = await cached.list("Tier");
    expect(during.items.map((t) => t.metadata.name)).toContain("a-one");
    // A write made while disconnected arrives after the reconnect's relist.
    await direct.create(tier("while-away", 700), actor);
    await relay.resume();
    await until(() => readHealth("cached")?.state === "ok");
    await until(async () => (await cached.list("Tier")).items.some((t) => t.metadata.name === "while-away"));
  });
});
