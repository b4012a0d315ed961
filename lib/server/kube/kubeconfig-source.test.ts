/**
 * The kubeconfig probes: a path reads only inside PALISADE_KUBECONFIG_DIR (no `..`, no symlink
 * escape, no /proc/self/environ), files named inside a kubeconfig obey the same rule, exec
 * plugins are refused unless allowed, and no error ever carries the file's content. A pasted
 * kubeconfig adds a real cluster (Palisade's own /k8s over TLS) and is stored sealed.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { call, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";
import { loadCheckedKubeconfig } from "@/lib/server/kube/kubeconfig-source";

const data = useThrowawayDataDir();
const LEAK = `leak-marker-${process.pid}-7f3a`;
process.env.PALISADE_PROBE_SECRET = LEAK; // lands in /proc/self/environ
const root = mkdtempSync(path.join(tmpdir(), "kubeconfig-probe-"));
const kubeDir = path.join(root, "allowed");
const outside = path.join(root, "outside");
mkdirSync(kubeDir);
mkdirSync(outside);
process.env.PALISADE_KUBECONFIG_DIR = kubeDir;

type RouteModule = Partial<Record<"GET" | "POST", Handler>>;
let server: K8sTestServer;
let token = "";
let routes: { add: RouteModule; test: RouteModule; contexts: RouteModule; health: RouteModule };

const kubeconfigFor = (user: string, extraCluster = ""): string => `apiVersion: v1
kind: Config
current-context: main
clusters:
- name: main
  cluster: { server: "${server.url}", certificate-authority-data: "${Buffer.from(server.caPem ?? "").toString("base64")}"${extraCluster} }
users:
- name: u
  user: ${user}
contexts:
- name: main
  context: { cluster: main, user: u }
`;

beforeAll(async () => {
  await import("@/lib/server/kube/register");
  const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
  token = await issueAdminToken("kubeconfig-probe");
  const tls = makeSelfSignedCert();
  if (tls === undefined) throw new Error("openssl is needed for the TLS test server");
  server = await startK8sTestServer(await import("@/app/k8s/[[...path]]/route"), tls);
  routes = {
    add: await import("@/app/api/v1/kube-clusters/route"),
    test: await import("@/app/api/v1/kube-clusters/test/route"),
    contexts: await import("@/app/api/v1/kube-clusters/contexts/route"),
    health: await import("@/app/api/v1/clusters/[cluster]/health/route"),
  };
  writeFileSync(path.join(outside, "secret-kubeconfig"), kubeconfigFor(`{ token: "${token}" }`));
  writeFileSync(path.join(kubeDir, "good"), kubeconfigFor(`{ token: "${token}" }`));
  symlinkSync(path.join(outside, "secret-kubeconfig"), path.join(kubeDir, "escape"));
  symlinkSync("/proc/self/environ", path.join(kubeDir, "environ"));
}, 120_000);

afterAll(async () => {
  const { closeCachedBackend } = await import("@/lib/server/kube/cached-backends");
  closeCachedBackend("pasted");
  await server?.close();
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const h = (m: RouteModule, k: keyof RouteModule): Handler => {
  const fn = m[k];
  if (fn === undefined) throw new Error(`no ${k}`);
  return fn;
};

async function probePath(p: string): Promise<{ status: number; text: string }[]> {
  const a = await call(h(routes.contexts, "GET"), "GET", `/api/v1/kube-clusters/contexts?path=${encodeURIComponent(p)}`, { bearer: token });
  const b = await call(h(routes.test, "POST"), "POST", "/api/v1/kube-clusters/test", { bearer: token, json: { connection: { source: "kubeconfig", path: p } } });
  const c = await call(h(routes.add, "POST"), "POST", "/api/v1/kube-clusters", { bearer: token, json: { name: "Probe", connection: { source: "kubeconfig", path: p } } });
  return Promise.all([a, b, c].map(async (r) => ({ status: r.status, text: await r.text() })));
}

describe("kubeconfig paths", () => {
  const refused: readonly [string, () => string][] = [
    ["/proc/self/environ", () => "/proc/self/environ"],
    ["a symlink to /proc/self/environ inside the folder", () => path.join(kubeDir, "environ")],
    ["a symlink escaping the folder", () => path.join(kubeDir, "escape")],
    ["a ../ path out of the folder", () => path.join(kubeDir, "..", "outside", "secret-kubeconfig")],
    ["a relative path", () => "good"],
    ["/etc/passwd", () => "/etc/passwd"],
  ];
  for (const [what, p] of refused) {
    it(`refuses ${what} with 422 and echoes nothing of it`, async () => {
      for (const r of await probePath(p())) {
        expect(r.status).toBe(422);
        expect(r.text).not.toContain(LEAK);
        expect(r.text).not.toContain(token);
        expect(r.text).not.toContain("root:");
        expect(JSON.parse(r.text)).toMatchObject({ errors: [expect.objectContaining({ path: expect.stringMatching(/path$/) })] });
      }
    });
  }

  it("reads a kubeconfig inside the folder", async () => {
    const res = await call(h(routes.contexts, "GET"), "GET", `/api/v1/kube-clusters/contexts?path=${encodeURIComponent(path.join(kubeDir, "good"))}`, { bearer: token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ current: "main", contexts: [{ name: "main", server: server.url }] });
  });
});

describe("kubeconfig content", () => {
  it("adds a cluster from a pasted kubeconfig and stores it sealed", async () => {
    const kubeconfig = kubeconfigFor(`{ token: "${token}" }`);
    const ctx = await call(h(routes.contexts, "POST"), "POST", "/api/v1/kube-clusters/contexts", { bearer: token, json: { kubeconfig } });
    expect(await ctx.json()).toMatchObject({ current: "main", contexts: [{ name: "main" }] });
    const res = await call(h(routes.add, "POST"), "POST", "/api/v1/kube-clusters", { bearer: token, json: { name: "Pasted", id: "pasted", connection: { source: "kubeconfig", kubeconfig, context: "main" } } });
    expect(res.status).toBe(201);
    expect(await res.text()).not.toContain(token);
    const health = await call(h(routes.health, "GET"), "GET", "/api/v1/clusters/pasted/health", { bearer: token, params: { cluster: "pasted" } });
    expect(((await health.json()) as { state: string }).state).toBe("ok");
    const { getSql } = await import("@/lib/server/db");
    const { rows } = await (await getSql()).query<{ config: unknown }>(`SELECT config FROM "Cluster" WHERE id = 'pasted'`);
    expect(JSON.stringify(rows[0]?.config)).not.toContain(token);
    expect(rows[0]?.config).toMatchObject({ source: "kubeconfig", kubeconfig: expect.stringMatching(/^palisade-sealed:v1:/) });
  });

  it("refuses file references outside the folder without reading them", async () => {
    for (const user of ['{ token-file: "/proc/self/environ" }', '{ client-certificate: "/proc/self/environ", client-key: "/proc/self/environ" }']) {
      const res = await call(h(routes.test, "POST"), "POST", "/api/v1/kube-clusters/test", { bearer: token, json: { connection: { source: "kubeconfig", kubeconfig: kubeconfigFor(user) } } });
      expect(res.status).toBe(422);
      const text = await res.text();
      expect(text).not.toContain(LEAK);
      expect(text).toContain("connection.kubeconfig");
    }
    const ca = await call(h(routes.test, "POST"), "POST", "/api/v1/kube-clusters/test", {
      bearer: token,
      json: { connection: { source: "kubeconfig", kubeconfig: kubeconfigFor(`{ token: "${token}" }`, ', certificate-authority: "/etc/passwd"') } },
    });
    expect(ca.status).toBe(422);
    expect(await ca.text()).not.toContain("root:");
  });

  it("refuses exec credential plugins and auth-provider commands", async () => {
    const execUser = '{ exec: { apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ["-c", "id"] } }';
    const res = await call(h(routes.test, "POST"), "POST", "/api/v1/kube-clusters/test", { bearer: token, json: { connection: { source: "kubeconfig", kubeconfig: kubeconfigFor(execUser) } } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("PALISADE_ALLOW_EXEC_CREDENTIALS");
    const gcp = await call(h(routes.contexts, "POST"), "POST", "/api/v1/kube-clusters/contexts", { bearer: token, json: { kubeconfig: kubeconfigFor('{ auth-provider: { name: gcp, config: { cmd-path: /bin/id } } }') } });
    expect(gcp.status).toBe(422);
  });

  it("reports a YAML error by line and column, without quoting the content", async () => {
    const secretish = `not: [valid ${LEAK}`;
    const res = await call(h(routes.contexts, "POST"), "POST", "/api/v1/kube-clusters/contexts", { bearer: token, json: { kubeconfig: secretish } });
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).not.toContain(LEAK);
    expect(text).toMatch(/line \d+, column \d+/);
  });
});

describe("loadCheckedKubeconfig policy", () => {
  const execConfig = `apiVersion: v1
kind: Config
current-context: c
clusters: [{ name: c, cluster: { server: "https://10.0.0.1:6443" } }]
users: [{ name: u, user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: aws } } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
`;
  it("accepts exec plugins only when the server allows them", () => {
    expect(() => loadCheckedKubeconfig({ kind: "content", text: execConfig, field: "k" }, { allowExec: false })).toThrow(/exec credential plugin/);
    const kc = loadCheckedKubeconfig({ kind: "content", text: execConfig, field: "k" }, { allowExec: true });
    expect(kc.getCurrentUser()?.exec).toBeDefined();
  });

  it("refuses paths when no folder is configured", () => {
    expect(() => loadCheckedKubeconfig({ kind: "path", path: path.join(kubeDir, "good"), field: "p" }, { allowExec: false })).toThrow(/PALISADE_KUBECONFIG_DIR/);
  });

  it("resolves relative file names against the kubeconfig's folder and keeps them inside", () => {
    writeFileSync(path.join(kubeDir, "ca.crt"), "not really a certificate");
    writeFileSync(path.join(kubeDir, "relative"), "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{ name: c, cluster: { server: 'https://10.0.0.1:6443', certificate-authority: ca.crt } }]\nusers: [{ name: u, user: { token: t } }]\ncontexts: [{ name: c, context: { cluster: c, user: u } }]\n");
    const kc = loadCheckedKubeconfig({ kind: "path", path: path.join(kubeDir, "relative"), field: "p" }, { dir: kubeDir, allowExec: false });
    expect(kc.getCurrentCluster()?.caFile).toMatch(/allowed\/ca\.crt$/);
    writeFileSync(path.join(kubeDir, "relative-out"), "apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: 'https://10.0.0.1:6443', certificate-authority: ../outside/secret-kubeconfig } }]\nusers: []\ncontexts: []\n");
    expect(() => loadCheckedKubeconfig({ kind: "path", path: path.join(kubeDir, "relative-out"), field: "p" }, { dir: kubeDir, allowExec: false })).toThrow(/must be a file under/);
  });
});
