/**
 * Fuzzing the /k8s request parsing (fast-check, fixed seed): hostile path segments and query
 * strings give Results (404/400 upstream), never exceptions, within the per-input bound.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_SEED, PER_INPUT_LIMIT_MS, anyHostile, timed } from "@/lib/testing/hostile";
import { parseK8sPath } from "@/lib/k8s-api/paths";
import { parseFieldSelector, parseReadQuery, parseWriteQuery } from "@/lib/k8s-api/query";

const SEGMENTS = ["api", "apis", "v1", "v3", "projectcalico.org", "networking.k8s.io", "namespaces", "default", "tiers", "globalnetworkpolicies", "pods", "", "..", "%2F", "version", "openapi", "status", "watch"];
const QUERY = ["limit", "=", "&", "watch", "true", "fieldSelector", "metadata.name", "==", "!=", ",", "labelSelector", "continue", "resourceVersion", "timeoutSeconds", "dryRun", "All", "-1", "1e3", "%"];

describe("/k8s request parsing under hostile input", () => {
  it("parseK8sPath never throws", () => {
    const segment = fc.oneof(fc.constantFrom(...SEGMENTS), anyHostile(SEGMENTS));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 10 }), (segments) => {
        const { value, ms } = timed(() => parseK8sPath(segments));
        expect(ms).toBeLessThan(PER_INPUT_LIMIT_MS);
        expect(typeof value.ok).toBe("boolean");
      }),
      { seed: FUZZ_SEED, numRuns: 400 },
    );
  });

  it("the query parsers never throw", () => {
    fc.assert(
      fc.property(anyHostile(QUERY), (text) => {
        const { ms } = timed(() => {
          let params: URLSearchParams;
          try {
            params = new URLSearchParams(text);
          } catch {
            return;
          }
          for (const r of [parseReadQuery(params), parseWriteQuery(params), parseFieldSelector(text)]) expect(typeof r.ok).toBe("boolean");
        });
        expect(ms).toBeLessThan(PER_INPUT_LIMIT_MS);
      }),
      { seed: FUZZ_SEED, numRuns: 400 },
    );
  });
});
