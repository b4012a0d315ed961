import { describe, expect, it } from "vitest";
import {
  compareValues,
  decodeFieldsV1,
  decodeManagedFields,
  encodeFieldsV1,
  fieldSetOf,
  fieldSetOfPaths,
  formatPath,
  mergeValues,
  pathsOf,
  removePaths,
  ssaSchemaForKind,
  withoutManagedFields,
} from "@/lib/k8s-api/managed-fields";

const POD = ssaSchemaForKind("Pod");
const GNP = ssaSchemaForKind("GlobalNetworkPolicy");

describe("field sets", () => {
  it("holds leaves, atomic lists, map-list items by key and set items by value", () => {
    const pod = {
      metadata: { labels: { app: "web" }, finalizers: ["a"] },
      spec: { containers: [{ name: "web", image: "nginx", ports: [{ containerPort: 80 }] }], nodeSelector: {} },
    };
    const paths = pathsOf(fieldSetOf(pod, POD)).map(formatPath);
    expect(paths).toEqual(
      expect.arrayContaining([
        ".metadata.labels.app",
        '.metadata.finalizers[="a"]',
        '.spec.containers[name="web"]',
        '.spec.containers[name="web"].image',
        '.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"]',
        '.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].containerPort',
        ".spec.nodeSelector",
      ]),
    );
    expect(paths).not.toContain(".metadata");
    expect(paths).not.toContain(".spec");
    // Calico lists are atomic: the list is one leaf.
    const policy = pathsOf(fieldSetOf({ spec: { ingress: [{ action: "Allow" }], order: 1 } }, GNP)).map(formatPath);
    expect(policy).toEqual([".spec.ingress", ".spec.order"]);
  });

  it("encodes FieldsV1 as upstream and decodes it back", () => {
    const set = fieldSetOf({ metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "x" }] } }, POD);
    const doc = encodeFieldsV1(set);
    expect(doc).toEqual({
      "f:metadata": { "f:labels": { "f:app": {} } },
      "f:spec": { "f:containers": { 'k:{"name":"web"}': { ".": {}, "f:image": {}, "f:name": {} } } },
    });
    const back = decodeFieldsV1(doc);
    expect(back.ok && encodeFieldsV1(back.value)).toEqual(doc);
    expect(decodeFieldsV1({ "x:y": {} }).ok).toBe(false);
    expect(decodeFieldsV1({ ".": { a: 1 } }).ok).toBe(false);
    expect(decodeManagedFields([{ manager: "m", operation: "Patch", apiVersion: "v1" }])).toEqual({ ok: false, error: 'managedFields[0].operation: Unsupported value: "Patch": supported values: "Apply", "Update"' });
  });

  it("compares: added granular maps are members themselves, modified leaves, removed items", () => {
    const cmp = compareValues({ metadata: {}, spec: { order: 1, selector: "a" } }, { metadata: { labels: { app: "x" } }, spec: { order: 2 } }, GNP);
    expect(pathsOf(cmp.added).map(formatPath)).toEqual([".metadata.labels", ".metadata.labels.app"]);
    expect(pathsOf(cmp.modified).map(formatPath)).toEqual([".spec.order"]);
    expect(pathsOf(cmp.removed).map(formatPath)).toEqual([".spec.selector"]);
    // A value changing shape is one modified leaf.
    const shape = compareValues({ spec: { x: 1 } }, { spec: { x: { a: 1 } } }, GNP);
    expect([pathsOf(shape.added), pathsOf(shape.modified).map(formatPath), pathsOf(shape.removed)]).toEqual([[], [".spec.x"], []]);
  });

  it("merges map lists by key (live-only items stay), replaces atomic lists", () => {
    const live = { spec: { containers: [{ name: "a", image: "1" }, { name: "sidecar", image: "s" }, { name: "b", image: "2" }] } };
    const config = { spec: { containers: [{ name: "b", image: "3" }, { name: "a" }, { name: "c", image: "4" }] } };
    expect(mergeValues(live, config, POD)).toEqual({
      spec: { containers: [{ name: "b", image: "3" }, { name: "a", image: "1" }, { name: "sidecar", image: "s" }, { name: "c", image: "4" }] },
    });
    expect(mergeValues({ spec: { ingress: [{ action: "Allow" }, { action: "Deny" }] } }, { spec: { ingress: [{ action: "Pass" }] } }, GNP)).toEqual({ spec: { ingress: [{ action: "Pass" }] } });
  });
});

describe("removal and display", () => {
  it("removes whole subtrees and drops maps and lists it empties", () => {
    const pod = { metadata: { labels: { a: "1" }, finalizers: ["x"] }, spec: { containers: [{ name: "a", image: "1" }, { name: "b", image: "2" }] } };
    const set = fieldSetOfPaths([["f:metadata", "f:labels", "f:a"], ["f:metadata", "f:finalizers", 'v:"x"'], ["f:spec", "f:containers", 'k:{"name":"b"}']]);
    expect(removePaths(pod, set, POD)).toEqual({ spec: { containers: [{ name: "a", image: "1" }] } });
  });

  it("hides managedFields as kubectl does by default", () => {
    expect(withoutManagedFields({ metadata: { name: "x", managedFields: [{}] }, spec: {} })).toEqual({ metadata: { name: "x" }, spec: {} });
  });
});
