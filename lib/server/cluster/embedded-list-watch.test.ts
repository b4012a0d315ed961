import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError, GoneError } from "@/lib/errors";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";
import type { EmbeddedBackend } from "@/lib/server/cluster/embedded";
import { compactClusterEvents } from "@/lib/server/cluster/compaction";
import { aNamespace, aPod, aPolicy, aTier, actor, bareCluster, collectEvents } from "@/lib/server/cluster/testing/fixtures";

let db: TempDatabase;
let b: EmbeddedBackend;

beforeAll(async () => {
  db = await openTempPGlite();
  b = await bareCluster(db.sql, "lw");
  await b.apply([aNamespace("a"), aNamespace("b"), aTier("default", 1_000_000), aTier("security", 100)], actor);
  await b.apply(
    [
      aPod("a", "web-1", { app: "web", tier: "front" }),
      aPod("a", "web-2", { app: "web" }),
      aPod("a", "db-1", { app: "db", size: "5" }),
      aPod("b", "web-3", { app: "web", tier: "back" }),
      aPod("b", "job-1", {}),
      aPolicy("a", "security", "p1"),
      aPolicy("a", "default", "p2"),
    ],
    actor,
  );
});
afterAll(async () => db.dispose());

const names = (items: readonly { metadata: { name: string } }[]): string[] => items.map((i) => i.metadata.name);

describe("list", () => {
  it("lists in namespace/name order and filters by namespace", async () => {
    expect(names((await b.list("Pod")).items)).toEqual(["db-1", "web-1", "web-2", "job-1", "web-3"]);
    expect(names((await b.list("Pod", { namespace: "b" })).items)).toEqual(["job-1", "web-3"]);
  });

  it("filters by Kubernetes label selector with Kubernetes semantics", async () => {
    const sel = async (labelSelector: string): Promise<string[]> => names((await b.list("Pod", { labelSelector })).items);
    expect(await sel("app=web")).toEqual(["web-1", "web-2", "web-3"]);
    expect(await sel("app=web,tier!=front")).toEqual(["web-2", "web-3"]);
    expect(await sel("tier notin (front)")).toEqual(["db-1", "web-2", "job-1", "web-3"]);
    expect(await sel("app in (db, web), !tier")).toEqual(["db-1", "web-2"]);
    expect(await sel("tier")).toEqual(["web-1", "web-3"]);
    expect(await sel("size>4")).toEqual(["db-1"]);
    expect(await sel("size<5")).toEqual([]);
    await expect(b.list("Pod", { labelSelector: "app in (" })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("filters policies by tier", async () => {
    expect(names((await b.list("NetworkPolicy", { tier: "security" })).items)).toEqual(["security.p1"]);
    expect(names((await b.list("NetworkPolicy", { tier: "default" })).items)).toEqual(["p2"]);
  });

  it("pages with limit/continue over a consistent snapshot", async () => {
    const first = await b.list("Pod", { limit: 2 });
    expect(names(first.items)).toEqual(["db-1", "web-1"]);
    expect(first.continue).toBeDefined();
    // Changes after the first page are not visible in later pages of the same list.
    await b.create(aPod("a", "web-15"), actor);
    await b.delete("Pod", "job-1", "b", actor);
    const web2 = await b.get("Pod", "web-2", "a");
    await b.update({ ...web2, metadata: { ...web2.metadata, labels: { app: "changed" } } }, actor);
    const second = await b.list("Pod", { limit: 2, continue: first.continue! });
    expect(names(second.items)).toEqual(["web-2", "job-1"]);
    expect(second.items[0]?.metadata.labels).toEqual({ app: "web" });
    expect(second.resourceVersion).toBe(first.resourceVersion);
    const third = await b.list("Pod", { limit: 2, continue: second.continue! });
    expect(names(third.items)).toEqual(["web-3"]);
    expect(third.continue).toBeUndefined();
    // A fresh list sees the current state.
    expect(names((await b.list("Pod")).items)).toEqual(["db-1", "web-1", "web-15", "web-2", "web-3"]);
  });

  it("rejects a malformed continue token", async () => {
    await expect(b.list("Pod", { continue: "garbage" })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe("watch", () => {
  it("replays events after a resourceVersion in order and follows new writes", async () => {
    const start = (await b.list("Pod")).resourceVersion;
    const p = collectEvents((signal) => b.watch("Pod", { resourceVersion: start, signal }), 3);
    const created = await b.create(aPod("a", "w-1"), actor);
    const updated = await b.update({ ...created, metadata: { ...created.metadata, labels: { x: "1" } } }, actor);
    await b.delete("Pod", "w-1", "a", actor);
    const events = await p;
    expect(events.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(events[1]?.object).toEqual(updated);
    const rvs = events.map((e) => BigInt(e.object.metadata.resourceVersion!));
    expect(rvs[0]! < rvs[1]! && rvs[1]! < rvs[2]!).toBe(true);
    // Resume after the first event: only the later two.
    const resumed = await collectEvents((signal) => b.watch("Pod", { resourceVersion: rvs[0]!.toString(), signal }), 2);
    expect(resumed.map((e) => e.type)).toEqual(["MODIFIED", "DELETED"]);
  });

  it("turns label changes into ADDED/DELETED for a filtered watch", async () => {
    const start = (await b.list("Pod")).resourceVersion;
    const p = collectEvents((signal) => b.watch("Pod", { resourceVersion: start, labelSelector: "role=api", namespace: "a", signal }), 3);
    const pod = await b.create(aPod("a", "flip"), actor);
    await b.create(aPod("b", "other-ns", { role: "api" }), actor);
    const on = await b.update({ ...pod, metadata: { ...pod.metadata, labels: { role: "api" } } }, actor);
    const on2 = await b.update({ ...on, spec: { containers: [{ name: "main", image: "nginx" }] } }, actor);
    await b.update({ ...on2, metadata: { ...on2.metadata, labels: { role: "web" } } }, actor);
    const events = await p;
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["ADDED", "flip"],
      ["MODIFIED", "flip"],
      ["DELETED", "flip"],
    ]);
  });

  it("starts with the current state for resourceVersion 0", async () => {
    const current = await b.list("Tier");
    const events = await collectEvents((signal) => b.watch("Tier", { resourceVersion: "0", signal }), current.items.length);
    expect(events.every((e) => e.type === "ADDED")).toBe(true);
    expect(names(events.map((e) => e.object))).toEqual(names(current.items));
  });

  it("ends when the signal aborts", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const ev of b.watch("Namespace", { resourceVersion: (await b.list("Namespace")).resourceVersion, signal: controller.signal })) seen.push(ev.type);
    })();
    setTimeout(() => controller.abort(), 100);
    await done;
    expect(seen).toEqual([]);
  });
});

describe("compaction", () => {
  it("answers 410 Gone to watches and continue tokens older than the watch horizon, keeping audit rows", async () => {
    const page = await b.list("Pod", { limit: 1 });
    const oldRv = page.resourceVersion;
    await b.create(aPod("a", "after-list"), actor);
    const later = new Date(Date.now() + 10_000);
    const result = await compactClusterEvents(db.sql, "lw", later, { watchWindowMs: 1000, auditRetentionMs: 365 * 86_400_000 });
    expect(BigInt(result.compacted)).toBeGreaterThan(BigInt(oldRv));
    expect(result.deleted).toBe(0);
    await expect(collectEvents((signal) => b.watch("Pod", { resourceVersion: oldRv, signal }), 1)).rejects.toBeInstanceOf(GoneError);
    await expect(b.list("Pod", { limit: 1, continue: page.continue! })).rejects.toBeInstanceOf(GoneError);
    // Watching from the horizon itself works.
    const p = collectEvents((signal) => b.watch("Pod", { resourceVersion: result.compacted, signal }), 1);
    await b.create(aPod("a", "after-compaction"), actor);
    expect((await p)[0]?.object.metadata.name).toBe("after-compaction");
  });

  it("deletes audit rows only past audit retention and never moves the horizon back", async () => {
    const far = new Date(Date.now() + 400 * 86_400_000);
    const r = await compactClusterEvents(db.sql, "lw", far, { watchWindowMs: 1000, auditRetentionMs: 365 * 86_400_000 });
    expect(r.deleted).toBeGreaterThan(0);
    const again = await compactClusterEvents(db.sql, "lw", new Date(0), { watchWindowMs: 1000, auditRetentionMs: 1000 });
    expect(again.compacted).toBe(r.compacted);
    const { rows } = await db.sql.query<{ n: unknown }>(`SELECT count(*) AS n FROM "ObjectEvent" WHERE "clusterId" = 'lw'`);
    expect(Number(rows[0]?.n)).toBe(0);
  });
});

describe("retentionFromEnv", () => {
  it("reads positive numbers and falls back to the defaults", async () => {
    const { retentionFromEnv, DEFAULT_RETENTION } = await import("@/lib/server/cluster/compaction");
    expect(retentionFromEnv({})).toEqual(DEFAULT_RETENTION);
    expect(retentionFromEnv({ PALISADE_WATCH_WINDOW_SECONDS: "60", PALISADE_AUDIT_RETENTION_DAYS: "7" })).toEqual({ watchWindowMs: 60_000, auditRetentionMs: 7 * 86_400_000 });
    expect(retentionFromEnv({ PALISADE_WATCH_WINDOW_SECONDS: "-1", PALISADE_AUDIT_RETENTION_DAYS: "x" })).toEqual(DEFAULT_RETENTION);
  });
});
