import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterObject } from "@/lib/cluster/backend";
import { ConflictError, ValidationError } from "@/lib/errors";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";
import type { EmbeddedBackend } from "@/lib/server/cluster/embedded";
import { aNamespace, aPod, aPolicy, aTier, actor, bareCluster, countEvents } from "@/lib/server/cluster/testing/fixtures";

let db: TempDatabase;
let b: EmbeddedBackend;

beforeAll(async () => {
  db = await openTempPGlite();
  b = await bareCluster(db.sql, "apply");
  await b.create(aTier("default", 1_000_000), actor);
});
afterAll(async () => db.dispose());

describe("apply", () => {
  it("creates a namespace, a tier and a policy in it in one call, whatever the document order", async () => {
    const docs: ClusterObject[] = [aPolicy("shop", "platform", "p1", 10), aNamespace("shop"), aTier("platform", 400)];
    const out = await b.apply(docs, actor);
    expect(out.map((o) => [o.kind, o.name, o.outcome])).toEqual([
      ["NetworkPolicy", "platform.p1", "created"],
      ["Namespace", "shop", "created"],
      ["Tier", "platform", "created"],
    ]);
    expect(out[0]?.namespace).toBe("shop");
    expect(out[2]?.namespace).toBeUndefined();
  });

  it("reports unchanged for identical objects without a new resourceVersion, and configured for changed ones", async () => {
    const before = await b.get("Tier", "platform");
    const events = await countEvents(db.sql, "apply");
    const out = await b.apply([aTier("platform", 400), aTier("platform2", 1)], actor);
    expect(out.map((o) => o.outcome)).toEqual(["unchanged", "created"]);
    expect(out[0]?.object).toEqual(before);
    expect(await countEvents(db.sql, "apply")).toBe(events + 1);
    const changed = await b.apply([aTier("platform", 450)], actor);
    expect(changed[0]?.outcome).toBe("configured");
    expect(BigInt(changed[0]!.object.metadata.resourceVersion!)).toBeGreaterThan(BigInt(before.metadata.resourceVersion!));
  });

  it("writes nothing when one document is invalid, naming the document index in the field path", async () => {
    const events = await countEvents(db.sql, "apply");
    const bad = { kind: "Tier", metadata: { name: "bad" }, spec: { order: "first" } } as unknown as ClusterObject;
    const err = await b.apply([aTier("ok1", 1), aPod("shop", "pod1"), bad], actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors.map((e) => e.path)).toContain("[2].spec.order");
    expect(await countEvents(db.sql, "apply")).toBe(events);
    await expect(b.get("Tier", "ok1")).rejects.toThrow();
  });

  it("rolls back everything when a later document fails a reference check", async () => {
    const events = await countEvents(db.sql, "apply");
    const err = await b.apply([aTier("ok2", 2), aPod("shop", "pod2"), aPolicy("shop", "nowhere", "x")], actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).errors).toEqual([expect.objectContaining({ path: "[2].spec.tier" })]);
    expect(await countEvents(db.sql, "apply")).toBe(events);
    await expect(b.get("Pod", "pod2", "shop")).rejects.toThrow();
  });

  it("rolls back everything on a stale resourceVersion and names the document", async () => {
    const tier = await b.get("Tier", "platform2");
    await b.update({ ...tier, spec: { order: 3 } }, actor);
    const events = await countEvents(db.sql, "apply");
    const err = await b.apply([aTier("ok3", 3), { ...tier, spec: { order: 4 } }], actor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(/^\[1\]\./);
    expect(await countEvents(db.sql, "apply")).toBe(events);
  });

  it("refuses the same object twice in one apply", async () => {
    const err = await b.apply([aTier("twice", 1), aTier("twice", 2)], actor).catch((e: unknown) => e);
    expect((err as ValidationError).errors).toEqual([expect.objectContaining({ path: "[1].metadata.name" })]);
  });

  it("dry-run apply answers the outcomes and writes nothing", async () => {
    const events = await countEvents(db.sql, "apply");
    const out = await b.apply([aTier("dry-tier", 5), aTier("platform", 999)], { ...actor, dryRun: true });
    expect(out.map((o) => o.outcome)).toEqual(["created", "configured"]);
    expect(await countEvents(db.sql, "apply")).toBe(events);
    expect((await b.get("Tier", "platform")).spec.order).toBe(450);
  });
});
