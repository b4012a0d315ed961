import { describe, expect, it } from "vitest";
import { buildOpenApiV2, buildOpenApiV3, buildOpenApiV3Index, openApiV3GroupVersions, toOpenApiSchema } from "@/lib/k8s-api/openapi";
import { encodeOpenApiV2 } from "@/lib/k8s-api/openapi-proto";
import { list, obj, ref, str } from "@/lib/k8s-api/schema";

type Json = Record<string, unknown>;
const V3 = "com.github.projectcalico.api.pkg.apis.projectcalico.v3.";

/** Minimal protobuf reader: the (field, bytes) pairs of the length-delimited fields of one message. */
function fields(bytes: Uint8Array): { field: number; body: Uint8Array }[] {
  const out: { field: number; body: Uint8Array }[] = [];
  let i = 0;
  const varint = (): number => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = bytes[i++] ?? 0;
      n += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) return n;
    }
  };
  while (i < bytes.length) {
    const tag = varint();
    if ((tag & 7) === 0) {
      varint();
      continue;
    }
    expect(tag & 7).toBe(2);
    const len = varint();
    out.push({ field: Math.floor(tag / 8), body: bytes.subarray(i, i + len) });
    i += len;
  }
  return out;
}
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe("schema conversion", () => {
  it("writes refs, list types and patch keys in each dialect", () => {
    const s = list("Rules.", ref("R", "A rule."), { listType: "map", mapKeys: ["name"], patchMergeKey: "name", patchStrategy: "merge" });
    expect(toOpenApiSchema(s, "v3")).toEqual({
      description: "Rules.",
      type: "array",
      items: { description: "A rule.", default: {}, allOf: [{ $ref: "#/components/schemas/R" }] },
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      "x-kubernetes-patch-merge-key": "name",
      "x-kubernetes-patch-strategy": "merge",
    });
    expect(toOpenApiSchema(ref("R", "A rule."), "v2")).toEqual({ description: "A rule.", $ref: "#/definitions/R" });
    const open = obj("O.", { a: str("A.", { enum: ["x"] }) }, { required: ["a"], preserveUnknown: true });
    // v2 cannot list some fields and allow others: the object is left open there.
    expect(toOpenApiSchema(open, "v2")).toEqual({ description: "O.", type: "object", "x-kubernetes-preserve-unknown-fields": true });
    expect(toOpenApiSchema(open, "v3")).toEqual({
      description: "O.",
      type: "object",
      properties: { a: { description: "A.", type: "string", enum: ["x"] } },
      required: ["a"],
      "x-kubernetes-preserve-unknown-fields": true,
    });
  });
});

describe("OpenAPI v2", () => {
  const doc = buildOpenApiV2() as { swagger: string; definitions: Record<string, Json>; paths: Record<string, Json> };
  it("has every served kind with its group-version-kind, and the rule's action with its values", () => {
    expect(doc.swagger).toBe("2.0");
    expect(doc.definitions[`${V3}GlobalNetworkPolicy`]?.["x-kubernetes-group-version-kind"]).toEqual([{ group: "projectcalico.org", kind: "GlobalNetworkPolicy", version: "v3" }]);
    expect(doc.definitions["org.projectcalico.crd.v1.Tier"]?.["x-kubernetes-group-version-kind"]).toEqual([{ group: "crd.projectcalico.org", kind: "Tier", version: "v1" }]);
    expect(doc.definitions["io.k8s.api.networking.v1.NetworkPolicy"]).toBeDefined();
    expect(doc.definitions["io.k8s.networking.policy.v1alpha2.ClusterNetworkPolicy"]).toBeDefined();
    expect(doc.definitions["io.k8s.api.core.v1.Namespace"]).toBeDefined();
    const rule = doc.definitions[`${V3}Rule`] as { properties: Record<string, Json>; required: string[] };
    expect(rule.properties["action"]).toMatchObject({ type: "string", enum: ["Allow", "Deny", "Log", "Pass"] });
    expect(rule.required).toEqual(["action"]);
    const v1 = buildOpenApiV3("api/v1") as { components: { schemas: Record<string, Json> } };
    const podSpec = v1.components.schemas["io.k8s.api.core.v1.PodSpec"] as { properties: Record<string, Json> };
    expect(podSpec.properties["containers"]).toMatchObject({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge" });
  });
  it("lists fieldValidation on the PATCH of every resource (kubectl then leaves unknown fields to the server)", () => {
    const patch = doc.paths["/apis/projectcalico.org/v3/globalnetworkpolicies/{name}"]?.["patch"] as { parameters: Json[]; "x-kubernetes-group-version-kind": Json };
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({ group: "projectcalico.org", version: "v3", kind: "GlobalNetworkPolicy" });
    expect(patch.parameters.map((p) => p["name"])).toContain("fieldValidation");
    expect(doc.paths["/api/v1/namespaces/{namespace}/pods/{name}"]).toBeDefined();
  });
  it("encodes as gnostic protobuf with the same definitions and paths", () => {
    const bytes = encodeOpenApiV2(doc);
    const top = fields(bytes);
    expect(text(top.find((f) => f.field === 1)?.body ?? new Uint8Array())).toBe("2.0");
    const defs = fields(top.find((f) => f.field === 9)?.body ?? new Uint8Array()).map((named) => text(fields(named.body).find((f) => f.field === 1)?.body ?? new Uint8Array()));
    expect(defs).toEqual(Object.keys(doc.definitions));
    const paths = fields(top.find((f) => f.field === 8)?.body ?? new Uint8Array()).map((named) => text(fields(named.body).find((f) => f.field === 1)?.body ?? new Uint8Array()));
    expect(paths).toEqual(Object.keys(doc.paths));
    // The GlobalNetworkPolicy definition carries its group-version-kind as a vendor extension (YAML text).
    const gnp = fields(top.find((f) => f.field === 9)?.body ?? new Uint8Array()).find((named) => text(fields(named.body)[0]?.body ?? new Uint8Array()) === `${V3}GlobalNetworkPolicy`);
    const schema = fields(gnp?.body ?? new Uint8Array()).find((f) => f.field === 2)?.body ?? new Uint8Array();
    const ext = fields(schema).filter((f) => f.field === 31).map((f) => fields(f.body));
    expect(ext.map((e) => text(e[0]?.body ?? new Uint8Array()))).toEqual(["x-kubernetes-group-version-kind"]);
    expect(text(fields(ext[0]?.[1]?.body ?? new Uint8Array())[0]?.body ?? new Uint8Array())).toBe('[{"group":"projectcalico.org","kind":"GlobalNetworkPolicy","version":"v3"}]\n');
  });
});

describe("OpenAPI v3", () => {
  it("indexes every served group version with its hash", () => {
    expect(openApiV3GroupVersions()).toEqual(["api/v1", "apis/projectcalico.org/v3", "apis/crd.projectcalico.org/v1", "apis/networking.k8s.io/v1", "apis/policy.networking.k8s.io/v1alpha2"]);
    expect(buildOpenApiV3Index((k) => `H-${k.length}`)).toEqual({
      paths: expect.objectContaining({ "apis/projectcalico.org/v3": { serverRelativeURL: "/openapi/v3/apis/projectcalico.org/v3?hash=H-25" } }),
    });
  });
  it("serves one document per group version with only the schemas its kinds reach", () => {
    const doc = buildOpenApiV3("apis/networking.k8s.io/v1") as { openapi: string; components: { schemas: Record<string, Json> }; paths: Record<string, Json> };
    expect(doc.openapi).toBe("3.0.0");
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(["io.k8s.api.networking.v1.NetworkPolicy", "io.k8s.api.networking.v1.NetworkPolicyList", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"]));
    expect(names.some((n) => n.startsWith("com.github.projectcalico"))).toBe(false);
    const spec = doc.components.schemas["io.k8s.api.networking.v1.NetworkPolicySpec"] as { properties: Record<string, Json>; required: string[] };
    expect(spec.required).toEqual(["podSelector"]);
    expect(spec.properties["ingress"]).toMatchObject({ type: "array", "x-kubernetes-list-type": "atomic" });
    const patch = doc.paths["/apis/networking.k8s.io/v1/namespaces/{namespace}/networkpolicies/{name}"]?.["patch"] as { parameters: Json[]; requestBody: { content: Json } };
    expect(patch.parameters.find((p) => p["name"] === "fieldValidation")).toMatchObject({ in: "query", schema: { type: "string" } });
    expect(Object.keys(patch.requestBody.content)).toContain("application/strategic-merge-patch+json");
    expect(buildOpenApiV3("apis/projectcalico.org/v1")).toBeUndefined();
  });
  it("offers no strategic merge patch for the CRD group", () => {
    const doc = buildOpenApiV3("apis/crd.projectcalico.org/v1") as { paths: Record<string, Json> };
    const patch = doc.paths["/apis/crd.projectcalico.org/v1/tiers/{name}"]?.["patch"] as { requestBody: { content: Json } };
    expect(Object.keys(patch.requestBody.content)).not.toContain("application/strategic-merge-patch+json");
  });
});
