/**
 * The ingest path's COPY line (rows.ts flowCopyLine) against the column values the ON CONFLICT
 * fallback inserts (flowInsertValues) written field by field with copy-text.ts: the two routes
 * must store the same row, whatever is null, escaped, fractional or absent.
 */
import { describe, expect, it } from "vitest";
import type { FlowLog } from "@/lib/flows";
import { aFlow, aNet } from "@/lib/testing/flow-builders";
import { copyField, copyTimestamp } from "@/lib/server/db/copy-text";
import { FLOW_INSERT_COLUMNS, flowCopyLine, flowIdempotencyKey, flowInsertValues } from "@/lib/server/flows/rows";

function fieldByField(clusterId: string, f: FlowLog): string {
  const cells = flowInsertValues(f).map((v, i) => {
    const [name, type] = FLOW_INSERT_COLUMNS[i] as (typeof FLOW_INSERT_COLUMNS)[number];
    return type === "float8" ? copyTimestamp(v as number, name) : copyField(v, name);
  });
  return `${[copyField(clusterId, "clusterId"), ...cells].join("\t")}\n`;
}

const odd = 'a\tb\nc\rd\\e"f\\N';
const records: readonly FlowLog[] = [
  aFlow(),
  aFlow({ startTime: 1_700_000_000.5, endTime: 1_700_000_015.0005, host: "node-1" }),
  aFlow({ source: aNet("1.2.3.4", "pub", { labels: null }), dest: { ...aFlow().dest, port: null, ip: null }, policies: null }),
  aFlow({ destService: { namespace: "db", name: "pg", portName: "sql", portNum: 5432 }, destDomains: ["example.com", odd] }),
  aFlow({ host: odd, source: { ...aFlow().source, name: odd, labels: { [odd]: odd } }, policies: { enforced: [odd], pending: [], transit: ["t|x"] } }),
  aFlow({ action: "deny", reporter: "dst", proto: "udp", tcp: { meanSendCongestionWindow: 10, minSendCongestionWindow: 5, meanSmoothRtt: 3, maxSmoothRtt: 9, meanMinRtt: 1, maxMinRtt: 2, meanMss: 1400, minMss: 1200, totalRetransmissions: 0, lostPackets: 0, unrecoveredTo: 0 } }),
];

describe("flowCopyLine", () => {
  it("writes exactly the fields flowInsertValues gives, as copy-text.ts writes them", () => {
    for (const f of records) expect(flowCopyLine(copyField("c\t1", "clusterId"), flowIdempotencyKey(f), f)).toBe(fieldByField("c\t1", f));
  });

  it("refuses NUL naming the column", () => {
    expect(() => flowCopyLine("c1", "k", aFlow({ source: { ...aFlow().source, nameAggr: "x\u0000" } }))).toThrow(/sourceNameAggr must not contain NUL/);
  });
});
