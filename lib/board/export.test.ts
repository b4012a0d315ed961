import { describe, expect, it } from "vitest";
import { exportBoardYaml, selectExport } from "@/lib/board/export";
import { buildBoard } from "@/lib/board/build-board";
import { parseResources } from "@/lib/calico";
import type { CalicoResource } from "@/lib/calico/types";
import { aGlobalPolicy, aK8sPolicy, aPolicy, aStagedGlobalPolicy, aTier } from "@/lib/testing/policy-builders";

const resources: CalicoResource[] = [
  { ...aPolicy("dev/security.b", { tier: "security", order: 200 }), metadata: { name: "security.b", namespace: "dev", resourceVersion: "5", uid: "x" } },
  aGlobalPolicy("default-deny", { order: 2000 }),
  aStagedGlobalPolicy("default-deny", { order: 2000, stagedAction: "Set" }),
  aTier("platform", { order: 400 }),
  aTier("security", { order: 300 }),
  aK8sPolicy("dev/k", { podSelector: {} }),
  aPolicy("dev/security.a", { tier: "security", order: 100 }),
];

describe("exportBoardYaml", () => {
  it("exports tiers first, then policies in board order, without server metadata", () => {
    const keys = selectExport(resources).map((r) => `${r.kind}/${r.metadata.name}`);
    expect(keys).toEqual([
      "Tier/security",
      "Tier/platform",
      "NetworkPolicy/security.a",
      "NetworkPolicy/security.b",
      "KubernetesNetworkPolicy/k",
      "GlobalNetworkPolicy/default-deny",
      "StagedGlobalNetworkPolicy/default-deny",
    ]);
    const yaml = exportBoardYaml(resources);
    expect(yaml).not.toMatch(/resourceVersion|uid/);
    expect(yaml).toContain("apiVersion: networking.k8s.io/v1");
  });

  it("re-imports to the same board (W1 step 16)", () => {
    const docs = parseResources(exportBoardYaml(resources)).documents;
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    const again = docs.flatMap((d) => (d.resource === undefined ? [] : [d.resource]));
    const shape = (rs: readonly CalicoResource[]) => buildBoard(rs).lanes.map((l) => [l.name, l.order, l.allCards.map((c) => [c.key, c.order, c.staged?.key])]);
    expect(shape(again)).toEqual(shape(resources));
  });

  it("exports one tier or one policy", () => {
    expect(selectExport(resources, { tier: "security" }).map((r) => r.metadata.name)).toEqual(["security", "security.a", "security.b"]);
    expect(selectExport(resources, { policy: "StagedGlobalNetworkPolicy/default-deny" }).map((r) => r.kind)).toEqual(["StagedGlobalNetworkPolicy"]);
    expect(exportBoardYaml(resources, { policy: "NetworkPolicy/dev/nope" })).toBe("");
    // A multi-selection: only those policies, in board order (security before default), no tiers, no server metadata.
    const picked = selectExport(resources, { policies: new Set(["StagedGlobalNetworkPolicy/default-deny", "NetworkPolicy/dev/security.b", "NetworkPolicy/dev/gone"]) });
    expect(picked.map((r) => `${r.kind}/${r.metadata.name}`)).toEqual(["NetworkPolicy/security.b", "StagedGlobalNetworkPolicy/default-deny"]);
    expect(picked[0]?.metadata.resourceVersion).toBeUndefined();
  });
});
