import { describe, expect, it } from "vitest";
import type { CalicoResource } from "@/lib/calico/types";
import { buildBoard } from "@/lib/board";
import { planBulkMove, plannedEnforces, plannedStages, planUndo, selectedResources } from "@/components/policy-board/board-bulk";
import { versionsOf } from "@/components/policy-board/board-moves";

const rv = (n: number) => ({ resourceVersion: String(n) });
const resources: CalicoResource[] = [
  { kind: "Tier", metadata: { name: "security", ...rv(1) }, spec: { order: 300 } },
  { kind: "Tier", metadata: { name: "platform", ...rv(2) }, spec: { order: 400 } },
  { kind: "Tier", metadata: { name: "default", ...rv(3) }, spec: { order: 1_000_000 } },
  { kind: "GlobalNetworkPolicy", metadata: { name: "security.a", ...rv(4) }, spec: { tier: "security", order: 100 } },
  { kind: "GlobalNetworkPolicy", metadata: { name: "security.b", ...rv(5) }, spec: { tier: "security", order: 200 } },
  { kind: "StagedGlobalNetworkPolicy", metadata: { name: "security.b", ...rv(6) }, spec: { tier: "security", order: 200 } },
  { kind: "NetworkPolicy", metadata: { name: "plain", namespace: "dev", ...rv(8) }, spec: { tier: "default", order: 50 } },
  { kind: "KubernetesNetworkPolicy", metadata: { name: "k", namespace: "dev", ...rv(7) }, spec: { podSelector: {} } },
];
const board = buildBoard(resources);
const versions = versionsOf(resources);

describe("planBulkMove", () => {
  it("moves every member of every selected card in one write, renaming tier-prefixed names and keeping orders", () => {
    const plan = planBulkMove(board, versions, new Set(["GlobalNetworkPolicy/security.b", "NetworkPolicy/dev/plain"]), "platform");
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.changes).toEqual([
      { key: "GlobalNetworkPolicy/security.b", resourceVersion: "5", tier: "platform", name: "platform.b" },
      { key: "StagedGlobalNetworkPolicy/security.b", resourceVersion: "6", tier: "platform", name: "platform.b" },
      { key: "NetworkPolicy/dev/plain", resourceVersion: "8", tier: "platform" },
    ]);
    expect(plan.renames).toBe(1);
    expect(plan.skipped).toEqual([]);
  });

  it("skips Kubernetes policies and cards already in the tier, and refuses when nothing moves", () => {
    const plan = planBulkMove(board, versions, new Set(["KubernetesNetworkPolicy/dev/k", "GlobalNetworkPolicy/security.a"]), "platform");
    expect(plan.ok && plan.skipped.map((s) => s.key)).toEqual(["KubernetesNetworkPolicy/dev/k"]);
    const none = planBulkMove(board, versions, new Set(["GlobalNetworkPolicy/security.a"]), "security");
    expect(none).toEqual({ ok: false, reason: "every selected policy is already in tier security" });
    expect(planBulkMove(board, versions, new Set(["GlobalNetworkPolicy/security.a"]), "nope").ok).toBe(false);
  });

  it("undoes a bulk move with the versions it wrote: back to the old tier under the old name", () => {
    const plan = planBulkMove(board, versions, new Set(["GlobalNetworkPolicy/security.b", "NetworkPolicy/dev/plain"]), "platform");
    if (!plan.ok) throw new Error(plan.reason);
    const written = [
      { key: "GlobalNetworkPolicy/security.b", op: "delete" as const },
      { key: "GlobalNetworkPolicy/platform.b", op: "create" as const, resourceVersion: "20" },
      { key: "StagedGlobalNetworkPolicy/security.b", op: "delete" as const },
      { key: "StagedGlobalNetworkPolicy/platform.b", op: "create" as const, resourceVersion: "21" },
      { key: "NetworkPolicy/dev/plain", op: "update" as const, resourceVersion: "22" },
    ];
    expect(planUndo(plan.changes, resources, written)).toEqual([
      { key: "GlobalNetworkPolicy/platform.b", resourceVersion: "20", tier: "security", name: "security.b" },
      { key: "StagedGlobalNetworkPolicy/platform.b", resourceVersion: "21", tier: "security", name: "security.b" },
      { key: "NetworkPolicy/dev/plain", resourceVersion: "22", tier: "default" },
    ]);
    expect(planUndo(plan.changes, resources, written.slice(0, 2))).toBeUndefined();
  });

  it("undoes a reorder back to the old orders, and refuses to 'unset' an order", () => {
    const reorder = [{ key: "GlobalNetworkPolicy/security.a", resourceVersion: "4", order: 250 }];
    expect(planUndo(reorder, resources, [{ key: "GlobalNetworkPolicy/security.a", op: "update", resourceVersion: "30" }])).toEqual([{ key: "GlobalNetworkPolicy/security.a", resourceVersion: "30", order: 100 }]);
    const unordered: CalicoResource[] = [{ kind: "GlobalNetworkPolicy", metadata: { name: "x", ...rv(9) }, spec: {} }];
    expect(planUndo([{ key: "GlobalNetworkPolicy/x", resourceVersion: "9", order: 5 }], unordered, [{ key: "GlobalNetworkPolicy/x", op: "update", resourceVersion: "31" }])).toBeUndefined();
  });
});

describe("delete, stage and enforce of a selection", () => {
  const keys = new Set(["GlobalNetworkPolicy/security.a", "GlobalNetworkPolicy/security.b"]);
  it("deletes both members of a paired card", () => {
    expect(selectedResources(board, keys).map((m) => m.key)).toEqual(["GlobalNetworkPolicy/security.a", "GlobalNetworkPolicy/security.b", "StagedGlobalNetworkPolicy/security.b"]);
  });
  it("stages only enforced policies without a staged copy", () => {
    expect(plannedStages(board, keys).map((s) => `${s.kind}/${s.metadata.name}/${s.spec.stagedAction ?? ""}`)).toEqual(["StagedGlobalNetworkPolicy/security.a/Set"]);
  });
  it("enforces the staged members with the versions the user saw", () => {
    expect(plannedEnforces(board, keys, versions)).toEqual([{ key: "StagedGlobalNetworkPolicy/security.b", resourceVersion: "6", name: "staged:security.b" }]);
  });
});
