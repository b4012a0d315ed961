import "server-only";
/**
 * A child process for the crash test (ingest-crash.test.ts): opens a database (PGlite folder in
 * argv[2], or a PostgreSQL URL), then ingests batches forever, printing `ACK <batch> <records>`
 * on stdout only after each batch's transaction has committed — exactly when a shipper would be
 * acknowledged. The parent kills it with SIGKILL at an arbitrary point.
 */
import { openDatabase } from "@/lib/server/db/open";
import type { FlowLog } from "@/lib/flows";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";

export const CRASH_BATCH = 500;

function batchOf(index: number): FlowLog[] {
  const start = 1_700_000_000 + index * 15;
  return Array.from({ length: CRASH_BATCH }, (_, i) => ({
    startTime: start,
    endTime: start + 15,
    source: { type: "wep", namespace: "default", name: `client-${i}`, nameAggr: "client-*", ip: "10.244.0.5", port: 40000 + i, labels: { app: "client" } },
    dest: { type: "wep", namespace: "default", name: "server-0", nameAggr: "server-*", ip: "10.244.0.9", port: 8080, labels: { app: "server" } },
    destService: { namespace: "-", name: "-", portName: "-", portNum: null },
    destDomains: [],
    proto: "tcp",
    action: "allow",
    reporter: "src",
    policies: { enforced: ["0|__PROFILE__|__PROFILE__.kns.default|allow|0"], pending: ["0|__PROFILE__|__PROFILE__.kns.default|allow|0"] },
    bytesIn: 100,
    bytesOut: 50,
    packetsIn: 2,
    packetsOut: 1,
    numFlows: 1,
    numFlowsStarted: 1,
    numFlowsCompleted: 1,
  }));
}

async function main(): Promise<void> {
  const target = process.argv[2] ?? "";
  const db = await openDatabase(target.startsWith("postgres") ? { kind: "postgres", url: target } : { kind: "pglite", dataDir: target });
  await db.sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ('crash', 'crash', 'embedded') ON CONFLICT DO NOTHING`);
  process.stdout.write("READY\n");
  for (let b = 0; ; b++) {
    const out = await ingestFlowLogs(db.sql, "crash", batchOf(b));
    process.stdout.write(`ACK ${b} ${out.accepted}\n`);
  }
}

void main();
