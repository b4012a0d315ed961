import { describe, expect, it } from "vitest";
import type { CalicoResource } from "@/lib/calico/types";
import { buildBoard } from "@/lib/board";
import { planDrop, planStep, planTierMove, versionsOf } from "@/components/policy-board/board-moves";

const rv = (n: number) => ({ resourceVersion: String(n) });
const resources: CalicoResource[] = [
  { kind: "Tier", metadata: { name: "security", ...rv(1) }, spec: { order: 300 } },
  { kind: "Tier", metadata: { name: "platform", ...rv(2) }, spec: { order: 400 } },
  { kind: "Tier", metadata: { name: "default", ...rv(3) }, spec: { order: 1_000_000 } },
  { kind: "GlobalNetworkPolicy", metadata: { name: "security.a", ...rv(4) }, spec: { tier: "security", order: 100 } },
  { kind: "GlobalNetworkPolicy", metadata: { name: "security.b", ...rv(5) }, spec: { tier: "security", order: 200 } },
  { kind: "StagedGlobalNetworkPolicy", metadata: { name: "security.b", ...rv(6) }, spec: { tier: "security", order: 200 } },
  { kind: "KubernetesNetworkPolicy", metadata: { name: "k", namespace: "dev", ...rv(7) }, spec: { podSelector: {} } },
];
const board = buildBoard(resources);
const versions = versionsOf(resources);
const lane = (name: string) => {
  const l = board.lanes.find((x) => x.name === name);
  if (l === undefined) throw new Error(name);
  return l;
};

describe("board gestures", () => {
  it("reorders within a tier, moving staged and enforced members together with their versions", () => {
    const plan = planDrop(board, versions, "GlobalNetworkPolicy/security.b", lane("security"), 0);
    expect(plan).toEqual({
      ok: true,
      changes: [
        { key: "GlobalNetworkPolicy/security.b", resourceVersion: "5", order: 0 },
        { key: "StagedGlobalNetworkPolicy/security.b", resourceVersion: "6", order: 0 },
      ],
    });
  });

  it("moves to another tier with the rename (keeping its order in the empty lane) and asks for confirmation", () => {
    const plan = planDrop(board, versions, "GlobalNetworkPolicy/security.a", lane("platform"), 0);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.changes).toEqual([{ key: "GlobalNetworkPolicy/security.a", resourceVersion: "4", tier: "platform", name: "platform.a" }]);
    expect(plan.confirm?.move.rename).toEqual({ from: "security.a", to: "platform.a" });
  });

  it("refuses Kubernetes NetworkPolicies and steps past the ends", () => {
    expect(planDrop(board, versions, "KubernetesNetworkPolicy/dev/k", lane("security"), 0).ok).toBe(false);
    expect(planStep(lane("security"), versions, "GlobalNetworkPolicy/security.a", "up").ok).toBe(false);
    expect(planStep(lane("security"), versions, "GlobalNetworkPolicy/security.a", "down")).toMatchObject({ ok: true, changes: [{ key: "GlobalNetworkPolicy/security.a", order: 300 }] });
  });

  it("reorders tiers keyed Tier/<name>", () => {
    expect(planTierMove(board, versions, "platform", 0)).toEqual({ ok: true, changes: [{ key: "Tier/platform", resourceVersion: "2", order: 200 }] });
  });
});
