/**
 * The Goldmane sync against a stand-in Goldmane (grpc-js, mTLS with openssl-made certificates)
 * on a throwaway database: history by List, then Stream; a server restart mid-stream reconnects
 * and resumes; replays never duplicate rows; policy traces are stored in Calico's string form.
 */
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useThrowawayDataDir } from "@/lib/server/http/route-test-kit";
import type { GoldmaneSyncState } from "@/lib/server/goldmane/sync";
import type { FlowMessage, GoldmaneTestServer, MtlsFiles } from "@/lib/server/goldmane/testing/goldmane-test-server";

const data = useThrowawayDataDir();
let files: MtlsFiles;
const CLUSTER = "gm-real";
const now = Math.floor(Date.now() / 1000 / 15) * 15;

function flow(start: number, source: string, policies: Record<string, unknown> = {}): FlowMessage {
  return {
    Key: {
      source_name: `${source}-*`,
      source_namespace: "dev",
      source_type: "WorkloadEndpoint",
      dest_name: "nginx-*",
      dest_namespace: "dev",
      dest_type: "WorkloadEndpoint",
      dest_port: 80,
      proto: "tcp",
      reporter: "Dst",
      action: "Allow",
      policies: {
        enforced_policies: [{ kind: "CalicoNetworkPolicy", namespace: "dev", name: "allow-web", tier: "platform", action: "Allow", policy_index: 0, rule_index: 2 }],
        pending_policies: [{ kind: "StagedGlobalNetworkPolicy", name: "default-deny", tier: "default", action: "Deny", policy_index: 0, rule_index: -1 }],
        ...policies,
      },
    },
    start_time: start,
    end_time: start + 15,
    source_labels: ["app=" + source],
    dest_labels: ["app=nginx"],
    packets_in: 1,
    packets_out: 1,
    bytes_in: 100,
    bytes_out: 200,
    num_connections_started: 1,
    num_connections_completed: 1,
    num_connections_live: 0,
  };
}

async function storedRows(): Promise<{ source: string; start: number; enforced: string[]; pending: string[] }[]> {
  const { getSql } = await import("@/lib/server/db");
  const sql = await getSql();
  const { rows } = await sql.query<{ sourceNameAggr: string; startTime: Date; enforcedPolicies: string[]; pendingPolicies: string[] }>(
    `SELECT "sourceNameAggr", "startTime", "enforcedPolicies", "pendingPolicies" FROM "FlowLog" WHERE "clusterId" = $1 ORDER BY "startTime", "sourceNameAggr"`,
    [CLUSTER],
  );
  return rows.map((r) => ({ source: r.sourceNameAggr, start: Math.round(new Date(r.startTime).getTime() / 1000), enforced: r.enforcedPolicies, pending: r.pendingPolicies }));
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(100);
  }
}

beforeAll(async () => {
  const { makeMtlsFiles } = await import("@/lib/server/goldmane/testing/goldmane-test-server");
  files = makeMtlsFiles();
  const { addCluster } = await import("@/lib/server/cluster/registry");
  await addCluster({ id: CLUSTER, name: "Goldmane cluster", kind: "kubernetes", config: { source: "inCluster" } });
});

afterAll(async () => {
  files?.cleanup();
  const { closeDatabase } = await import("@/lib/server/db");
  await closeDatabase();
  data.cleanup();
});

describe("runGoldmaneSync", () => {
  it("lists history, streams, survives a Goldmane restart and stores every window once", async () => {
    const { startGoldmaneTestServer } = await import("@/lib/server/goldmane/testing/goldmane-test-server");
    const { connectGoldmane } = await import("@/lib/server/goldmane/client");
    const { runGoldmaneSync } = await import("@/lib/server/goldmane/sync");
    const { ingestFlowLogs } = await import("@/lib/server/flows/ingest");
    const { getSql } = await import("@/lib/server/db");
    const sql = await getSql();

    // Three complete windows before the List boundary (now - 30 s), one at the boundary.
    const held = [flow(now - 75, "a"), flow(now - 60, "b"), flow(now - 45, "c"), flow(now - 30, "d")];
    let server: GoldmaneTestServer = await startGoldmaneTestServer(files, held);
    const port = server.port;
    const states: GoldmaneSyncState["state"][] = [];
    let duplicates = 0;
    const controller = new AbortController();
    const running = runGoldmaneSync({
      clusterId: CLUSTER,
      connect: () => connectGoldmane({ address: `127.0.0.1:${port}`, caPath: files.caPath, certPath: files.clientCertPath, keyPath: files.clientKeyPath }, { policy: { dir: files.dir, allowExec: false } }),
      ingest: async (records) => {
        const out = await ingestFlowLogs(sql, CLUSTER, records);
        duplicates += out.duplicates;
        return out;
      },
      signal: controller.signal,
      pageSize: 2,
      flushMs: 50,
      backoff: { baseMs: 50, capMs: 200, maxRetries: 1000 },
      nowMs: () => now * 1000,
      onState: (s) => states.push(s.state),
    });

    await until(async () => (await storedRows()).length === 4);
    // History came through List in pages of two, up to the boundary; the stream started there.
    expect(server.listRequests.map((r) => [r["start_time_gte"], r["start_time_lt"], r["page"], r["aggregation_interval"]])).toEqual([
      [0, now - 30, 0, 15],
      [0, now - 30, 1, 15],
    ]);
    expect(server.streamRequests.map((r) => r["start_time_gte"])).toEqual([now - 30]);

    server.publish(flow(now - 15, "e"));
    await until(async () => (await storedRows()).length === 5);

    // Goldmane restarts on the same port with its history plus a new window.
    await server.kill();
    await until(async () => states.includes("failed"));
    held.push(flow(now, "f"));
    server = await startGoldmaneTestServer(files, held, port);
    await until(async () => (await storedRows()).length === 6);
    server.publish(flow(now + 15, "g"));
    await until(async () => (await storedRows()).length === 7);

    controller.abort();
    await running;
    await server.kill();

    const rows = await storedRows();
    expect(rows.map((r) => `${r.source}@${r.start - now}`)).toEqual(["a-*@-75", "b-*@-60", "c-*@-45", "d-*@-30", "e-*@-15", "f-*@0", "g-*@15"]);
    // The reconnect re-read windows already stored; they were recognised, not stored twice.
    expect(server.listRequests[0]?.["start_time_gte"]).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0);
    expect(rows[0]?.enforced).toEqual(["0|platform|dev/platform.allow-web|allow|2"]);
    expect(rows[0]?.pending).toEqual(["0|default|staged:default.default-deny|deny|-1"]);
  });

  it("reports a failure and keeps retrying when Goldmane refuses the client certificate", async () => {
    const { startGoldmaneTestServer, makeMtlsFiles } = await import("@/lib/server/goldmane/testing/goldmane-test-server");
    const { connectGoldmane } = await import("@/lib/server/goldmane/client");
    const { runGoldmaneSync } = await import("@/lib/server/goldmane/sync");
    const server = await startGoldmaneTestServer(files, [flow(now - 60, "z")]);
    const stranger = makeMtlsFiles();
    const failures: string[] = [];
    const controller = new AbortController();
    const running = runGoldmaneSync({
      clusterId: CLUSTER,
      // A client certificate from another CA: Goldmane's mTLS must refuse it.
      connect: () => connectGoldmane({ address: `127.0.0.1:${server.port}`, caPem: readFileSync(files.caPath, "utf8"), certPem: readFileSync(stranger.clientCertPath, "utf8"), keyPem: readFileSync(stranger.clientKeyPath, "utf8") }),
      ingest: () => Promise.reject(new Error("nothing should be ingested")),
      signal: controller.signal,
      backoff: { baseMs: 20, capMs: 50, maxRetries: 1000 },
      onState: (s) => {
        if (s.state === "failed") failures.push(s.reason);
      },
    });
    await until(async () => failures.length >= 2);
    controller.abort();
    await running;
    await server.kill();
    stranger.cleanup();
    expect(server.listRequests).toHaveLength(0);
    // The refused handshake reads as any other failure to connect (no port or TLS detail).
    expect(failures[0]).toMatch(/^cannot connect to Goldmane at 127\.0\.0\.1:\d+ \(the connection was refused, timed out or failed the TLS handshake/);
  });
});
