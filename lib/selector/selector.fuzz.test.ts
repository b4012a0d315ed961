/**
 * Fuzzing the selector parsers with hostile text (fast-check, fixed seed): they return a Result
 * and never throw, stay under the per-input bound, and an accepted selector prints to a
 * canonical form that parses again.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_SEED, PER_INPUT_LIMIT_MS, anyHostile, timed } from "@/lib/testing/hostile";
import { parseK8sSelectorString, parseSelector } from "@/lib/selector";

const FRAGMENTS = ["app", "==", "!=", " in ", " not in ", "{", "}", "(", ")", "'web'", '"db"', "&&", "||", "!", "has(", "all()", "global()", "contains(", "starts_with(", "ends_with(", ",", "projectcalico.org/name", "k8s-app", " ", "=", "in", "notin", "!x"];

describe("selector parsers under hostile input", () => {
  it("parseSelector never throws, stays within the bound, and round-trips what it accepts", () => {
    fc.assert(
      fc.property(anyHostile(FRAGMENTS), (text) => {
        const { value, ms } = timed(() => parseSelector(text));
        expect(ms).toBeLessThan(PER_INPUT_LIMIT_MS);
        expect(typeof value.ok).toBe("boolean");
        if (value.ok) {
          const again = parseSelector(value.value.canonical);
          expect(again.ok && again.value.canonical).toBe(value.value.canonical);
        }
      }),
      { seed: FUZZ_SEED, numRuns: 400 },
    );
  });

  it("parseK8sSelectorString never throws and stays within the bound", () => {
    fc.assert(
      fc.property(anyHostile(FRAGMENTS), (text) => {
        const { value, ms } = timed(() => parseK8sSelectorString(text));
        expect(ms).toBeLessThan(PER_INPUT_LIMIT_MS);
        expect(typeof value.ok).toBe("boolean");
      }),
      { seed: FUZZ_SEED, numRuns: 400 },
    );
  });
});
