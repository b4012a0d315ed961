import { describe, expect, it } from "vitest";
import type { ClusterObject } from "@/lib/cluster/backend";
import { encodeContinue, parseContinue } from "@/lib/cluster/continue-token";
import { canonicalJson, isSameContent, isSpecChange, withoutServerMeta, withServerMeta } from "@/lib/cluster/object-meta";

const tier = (order: number, meta: Record<string, unknown> = {}): ClusterObject => ({ kind: "Tier", metadata: { name: "t", ...meta }, spec: { order } });

describe("server metadata", () => {
  it("sets and strips the server-owned fields only", () => {
    const stored = withServerMeta(tier(1, { labels: { a: "b" } }), { uid: "u", resourceVersion: "7", creationTimestamp: "2024-01-01T00:00:00Z", generation: 2 });
    expect(stored.metadata).toEqual({ name: "t", labels: { a: "b" }, uid: "u", resourceVersion: "7", creationTimestamp: "2024-01-01T00:00:00Z", generation: 2 });
    expect(withoutServerMeta(stored)).toEqual(tier(1, { labels: { a: "b" } }));
  });

  it("compares content regardless of key order, server fields and empty maps", () => {
    expect(isSameContent(tier(1, { uid: "x", resourceVersion: "1", labels: {} }), tier(1))).toBe(true);
    expect(isSameContent(tier(1), tier(2))).toBe(false);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });

  it("sees a spec change but not a metadata-only change", () => {
    expect(isSpecChange(tier(1), tier(1, { labels: { x: "y" } }))).toBe(false);
    expect(isSpecChange(tier(1), tier(2))).toBe(true);
  });
});

describe("continue tokens", () => {
  it("round-trip, including non-ASCII names", () => {
    const pos = { resourceVersion: "42", namespace: "dev", name: "web-ü" };
    const token = encodeContinue(pos);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseContinue(token)).toEqual({ ok: true, value: pos });
  });

  it("reject anything else", () => {
    for (const bad of ["", "%%%", "bm90IGpzb24", encodeContinue({ resourceVersion: "x", namespace: "", name: "" }), btoa("null"), btoa('{"v":2,"rv":"1","ns":"","n":""}')]) {
      expect(parseContinue(bad).ok, bad).toBe(false);
    }
  });
});
