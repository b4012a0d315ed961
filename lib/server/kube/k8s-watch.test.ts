/**
 * The /k8s watch over TLS, read as raw chunked lines: headers flushed at once on a quiet
 * collection, Go-style booleans (`watch=True`), bookmarks (initial and periodic),
 * `timeoutSeconds`, and `sendInitialEvents` with the initial-events-end bookmark.
 */
import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
let server: K8sTestServer;
let token = "";

interface Stream {
  readonly status: number;
  /** Milliseconds from the request to the response headers. */
  readonly headersAfterMs: number;
  /** Resolves with every JSON line once the server ends the stream (or after `maxMs`). */
  readonly lines: () => Promise<{ type: string; object: { metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } } }[]>;
  readonly endedAfterMs: () => Promise<number>;
  readonly close: () => void;
}

function open(path: string, maxMs = 10_000): Promise<Stream> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = https.get(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false }, (res) => {
      const headersAfterMs = Date.now() - started;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      const done = new Promise<number>((r) => {
        res.on("end", () => r(Date.now() - started));
        res.on("close", () => r(Date.now() - started));
        setTimeout(() => {
          req.destroy();
          r(Date.now() - started);
        }, maxMs);
      });
      resolve({
        status: res.statusCode ?? 0,
        headersAfterMs,
        endedAfterMs: () => done,
        lines: async () => {
          await done;
          return text
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) => JSON.parse(l) as { type: string; object: { metadata?: { name?: string } } });
        },
        close: () => req.destroy(),
      });
    });
    req.on("error", reject);
  });
}

beforeAll(async () => {
  const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
  const routes = await import("@/app/k8s/[[...path]]/route");
  token = await issueAdminToken("watch");
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


describe("/k8s watch", () => {
  it("flushes the headers at once on a quiet collection and ends on timeoutSeconds (watch=True as Python sends it)", async () => {
    const list = await open("/apis/projectcalico.org/v3/globalthreatfeeds", 5_000);
    const rv = ((await list.lines()) as unknown as { metadata: { resourceVersion: string } }[])[0]?.metadata.resourceVersion ?? "";
    expect(rv).toMatch(/^\d+$/);
    const s = await open(`/apis/projectcalico.org/v3/globalthreatfeeds?watch=True&resourceVersion=${rv}&timeoutSeconds=1`);
    expect(s.status).toBe(200);
    expect(s.headersAfterMs).toBeLessThan(1_000);
    const ended = await s.endedAfterMs();
    expect(ended).toBeGreaterThanOrEqual(900);
    expect(ended).toBeLessThan(4_000);
    expect(await s.lines()).toEqual([]);
  });

  it("sends a BOOKMARK first when bookmarks are allowed", async () => {
    const s = await open("/apis/projectcalico.org/v3/tiers?watch=1&resourceVersion=1&allowWatchBookmarks=true&timeoutSeconds=1");
    const lines = await s.lines();
    expect(lines[0]).toMatchObject({ type: "BOOKMARK", object: { kind: "Tier", metadata: { resourceVersion: "1" } } });
  });

  it("sendInitialEvents: ADDED for the current state, then the initial-events-end BOOKMARK", async () => {
    const s = await open("/apis/projectcalico.org/v3/tiers?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1");
    const lines = await s.lines();
    const types = lines.map((l) => l.type);
    const end = types.indexOf("BOOKMARK");
    expect(end).toBeGreaterThan(0);
    expect(types.slice(0, end).every((t) => t === "ADDED")).toBe(true);
    const list = (await (await open("/apis/projectcalico.org/v3/tiers", 5_000)).lines()) as unknown as { items: { metadata: { name: string } }[] }[];
    expect(lines.slice(0, end).map((l) => l.object.metadata?.name).sort()).toEqual(list[0]?.items.map((i) => i.metadata.name).sort());
    expect(end).toBe(list[0]?.items.length);
    expect(lines[end]?.object.metadata?.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
    expect(lines[end]?.object.metadata?.resourceVersion).toMatch(/^\d+$/);
  });

  it("refuses sendInitialEvents without NotOlderThan and booleans Go would not parse", async () => {
    const a = await open("/apis/projectcalico.org/v3/tiers?watch=true&sendInitialEvents=true&allowWatchBookmarks=true", 3_000);
    expect(a.status).toBe(400);
    const b = await open("/apis/projectcalico.org/v3/tiers?watch=yes", 3_000);
    expect(b.status).toBe(400);
    expect(JSON.stringify(await b.lines())).toContain("strconv.ParseBool");
  });

  it("sends periodic bookmarks carrying the last version sent", async () => {
    const { watchMany } = await import("@/lib/server/kube/k8s-watch");
    const { getClusterBackend } = await import("@/lib/server/cluster/registry");
    const { parseK8sPath } = await import("@/lib/k8s-api/paths");
    const { newFieldCheck } = await import("@/lib/server/kube/k8s-fields");
    const route = parseK8sPath(["apis", "projectcalico.org", "v3", "tiers"]);
    if (!route.ok || route.value.kind !== "resource") throw new Error("no route");
    const backend = await getClusterBackend("embedded");
    const list = await backend.list("Tier");
    const req = new Request("http://x/k8s/apis/projectcalico.org/v3/tiers");
    const res = watchMany(
      { req, backend, resource: route.value.resource, actor: "t", dryRun: false, fields: newFieldCheck("Warn") },
      { watch: true, fieldSelector: [], allowWatchBookmarks: true, resourceVersion: list.resourceVersion, timeoutSeconds: 1 },
      { bookmarkIntervalMs: 200 },
    );
    const text = await res.text();
    const bookmarks = text.split("\n").filter((l) => l.includes('"BOOKMARK"'));
    expect(bookmarks.length).toBeGreaterThanOrEqual(3);
    expect(bookmarks.every((b) => b.includes(`"resourceVersion":"${list.resourceVersion}"`))).toBe(true);
  });
});

function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${server.url}${path}`,
      { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, rejectUnauthorized: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("/k8s lists and defaulting", () => {
  it("reports remainingItemCount on paged lists", async () => {
    const all = ((await (await open("/api/v1/namespaces", 5_000)).lines()) as unknown as { items: unknown[] }[])[0]?.items.length ?? 0;
    expect(all).toBeGreaterThan(3);
    const page = ((await (await open("/api/v1/namespaces?limit=2", 5_000)).lines()) as unknown as { metadata: { remainingItemCount?: number; continue?: string } }[])[0];
    expect(page?.metadata.continue).toBeDefined();
    expect(page?.metadata.remainingItemCount).toBe(all - 2);
  });

  it("defaults Namespace finalizers and phase, and NetworkPolicy policyTypes, as the apiserver does", async () => {
    const ns = await post("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "defaulted" } });
    expect(ns.status).toBe(201);
    expect(ns.json).toMatchObject({ spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
    const np = await post("/apis/networking.k8s.io/v1/namespaces/defaulted/networkpolicies", {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "np" },
      spec: { podSelector: {}, egress: [{}] },
    });
    expect(np.status).toBe(201);
    expect((np.json["spec"] as { policyTypes: string[] }).policyTypes).toEqual(["Ingress", "Egress"]);
  });
});

