/**
 * The Goldmane background job on a throwaway database: it starts a sync for a kubernetes cluster
 * once its config gets a `goldmane` section, stores that Goldmane's flows, and stops the sync
 * when the section goes away.
 */
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { GoldmaneTestServer, MtlsFiles } from "@/lib/server/goldmane/testing/goldmane-test-server";

const data = useThrowawayDataDir();
let files: MtlsFiles;
let server: GoldmaneTestServer;
const start = Math.floor(Date.now() / 1000 / 15) * 15 - 120;

async function until(check: () => Promise<boolean> | boolean, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(100);
  }
}

async function countFlows(cluster: string): Promise<number> {
  const { getSql } = await import("@/lib/server/db");
  const { rows } = await (await getSql()).query<{ n: string | number }>(`SELECT count(*) AS n FROM "FlowLog" WHERE "clusterId" = $1`, [cluster]);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  const { makeMtlsFiles, startGoldmaneTestServer } = await import("@/lib/server/goldmane/testing/goldmane-test-server");
  files = makeMtlsFiles();
  const flow = (t: number) => ({
    Key: { source_name: "web-*", source_namespace: "dev", source_type: "WorkloadEndpoint", dest_name: "pub", dest_type: "Network", dest_port: 443, proto: "tcp", reporter: "Src", action: "Deny", policies: { enforced_policies: [{ kind: "EndOfTier", tier: "default", action: "Deny", policy_index: 0, rule_index: -1, trigger: { kind: "CalicoNetworkPolicy", namespace: "dev", name: "web", tier: "default" } }], pending_policies: [] } },
    start_time: t,
    end_time: t + 15,
    packets_out: 3,
  });
  server = await startGoldmaneTestServer(files, [flow(start), flow(start + 15), flow(start + 30)]);
});

afterAll(async () => {
  const { stopGoldmaneJobs } = await import("@/lib/server/goldmane/jobs");
  await stopGoldmaneJobs();
  await server?.kill();
  files?.cleanup();
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("startGoldmaneJobs", () => {
  it("syncs clusters with a goldmane section and stops when it is removed", async () => {
    const { addCluster, getCluster } = await import("@/lib/server/cluster/registry");
    const { startGoldmaneJobs, goldmaneSyncState } = await import("@/lib/server/goldmane/jobs");
    // PEM content, as pasted in Settings (no PALISADE_KUBECONFIG_DIR in this test).
    const goldmane = { address: `127.0.0.1:${server.port}`, caPem: readFileSync(files.caPath, "utf8"), certPem: readFileSync(files.clientCertPath, "utf8"), keyPem: readFileSync(files.clientKeyPath, "utf8") };
    await addCluster({ id: "with-goldmane", name: "With Goldmane", kind: "kubernetes", config: { source: "inCluster", goldmane } });
    await addCluster({ id: "without", name: "Without", kind: "kubernetes", config: { source: "inCluster" } });
    const loop = startGoldmaneJobs();
    expect(startGoldmaneJobs()).toBe(loop);
    await until(async () => (await countFlows("with-goldmane")) === 3);
    expect(goldmaneSyncState("with-goldmane")?.state).toBe("ok");
    expect(goldmaneSyncState("without")).toBeUndefined();
    expect(await countFlows("without")).toBe(0);

    // Dropping the section stops the sync at the next reconcile.
    const { getSql } = await import("@/lib/server/db");
    await (await getSql()).query(`UPDATE "Cluster" SET config = $2::jsonb WHERE id = $1`, ["with-goldmane", JSON.stringify({ source: "inCluster" })]);
    expect((await getCluster("with-goldmane")).config).toEqual({ source: "inCluster" });
    await until(() => goldmaneSyncState("with-goldmane") === undefined);
  }, 120_000);
});
