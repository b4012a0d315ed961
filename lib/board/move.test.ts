import { describe, expect, it } from "vitest";
import { buildBoard } from "@/lib/board/build-board";
import { canMovePolicy, computeInsertOrder, computeMoveOrder, computeTierMoveOrder, moveDown, moveUp, renamedForTier } from "@/lib/board/move";
import type { BoardLane } from "@/lib/board/types";
import { aGlobalPolicy, aK8sPolicy, aPolicy, aStagedPolicy, aTier } from "@/lib/testing/policy-builders";

function lane(board: ReturnType<typeof buildBoard>, name: string): BoardLane {
  const l = board.lanes.find((x) => x.name === name);
  if (l === undefined) throw new Error(`no lane ${name}`);
  return l;
}

describe("computeMoveOrder", () => {
  const board = buildBoard([
    aPolicy("dev/a", { order: 100 }),
    aPolicy("dev/b", { order: 200 }),
    aK8sPolicy("dev/k1", { podSelector: {} }),
    aK8sPolicy("dev/k2", { podSelector: {} }),
    aPolicy("dev/c", { order: 1500 }),
    aStagedPolicy("dev/c", { order: 1500 }),
  ]);
  const def = lane(board, "default");

  it("moves a policy between two neighbours by changing only its order", () => {
    expect(computeMoveOrder(def, "NetworkPolicy/dev/b", 0)).toEqual({ ok: true, changes: [{ key: "NetworkPolicy/dev/b", order: 0 }] });
  });

  it("moves the staged copy with its enforced policy", () => {
    expect(computeMoveOrder(def, "NetworkPolicy/dev/c", 2)).toEqual({
      ok: true,
      changes: [
        { key: "NetworkPolicy/dev/c", order: 600 },
        { key: "StagedNetworkPolicy/dev/c", order: 600 },
      ],
    });
  });

  it("refuses to reorder a Kubernetes NetworkPolicy", () => {
    const r = computeMoveOrder(def, "KubernetesNetworkPolicy/dev/k1", 0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/order 1000/);
  });

  it("refuses a slot between two Kubernetes NetworkPolicies (both fixed at 1000)", () => {
    expect(computeMoveOrder(def, "NetworkPolicy/dev/a", 2).ok).toBe(false);
  });

  it("refuses an unknown policy", () => {
    expect(computeMoveOrder(def, "NetworkPolicy/dev/zz", 0).ok).toBe(false);
  });

  it("moveUp / moveDown move one place and refuse at the ends", () => {
    expect(moveUp(def, "NetworkPolicy/dev/b")).toEqual({ ok: true, changes: [{ key: "NetworkPolicy/dev/b", order: 0 }] });
    expect(moveUp(def, "NetworkPolicy/dev/a").ok).toBe(false);
    expect(moveDown(def, "StagedNetworkPolicy/dev/c").ok).toBe(false);
    expect(moveDown(def, "NetworkPolicy/dev/a")).toEqual({ ok: true, changes: [{ key: "NetworkPolicy/dev/a", order: 600 }] });
  });

  it("computeInsertOrder places a card coming from another tier", () => {
    const b2 = buildBoard([aTier("security", { order: 1 }), aPolicy("dev/security.x", { tier: "security", order: 50 }), aPolicy("dev/y", { order: 100 }), aPolicy("dev/z", { order: 300 })]);
    const card = lane(b2, "security").allCards[0];
    if (card === undefined) throw new Error("fixture");
    expect(computeInsertOrder(lane(b2, "default"), card, 1)).toEqual({ ok: true, changes: [{ key: "NetworkPolicy/dev/security.x", order: 200 }] });
  });
});

describe("computeTierMoveOrder", () => {
  const board = buildBoard([aTier("security", { order: 300 }), aTier("platform", { order: 400 }), aTier("app"), aPolicy("dev/ghost.p", { tier: "ghost" })]);

  it("reorders tiers with the fewest changes", () => {
    expect(computeTierMoveOrder(board, "platform", 0)).toEqual({ ok: true, changes: [{ key: "platform", order: 200 }] });
  });

  it("gives an unordered tier an order when it moves before the default tier", () => {
    expect(computeTierMoveOrder(board, "app", 2)).toEqual({ ok: true, changes: [{ key: "app", order: 500000 }] });
  });

  it("refuses to move the default tier or a tier without resource", () => {
    expect(computeTierMoveOrder(board, "default", 0).ok).toBe(false);
    expect(computeTierMoveOrder(board, "ghost", 0).ok).toBe(false);
    expect(computeTierMoveOrder(board, "nope", 0).ok).toBe(false);
  });
});

describe("renamedForTier", () => {
  it("swaps a tier prefix", () => {
    expect(renamedForTier("security.allow-dns", "security", "platform")).toBe("platform.allow-dns");
    expect(renamedForTier("security.allow-dns", "security", "default")).toBe("default.allow-dns");
  });

  it("keeps unprefixed names unless the prefix rule is on", () => {
    expect(renamedForTier("allow-dns", "default", "security")).toBe("allow-dns");
    expect(renamedForTier("allow-dns", "default", "security", true)).toBe("security.allow-dns");
    expect(renamedForTier("other.allow-dns", "default", "security", true)).toBe("security.allow-dns");
    expect(renamedForTier("allow-dns", "security", "default", true)).toBe("allow-dns");
  });

  it("never renames pre-formatted names", () => {
    expect(renamedForTier("knp.default.x", "default", "security", true)).toBe("knp.default.x");
  });
});

describe("canMovePolicy", () => {
  const board = buildBoard([
    aTier("security", { order: 100 }),
    aTier("platform", { order: 200 }),
    aPolicy("dev/security.allow-dns", { tier: "security", order: 1 }),
    aStagedPolicy("dev/security.allow-dns", { tier: "security", order: 1 }),
    aPolicy("dev/platform.taken", { tier: "platform", order: 1 }),
    aPolicy("dev/security.taken", { tier: "security", order: 2 }),
    aGlobalPolicy("plain", { order: 5 }),
    aK8sPolicy("dev/k", { podSelector: {} }),
    aPolicy("dev/ghost.p", { tier: "ghost" }),
  ]);
  const sec = lane(board, "security");
  const plat = lane(board, "platform");
  const def = lane(board, "default");
  const card = (l: BoardLane, key: string) => {
    const c = l.allCards.find((x) => x.key === key);
    if (c === undefined) throw new Error(key);
    return c;
  };

  it("renames the tier prefix and moves the staged copy too", () => {
    expect(canMovePolicy(card(sec, "NetworkPolicy/dev/security.allow-dns"), plat)).toEqual({
      ok: true,
      changes: {
        tierChange: { from: "security", to: "platform" },
        rename: { from: "security.allow-dns", to: "platform.allow-dns" },
        recreate: true,
        affected: ["NetworkPolicy/dev/security.allow-dns", "StagedNetworkPolicy/dev/security.allow-dns"],
      },
    });
  });

  it("changes only the tier for an unprefixed name (current Calico OSS)", () => {
    expect(canMovePolicy(card(def, "GlobalNetworkPolicy/plain"), sec)).toEqual({
      ok: true,
      changes: { tierChange: { from: "default", to: "security" }, recreate: false, affected: ["GlobalNetworkPolicy/plain"] },
    });
  });

  it("adds the prefix under the tier-prefix rule", () => {
    const r = canMovePolicy(card(def, "GlobalNetworkPolicy/plain"), sec, { requireTierPrefix: true });
    expect(r.ok && r.changes.rename).toEqual({ from: "plain", to: "security.plain" });
  });

  it("refuses a rename onto an existing policy", () => {
    const r = canMovePolicy(card(sec, "NetworkPolicy/dev/security.taken"), plat);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/already exists/);
  });

  it("refuses to move Kubernetes NetworkPolicies out of the default tier", () => {
    const r = canMovePolicy(card(def, "KubernetesNetworkPolicy/dev/k"), sec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/default tier/);
  });

  it("refuses a tier that has no Tier resource", () => {
    expect(canMovePolicy(card(def, "GlobalNetworkPolicy/plain"), lane(board, "ghost")).ok).toBe(false);
  });

  it("treats a drop on the same lane as a reorder", () => {
    expect(canMovePolicy(card(def, "GlobalNetworkPolicy/plain"), def)).toEqual({ ok: true, changes: { recreate: false, affected: ["GlobalNetworkPolicy/plain"] } });
  });
});
