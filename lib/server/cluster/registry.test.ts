import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AlreadyExistsError, BadRequestError, ClusterUnavailableError, NotFoundError, ValidationError } from "@/lib/errors";
import { closeDatabase, databaseConfigFromEnv, getDatabase, getPrisma } from "@/lib/server/db";
import type { DnsLog } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";
import { ingestDnsLogs, ingestFlowLogs } from "@/lib/server/flows/ingest";
import { ensureTupleHours } from "@/lib/server/flows/tuple-hours";
import {
  addCluster,
  EMBEDDED_CLUSTER_ID,
  getCluster,
  getClusterBackend,
  listAuditEvents,
  listClusters,
  onClusterRemoved,
  registerClusterBackendFactory,
  removeCluster,
  resetCluster,
} from "@/lib/server/cluster/registry";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "palisade-registry-"));
  process.env.PALISADE_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
});
afterAll(async () => {
  await closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe("databaseConfigFromEnv", () => {
  it("defaults to PGlite under PALISADE_DATA_DIR and switches to PostgreSQL with DATABASE_URL", () => {
    expect(databaseConfigFromEnv({ PALISADE_DATA_DIR: "/x" })).toEqual({ kind: "pglite", dataDir: "/x/pglite" });
    expect(databaseConfigFromEnv({})).toEqual({ kind: "pglite", dataDir: path.resolve(".data", "pglite") });
    expect(databaseConfigFromEnv({ DATABASE_URL: "postgresql://u@h/db" })).toEqual({ kind: "postgres", url: "postgresql://u@h/db" });
    expect(() => databaseConfigFromEnv({ DATABASE_URL: "mysql://h/db" })).toThrow(/postgres/);
  });
});

describe("the process database", () => {
  it("opens once, migrated and seeded, and shares Prisma with the raw SQL port", async () => {
    const [a, b] = await Promise.all([getDatabase(), getDatabase()]);
    expect(a).toBe(b);
    expect(a.config).toEqual({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    const prisma = await getPrisma();
    const user = await prisma.user.create({ data: { username: "alice", passwordHash: "x", role: "admin" } });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    const { rows } = await a.sql.query<{ username: string }>(`SELECT username FROM "User"`);
    expect(rows).toEqual([{ username: "alice" }]);
    await expect(prisma.user.create({ data: { username: "bob", passwordHash: "x", role: "root" } })).rejects.toThrow();
    expect(await prisma.cluster.count()).toBe(1);
  });

  it("reopens the same data after closeDatabase", async () => {
    await closeDatabase();
    const prisma = await getPrisma();
    expect(await prisma.user.count()).toBe(1);
  });
});

describe("cluster registry", () => {
  it("lists the embedded cluster", async () => {
    const clusters = await listClusters();
    expect(clusters).toEqual([expect.objectContaining({ id: EMBEDDED_CLUSTER_ID, kind: "embedded" })]);
    expect(Date.parse(clusters[0]!.createdAt)).not.toBeNaN();
  });

  it("serves the embedded cluster through getClusterBackend, one backend per cluster", async () => {
    const backend = await getClusterBackend(EMBEDDED_CLUSTER_ID);
    expect(backend.id).toBe(EMBEDDED_CLUSTER_ID);
    expect(backend.readOnly).toBe(false);
    expect(await getClusterBackend(EMBEDDED_CLUSTER_ID)).toBe(backend);
    expect((await backend.list("Namespace")).items.length).toBeGreaterThan(5);
    await expect(getClusterBackend("nope")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("adds a second embedded cluster with its own seed, and refuses duplicates and bad ids", async () => {
    const info = await addCluster({ name: "Training Lab", kind: "embedded" });
    expect(info).toMatchObject({ id: "training-lab", name: "Training Lab", kind: "embedded", config: {} });
    const backend = await getClusterBackend("training-lab");
    expect((await backend.list("Tier")).items.map((t) => t.metadata.name)).toEqual(["default"]);
    await expect(addCluster({ name: "Training Lab", kind: "embedded" })).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(addCluster({ id: "Bad_Id", name: "x", kind: "embedded" })).rejects.toBeInstanceOf(ValidationError);
    expect((await listClusters()).map((c) => c.id)).toEqual([EMBEDDED_CLUSTER_ID, "training-lab"]);
  });

  it("registers a Kubernetes cluster, unavailable until an adapter is registered", async () => {
    await addCluster({ id: "prod", name: "Production", kind: "kubernetes", config: { context: "prod" } });
    expect((await getCluster("prod")).config).toEqual({ context: "prod" });
    await expect(getClusterBackend("prod")).rejects.toBeInstanceOf(ClusterUnavailableError);
    const fake = { id: "prod", readOnly: true } as unknown as Awaited<ReturnType<typeof getClusterBackend>>;
    registerClusterBackendFactory("kubernetes", async () => fake);
    expect(await getClusterBackend("prod")).toBe(fake);
    await expect(resetCluster("prod", "admin")).rejects.toBeInstanceOf(BadRequestError);
    await expect(listAuditEvents("prod")).rejects.toBeInstanceOf(BadRequestError);
  });

  it("notices within seconds a cluster removed, or removed and added again, by another console process", async () => {
    const closed: string[] = [];
    onClusterRemoved((id) => closed.push(id));
    let built = 0;
    registerClusterBackendFactory("kubernetes", async (info) => ({ id: info.id, readOnly: false, built: ++built }) as unknown as Awaited<ReturnType<typeof getClusterBackend>>);
    await addCluster({ id: "shared", name: "Shared", kind: "kubernetes", config: { context: "shared" } });
    const first = await getClusterBackend("shared");
    expect(await getClusterBackend("shared")).toBe(first);
    // Another process removes the row and adds the cluster again (a new registration).
    const prisma = await getPrisma();
    await prisma.cluster.delete({ where: { id: "shared" } });
    await prisma.cluster.create({ data: { id: "shared", name: "Shared", kind: "kubernetes", config: {}, createdAt: new Date(Date.now() + 60_000) } });
    const now = Date.now();
    const later = vi.spyOn(Date, "now").mockReturnValue(now + 6_000);
    try {
      const second = await getClusterBackend("shared");
      expect(second).not.toBe(first);
      expect(closed).toEqual(["shared"]);
      // Removed for good through the other process: this one stops serving it too.
      await prisma.cluster.delete({ where: { id: "shared" } });
      later.mockReturnValue(now + 12_000);
      await expect(getClusterBackend("shared")).rejects.toBeInstanceOf(NotFoundError);
      expect(closed).toEqual(["shared", "shared"]);
    } finally {
      later.mockRestore();
    }
    expect(built).toBe(2);
  });

  it("removes a cluster's flow records, DNS records and rollups (minute, hour, day) with it, and refuses records for it afterwards", async () => {
    await addCluster({ id: "flows-gone", name: "Flows gone", kind: "kubernetes", config: { context: "flows-gone" } });
    const { sql } = await getDatabase();
    const flow = aFlow({ startTime: 1_700_000_000, endTime: 1_700_000_015 });
    const dns: DnsLog = {
      startTime: 1_700_000_000, endTime: 1_700_000_015, type: "LOG", count: 1, clientIp: null, clientName: "-", clientNameAggr: "client-*", clientNamespace: "default",
      clientLabels: {}, qname: "example.com", qtype: "A", qclass: "IN", rcode: "NoError", rrsets: [], servers: [],
    };
    await ingestFlowLogs(sql, "flows-gone", [flow], [dns]);
    await ingestFlowLogs(sql, EMBEDDED_CLUSTER_ID, [flow]);
    // The impact preview's summary of the record's hour (FlowTupleHour has no key either, 0150).
    const hour = 1_700_000_000 - (1_700_000_000 % 3600);
    expect(await ensureTupleHours(sql, "flows-gone", hour, hour + 3600)).toEqual([hour]);
    const counts = async (cluster: string): Promise<number[]> =>
      Promise.all(
        ["FlowLog", "DnsLog", "FlowRollup", "FlowDayRollup", "FlowTupleHour", "FlowTupleHourState"].map(async (t) => Number((await sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM "${t}" WHERE "clusterId" = $1`, [cluster])).rows[0]?.n)),
      );
    expect(await counts("flows-gone")).toEqual([1, 1, 2, 1, 1, 1]);
    const embedded = await counts(EMBEDDED_CLUSTER_ID);
    await removeCluster("flows-gone");
    expect(await counts("flows-gone")).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await counts(EMBEDDED_CLUSTER_ID)).toEqual(embedded);
    await expect(ingestFlowLogs(sql, "flows-gone", [flow])).rejects.toBeInstanceOf(NotFoundError);
    await expect(ingestDnsLogs(sql, "flows-gone", [dns])).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts("flows-gone")).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("never summarises an hour for a cluster whose row is gone: the tuple rows and the hour's state are one statement, and the state keeps its key", async () => {
    await addCluster({ id: "rowless", name: "Rowless", kind: "kubernetes", config: { context: "rowless" } });
    const { sql } = await getDatabase();
    await ingestFlowLogs(sql, "rowless", [aFlow({ startTime: 1_700_000_000, endTime: 1_700_000_015 })]);
    // Only the Cluster row goes (as if removed while the summary was being computed): the
    // records and rollups, which have no key, stay behind for this check.
    await sql.query(`DELETE FROM "Cluster" WHERE "id" = 'rowless'`);
    const hour = 1_700_000_000 - (1_700_000_000 % 3600);
    await expect(ensureTupleHours(sql, "rowless", hour, hour + 3600)).rejects.toThrow(/foreign key/i);
    const left = await sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM "FlowTupleHour" WHERE "clusterId" = 'rowless'`);
    expect(Number(left.rows[0]?.n)).toBe(0);
    for (const table of ["FlowLog", "FlowRollup", "FlowDayRollup"]) await sql.query(`DELETE FROM "${table}" WHERE "clusterId" = 'rowless'`);
  });

  it("removes clusters but never the built-in one", async () => {
    await removeCluster("prod");
    await removeCluster("training-lab");
    await expect(getCluster("training-lab")).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeCluster("training-lab")).rejects.toBeInstanceOf(NotFoundError);
    await expect(removeCluster(EMBEDDED_CLUSTER_ID)).rejects.toBeInstanceOf(BadRequestError);
  });

  it("resets the embedded cluster and shows it in the audit log", async () => {
    const backend = await getClusterBackend(EMBEDDED_CLUSTER_ID);
    await backend.create({ kind: "Tier", metadata: { name: "security" }, spec: { order: 300 } }, { actor: "alice" });
    await resetCluster(EMBEDDED_CLUSTER_ID, "admin");
    await expect(backend.get("Tier", "security")).rejects.toBeInstanceOf(NotFoundError);
    const page = await listAuditEvents(EMBEDDED_CLUSTER_ID, { kind: "Tier", name: "security" });
    expect(page.items.map((e) => [e.type, e.actor])).toEqual([
      ["DELETED", "admin"],
      ["ADDED", "alice"],
    ]);
  });
});
