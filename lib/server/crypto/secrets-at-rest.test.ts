/**
 * Nothing secret in plain text in the database files or the WAL: a real cluster added with a
 * bearer token (against Palisade's own /k8s over TLS) leaves no copy of the token anywhere in
 * the data folder, while the console still connects with it; a row stored in plain text by an
 * older version is sealed at start and its plaintext leaves the table's files.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Handler } from "@/lib/server/http/route-test-kit";
import { call, useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { K8sTestServer } from "@/lib/server/kube/testing/k8s-test-server";

const data = useThrowawayDataDir();
type RouteModule = Partial<Record<"GET" | "POST", Handler>>;
let server: K8sTestServer;
let token = "";

/** Files under `dir` (optionally skipping a subfolder) whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string, skip?: string): string[] {
  const bytes = Buffer.from(needle, "utf8");
  const hits: string[] = [];
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel);
    if (skip !== undefined && rel.split(path.sep).includes(skip)) continue;
    if (!statSync(full).isFile()) continue;
    if (readFileSync(full).includes(bytes)) hits.push(rel);
  }
  return hits;
}

async function flushDatabase(): Promise<void> {
  const { getSql } = await import("@/lib/server/db");
  await (await getSql()).exec("CHECKPOINT");
}

beforeAll(async () => {
  await import("@/lib/server/kube/register");
  const { startK8sTestServer, issueAdminToken, makeSelfSignedCert } = await import("@/lib/server/kube/testing/k8s-test-server");
  token = await issueAdminToken("secrets-at-rest");
  const tls = makeSelfSignedCert();
  if (tls === undefined) throw new Error("openssl is needed for the TLS test server");
  server = await startK8sTestServer(await import("@/app/k8s/[[...path]]/route"), tls);
}, 120_000);

afterAll(async () => {
  const { closeCachedBackend } = await import("@/lib/server/kube/cached-backends");
  closeCachedBackend("sealed");
  await server?.close();
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("secrets at rest", () => {
  it("stores a new cluster's token sealed: not in the database files, not in the WAL", async () => {
    const add: RouteModule = await import("@/app/api/v1/kube-clusters/route");
    const health: RouteModule = await import("@/app/api/v1/clusters/[cluster]/health/route");
    const res = await call(add.POST as Handler, "POST", "/api/v1/kube-clusters", { bearer: token, json: { name: "Sealed", id: "sealed", connection: { source: "token", server: server.url, token, caPem: server.caPem } } });
    expect(res.status).toBe(201);
    // The console still connects: the token is opened when the backend is built.
    const h = await call(health.GET as Handler, "GET", "/api/v1/clusters/sealed/health", { bearer: token, params: { cluster: "sealed" } });
    expect(((await h.json()) as { state: string }).state).toBe("ok");

    // A control: a plaintext marker written the same way IS found, so the search works.
    const { getSql } = await import("@/lib/server/db");
    const marker = `plaintext-marker-${Date.now()}`;
    await (await getSql()).query(`INSERT INTO "Setting" (key, value) VALUES ($1, $2::jsonb)`, ["probe", JSON.stringify(marker)]);
    await flushDatabase();
    expect(filesContaining(data.dir, marker).length).toBeGreaterThan(0);
    expect(filesContaining(data.dir, token)).toEqual([]);
    const { rows } = await (await getSql()).query<{ config: { token: string } }>(`SELECT config FROM "Cluster" WHERE id = 'sealed'`);
    expect(rows[0]?.config.token).toMatch(/^palisade-sealed:v1:/);
  }, 120_000);

  it("seals a plaintext row left by an older version at start, and the table's files lose it", async () => {
    const { getSql } = await import("@/lib/server/db");
    const sql = await getSql();
    const legacy = `legacy-token-${Date.now()}`;
    await sql.query(`INSERT INTO "Cluster" (id, name, kind, config) VALUES ('legacy', 'Legacy', 'kubernetes', $1::jsonb)`, [JSON.stringify({ source: "token", server: "https://127.0.0.1:1", token: legacy })]);
    await sql.query(`INSERT INTO "ClusterRevision" ("clusterId") VALUES ('legacy')`);
    await flushDatabase();
    expect(filesContaining(data.dir, legacy, "pg_wal").length).toBeGreaterThan(0);

    const { sealStoredSecrets } = await import("@/lib/server/crypto/seal-stored");
    const { getSecretKey } = await import("@/lib/server/crypto/secret-key");
    expect(await sealStoredSecrets(sql, await getSecretKey())).toBe(1);
    expect(await sealStoredSecrets(sql, await getSecretKey())).toBe(0);
    await flushDatabase();
    const { rows } = await sql.query<{ config: { token: string } }>(`SELECT config FROM "Cluster" WHERE id = 'legacy'`);
    expect(rows[0]?.config.token).toMatch(/^palisade-sealed:v1:/);
    const { getCluster } = await import("@/lib/server/cluster/registry");
    expect((await getCluster("legacy")).config).toMatchObject({ token: legacy });
    // The WAL written before the migration still has it until recycled (see seal-stored.ts).
    expect(filesContaining(data.dir, legacy, "pg_wal")).toEqual([]);
  }, 120_000);

  it("keeps the generated key file private", async () => {
    expect(statSync(path.join(data.dir, "secret.key")).mode & 0o777).toBe(0o600);
  });
});
