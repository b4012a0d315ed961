import { describe, expect, it } from "vitest";
import { applyJsonPatch, parsePointer } from "@/lib/k8s-api/json-patch";
import { patchSchemaForKind } from "@/lib/k8s-api/patch-strategy";
import { PatchError, applyStrategicMergePatch } from "@/lib/k8s-api/strategic-merge";

const POD = patchSchemaForKind("Pod");
const pod = {
  metadata: { name: "web", labels: { a: "1", b: "2" }, finalizers: ["x"] },
  spec: {
    containers: [
      { name: "web", image: "nginx:1", ports: [{ containerPort: 80, name: "http" }, { containerPort: 443 }] },
      { name: "side", image: "busybox" },
    ],
  },
};

describe("applyStrategicMergePatch", () => {
  it("merges containers by name and ports by containerPort", () => {
    const out = applyStrategicMergePatch(pod, { spec: { containers: [{ name: "web", image: "nginx:2", ports: [{ containerPort: 8080 }] }] } }, POD);
    expect(out["spec"]).toEqual({
      containers: [
        { name: "web", image: "nginx:2", ports: [{ containerPort: 80, name: "http" }, { containerPort: 443 }, { containerPort: 8080 }] },
        { name: "side", image: "busybox" },
      ],
    });
  });

  it("honours $patch delete, $patch replace, null, $deleteFromPrimitiveList and $setElementOrder", () => {
    const out = applyStrategicMergePatch(
      pod,
      {
        metadata: { labels: { a: null, c: "3" }, "$deleteFromPrimitiveList/finalizers": ["x"] },
        spec: { "$setElementOrder/containers": [{ name: "side" }, { name: "web" }], containers: [{ name: "web", $patch: "delete" }, { name: "side", image: "alpine" }] },
      },
      POD,
    );
    expect(out["metadata"]).toEqual({ name: "web", labels: { b: "2", c: "3" }, finalizers: [] });
    expect(out["spec"]).toEqual({ containers: [{ name: "side", image: "alpine" }] });
    const replaced = applyStrategicMergePatch(pod, { metadata: { labels: { $patch: "replace", z: "9" } } }, POD);
    expect((replaced["metadata"] as Record<string, unknown>)["labels"]).toEqual({ z: "9" });
    const listReplace = applyStrategicMergePatch(pod, { spec: { containers: [{ $patch: "replace" }, { name: "only" }] } }, POD);
    expect(listReplace["spec"]).toEqual({ containers: [{ name: "only" }] });
  });

  it("orders elements by $setElementOrder and keeps unmentioned ones after", () => {
    const out = applyStrategicMergePatch(pod, { spec: { "$setElementOrder/containers": [{ name: "side" }], containers: [{ name: "side", image: "b2" }] } }, POD);
    expect((out["spec"] as { containers: { name: string }[] }).containers.map((c) => c.name)).toEqual(["side", "web"]);
  });

  it("merges finalizers as a set, replaces lists without strategy, applies $retainKeys", () => {
    expect(applyStrategicMergePatch(pod, { metadata: { finalizers: ["x", "y"] } }, POD)["metadata"]).toMatchObject({ finalizers: ["x", "y"] });
    const gnp = patchSchemaForKind("GlobalNetworkPolicy");
    expect(applyStrategicMergePatch({ spec: { ingress: [{ action: "Allow" }], order: 1 } }, { spec: { ingress: [{ action: "Deny" }] } }, gnp)).toEqual({ spec: { ingress: [{ action: "Deny" }], order: 1 } });
    expect(applyStrategicMergePatch({ spec: { a: 1, b: 2 } }, { spec: { $retainKeys: ["b", "c"], c: 3 } }, gnp)).toEqual({ spec: { b: 2, c: 3 } });
  });

  it("refuses malformed patches", () => {
    expect(() => applyStrategicMergePatch(pod, { spec: { containers: [{ image: "x" }] } }, POD)).toThrow(/does not contain declared merge key: name/);
    expect(() => applyStrategicMergePatch(pod, { $patch: "explode" }, POD)).toThrow(PatchError);
    expect(() => applyStrategicMergePatch(pod, { $unknown: 1 }, POD)).toThrow(/unknown strategic merge patch directive/);
  });
});

describe("applyJsonPatch", () => {
  const doc = { metadata: { labels: { "a/b": "1", "t~x": "2" } }, spec: { list: [1, 2, 3] } };
  it("applies every operation in order", () => {
    const out = applyJsonPatch(doc, [
      { op: "add", path: "/spec/list/-", value: 4 },
      { op: "add", path: "/spec/list/0", value: 0 },
      { op: "remove", path: "/metadata/labels/a~1b" },
      { op: "replace", path: "/metadata/labels/t~0x", value: "3" },
      { op: "copy", from: "/spec/list/1", path: "/spec/first" },
      { op: "move", from: "/spec/first", path: "/spec/moved" },
      { op: "test", path: "/spec/moved", value: 1 },
    ]);
    expect(out).toEqual({ metadata: { labels: { "t~x": "3" } }, spec: { list: [0, 1, 2, 3, 4], moved: 1 } });
    expect(doc.spec.list).toEqual([1, 2, 3]);
  });

  it("is all or nothing, with 422-style errors for failed operations and 400 for malformed ones", () => {
    const fail = (patch: unknown): PatchError => {
      try {
        applyJsonPatch(doc, patch);
      } catch (e) {
        if (e instanceof PatchError) return e;
      }
      throw new Error("expected a PatchError");
    };
    expect(fail([{ op: "test", path: "/spec/list/0", value: 9 }]).invalid).toBe(true);
    expect(fail([{ op: "remove", path: "/nope" }]).message).toMatch(/nonexistent key: nope/);
    expect(fail([{ op: "replace", path: "/spec/missing/x", value: 1 }]).message).toMatch(/missing path/);
    expect(fail([{ op: "add", path: "/spec/list/9", value: 1 }]).message).toMatch(/out of bounds/);
    expect(fail({ op: "add" }).invalid).toBe(false);
    expect(fail([{ op: "frobnicate", path: "/" }]).message).toMatch(/unexpected kind/);
    expect(fail([{ op: "add", path: "/x" }]).message).toMatch(/missing value/);
  });

  it("parses JSON pointers", () => {
    expect(parsePointer("")).toEqual([]);
    expect(parsePointer("/a~1b/~0c/")).toEqual(["a/b", "~c", ""]);
    expect(() => parsePointer("a")).toThrow(PatchError);
  });
});
