import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlreadyExistsError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";
import type { EmbeddedBackend } from "@/lib/server/cluster/embedded";
import { aNamespace, aPod, aPolicy, aTier, actor, bareCluster, countEvents } from "@/lib/server/cluster/testing/fixtures";
import { queryAuditEvents } from "@/lib/server/cluster/audit";

let db: TempDatabase;
let b: EmbeddedBackend;

beforeAll(async () => {
  db = await openTempPGlite();
  b = await bareCluster(db.sql, "crud");
  await b.create(aNamespace("dev"), actor);
  await b.create(aTier("default", 1_000_000), actor);
});
afterAll(async () => db.dispose());

describe("create and get", () => {
  it("assigns uid, creationTimestamp, generation and a resourceVersion, and get returns the stored object", async () => {
    const created = await b.create(aPod("dev", "p1", { app: "web" }), actor);
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(await b.get("Pod", "p1", "dev")).toEqual(created);
  });

  it("hands out strictly increasing resourceVersions across kinds", async () => {
    const a = await b.create(aPod("dev", "rv-a"), actor);
    const t = await b.create(aTier("rv-tier", 10), actor);
    const c = await b.create(aPod("dev", "rv-c"), actor);
    const rvs = [a, t, c].map((o) => BigInt(o.metadata.resourceVersion ?? "0"));
    expect(rvs[1]! > rvs[0]!).toBe(true);
    expect(rvs[2]! > rvs[1]!).toBe(true);
  });

  it("refuses to create an existing object with AlreadyExistsError", async () => {
    await b.create(aPod("dev", "dup"), actor);
    await expect(b.create(aPod("dev", "dup"), actor)).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it("refuses a create that carries a resourceVersion", async () => {
    const pod = aPod("dev", "with-rv");
    const err = await b.create({ ...pod, metadata: { ...pod.metadata, resourceVersion: "5" } }, actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors[0]?.path).toBe("metadata.resourceVersion");
  });

  it("answers NotFoundError for a missing object and for a namespaced create in a missing namespace", async () => {
    await expect(b.get("Pod", "nope", "dev")).rejects.toBeInstanceOf(NotFoundError);
    await expect(b.create(aPod("ghost", "p"), actor)).rejects.toThrow(/namespaces "ghost" not found/);
  });

  it("sets kubernetes.io/metadata.name on namespaces, as the apiserver does", async () => {
    const ns = await b.create(aNamespace("labelled", { team: "a" }), actor);
    expect(ns.metadata.labels).toEqual({ team: "a", "kubernetes.io/metadata.name": "labelled" });
  });

  it("allocates a free clusterIP for a Service without one and keeps it on update", async () => {
    const svc = await b.create({ kind: "Service", metadata: { name: "web", namespace: "dev" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } }, actor);
    expect(svc.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    const updated = await b.update({ ...svc, spec: { ...svc.spec, clusterIP: undefined, ports: [{ port: 8080 }] } }, actor);
    expect(updated.spec.clusterIP).toBe(svc.spec.clusterIP);
    const err = await b.update({ ...updated, spec: { ...updated.spec, clusterIP: "10.96.9.9" } }, actor).catch((e: unknown) => e);
    expect((err as ValidationError).errors).toEqual([{ path: "spec.clusterIP", message: "Invalid value: field is immutable" }]);
  });
});

describe("validation", () => {
  it("rejects an invalid object whole, with field paths, and writes nothing", async () => {
    const before = await countEvents(db.sql, "crud");
    const bad = { kind: "Pod" as const, metadata: { name: "Bad_Name", namespace: "dev" }, spec: { containers: [{ name: "c", image: "x", ports: [{ containerPort: 70000 }] }] } };
    const err = await b.create(bad, actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).errors.map((e) => e.path);
    expect(paths).toContain("metadata.name");
    expect(paths).toContain("spec.containers[0].ports[0].containerPort");
    expect(await countEvents(db.sql, "crud")).toBe(before);
  });

  it("validates Calico kinds with the engine's validator", async () => {
    const err = await b.create({ kind: "Tier", metadata: { name: "t" }, spec: { order: "high" as unknown as number } }, actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors.some((e) => e.path === "spec.order")).toBe(true);
  });

  it("refuses a policy in a tier that does not exist, naming spec.tier", async () => {
    const err = await b.create(aPolicy("dev", "missing", "p"), actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors).toEqual([expect.objectContaining({ path: "spec.tier" })]);
  });
});

describe("update", () => {
  it("replaces the object at the current resourceVersion and bumps generation only on spec changes", async () => {
    const pod = await b.create(aPod("dev", "up1", { v: "1" }), actor);
    const relabelled = await b.update({ ...pod, metadata: { ...pod.metadata, labels: { v: "2" } } }, actor);
    expect(BigInt(relabelled.metadata.resourceVersion!)).toBeGreaterThan(BigInt(pod.metadata.resourceVersion!));
    expect(relabelled.metadata.generation).toBe(1);
    expect(relabelled.metadata.uid).toBe(pod.metadata.uid);
    expect(relabelled.metadata.creationTimestamp).toBe(pod.metadata.creationTimestamp);
    const respecced = await b.update({ ...relabelled, spec: { containers: [{ name: "main", image: "nginx" }] } }, actor);
    expect(respecced.metadata.generation).toBe(2);
  });

  it("refuses a stale resourceVersion with ConflictError carrying the current object, and overwrites nothing", async () => {
    const pod = await b.create(aPod("dev", "stale"), actor);
    const v2 = await b.update({ ...pod, metadata: { ...pod.metadata, labels: { v: "2" } } }, actor);
    const err = await b.update({ ...pod, metadata: { ...pod.metadata, labels: { v: "stale" } } }, actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).current).toEqual(v2);
    expect((await b.get("Pod", "stale", "dev")).metadata.labels).toEqual({ v: "2" });
  });

  it("requires a resourceVersion, and answers NotFoundError for a missing object", async () => {
    await expect(b.update(aPod("dev", "no-rv"), actor)).rejects.toBeInstanceOf(ValidationError);
    const ghost = aPod("dev", "ghost");
    await expect(b.update({ ...ghost, metadata: { ...ghost.metadata, resourceVersion: "1" } }, actor)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("delete", () => {
  it("returns the object as it was, honours a resourceVersion precondition, and 404s afterwards", async () => {
    const pod = await b.create(aPod("dev", "del"), actor);
    await expect(b.delete("Pod", "del", "dev", { ...actor, resourceVersion: "1" })).rejects.toBeInstanceOf(ConflictError);
    const gone = await b.delete("Pod", "del", "dev", { ...actor, resourceVersion: pod.metadata.resourceVersion });
    expect(gone).toEqual(pod);
    await expect(b.get("Pod", "del", "dev")).rejects.toBeInstanceOf(NotFoundError);
    await expect(b.delete("Pod", "del", "dev", actor)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses to delete a tier that still has policies, and the default tier", async () => {
    await b.create(aTier("security", 300), actor);
    await b.create(aPolicy("dev", "security", "allow-dns"), actor);
    const err = await b.delete("Tier", "security", undefined, actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(/still contains 1 policy/);
    await expect(b.delete("Tier", "default", undefined, actor)).rejects.toBeInstanceOf(ForbiddenError);
    await b.delete("NetworkPolicy", "security.allow-dns", "dev", actor);
    await b.delete("Tier", "security", undefined, actor);
    await expect(b.get("Tier", "security")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("counts policies without spec.tier as members of the default tier", async () => {
    const p = aPolicy("dev", "default", "no-tier");
    const { tier: _t, ...spec } = p.spec;
    await b.create({ ...p, spec }, actor);
    await expect(b.delete("Tier", "default", undefined, actor)).rejects.toBeInstanceOf(ForbiddenError);
    const page = await b.list("NetworkPolicy", { tier: "default" });
    expect(page.items.map((i) => i.metadata.name)).toContain("no-tier");
  });

  it("deletes a namespace with everything in it, and refuses protected namespaces", async () => {
    await b.create(aNamespace("doomed"), actor);
    await b.create(aPod("doomed", "a"), actor);
    await b.create(aPod("doomed", "b"), actor);
    await b.delete("Namespace", "doomed", undefined, actor);
    expect((await b.list("Pod", { namespace: "doomed" })).items).toEqual([]);
    await b.create(aNamespace("default"), actor);
    await expect(b.delete("Namespace", "default", undefined, actor)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("dry run", () => {
  it("validates and answers as if written, writing nothing", async () => {
    const events = await countEvents(db.sql, "crud");
    const listed = await b.list("Pod");
    const created = await b.create(aPod("dev", "dry"), { ...actor, dryRun: true });
    expect(created.metadata.uid).toBeDefined();
    expect(created.metadata.resourceVersion).toBeUndefined();
    await expect(b.get("Pod", "dry", "dev")).rejects.toBeInstanceOf(NotFoundError);
    const real = await b.create(aPod("dev", "dry2"), actor);
    const afterCreate = await countEvents(db.sql, "crud");
    const upd = await b.update({ ...real, metadata: { ...real.metadata, labels: { x: "y" } } }, { ...actor, dryRun: true });
    expect(upd.metadata.labels).toEqual({ x: "y" });
    expect(upd.metadata.resourceVersion).toBe(real.metadata.resourceVersion);
    await b.delete("Pod", "dry2", "dev", { ...actor, dryRun: true });
    expect(await b.get("Pod", "dry2", "dev")).toEqual(real);
    expect(await countEvents(db.sql, "crud")).toBe(afterCreate);
    expect(afterCreate).toBe(events + 1);
    expect((await b.list("Pod")).resourceVersion).toBe(real.metadata.resourceVersion);
    expect(listed.items.length + 1).toBe((await b.list("Pod")).items.length);
    await expect(b.create(aPod("dev", "dry2"), { ...actor, dryRun: true })).rejects.toBeInstanceOf(AlreadyExistsError);
  });
});

describe("audit events", () => {
  it("records actor, time, type, before and after for every write", async () => {
    const pod = await b.create(aPod("dev", "audited", { v: "1" }), { actor: "alice" });
    const v2 = await b.update({ ...pod, metadata: { ...pod.metadata, labels: { v: "2" } } }, { actor: "bob" });
    await b.delete("Pod", "audited", "dev", { actor: "carol" });
    const page = await queryAuditEvents(db.sql, "crud", { kind: "Pod", namespace: "dev", name: "audited" });
    expect(page.items.map((e) => [e.type, e.actor])).toEqual([
      ["DELETED", "carol"],
      ["MODIFIED", "bob"],
      ["ADDED", "alice"],
    ]);
    const [deleted, modified, added] = page.items;
    expect(added?.before).toBeNull();
    expect(added?.after).toEqual(pod);
    expect(modified?.before).toEqual(pod);
    expect(modified?.after).toEqual(v2);
    expect(deleted?.before).toEqual(v2);
    expect(deleted?.after).toBeNull();
    expect(Date.parse(added!.at)).toBeLessThanOrEqual(Date.parse(deleted!.at));
    expect(modified?.resourceVersion).toBe(v2.metadata.resourceVersion);
  });

  it("pages newest first with `before`", async () => {
    const first = await queryAuditEvents(db.sql, "crud", { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next).toBeDefined();
    const second = await queryAuditEvents(db.sql, "crud", { limit: 2, before: first.next! });
    expect(BigInt(second.items[0]!.resourceVersion)).toBeLessThan(BigInt(first.items[1]!.resourceVersion));
  });
});

describe("compare-and-swap", () => {
  it("refuses to replace from a version that is no longer stored, even past the version check", async () => {
    const { readObject } = await import("@/lib/server/cluster/object-store");
    const { replaceObject } = await import("@/lib/server/cluster/embedded-writes");
    const { ConflictError: Conflict } = await import("@/lib/errors");
    const pod = await b.create(aPod("dev", "cas"), actor);
    const stale = await readObject(db.sql, "crud", { kind: "Pod", namespace: "dev", name: "cas" });
    const fresh = await b.update({ ...pod, metadata: { ...pod.metadata, labels: { v: "2" } } }, actor);
    const err = await db.sql
      .transaction((tx) => replaceObject({ tx, clusterId: "crud", actor: "x", at: new Date(), prefix: "" }, stale!, { ...pod, metadata: { ...pod.metadata, labels: { v: "lost" } } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Conflict);
    expect((err as InstanceType<typeof Conflict>).current).toEqual(fresh);
    expect((await b.get("Pod", "cas", "dev")).metadata.labels).toEqual({ v: "2" });
  });
});
