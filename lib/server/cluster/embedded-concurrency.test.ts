import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlreadyExistsError, ConflictError } from "@/lib/errors";
import type { Database } from "@/lib/server/db/open";
import { openDatabase } from "@/lib/server/db/open";
import type { PostgresServer } from "@/lib/server/db/testing/postgres-server";
import { findPostgres, startPostgres } from "@/lib/server/db/testing/postgres-server";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";
import type { EmbeddedBackend } from "@/lib/server/cluster/embedded";
import { EmbeddedBackend as Backend } from "@/lib/server/cluster/embedded";
import { aNamespace, aPod, actor, bareCluster, collectEvents } from "@/lib/server/cluster/testing/fixtures";

/** N writers race to update the same object from the same version: exactly one may win. */
async function raceUpdates(b: EmbeddedBackend, n: number): Promise<void> {
  const pod = await b.create(aPod("race", `p-${n}-${Date.now()}`), actor);
  const results = await Promise.allSettled(
    Array.from({ length: n }, (_, i) => b.update({ ...pod, metadata: { ...pod.metadata, labels: { writer: String(i) } } }, { actor: `w${i}` })),
  );
  const won = results.filter((r) => r.status === "fulfilled");
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(n - 1);
  for (const l of lost) expect(l.reason).toBeInstanceOf(ConflictError);
  const winner = (won[0] as PromiseFulfilledResult<typeof pod>).value;
  expect(await b.get("Pod", pod.metadata.name, "race")).toEqual(winner);
}

async function raceCreates(b: EmbeddedBackend, n: number): Promise<void> {
  const name = `c-${Date.now()}`;
  const results = await Promise.allSettled(Array.from({ length: n }, () => b.create(aPod("race", name), actor)));
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(AlreadyExistsError);
}

async function distinctVersions(b: EmbeddedBackend, n: number): Promise<void> {
  const created = await Promise.all(Array.from({ length: n }, (_, i) => b.create(aPod("race", `d-${i}-${Date.now()}`), actor)));
  const rvs = new Set(created.map((c) => c.metadata.resourceVersion));
  expect(rvs.size).toBe(n);
}

describe("concurrent writers on PGlite", () => {
  let close: () => Promise<void>;
  let b: EmbeddedBackend;
  beforeAll(async () => {
    const db = await openTempPGlite();
    close = () => db.dispose();
    b = await bareCluster(db.sql, "race");
    await b.create(aNamespace("race"), actor);
  });
  afterAll(async () => close());

  it("lets exactly one of several stale-racing updates win", () => raceUpdates(b, 6));
  it("lets exactly one of several identical creates win", () => raceCreates(b, 4));
  it("gives concurrent creates distinct resourceVersions", () => distinctVersions(b, 8));
});

const pgAvailable = findPostgres();

describe.skipIf(!pgAvailable.available)(`concurrent writers on PostgreSQL${pgAvailable.available ? "" : ` (skipped: ${pgAvailable.reason})`}`, () => {
  let server: PostgresServer;
  let dbA: Database;
  let dbB: Database;
  let a: EmbeddedBackend;
  let b: EmbeddedBackend;
  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    // Two pools on one database: two console processes.
    [dbA, dbB] = await Promise.all([openDatabase({ kind: "postgres", url }), openDatabase({ kind: "postgres", url })]);
    a = await bareCluster(dbA.sql, "race");
    b = new Backend(dbB.sql, "race", { pollIntervalMs: 50 });
    await a.create(aNamespace("race"), actor);
  }, 120_000);
  afterAll(async () => {
    await dbA?.close();
    await dbB?.close();
    await server?.stop();
  });

  it("lets exactly one of several stale-racing updates win (real row locks)", () => raceUpdates(a, 10));
  it("lets exactly one of several identical creates win", () => raceCreates(a, 6));
  it("gives concurrent creates distinct resourceVersions", () => distinctVersions(a, 12));

  it("lets exactly one win when the racers are in different processes", async () => {
    const pod = await a.create(aPod("race", "cross"), actor);
    const results = await Promise.allSettled(
      [a, b, a, b].map((backend, i) => backend.update({ ...pod, metadata: { ...pod.metadata, labels: { writer: String(i) } } }, actor)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("delivers writes of another process to a watcher by polling", async () => {
    const start = (await b.list("Pod")).resourceVersion;
    const p = collectEvents((signal) => b.watch("Pod", { resourceVersion: start, signal }), 2);
    await a.create(aPod("race", "from-a-1"), actor);
    await a.create(aPod("race", "from-a-2"), actor);
    expect((await p).map((e) => e.object.metadata.name)).toEqual(["from-a-1", "from-a-2"]);
  });
});
