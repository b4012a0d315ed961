/**
 * Ingestion against a throwaway PGlite: one transaction per batch, ON CONFLICT DO NOTHING on the
 * idempotency key (a retried batch stores nothing new), rows read back equal to what was sent,
 * and DNS records alongside.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DnsLog, FlowLog } from "@/lib/flows";
import { aFlow } from "@/lib/testing/flow-builders";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { openTempPGlite } from "@/lib/server/db/testing/temp-database";
import { ingestDnsLogs, ingestFlowLogs } from "@/lib/server/flows/ingest";
import { FLOW_SELECT, toFlowLog } from "@/lib/server/flows/rows";

let db: TempDatabase;

beforeAll(async () => {
  db = await openTempPGlite();
  await db.sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ('c1', 'c1', 'embedded'), ('c2', 'c2', 'embedded')`);
}, 60_000);
afterAll(async () => db?.dispose());

const count = async (cluster: string): Promise<number> => Number((await db.sql.query<{ n: string | number }>(`SELECT count(*) AS n FROM "FlowLog" WHERE "clusterId" = $1`, [cluster])).rows[0]?.n);

function batch(start: number, n: number): FlowLog[] {
  return Array.from({ length: n }, (_, i) => aFlow({ startTime: start, endTime: start + 15, source: { ...aFlow().source, port: 40000 + i } }));
}

describe("ingestFlowLogs", () => {
  it("stores a batch and reports every record accepted", async () => {
    const out = await ingestFlowLogs(db.sql, "c1", batch(1_700_000_000, 50));
    expect(out).toEqual({ accepted: 50, duplicates: 0 });
    expect(await count("c1")).toBe(50);
  });

  it("stores nothing new when the same batch is retried, even with different counters", async () => {
    const retried = batch(1_700_000_000, 50).map((f) => ({ ...f, bytesIn: f.bytesIn + 7 }));
    expect(await ingestFlowLogs(db.sql, "c1", retried)).toEqual({ accepted: 0, duplicates: 50 });
    expect(await count("c1")).toBe(50);
  });

  it("counts a record repeated inside one batch once", async () => {
    const one = batch(1_700_000_100, 1);
    expect(await ingestFlowLogs(db.sql, "c1", [...one, ...one, ...one])).toEqual({ accepted: 1, duplicates: 2 });
  });

  it("keeps idempotency per cluster: the same record is new in another cluster", async () => {
    expect(await ingestFlowLogs(db.sql, "c2", batch(1_700_000_000, 5))).toEqual({ accepted: 5, duplicates: 0 });
  });

  it("stores all or nothing: an unknown cluster fails the whole batch", async () => {
    await expect(ingestFlowLogs(db.sql, "nope", batch(1_700_000_200, 3))).rejects.toThrow();
    expect(await count("nope")).toBe(0);
  });

  it("reads a record back exactly as it was written", async () => {
    const f = aFlow({
      startTime: 1_700_000_300,
      endTime: 1_700_000_315,
      host: "node-1",
      destService: { namespace: "default", name: "server", portName: "http", portNum: 80 },
      destDomains: ["api.example.com"],
      action: "deny",
      policies: { enforced: ["0|default|default.default-deny|deny|-1"], pending: ["0|default|default.default-deny|deny|-1"] },
    });
    await ingestFlowLogs(db.sql, "c1", [f]);
    const { rows } = await db.sql.query(`SELECT ${FLOW_SELECT}, "pendingAction" FROM "FlowLog" WHERE "clusterId" = 'c1' AND "startTime" = to_timestamp(1700000300)`);
    expect(rows).toHaveLength(1);
    expect(toFlowLog(rows[0] ?? {})).toEqual(f);
    expect(rows[0]?.pendingAction).toBe("deny");
  });

  it("handles a batch larger than one statement chunk in one transaction", async () => {
    const big = batch(1_700_001_000, 12_000);
    expect(await ingestFlowLogs(db.sql, "c2", big)).toEqual({ accepted: 12_000, duplicates: 0 });
  }, 60_000);
});

describe("ingestDnsLogs", () => {
  const dns: DnsLog = {
    startTime: 1_700_000_000,
    endTime: 1_700_000_015,
    type: "LOG",
    count: 3,
    clientIp: null,
    clientName: "-",
    clientNameAggr: "centos-*",
    clientNamespace: "dev",
    clientLabels: { app: "centos" },
    qname: "api.twilio.com",
    qtype: "A",
    qclass: "IN",
    rcode: "NoError",
    rrsets: [{ name: "api.twilio.com", type: "A", class: "IN", rdata: ["203.0.113.10"] }],
    servers: [{ ip: "10.96.0.10", name: "coredns-*", nameAggr: "coredns-*", namespace: "kube-system", labels: {} }],
  };

  it("stores DNS records idempotently", async () => {
    expect(await ingestDnsLogs(db.sql, "c1", [dns])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await ingestDnsLogs(db.sql, "c1", [{ ...dns, count: 9 }])).toEqual({ accepted: 0, duplicates: 1 });
  });
});
