/**
 * Fuzzing flow-record parsing (fast-check, fixed seed): hostile lines and hostile values in
 * otherwise valid records give a record or an error naming line and field, never an exception,
 * within the per-input bound; an accepted record holds only what the store can keep (no NUL,
 * bounded strings, times in 1970..9999, counts within their columns).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_SEED, PER_INPUT_LIMIT_MS, anyHostile, timed } from "@/lib/testing/hostile";
import { aFlow } from "@/lib/testing/flow-builders";
import type { FlowLog } from "@/lib/flows";
import { MAX_RECORD_SECONDS, MAX_RECORD_STRING, parseFlowLogLines, parseFlowLogRecord, toFlowWire } from "@/lib/flows";
import { parseFlowLogRecordBySchema } from "@/lib/flows/parse";

const FRAGMENTS = ['{"', '":', '"}', "[", "]", ",", "start_time", "end_time", "action", "allow", "reporter", "src", "proto", "tcp", "source_name", "dest_port", "null", "true", "1e400", "-1", "\n"];

function storable(r: FlowLog): void {
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      expect(v.includes("\u0000")).toBe(false);
      expect(v.length).toBeLessThanOrEqual(MAX_RECORD_STRING);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) Object.entries(v).forEach(([k, x]) => (walk(k), walk(x)));
  };
  walk(r);
  for (const t of [r.startTime, r.endTime]) expect(t >= 0 && t <= MAX_RECORD_SECONDS).toBe(true);
  for (const n of [r.numFlows, r.numFlowsStarted, r.numFlowsCompleted]) expect(n).toBeLessThanOrEqual(2_147_483_647);
  for (const n of [r.bytesIn, r.bytesOut, r.packetsIn, r.packetsOut]) expect(Number.isSafeInteger(n)).toBe(true);
}

const hostileValue = fc.oneof(
  anyHostile(FRAGMENTS),
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e20, -1, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 8.64e15, "9999-12-31T23:59:60Z", "+275760-09-13T00:00:00Z", "-000001-01-01T00:00:00Z", null, true, [], {}),
  fc.string({ unit: "binary", maxLength: 20_000 }),
  fc.json({ maxDepth: 4 }).map((j) => JSON.parse(j) as unknown),
);
const FIELDS = Object.keys(toFlowWire(aFlow()));

describe("flow-record parsing under hostile input", () => {
  it("parseFlowLogLines never throws and stays within the bound", () => {
    fc.assert(
      fc.property(anyHostile(FRAGMENTS), (text) => {
        const { value, ms } = timed(() => parseFlowLogLines(text));
        expect(ms).toBeLessThan(PER_INPUT_LIMIT_MS);
        for (const e of value.errors) expect(e.line).toBeGreaterThan(0);
        value.records.forEach(storable);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });

  it("a hostile value in any field of a valid record is a field error or a storable record", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), hostileValue, (field, value) => {
        const record = { ...toFlowWire(aFlow()), [field]: value };
        const { value: r, ms } = timed(() => parseFlowLogRecord(JSON.stringify(record), 7));
        expect(ms).toBeLessThan(PER_INPUT_LIMIT_MS);
        if (r.ok) storable(r.value);
        else expect(r.error.line).toBe(7);
      }),
      { seed: FUZZ_SEED, numRuns: 600 },
    );
  });

  it("the quick check of the usual record answers exactly as the schema, on hostile fields, nested values, gaps and extras", () => {
    const LABEL_FORMS = fc.oneof(
      hostileValue,
      fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), hostileValue), { maxKeys: 4 }),
      fc.record({ labels: fc.oneof(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), hostileValue) }),
      fc.constantFrom({ __proto__: "x" }, JSON.parse('{"__proto__": "x"}') as unknown, { labels: ["a=b"], other: 1 }, { labels: "x" }, Object.create({ inherited: "x" }) as unknown),
    );
    const POLICY_FORMS = fc.oneof(
      hostileValue,
      fc.record({ enforced_policies: fc.oneof(fc.constant(["0|default|default.p|allow|0"]), hostileValue), pending_policies: hostileValue }, { requiredKeys: [] }),
    );
    const edit = fc.oneof(
      fc.tuple(fc.constantFrom(...FIELDS, "protocol", "source_labels", "policies", "tcp_mean_mss", "unknown_field"), hostileValue).map(([k, v]) => (r: Record<string, unknown>) => ({ ...r, [k]: v })),
      fc.tuple(fc.constantFrom("source_labels", "dest_labels"), LABEL_FORMS).map(([k, v]) => (r: Record<string, unknown>) => ({ ...r, [k]: v })),
      POLICY_FORMS.map((v) => (r: Record<string, unknown>) => ({ ...r, policies: v })),
      fc.constantFrom(...FIELDS).map((k) => (r: Record<string, unknown>) => {
        const copy = { ...r };
        delete copy[k];
        return copy;
      }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), (edits, asText) => {
        let record = toFlowWire(aFlow({ destDomains: ["api.example.com"] })) as unknown as Record<string, unknown>;
        for (const e of edits) record = e(record);
        const input = asText ? JSON.stringify(record) : record;
        expect(parseFlowLogRecord(input, 3)).toEqual(parseFlowLogRecordBySchema(input, 3));
      }),
      { seed: FUZZ_SEED, numRuns: 3000 },
    );
    // Every field at the edges of each form (ports, counters, time text), in text and as an object.
    const EDGES = [undefined, null, Number.NaN, Number.POSITIVE_INFINITY, -0, 1.5, -1, 0, 65_535, 65_536, 2_147_483_647, 2_147_483_648, Number.MAX_SAFE_INTEGER, 2 ** 53, "", "1", "x".repeat(64), "x".repeat(65), [], {}, ["a"], [1]];
    const base = toFlowWire(aFlow()) as unknown as Record<string, unknown>;
    for (const field of [...FIELDS, "protocol", "tcp_min_mss"]) {
      for (const v of EDGES) {
        const record = { ...base, [field]: v };
        expect([field, v, parseFlowLogRecord(record, 2)]).toEqual([field, v, parseFlowLogRecordBySchema(record, 2)]);
        const text = JSON.stringify(record);
        expect([field, v, parseFlowLogRecord(text, 2)]).toEqual([field, v, parseFlowLogRecordBySchema(text, 2)]);
      }
    }
    // And the usual records themselves take the quick path to the same answer.
    for (const f of [aFlow(), aFlow({ policies: null, destDomains: [] })]) {
      const wire = toFlowWire(f);
      expect(parseFlowLogRecord(JSON.stringify(wire), 1)).toEqual(parseFlowLogRecordBySchema(JSON.stringify(wire), 1));
    }
  });
});
