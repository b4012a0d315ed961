import { describe, expect, it } from "vitest";
import { ProtobufError, decodeK8sProtobuf } from "@/lib/k8s-api/protobuf";
import { buildAccessReview, buildRulesReview, findReview, parseAccessReview } from "@/lib/k8s-api/reviews";

/** Minimal protobuf encoder for tests: length-delimited fields only. */
function field(n: number, payload: Uint8Array | string): Uint8Array {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  return new Uint8Array([(n << 3) | 2, bytes.length, ...bytes]);
}
function cat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  return cat(new Uint8Array([0x6b, 0x38, 0x73, 0]), field(1, cat(field(1, apiVersion), field(2, kind))), field(2, raw));
}

describe("self reviews", () => {
  it("routes the review resources", () => {
    expect(findReview("authorization.k8s.io", "v1", "selfsubjectaccessreviews")).toBe("SelfSubjectAccessReview");
    expect(findReview("authentication.k8s.io", "v1", "selfsubjectreviews")).toBe("SelfSubjectReview");
    expect(findReview("authorization.k8s.io", "v1", "subjectaccessreviews")).toBeUndefined();
  });

  it("parses an access review and refuses one with both or neither attribute sets", () => {
    expect(parseAccessReview({ spec: { resourceAttributes: { verb: "create", group: "projectcalico.org", resource: "tiers", namespace: "" } } })).toEqual({ ok: true, value: { verb: "create", group: "projectcalico.org", resource: "tiers" } });
    expect(parseAccessReview({ spec: { nonResourceAttributes: { verb: "get", path: "/version" } } })).toEqual({ ok: true, value: { verb: "get", nonResourcePath: "/version" } });
    expect(parseAccessReview({ spec: {} }).ok).toBe(false);
    expect(parseAccessReview({ spec: { resourceAttributes: {}, nonResourceAttributes: {} } }).ok).toBe(false);
    expect(buildAccessReview({ spec: { x: 1 } }, false, "why")).toMatchObject({ kind: "SelfSubjectAccessReview", spec: { x: 1 }, status: { allowed: false, denied: true, reason: "why" } });
    expect(buildRulesReview("dev", ["get"], [])).toMatchObject({ status: { resourceRules: expect.arrayContaining([{ verbs: ["get"], apiGroups: ["*"], resources: ["*"] }]), nonResourceRules: [], incomplete: false } });
  });
});

describe("Kubernetes protobuf bodies", () => {
  it("decodes a Namespace and a SelfSubjectAccessReview as kubectl sends them", () => {
    const meta = cat(field(1, "made"), field(6, ""), field(11, cat(field(1, "team"), field(2, "a"))), field(11, cat(field(1, "zone"), field(2, "b"))));
    expect(decodeK8sProtobuf(envelope("v1", "Namespace", cat(field(1, meta), field(2, new Uint8Array()))))).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "made", labels: { team: "a", zone: "b" } },
      spec: {},
    });
    const attrs = cat(field(2, "create"), field(3, "projectcalico.org"), field(5, "tiers"));
    expect(decodeK8sProtobuf(envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", cat(field(1, new Uint8Array()), field(2, field(1, attrs)))))).toEqual({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      metadata: {},
      spec: { resourceAttributes: { verb: "create", group: "projectcalico.org", resource: "tiers" } },
    });
  });

  it("refuses other kinds and malformed bodies", () => {
    expect(() => decodeK8sProtobuf(envelope("v1", "Pod", new Uint8Array()))).toThrow(/v1\/Pod are not supported/);
    expect(() => decodeK8sProtobuf(new Uint8Array([1, 2, 3, 4]))).toThrow(ProtobufError);
    expect(() => decodeK8sProtobuf(cat(new Uint8Array([0x6b, 0x38, 0x73, 0]), new Uint8Array([0x0a, 0x20])))).toThrow(/truncated/);
  });
});
