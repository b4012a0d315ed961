import { describe, expect, it } from "vitest";
import { ConflictError, GoneError, NotFoundError, ValidationError } from "@/lib/errors";
import { backoffDelay, isRetryableStatus, parseRetryAfter } from "@/lib/k8s-api/backoff";
import { buildApiGroupList, buildApiResourceList } from "@/lib/k8s-api/discovery";
import { applyMergePatch } from "@/lib/k8s-api/merge-patch";
import { encodeOpenApiV2 } from "@/lib/k8s-api/openapi-proto";
import { parseK8sPath } from "@/lib/k8s-api/paths";
import { parseFieldSelector, parseReadQuery, parseWriteQuery } from "@/lib/k8s-api/query";
import { apimachineryMessage, conflictStatus, invalidStatus, notFoundStatus } from "@/lib/k8s-api/status";
import { toDomainError, toK8sStatus } from "@/lib/k8s-api/status-mapping";

describe("JSON merge patch (RFC 7386 appendix A)", () => {
  it.each([
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [["a", "b"], ["c", "d"], ["c", "d"]],
    [{ a: "b" }, ["c"], ["c"]],
    [{ a: "foo" }, null, null],
    [{ a: "foo" }, "bar", "bar"],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])("%j + %j = %j", (target, patch, result) => {
    expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it("does not mutate its inputs", () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe("back-off", () => {
  const policy = { baseMs: 100, capMs: 1000, maxRetries: 5 };
  it("grows exponentially under the cap with full jitter", () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(-2, policy, () => 0.5)).toBe(50);
    expect(backoffDelay(1000, policy, () => 0.5)).toBe(500);
  });
  it("honours Retry-After up to the cap", () => {
    expect(backoffDelay(0, policy, () => 0, 700)).toBe(700);
    expect(backoffDelay(0, policy, () => 0, 5000)).toBe(1000);
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:00:02 GMT", 0)).toBe(2000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
  it("retries 429 and 5xx except 501", () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 404, 409, 410, 422, 501].some(isRetryableStatus)).toBe(false);
  });
});

describe("paths", () => {
  it("resolves discovery and resource paths", () => {
    expect(parseK8sPath([])).toEqual({ ok: true, value: { kind: "root" } });
    expect(parseK8sPath(["api"])).toMatchObject({ ok: true, value: { kind: "coreVersions" } });
    expect(parseK8sPath(["apis", "projectcalico.org", "v3"])).toMatchObject({ ok: true, value: { kind: "resourceList", group: "projectcalico.org", version: "v3" } });
    expect(parseK8sPath(["api", "v1", "namespaces", "dev"])).toMatchObject({ ok: true, value: { kind: "resource", resource: { plural: "namespaces" }, name: "dev" } });
    expect(parseK8sPath(["api", "v1", "namespaces", "dev", "pods"])).toMatchObject({ ok: true, value: { resource: { plural: "pods" }, namespace: "dev" } });
    expect(parseK8sPath(["apis", "networking.k8s.io", "v1", "namespaces", "a", "networkpolicies", "np"])).toMatchObject({ ok: true, value: { resource: { kind: "KubernetesNetworkPolicy", wireKind: "NetworkPolicy" }, namespace: "a", name: "np" } });
    expect(parseK8sPath(["apis", "crd.projectcalico.org", "v1", "tiers", "t"])).toMatchObject({ ok: true, value: { resource: { group: "crd.projectcalico.org", kind: "Tier" }, name: "t" } });
  });
  it("answers notFound for unknown or malformed paths", () => {
    for (const p of [["apis", "projectcalico.org", "v9", "tiers"], ["api", "v2"], ["apis", "projectcalico.org", "v3", "widgets"], ["apis", "projectcalico.org", "v3", "namespaces", "a", "tiers"], ["api", "v1", "namespaces", "a", "pods", "p", "status"], ["nope"]]) {
      expect(parseK8sPath(p).ok, p.join("/")).toBe(false);
    }
  });
});

describe("discovery", () => {
  it("lists groups with the preferred version and resources with verbs and short names", () => {
    const groups = buildApiGroupList() as { groups: { name: string; preferredVersion: { groupVersion: string } }[] };
    expect(groups.groups.map((g) => g.preferredVersion.groupVersion)).toEqual(["networking.k8s.io/v1", "projectcalico.org/v3", "crd.projectcalico.org/v1", "policy.networking.k8s.io/v1alpha2", "authorization.k8s.io/v1", "authentication.k8s.io/v1"]);
    const cnp = buildApiResourceList("policy.networking.k8s.io", "v1alpha2") as { resources: { name: string; kind: string; namespaced: boolean }[] };
    expect(cnp.resources).toEqual([expect.objectContaining({ name: "clusternetworkpolicies", kind: "ClusterNetworkPolicy", namespaced: false })]);
    const core = buildApiResourceList("", "v1") as { groupVersion: string; resources: { name: string; shortNames?: string[]; namespaced: boolean; verbs: string[] }[] };
    expect(core.groupVersion).toBe("v1");
    expect(core.resources.find((r) => r.name === "services")).toMatchObject({ shortNames: ["svc"], namespaced: true, verbs: expect.arrayContaining(["watch", "patch"]) });
    expect(buildApiResourceList("projectcalico.org", "v1")).toBeUndefined();
  });
  it("encodes the head of the protobuf OpenAPI document (swagger = 1, info = 2 with title and version)", () => {
    const bytes = [...encodeOpenApiV2({ swagger: "2.0", info: { title: "T", version: "v" }, paths: {}, definitions: {} })];
    expect(bytes).toEqual([0x0a, 3, 0x32, 0x2e, 0x30, 0x12, 6, 0x0a, 1, 0x54, 0x12, 1, 0x76, 0x42, 0, 0x4a, 0]);
  });
});

describe("Invalid causes in apimachinery's words", () => {
  it("rewords the validators' messages and picks the matching reasons", () => {
    expect(apimachineryMessage("spec.ingress[0].action", 'unsupported value "Maybe": supported values are "Allow", "Deny"')).toBe('Unsupported value: "Maybe": supported values: "Allow", "Deny"');
    expect(apimachineryMessage("spec.severity", "severity is required")).toBe("Required value");
    expect(apimachineryMessage("spec.threshold", "threshold is required when metric is set")).toBe("Required value: threshold is required when metric is set");
    expect(apimachineryMessage("metadata.name", "name is required")).toBe("Required value: name or generateName is required");
    expect(apimachineryMessage("spec.selector", "invalid selector")).toBe("invalid selector");
    const s = invalidStatus({ group: "projectcalico.org", resource: "globalalerts", kind: "GlobalAlert", name: "a" }, [
      { path: "spec.severity", message: "severity is required" },
      { path: "spec.metric", message: 'unsupported value "x": supported values are "avg"' },
      { path: "spec.order", message: "must be a number, got string" },
    ]);
    expect(s.message).toBe('GlobalAlert.projectcalico.org "a" is invalid: [spec.severity: Required value, spec.metric: Unsupported value: "x": supported values: "avg", spec.order: must be a number, got string]');
    expect(s.details?.causes?.map((c) => c.reason)).toEqual(["FieldValueRequired", "FieldValueNotSupported", "FieldValueTypeInvalid"]);
  });
});

describe("query parameters", () => {
  it("parses list and watch options", () => {
    expect(parseReadQuery(new URLSearchParams("watch=1&limit=0&resourceVersion=12&fieldSelector=metadata.name%3Dx"))).toMatchObject({ ok: true, value: { watch: true, resourceVersion: "12", fieldSelector: [{ field: "metadata.name", op: "=", value: "x" }] } });
    expect(parseReadQuery(new URLSearchParams("limit=-1")).ok).toBe(false);
  });

  it.each(["1", "t", "T", "TRUE", "true", "True"])("parses watch=%s as Go's strconv.ParseBool (true)", (v) => {
    expect(parseReadQuery(new URLSearchParams(`watch=${v}&allowWatchBookmarks=${v}`))).toMatchObject({ ok: true, value: { watch: true, allowWatchBookmarks: true } });
  });

  it.each(["0", "f", "F", "FALSE", "false", "False", ""])("parses watch=%s as false", (v) => {
    expect(parseReadQuery(new URLSearchParams(`watch=${v}`))).toMatchObject({ ok: true, value: { watch: false } });
  });

  it("refuses other boolean spellings and bad resourceVersionMatch / sendInitialEvents combinations", () => {
    expect(parseReadQuery(new URLSearchParams("watch=yes"))).toEqual({ ok: false, error: 'watch: strconv.ParseBool: parsing "yes": invalid syntax' });
    expect(parseReadQuery(new URLSearchParams("sendInitialEvents=true"))).toMatchObject({ ok: false, error: expect.stringContaining("forbidden for list") });
    expect(parseReadQuery(new URLSearchParams("watch=1&sendInitialEvents=true&allowWatchBookmarks=true"))).toMatchObject({ ok: false, error: expect.stringContaining("NotOlderThan") });
    expect(parseReadQuery(new URLSearchParams("watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"))).toMatchObject({ ok: false, error: expect.stringContaining("allowWatchBookmarks to true") });
    expect(parseReadQuery(new URLSearchParams("watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=1"))).toMatchObject({ ok: true, value: { sendInitialEvents: true, resourceVersionMatch: "NotOlderThan" } });
    expect(parseReadQuery(new URLSearchParams("resourceVersionMatch=Exact"))).toMatchObject({ ok: false, error: expect.stringContaining("unless resourceVersion is provided") });
    expect(parseReadQuery(new URLSearchParams("resourceVersionMatch=Exact&resourceVersion=0")).ok).toBe(false);
    expect(parseReadQuery(new URLSearchParams("resourceVersionMatch=Sometimes&resourceVersion=3")).ok).toBe(false);
    expect(parseReadQuery(new URLSearchParams("watch=1&resourceVersionMatch=NotOlderThan&resourceVersion=3")).ok).toBe(false);
    expect(parseReadQuery(new URLSearchParams("resourceVersionMatch=NotOlderThan&resourceVersion=3"))).toMatchObject({ ok: true, value: { resourceVersionMatch: "NotOlderThan" } });
    expect(parseFieldSelector("spec.nodeName=a")).toEqual({ ok: false, error: "field label not supported: spec.nodeName" });
    expect(parseWriteQuery(new URLSearchParams("dryRun=All"))).toEqual({ ok: true, value: { dryRun: true } });
    expect(parseWriteQuery(new URLSearchParams("dryRun=Yes")).ok).toBe(false);
  });
});

describe("Status objects", () => {
  const subject = { group: "projectcalico.org", resource: "tiers", kind: "Tier", name: "t" };
  it("word errors like apimachinery", () => {
    expect(notFoundStatus(subject)).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'tiers.projectcalico.org "t" not found', reason: "NotFound", details: { name: "t", group: "projectcalico.org", kind: "tiers" }, code: 404 });
    expect(conflictStatus(subject).message).toBe('Operation cannot be fulfilled on tiers.projectcalico.org "t": the object has been modified; please apply your changes to the latest version and try again');
    const invalid = invalidStatus(subject, [{ path: "spec.order", message: "Invalid value: -1: must be >= 0" }, { path: "metadata.name", message: "Required value" }]);
    expect(invalid).toMatchObject({ code: 422, reason: "Invalid", details: { kind: "Tier", causes: [{ field: "spec.order", reason: "FieldValueInvalid" }, { field: "metadata.name", reason: "FieldValueRequired" }] } });
    expect(invalid.message).toBe('Tier.projectcalico.org "t" is invalid: [spec.order: Invalid value: -1: must be >= 0, metadata.name: Required value]');
  });
  it("map DomainErrors both ways", () => {
    expect(toK8sStatus(new GoneError("too old resource version: 1 (5)"), subject)).toMatchObject({ code: 410, reason: "Expired" });
    expect(toK8sStatus(new ValidationError("bad", [{ path: "spec.tier", message: "x" }]), subject).details?.causes).toEqual([{ field: "spec.tier", message: "x", reason: "FieldValueInvalid" }]);
    const back = toDomainError(invalidStatus(subject, [{ path: "spec.selector", message: "bad" }]));
    expect(back).toBeInstanceOf(ValidationError);
    expect((back as ValidationError).errors).toEqual([{ path: "spec.selector", message: "bad" }]);
    expect(toDomainError(conflictStatus(subject), { current: 1 })).toBeInstanceOf(ConflictError);
    expect(toDomainError(notFoundStatus(subject))).toBeInstanceOf(NotFoundError);
    expect(toDomainError({ ...notFoundStatus(subject), reason: undefined, code: 503 }).code).toBe("clusterUnavailable");
  });
});
