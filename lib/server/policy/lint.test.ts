/**
 * The analyser on the embedded demo cluster (throwaway PGlite folder): rule hits come from the
 * simulated flows of the window, staged policies are judged on the window's connections.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GlobalNetworkPolicy, StagedGlobalNetworkPolicy } from "@/lib/calico/types";
import type { ClusterBackend } from "@/lib/cluster/backend";
import { closeDatabase } from "@/lib/server/db";
import { EMBEDDED_CLUSTER_ID, getClusterBackend } from "@/lib/server/cluster/registry";
import { runSimulatedInterval } from "@/lib/server/flows/simulator";
import { lintCluster } from "@/lib/server/policy/lint";

const T0 = 1_800_000_000;
let dir: string;
let backend: ClusterBackend;

const dns: GlobalNetworkPolicy = {
  kind: "GlobalNetworkPolicy",
  metadata: { name: "default.dns" },
  spec: {
    order: 10,
    selector: "projectcalico.org/namespace == 'dev'",
    types: ["Egress"],
    egress: [
      { action: "Allow", protocol: "UDP", destination: { ports: [53] } },
      { action: "Allow", protocol: "UDP", destination: { ports: [53], selector: "k8s-app == 'kube-dns'" } },
      { action: "Deny", protocol: "SCTP" },
      { action: "Pass" },
    ],
  },
};
const staged: StagedGlobalNetworkPolicy = {
  kind: "StagedGlobalNetworkPolicy",
  metadata: { name: "default.deny-dev" },
  spec: { order: 5, selector: "projectcalico.org/namespace == 'dev'", types: ["Egress"], egress: [{ action: "Deny", protocol: "TCP" }] },
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "palisade-lint-"));
  process.env.PALISADE_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  backend = await getClusterBackend(EMBEDDED_CLUSTER_ID);
  await backend.apply([dns, staged], { actor: "alice" });
  await runSimulatedInterval(EMBEDDED_CLUSTER_ID, T0, T0 + 120);
}, 120_000);
afterAll(async () => {
  await closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe("lintCluster", () => {
  it("finds the shadowed rule, the unused rules of the window and the staged policy's would-be denials", async () => {
    const r = await lintCluster(backend, { windowMinutes: 10 }, (T0 + 120) * 1000);
    expect(r.records).toBeGreaterThan(0);
    expect(r.connections.source).toBe("flows");
    const mine = r.findings.filter((f) => f.policy.name === "default.dns" || f.policy.name === "staged:default.deny-dev");
    const brief = mine.map((f) => `${f.code} ${f.policy.name}${f.rule ? ` ${f.rule.direction}:${f.rule.index}` : ""}`);
    expect(brief).toContain("shadowed-rule default.dns egress:1");
    expect(brief).toContain("staged-denies-allowed staged:default.deny-dev");
    // The DNS rule 0 decided flows in the window; the SCTP deny never did.
    expect(brief).toContain("unused-rule default.dns egress:2");
    expect(brief).not.toContain("unused-rule default.dns egress:0");
  });
});
