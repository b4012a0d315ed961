/**
 * Fuzzing the GlobalAlert query parser (fast-check, fixed seed): hostile text gives a Result,
 * never an exception, within the per-input bound; with substitutions too.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_SEED, PER_INPUT_LIMIT_MS, anyHostile, timed } from "@/lib/testing/hostile";
import { parseAlertQuery } from "@/lib/alerts";

const FRAGMENTS = ["action", "=", "!=", "<", ">=", " AND ", " OR ", " NOT ", "(", ")", '"deny"', "allow", "dest_port", "443", "source_namespace", " IN ", "{", "}", ",", "*", "?", "${ips}", "$", "dest_name_aggr", " ", "qname"];

describe("parseAlertQuery under hostile input", () => {
  it("never throws and stays within the bound", () => {
    const substitutions = new Map<string, readonly string[]>([["ips", ["10.0.0.1", "\u0000", "a\"b"]]]);
    fc.assert(
      fc.property(anyHostile(FRAGMENTS), fc.boolean(), (text, withOptions) => {
        const { value, ms } = timed(() => parseAlertQuery(text, withOptions ? { substitutions, knownKeys: new Set(["action", "dest_port"]) } : {}));
        expect(ms).toBeLessThan(PER_INPUT_LIMIT_MS);
        expect(typeof value.ok).toBe("boolean");
        if (!value.ok) expect(typeof value.error.message).toBe("string");
      }),
      { seed: FUZZ_SEED, numRuns: 400 },
    );
  });
});

describe("query nesting", () => {
  it("accepts nesting up to the bound and refuses deeper nesting as a syntax error", async () => {
    const { MAX_QUERY_DEPTH } = await import("@/lib/alerts");
    const nested = (n: number) => `${"(".repeat(n)}action = deny${")".repeat(n)}`;
    expect(parseAlertQuery(nested(MAX_QUERY_DEPTH)).ok).toBe(true);
    expect(parseAlertQuery(`${"NOT ".repeat(MAX_QUERY_DEPTH)}action = deny`).ok).toBe(true);
    const deep = parseAlertQuery(nested(10_000));
    expect(deep.ok).toBe(false);
    expect(!deep.ok && deep.error.message).toContain("deeper than");
  });
});
