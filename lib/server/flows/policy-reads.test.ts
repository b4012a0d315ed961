/**
 * The board's flow-backed reads against the embedded demo cluster on a throwaway PGlite folder:
 * the impact preview judged on recent (simulated) flows, and the per-policy traffic counters
 * computed in SQL from the stored policy traces.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterBackend } from "@/lib/cluster/backend";
import type { GlobalNetworkPolicy, StagedGlobalNetworkPolicy, Tier } from "@/lib/calico/types";
import { aFlow, aWep } from "@/lib/testing/flow-builders";
import { closeDatabase, getSql } from "@/lib/server/db";
import { EMBEDDED_CLUSTER_ID, getClusterBackend } from "@/lib/server/cluster/registry";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";
import { runSimulatedInterval } from "@/lib/server/flows/simulator";
import { readFlowTuples } from "@/lib/server/flows/policy-reads";
import { getBoardTraffic, toFlowRange } from "@/lib/server/policy/traffic";
import { previewImpact } from "@/lib/server/policy/what-if";

let dir: string;
let backend: ClusterBackend;
const actor = "alice";
const now = Math.floor(Date.now() / 1000);

const security: Tier = { kind: "Tier", metadata: { name: "security" }, spec: { order: 300 } };
const passAll: GlobalNetworkPolicy = {
  kind: "GlobalNetworkPolicy",
  metadata: { name: "security.pass-all" },
  spec: { tier: "security", order: 100, selector: "all()", types: ["Ingress", "Egress"], ingress: [{ action: "Pass" }], egress: [{ action: "Pass" }] },
};
const idle: GlobalNetworkPolicy = { kind: "GlobalNetworkPolicy", metadata: { name: "security.idle" }, spec: { tier: "security", order: 200, selector: "has(nothing-has-this)" } };
const stagedDeny: StagedGlobalNetworkPolicy = {
  kind: "StagedGlobalNetworkPolicy",
  metadata: { name: "default-deny" },
  spec: { order: 2000, selector: "projectcalico.org/namespace == 'dev'", types: ["Ingress", "Egress"] },
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "palisade-policy-flows-"));
  process.env.PALISADE_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  backend = await getClusterBackend(EMBEDDED_CLUSTER_ID);
}, 60_000);
afterAll(async () => {
  await closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe("previewImpact on recent flows", () => {
  it("falls back to the what-if matrix while the window holds no flows", async () => {
    const res = await previewImpact(backend, { upserts: [stagedDeny as unknown as Record<string, unknown>], deletes: [] });
    expect(res.source).toEqual({ kind: "matrix" });
  });

  it("judges the distinct connections of the last 15 minutes and names the deciding rule", async () => {
    await backend.apply([security, passAll, idle, stagedDeny], { actor });
    const run = await runSimulatedInterval(EMBEDDED_CLUSTER_ID, now - 60, now);
    expect(run.flows).toBeGreaterThan(10);
    // Enforcing a deny for dev changes every recent dev connection that was allowed.
    const enforced = { ...stagedDeny, kind: "GlobalNetworkPolicy" } as unknown as Record<string, unknown>; // same spec, enforced kind
    const res = await previewImpact(backend, { upserts: [enforced], deletes: ["StagedGlobalNetworkPolicy/default-deny"] }, now * 1000);
    expect(res.source).toMatchObject({ kind: "flows", windowMinutes: 15, records: run.accepted });
    expect(res.judged).toBeGreaterThan(0);
    expect(res.judged).toBeLessThan(run.accepted); // both reporters and repeats collapse into one connection
    const row = res.changed.find((r) => r.source.startsWith("dev/") || r.destination.startsWith("dev/"));
    expect(row?.before.enforced.allowed).toBe(true);
    expect(row?.after.enforced.allowed).toBe(false);
    expect(row?.records).toBeGreaterThan(0);
    const decider = row?.after.enforced.egress?.action === "Deny" ? row.after.enforced.egress : row?.after.enforced.ingress;
    expect(decider).toMatchObject({ action: "Deny", reason: "endOfTier", tier: "default" });
  });

  it("reads nothing outside the window", async () => {
    const old = await readFlowTuples(EMBEDDED_CLUSTER_ID, { from: now - 7200, to: now - 3600 }, 100);
    expect(old).toEqual({ tuples: [], records: 0, truncated: false });
    const cut = await readFlowTuples(EMBEDDED_CLUSTER_ID, { from: now - 900, to: now + 1 }, 1);
    expect(cut.tuples).toHaveLength(1);
    expect(cut.truncated).toBe(true);
  });
});

describe("getBoardTraffic", () => {
  it("counts allowed / denied / passed hits per policy from the stored traces", async () => {
    const sql = await getSql();
    const t0 = now - 30;
    await ingestFlowLogs(sql, EMBEDDED_CLUSTER_ID, [
      aFlow({ startTime: t0, endTime: t0 + 15, source: aWep("dev", "centos-abcde"), policies: { enforced: ["0|security|security.pass-all|pass|0", "1|default|default.x|deny|-1"], pending: ["0|security|security.pass-all|pass|0", "1|default|staged:default.default-deny|deny|-1"] } }),
      aFlow({ startTime: t0, endTime: t0 + 15, source: aWep("dev", "centos-fghij"), policies: { enforced: ["0|security|security.pass-all|allow|0"], pending: ["0|security|security.pass-all|allow|0"] } }),
      aFlow({ startTime: now - 4000, endTime: now - 3985, source: aWep("dev", "centos-klmno"), policies: { enforced: ["0|security|security.idle|allow|0"], pending: [] } }),
    ]);
    const res = await getBoardTraffic(backend, { minutes: 15 }, now * 1000);
    expect(res.records).toBeGreaterThanOrEqual(2);
    const passAllHits = res.policies["GlobalNetworkPolicy/security.pass-all"];
    expect(passAllHits?.passed).toBeGreaterThanOrEqual(1);
    expect(passAllHits?.allowed).toBeGreaterThanOrEqual(1);
    expect(res.policies["StagedGlobalNetworkPolicy/default-deny"]?.denied).toBeGreaterThanOrEqual(1);
    // security.idle's only hit is older than the range: zero, the board's "unused".
    expect(res.policies["GlobalNetworkPolicy/security.idle"]).toEqual({ allowed: 0, denied: 0, passed: 0 });
    const wide = await getBoardTraffic(backend, { minutes: 120 }, now * 1000);
    expect(wide.policies["GlobalNetworkPolicy/security.idle"]?.allowed).toBe(1);
  });

  it("takes an explicit range and refuses an empty one", () => {
    expect(toFlowRange({ from: "2024-01-01T00:00:00Z", to: "2024-01-01T01:00:00Z" }, 0)).toEqual({ from: 1704067200, to: 1704070800 });
    expect(toFlowRange({}, 1_000_000)).toEqual({ from: 100, to: 1000 });
    expect(() => toFlowRange({ from: "2024-01-01T01:00:00Z", to: "2024-01-01T00:00:00Z" }, 0)).toThrow(/before/);
  });
});
