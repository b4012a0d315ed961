/**
 * Integration: a GlobalThreatFeed whose pull headers come from a Secret and a ConfigMap
 * (`valueFrom.secretKeyRef` / `configMapKeyRef`), on a throwaway embedded cluster. The Secret and
 * ConfigMap are made with the real kubectl against /k8s (`kubectl create secret generic`,
 * `kubectl create configmap`) in the namespace Calico Enterprise reads them from; a local feed
 * server on 127.0.0.1 answers only when both headers are right. A missing object or key is an
 * error condition naming it. The Secret's value is sealed in the database and never appears in
 * the audit log. Skips when kubectl is not installed, except in CI.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GlobalNetworkSet, GlobalThreatFeed } from "@/lib/calico/types";
import type { ClusterBackend } from "@/lib/cluster/backend";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
process.env.PALISADE_OUTBOUND_ALLOW = "127.0.0.1";
const KUBECTL = ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].find((p) => existsSync(p));
if (KUBECTL === undefined && process.env["CI"] === "true") throw new Error("kubectl is not installed: the threat-feed header test must run in CI");

const NS = "tigera-intrusion-detection";
const API_KEY = "s3cret-Feed-Key";
let k8s: K8sTestServer;
let token = "";
let kubeHome = "";
let feedServer: http.Server;
let feedUrl = "";
let backend: ClusterBackend;
let sync: (clusterId: string) => Promise<readonly { name: string; pulled: boolean; errors: readonly { type: string; message: string }[] }[]>;
let closeDatabase: () => Promise<void>;
const seen: Record<string, string | undefined>[] = [];

function kubectl(args: readonly string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      KUBECTL ?? "kubectl",
      ["--server", k8s.url, "--token", token, "--insecure-skip-tls-verify", "--request-timeout", "20s", ...args],
      { env: { ...process.env, HOME: kubeHome, KUBECONFIG: `${kubeHome}/none` }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

function feed(name: string, headers: readonly { readonly name: string; readonly valueFrom: unknown }[]): GlobalThreatFeed {
  return { kind: "GlobalThreatFeed", metadata: { name }, spec: { pull: { http: { url: feedUrl, headers } }, globalNetworkSet: { labels: { feed: name } } } };
}

const SECRET_HEADER = { name: "APIKey", valueFrom: { secretKeyRef: { name: "feed-creds", key: "apikey" } } };
const CONFIG_HEADER = { name: "Accept", valueFrom: { configMapKeyRef: { name: "feed-settings", key: "accept" } } };

async function setOf(name: string): Promise<GlobalNetworkSet | undefined> {
  return (await backend.list("GlobalNetworkSet")).items.find((s) => s.metadata.name === `threatfeed.${name}`);
}

describe.skipIf(KUBECTL === undefined)("GlobalThreatFeed headers from a Secret and a ConfigMap", () => {
  beforeAll(async () => {
    kubeHome = mkdtempSync(`${tmpdir()}/kubectl-home-`);
    feedServer = http.createServer((req, res) => {
      seen.push({ apikey: req.headers["apikey"] as string | undefined, accept: req.headers["accept"] as string | undefined });
      if (req.headers["apikey"] !== API_KEY || req.headers["accept"] !== "text/plain") {
        res.statusCode = 401;
        res.end("unauthorised\n");
        return;
      }
      res.end("# private list\n203.0.113.77\n198.51.100.0/24\n");
    });
    await new Promise<void>((resolve) => feedServer.listen(0, "127.0.0.1", resolve));
    feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/list.txt`;
    const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
    const routes = await import("@/app/k8s/[[...path]]/route");
    token = await issueAdminToken("kubectl");
    const tls = makeSelfSignedCert();
    if (tls === undefined) throw new Error("openssl is needed to serve TLS: kubectl sends bearer tokens only over https");
    k8s = await startK8sTestServer(routes, tls);
    const registry = await import("@/lib/server/cluster/registry");
    backend = await registry.getClusterBackend(registry.EMBEDDED_CLUSTER_ID);
    sync = (await import("@/lib/server/threat-feeds/sync")).syncClusterFeeds;
    closeDatabase = (await import("@/lib/server/db")).closeDatabase;
  }, 60_000);

  afterAll(async () => {
    await k8s?.close();
    feedServer?.closeAllConnections();
    await new Promise<void>((resolve) => (feedServer ? feedServer.close(() => resolve()) : resolve()));
    await closeDatabase?.();
    data.cleanup();
  });

  it("the demo cluster has the namespace; kubectl creates the Secret and the ConfigMap there, and lists them", async () => {
    const ns = await kubectl(["get", "namespace", NS, "-o", "jsonpath={.status.phase}"]);
    expect(ns).toMatchObject({ code: 0, stdout: "Active" });
    const secret = await kubectl(["create", "secret", "generic", "feed-creds", `--from-literal=apikey=${API_KEY}`, "-n", NS]);
    expect(secret.stderr).toBe("");
    expect(secret.stdout).toContain("secret/feed-creds created");
    const cm = await kubectl(["create", "configmap", "feed-settings", "--from-literal=accept=text/plain", "-n", NS]);
    expect(cm.stderr).toBe("");
    expect(cm.stdout).toContain("configmap/feed-settings created");
    const list = await kubectl(["get", "secrets,configmaps", "-n", NS]);
    expect(list.stdout).toMatch(/secret\/feed-creds\s+Opaque\s+1/);
    expect(list.stdout).toMatch(/configmap\/feed-settings\s+1/);
    const got = await kubectl(["get", "secret", "feed-creds", "-n", NS, "-o", "jsonpath={.data.apikey}"]);
    expect(Buffer.from(got.stdout, "base64").toString("utf8")).toBe(API_KEY);
  });

  it("a Secret's data is sealed at rest and redacted in the audit log", async () => {
    const { getSql } = await import("@/lib/server/db");
    const sql = await getSql();
    const encoded = Buffer.from(API_KEY).toString("base64");
    const stored = await sql.query<{ object: unknown }>(`SELECT "object" FROM "ClusterObject" WHERE "kind" = 'Secret' AND "name" = 'feed-creds'`);
    const events = await sql.query<{ after: unknown }>(`SELECT "after" FROM "ObjectEvent" WHERE "kind" = 'Secret' AND "name" = 'feed-creds'`);
    expect(stored.rows).toHaveLength(1);
    expect(events.rows.length).toBeGreaterThan(0);
    for (const text of [...stored.rows.map((r) => JSON.stringify(r.object)), ...events.rows.map((r) => JSON.stringify(r.after))]) {
      expect(text).not.toContain(encoded);
      expect(text).not.toContain(API_KEY);
      expect(text).toContain("palisade-sealed:v1:");
    }
    const { queryAuditEvents } = await import("@/lib/server/cluster/audit");
    const audit = await queryAuditEvents(sql, "embedded", { kind: "Secret" });
    expect(audit.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit.items)).not.toContain(encoded);
    expect(JSON.stringify(audit.items)).not.toContain("palisade-sealed");
    expect(audit.items[0]?.after).toMatchObject({ data: { apikey: "(redacted)" } });
    // The Audit log page's query too.
    const { queryAuditLog } = await import("@/lib/server/policy/audit");
    const page = await queryAuditLog("embedded", { kind: "Secret" });
    expect(page.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(page.items)).not.toContain("palisade-sealed");
    expect(page.items.find((e) => e.name === "feed-creds")?.after).toMatchObject({ data: { apikey: "(redacted)" } });
  });

  it("kubectl apply of a Secret with stringData: stored as data, and the last-applied record is sealed too", async () => {
    const doc = `apiVersion: v1\nkind: Secret\nmetadata: {name: applied, namespace: ${NS}}\nstringData: {token: applied-Token-Value}\n`;
    const r = await kubectl(["apply", "-f", "-"], doc);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("secret/applied created");
    const got = await kubectl(["get", "secret", "applied", "-n", NS, "-o", "json"]);
    const secret = JSON.parse(got.stdout) as { data: Record<string, string>; stringData?: unknown; type: string; metadata: { annotations: Record<string, string> } };
    expect(secret).toMatchObject({ type: "Opaque", data: { token: Buffer.from("applied-Token-Value").toString("base64") } });
    expect(secret.stringData).toBeUndefined();
    expect(secret.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]).toContain("applied-Token-Value");
    const { getSql } = await import("@/lib/server/db");
    const sql = await getSql();
    const rows = await sql.query<{ t: string }>(`SELECT "object"::text AS t FROM "ClusterObject" WHERE "name" = 'applied' UNION ALL SELECT "after"::text FROM "ObjectEvent" WHERE "name" = 'applied'`);
    expect(rows.rows.length).toBeGreaterThan(1);
    for (const row of rows.rows) {
      expect(row.t).not.toContain("applied-Token-Value");
      expect(row.t).not.toContain(Buffer.from("applied-Token-Value").toString("base64"));
    }
  });

  it("a feed with both headers from valueFrom fills its set", async () => {
    await backend.create(feed("private-feed", [CONFIG_HEADER, SECRET_HEADER]), { actor: "test" });
    const results = await sync("embedded");
    const r = results.find((x) => x.name === "private-feed");
    expect(r?.errors).toEqual([]);
    expect(r?.pulled).toBe(true);
    expect(seen.at(-1)).toEqual({ apikey: API_KEY, accept: "text/plain" });
    expect((await setOf("private-feed"))?.spec.nets).toEqual(["198.51.100.0/24", "203.0.113.77/32"]);
  });

  it("a missing Secret key is an error condition naming it; the server is not asked", async () => {
    const before = seen.length;
    await backend.create(feed("wrong-key", [{ name: "APIKey", valueFrom: { secretKeyRef: { name: "feed-creds", key: "token" } } }]), { actor: "test" });
    const r = (await sync("embedded")).find((x) => x.name === "wrong-key");
    expect(r?.pulled).toBe(false);
    expect(r?.errors).toEqual([{ type: "PullFailed", message: `header "APIKey": secret ${NS}/feed-creds has no key "token"` }]);
    expect(seen.length).toBe(before);
    expect(await setOf("wrong-key")).toBeUndefined();
  });

  it("a missing ConfigMap is an error condition naming it; an optional one leaves the header out", async () => {
    await backend.create(feed("no-configmap", [{ name: "Accept", valueFrom: { configMapKeyRef: { name: "absent", key: "accept" } } }]), { actor: "test" });
    const r = (await sync("embedded")).find((x) => x.name === "no-configmap");
    expect(r?.errors).toEqual([{ type: "PullFailed", message: `header "Accept": configmap ${NS}/absent not found` }]);
    const fresh = await backend.get("GlobalThreatFeed", "no-configmap");
    expect(fresh.status?.errorConditions).toEqual([{ type: "PullFailed", message: `header "Accept": configmap ${NS}/absent not found` }]);

    await backend.create(feed("optional-header", [{ name: "Accept", valueFrom: { configMapKeyRef: { name: "absent", key: "accept", optional: true } } }, SECRET_HEADER]), { actor: "test" });
    const o = (await sync("embedded")).find((x) => x.name === "optional-header");
    // Sent without Accept: the server refuses, and says so with its status.
    expect(seen.at(-1)).toMatchObject({ apikey: API_KEY });
    expect(seen.at(-1)?.accept).not.toBe("text/plain");
    expect(o?.errors[0]?.message).toContain("answered HTTP 401");
  });

  it("a Secret in another namespace is not read: only the intrusion-detection namespace counts", async () => {
    expect((await kubectl(["create", "secret", "generic", "elsewhere", `--from-literal=apikey=${API_KEY}`, "-n", "default"])).code).toBe(0);
    await backend.create(feed("other-ns", [{ name: "APIKey", valueFrom: { secretKeyRef: { name: "elsewhere", key: "apikey" } } }]), { actor: "test" });
    const r = (await sync("embedded")).find((x) => x.name === "other-ns");
    expect(r?.errors).toEqual([{ type: "PullFailed", message: `header "APIKey": secret ${NS}/elsewhere not found` }]);
  });

  it("a malformed valueFrom is refused on write with the field path", async () => {
    await expect(backend.create(feed("bad-ref", [{ name: "APIKey", valueFrom: { secretKeyRef: { name: "feed-creds" } } }]), { actor: "test" })).rejects.toMatchObject({
      errors: [{ path: "spec.pull.http.headers[0].valueFrom.secretKeyRef.key", message: "key is required" }],
    });
  });
});
