import { describe, expect, it } from "vitest";
import { AuditEventSchema, CalicoResourceSchema, VerdictSchema } from "@/lib/contracts/model-schemas";

const tier = { kind: "Tier", metadata: { name: "security", resourceVersion: "7" }, spec: { order: 100 } };

describe("schemas of the domain types answers carry", () => {
  it("a resource is accepted in model form and refused with the validator's field path", () => {
    expect(CalicoResourceSchema.parse(tier)).toMatchObject({ kind: "Tier", metadata: { name: "security" } });
    const bad = CalicoResourceSchema.safeParse({ kind: "GlobalNetworkPolicy", metadata: { name: "default.x" }, spec: { ingress: [{ action: "Maybe" }] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["spec", "ingress", 0, "action"]);
    expect(CalicoResourceSchema.safeParse("Tier").success).toBe(false);
  });

  it("an audit event's objects go through the same validator (core kinds too)", () => {
    const event = { resourceVersion: "8", type: "MODIFIED", kind: "Tier", name: "security", actor: "admin", at: "2026-01-01T00:00:00.000Z", before: tier, after: tier };
    expect(AuditEventSchema.safeParse(event).success).toBe(true);
    const ns = { kind: "Namespace", metadata: { name: "dev" } };
    expect(AuditEventSchema.safeParse({ ...event, kind: "Namespace", name: "dev", before: null, after: ns, type: "ADDED" }).success).toBe(true);
    expect(AuditEventSchema.safeParse({ ...event, after: { ...tier, spec: { order: "first" } } }).error?.issues[0]?.path.slice(0, 2)).toEqual(["after", "spec"]);
  });

  it("a verdict's trace steps are checked by kind", () => {
    const direction = { action: "Deny", reason: "endOfTier", tier: "default", trace: [{ kind: "endOfTier", tier: "default", action: "Deny" }] };
    const verdict = { allowed: false, egress: null, ingress: direction, staged: { allowed: false, egress: null, ingress: direction } };
    expect(VerdictSchema.safeParse(verdict).success).toBe(true);
    const wrong = { ...verdict, ingress: { ...direction, trace: [{ kind: "rule", tier: "default", policy: "p", staged: false, rule: 0, action: "Reject" }] } };
    expect(VerdictSchema.safeParse(wrong).error?.issues[0]?.path).toEqual(["ingress", "trace", 0, "action"]);
  });
});
