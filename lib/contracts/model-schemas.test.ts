import { describe, expect, it } from "vitest";
import { AuditEventSchema, CalicoResourceSchema, VerdictSchema } from "@/lib/contracts/model-schemas";

const tier = { kind: "Tier", metadata: { name: "security", resourceVersion: "7" }, spec: { order: 100 } };

describe("schemas of the domain types answers carry", () => {
  it("a resource: its kind and metadata are checked, the kind's fields handed on as served", () => {
    expect(CalicoResourceSchema.parse(tier)).toEqual(tier);
    // A field this console does not know (a newer Calico) still reaches the page.
    const newer = { kind: "GlobalNetworkPolicy", metadata: { name: "default.x" }, spec: { futureField: 1 } };
    expect(CalicoResourceSchema.parse(newer)).toEqual(newer);
    expect(CalicoResourceSchema.safeParse({ kind: "Tire", metadata: { name: "x" } }).error?.issues[0]?.path).toEqual(["kind"]);
    expect(CalicoResourceSchema.safeParse({ kind: "Tier", metadata: { name: "" } }).error?.issues[0]?.path).toEqual(["metadata", "name"]);
    expect(CalicoResourceSchema.safeParse({ kind: "Tier", metadata: { name: "x", labels: { a: 1 } } }).error?.issues[0]?.path).toEqual(["metadata", "labels", "a"]);
    expect(CalicoResourceSchema.safeParse({ kind: "Namespace", metadata: { name: "dev" } }).success).toBe(false);
  });

  it("an audit event: core kinds too, before/after null by type", () => {
    const event = { resourceVersion: "8", type: "MODIFIED", kind: "Tier", name: "security", actor: "admin", at: "2026-01-01T00:00:00.000Z", before: tier, after: tier };
    expect(AuditEventSchema.safeParse(event).success).toBe(true);
    const ns = { kind: "Namespace", metadata: { name: "dev" } };
    expect(AuditEventSchema.safeParse({ ...event, kind: "Namespace", name: "dev", before: null, after: ns, type: "ADDED" }).success).toBe(true);
    expect(AuditEventSchema.safeParse({ ...event, after: { ...tier, metadata: {} } }).error?.issues[0]?.path).toEqual(["after", "metadata", "name"]);
    expect(AuditEventSchema.safeParse({ ...event, at: "yesterday" }).error?.issues[0]?.path).toEqual(["at"]);
  });

  it("a verdict's trace steps are checked by kind", () => {
    const direction = { action: "Deny", reason: "endOfTier", tier: "default", trace: [{ kind: "endOfTier", tier: "default", action: "Deny" }] };
    const verdict = { allowed: false, egress: null, ingress: direction, staged: { allowed: false, egress: null, ingress: direction } };
    expect(VerdictSchema.safeParse(verdict).success).toBe(true);
    const wrong = { ...verdict, ingress: { ...direction, trace: [{ kind: "rule", tier: "default", policy: "p", staged: false, rule: 0, action: "Reject" }] } };
    expect(VerdictSchema.safeParse(wrong).error?.issues[0]?.path).toEqual(["ingress", "trace", 0, "action"]);
  });
});
