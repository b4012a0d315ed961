/**
 * Adding a Kubernetes cluster through the API (against Palisade's own /k8s over TLS): the
 * connection test reports discovery, refused credentials and plain http are field errors, the
 * cluster is listed, its health is answered, and no response ever carries the credentials.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { call, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
type RouteModule = Partial<Record<"GET" | "POST" | "DELETE", Handler>>;
let server: K8sTestServer;
let token = "";
let kubeDir = "";
let routes: { add: RouteModule; test: RouteModule; contexts: RouteModule; clusters: RouteModule; cluster: RouteModule; health: RouteModule };

function h(mod: RouteModule, method: keyof RouteModule): Handler {
  const fn = mod[method];
  if (fn === undefined) throw new Error(`no ${method} export`);
  return fn;
}

beforeAll(async () => {
  // Paths are read only inside this folder (set before lib/server/env.ts is first imported).
  kubeDir = mkdtempSync(path.join(tmpdir(), "kubeconfig-"));
  process.env.PALISADE_KUBECONFIG_DIR = kubeDir;
  await import("@/lib/server/kube/register");
  const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
  token = await issueAdminToken("kube-clusters");
  const tls = makeSelfSignedCert();
  if (tls === undefined) throw new Error("openssl is needed for the TLS test server");
  server = await startK8sTestServer(await import("@/app/k8s/[[...path]]/route"), tls);
  routes = {
    add: await import("@/app/api/v1/kube-clusters/route"),
    test: await import("@/app/api/v1/kube-clusters/test/route"),
    contexts: await import("@/app/api/v1/kube-clusters/contexts/route"),
    clusters: await import("@/app/api/v1/clusters/route"),
    cluster: await import("@/app/api/v1/clusters/[cluster]/route"),
    health: await import("@/app/api/v1/clusters/[cluster]/health/route"),
  };
  const b64 = Buffer.from(server.caPem ?? "").toString("base64");
  writeFileSync(path.join(kubeDir, "goldmane-ca.crt"), FAKE_CERT);
  writeFileSync(
    path.join(kubeDir, "config"),
    `apiVersion: v1
kind: Config
current-context: palisade
clusters:
- name: palisade
  cluster: { server: "${server.url}", certificate-authority-data: "${b64}" }
- name: other
  cluster: { server: "https://10.0.0.1:6443" }
users:
- name: admin
  user: { token: "${token}" }
contexts:
- name: palisade
  context: { cluster: palisade, user: admin, namespace: dev }
- name: other
  context: { cluster: other, user: admin }
`,
  );
});

afterAll(async () => {
  const { closeCachedBackend } = await import("@/lib/server/kube/cached-backends");
  closeCachedBackend("real");
  closeCachedBackend("from-kubeconfig");
  await server?.close();
  rmSync(kubeDir, { recursive: true, force: true });
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

const FAKE_CERT = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
const FAKE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n";
const tokenConnection = () => ({ source: "token", server: server.url, token, caPem: server.caPem });

describe("POST /api/v1/kube-clusters/test", () => {
  it("reports what the cluster serves", async () => {
    const res = await call(h(routes.test, "POST"), "POST", "/api/v1/kube-clusters/test", { bearer: token, json: { connection: tokenConnection() } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ calicoApi: "projectcalico.org/v3", readOnly: false, server: new URL(server.url).host });
    expect(JSON.stringify(body)).not.toContain(token);
  });

  it("turns refused credentials and plain http into field errors", async () => {
    const refused = await call(h(routes.test, "POST"), "POST", "/api/v1/kube-clusters/test", { bearer: token, json: { connection: { ...tokenConnection(), token: "not-a-token" } } });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain("connection.token");
    expect(JSON.stringify(problem)).not.toContain("not-a-token");
    const http = await call(h(routes.test, "POST"), "POST", "/api/v1/kube-clusters/test", { bearer: token, json: { connection: { source: "token", server: "http://127.0.0.1:1/k8s", token } } });
    expect(http.status).toBe(422);
    const missing = await call(h(routes.test, "POST"), "POST", "/api/v1/kube-clusters/test", { bearer: token, json: { connection: { source: "kubeconfig", path: path.join(kubeDir, "missing") } } });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("connection.path");
  });
});

describe("GET /api/v1/kube-clusters/contexts", () => {
  it("lists a kubeconfig's contexts without its credentials", async () => {
    const res = await call(h(routes.contexts, "GET"), "GET", `/api/v1/kube-clusters/contexts?path=${encodeURIComponent(path.join(kubeDir, "config"))}`, { bearer: token });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      current: "palisade",
      contexts: [
        { name: "palisade", cluster: "palisade", server: server.url, namespace: "dev" },
        { name: "other", cluster: "other", server: "https://10.0.0.1:6443" },
      ],
    });
    expect(text).not.toContain(token);
  });
});

describe("POST /api/v1/kube-clusters", () => {
  it("adds the cluster; lists, the cluster route and health never return its credentials", async () => {
    const res = await call(h(routes.add, "POST"), "POST", "/api/v1/kube-clusters", { bearer: token, json: { name: "Real", id: "real", connection: tokenConnection() } });
    expect(res.status).toBe(201);
    const added = await res.text();
    expect(JSON.parse(added)).toMatchObject({ cluster: { id: "real", name: "Real", kind: "kubernetes" }, discovery: { calicoApi: "projectcalico.org/v3" } });
    const list = await (await call(h(routes.clusters, "GET"), "GET", "/api/v1/clusters", { bearer: token })).text();
    const one = await (await call(h(routes.cluster, "GET"), "GET", "/api/v1/clusters/real", { bearer: token, params: { cluster: "real" } })).text();
    const health = await call(h(routes.health, "GET"), "GET", "/api/v1/clusters/real/health", { bearer: token, params: { cluster: "real" } });
    expect(health.status).toBe(200);
    const healthText = await health.text();
    expect(JSON.parse(healthText)).toMatchObject({ state: "ok" });
    expect(JSON.parse(list)).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ id: "real", kind: "kubernetes" })]) });
    for (const text of [added, list, one, healthText]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain("BEGIN CERTIFICATE");
      expect(text).not.toContain("config");
    }
  });

  it("saves nothing when the connection test fails", async () => {
    const res = await call(h(routes.add, "POST"), "POST", "/api/v1/kube-clusters", { bearer: token, json: { name: "Broken", connection: { ...tokenConnection(), token: "wrong" } } });
    expect(res.status).toBe(422);
    const list = (await (await call(h(routes.clusters, "GET"), "GET", "/api/v1/clusters", { bearer: token })).json()) as { items: { name: string }[] };
    expect(list.items.map((c) => c.name)).not.toContain("Broken");
  });

  it("adds a cluster from a kubeconfig context, with a Goldmane section", async () => {
    const res = await call(h(routes.add, "POST"), "POST", "/api/v1/kube-clusters", {
      bearer: token,
      json: { name: "From kubeconfig", connection: { source: "kubeconfig", path: path.join(kubeDir, "config"), context: "palisade" }, goldmane: { address: "goldmane.calico-system.svc:7443", caPath: path.join(kubeDir, "goldmane-ca.crt"), certPem: FAKE_CERT, keyPem: FAKE_KEY } },
    });
    expect(res.status).toBe(201);
    const { getCluster } = await import("@/lib/server/cluster/registry");
    const info = await getCluster("from-kubeconfig");
    expect(info.config).toMatchObject({ source: "kubeconfig", context: "palisade", goldmane: { address: "goldmane.calico-system.svc:7443", caPath: path.join(kubeDir, "goldmane-ca.crt"), keyPem: FAKE_KEY.trim() } });
    // The pasted Goldmane key is sealed in the database row, like the other credentials.
    const { getSql } = await import("@/lib/server/db");
    const row = await (await getSql()).query<{ config: unknown }>(`SELECT config FROM "Cluster" WHERE id = $1`, ["from-kubeconfig"]);
    expect(JSON.stringify(row.rows[0]?.config)).not.toContain("MIIEfake");
    const health = await call(h(routes.health, "GET"), "GET", "/api/v1/clusters/from-kubeconfig/health", { bearer: token, params: { cluster: "from-kubeconfig" } });
    expect(((await health.json()) as { state: string }).state).toBe("ok");
  });

  it("refuses an API server on a link-local or metadata address as a field error, saving nothing", async () => {
    for (const server of ["https://169.254.169.254:6443", "https://metadata.google.internal"]) {
      const res = await call(h(routes.add, "POST"), "POST", "/api/v1/kube-clusters", { bearer: token, json: { name: "Metadata", connection: { source: "token", server, token: "t" } } });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { errors: { path: string; message: string }[] };
      expect(body.errors[0]).toMatchObject({ path: "connection.server", message: expect.stringMatching(/link-local|metadata endpoint/) });
    }
    const list = (await (await call(h(routes.clusters, "GET"), "GET", "/api/v1/clusters", { bearer: token })).json()) as { items: { name: string }[] };
    expect(list.items.map((c) => c.name)).not.toContain("Metadata");
  });

  it("refuses Goldmane certificate paths outside PALISADE_KUBECONFIG_DIR, and metadata addresses, without echoing files", async () => {
    const add = (goldmane: Record<string, string>) => call(h(routes.add, "POST"), "POST", "/api/v1/kube-clusters", { bearer: token, json: { name: "Goldmane probe", connection: tokenConnection(), goldmane } });
    const base = { address: "goldmane.calico-system.svc:7443", caPem: FAKE_CERT, certPem: FAKE_CERT, keyPem: FAKE_KEY };
    const outside = await add({ address: base.address, caPath: "/etc/passwd", certPem: FAKE_CERT, keyPath: "/proc/self/environ" });
    expect(outside.status).toBe(422);
    const text = await outside.text();
    const body = JSON.parse(text) as { errors: { path: string; message: string }[] };
    expect(body.errors.map((e) => e.path).sort()).toEqual(["goldmane.caPath", "goldmane.keyPath"]);
    expect(text).not.toContain("root:");
    expect(text).not.toContain("PATH=");
    // A file inside the folder that is not PEM is refused without quoting it.
    writeFileSync(path.join(kubeDir, "not-pem"), "SECRET_VALUE=hunter2\n");
    const notPem = await add({ ...base, caPem: undefined as unknown as string, caPath: path.join(kubeDir, "not-pem") });
    const notPemText = await notPem.text();
    expect(notPem.status).toBe(422);
    expect(notPemText).toContain("goldmane.caPath");
    expect(notPemText).not.toContain("hunter2");
    const metadata = await add({ ...base, address: "169.254.169.254:7443" });
    expect(metadata.status).toBe(422);
    expect(((await metadata.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("goldmane.address");
    const list = (await (await call(h(routes.clusters, "GET"), "GET", "/api/v1/clusters", { bearer: token })).json()) as { items: { name: string }[] };
    expect(list.items.map((c) => c.name)).not.toContain("Goldmane probe");
  });

  it("reports a cluster it cannot reach as unavailable, with the reason", async () => {
    const { addCluster } = await import("@/lib/server/cluster/registry");
    await addCluster({ id: "gone", name: "Gone", kind: "kubernetes", config: { source: "token", server: "https://127.0.0.1:1", token: "secret-token-xyz" } });
    const health = await call(h(routes.health, "GET"), "GET", "/api/v1/clusters/gone/health", { bearer: token, params: { cluster: "gone" } });
    expect(health.status).toBe(200);
    const text = await health.text();
    expect(JSON.parse(text)).toMatchObject({ state: "unavailable", reason: expect.stringContaining("127.0.0.1:1") });
    expect(text).not.toContain("secret-token-xyz");
  });

  it("closes a removed cluster's informers at once", async () => {
    const { addCluster, getClusterBackend, removeCluster } = await import("@/lib/server/cluster/registry");
    await addCluster({ id: "removable", name: "Removable", kind: "kubernetes", config: tokenConnection() });
    const { CachedKubeBackend } = await import("@/lib/server/kube/cache");
    const backend = await getClusterBackend("removable");
    if (!(backend instanceof CachedKubeBackend)) throw new Error("expected the cached Kubernetes backend");
    await backend.list("Tier");
    const deadline = Date.now() + 10_000;
    while (!backend.isWarm("Tier") && Date.now() < deadline) await sleep(50);
    expect(backend.isWarm("Tier")).toBe(true);
    await removeCluster("removable");
    expect(backend.isWarm("Tier")).toBe(false);
    // A closed cache starts no informer again: reads go straight to the API server.
    await backend.list("Tier");
    expect(backend.isWarm("Tier")).toBe(false);
  });
});
