import { describe, expect, it } from "vitest";
import { LAST_APPLIED_ANNOTATION, applyConfigurationOf, diffFields, lastAppliedOf, planClientApply } from "@/lib/k8s-api/client-apply";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { patchSchemaForKind } from "@/lib/k8s-api/patch-strategy";

const POD = patchSchemaForKind("Pod");
const PLAIN = patchSchemaForKind("GlobalNetworkPolicy");

function annotationsOf(o: JsonObject): Record<string, unknown> {
  return ((o["metadata"] as JsonObject)["annotations"] ?? {}) as Record<string, unknown>;
}

function applied(doc: JsonObject, current: JsonObject | undefined, schema = POD): JsonObject {
  return planClientApply(doc, current, schema).object;
}

/** What the live object looks like after an apply of `doc` was stored (the annotation included). */
const livePod: JsonObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web", namespace: "shop", uid: "u1", resourceVersion: "7", labels: { app: "web", team: "a" } },
  spec: { nodeName: "node-1", containers: [{ name: "web", image: "nginx:1", ports: [{ containerPort: 80 }] }] },
  status: { phase: "Running", podIP: "10.0.0.5" },
};

describe("planClientApply", () => {
  it("keeps the IP, status and labels the document does not mention (one extra label)", () => {
    const doc = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop", labels: { app: "web", extra: "yes" } }, spec: { containers: [{ name: "web", image: "nginx:1" }] } };
    const out = applied(doc, livePod);
    expect((out["metadata"] as JsonObject)["labels"]).toEqual({ app: "web", team: "a", extra: "yes" });
    expect(out["status"]).toEqual({ phase: "Running", podIP: "10.0.0.5" });
    expect((out["spec"] as JsonObject)["nodeName"]).toBe("node-1");
    // containers merge by name: the port nobody applied is kept.
    expect((out["spec"] as JsonObject)["containers"]).toEqual([{ name: "web", image: "nginx:1", ports: [{ containerPort: 80 }] }]);
    expect((out["metadata"] as JsonObject)["uid"]).toBe("u1");
  });

  it("removes fields that were applied last time and are gone from the document", () => {
    const first = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop", labels: { app: "web", tmp: "1" } }, spec: { containers: [{ name: "web", image: "nginx:1" }, { name: "side", image: "busybox" }] } };
    const live = applied(first, livePod);
    const second = { ...first, metadata: { name: "web", namespace: "shop", labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:2" }] } };
    const out = applied(second, live);
    expect((out["metadata"] as JsonObject)["labels"]).toEqual({ app: "web", team: "a" });
    expect((out["spec"] as JsonObject)["containers"]).toEqual([{ name: "web", image: "nginx:2", ports: [{ containerPort: 80 }] }]);
  });

  it("re-applying the same document changes nothing", () => {
    const doc = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop", labels: { app: "web", extra: "yes" } }, spec: { containers: [{ name: "web", image: "nginx:1" }] } };
    const once = applied(doc, livePod);
    expect(applied(doc, once)).toEqual(once);
    expect(diffFields(once, applied(doc, once))).toEqual([]);
  });

  it("never writes status, and stores the document without it in the annotation", () => {
    const doc = { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "shop" }, spec: { containers: [{ name: "web" }] }, status: { podIP: "1.2.3.4" } };
    const out = applied(doc, livePod);
    expect(out["status"]).toEqual(livePod["status"]);
    const created = applied(doc, undefined);
    expect(created["status"]).toBeUndefined();
    const stored = lastAppliedOf(created);
    expect(stored?.["status"]).toBeUndefined();
    expect(stored?.["spec"]).toEqual({ containers: [{ name: "web" }] });
  });

  it("replaces lists without a patch strategy (Calico rules) and removes applied map keys", () => {
    const live: JsonObject = { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "p" }, spec: { order: 10, selector: "all()", ingress: [{ action: "Allow" }, { action: "Deny" }] } };
    const first = { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "p" }, spec: { order: 10, ingress: [{ action: "Allow" }] } };
    const out = applied(first, live, PLAIN);
    expect(out["spec"]).toEqual({ order: 10, selector: "all()", ingress: [{ action: "Allow" }] });
    const second = { ...first, spec: { ingress: [{ action: "Pass" }] } };
    expect(applied(second, out, PLAIN)["spec"]).toEqual({ selector: "all()", ingress: [{ action: "Pass" }] });
  });

  it("merges finalizers as a set and keeps the ones added by others", () => {
    const live: JsonObject = { kind: "Namespace", metadata: { name: "n", finalizers: ["a", "b"], annotations: { [LAST_APPLIED_ANNOTATION]: JSON.stringify({ metadata: { name: "n", finalizers: ["a"] } }) } } };
    const out = applied({ kind: "Namespace", metadata: { name: "n", finalizers: ["c"] } }, live, patchSchemaForKind("Namespace"));
    expect((out["metadata"] as JsonObject)["finalizers"]).toEqual(["c", "b"]);
  });

  it("an explicit null removes the field; resourceVersion is a precondition, not content", () => {
    const plan = planClientApply({ kind: "Pod", metadata: { name: "web", namespace: "shop", resourceVersion: "7", labels: { team: null } } }, livePod, POD);
    expect(plan.precondition).toBe("7");
    expect((plan.object["metadata"] as JsonObject)["labels"]).toEqual({ app: "web" });
    expect((plan.object["metadata"] as JsonObject)["resourceVersion"]).toBe("7");
  });

  it("the annotation holds the configuration as sorted JSON, never itself", () => {
    const doc = { kind: "Namespace", metadata: { name: "n", annotations: { [LAST_APPLIED_ANNOTATION]: "{}", z: "1" } } };
    const out = applied(doc, undefined);
    const text = annotationsOf(out)[LAST_APPLIED_ANNOTATION];
    expect(text).toBe('{"kind":"Namespace","metadata":{"annotations":{"z":"1"},"name":"n"}}');
    expect(applyConfigurationOf(out)).toEqual({ kind: "Namespace", metadata: { name: "n", annotations: { z: "1" } } });
  });

  it("tolerates a corrupt annotation (treated as no previous apply)", () => {
    const live: JsonObject = { kind: "Namespace", metadata: { name: "n", labels: { a: "1" }, annotations: { [LAST_APPLIED_ANNOTATION]: "{not json" } } };
    expect(lastAppliedOf(live)).toBeUndefined();
    expect((applied({ kind: "Namespace", metadata: { name: "n" } }, live)["metadata"] as JsonObject)["labels"]).toEqual({ a: "1" });
  });
});

describe("diffFields", () => {
  it("lists changed leaves with paths", () => {
    expect(diffFields({ metadata: { labels: { "app.kubernetes.io/name": "a", x: "1" } }, spec: { ports: [1, 2] } }, { metadata: { labels: { "app.kubernetes.io/name": "b" } }, spec: { ports: [1, 3, 4] } })).toEqual([
      { path: 'metadata.labels["app.kubernetes.io/name"]', before: "a", after: "b" },
      { path: "metadata.labels.x", before: "1" },
      { path: "spec.ports", before: [1, 2], after: [1, 3, 4] },
    ]);
    expect(diffFields({ a: [{ b: 1 }] }, { a: [{ b: 2 }] })).toEqual([{ path: "a[0].b", before: 1, after: 2 }]);
    expect(diffFields({ a: 1 }, { a: 1 })).toEqual([]);
    expect(diffFields({}, { metadata: { name: "n", labels: {} } })).toEqual([{ path: "metadata.labels", after: {} }, { path: "metadata.name", after: "n" }]);
    expect(diffFields({ a: { b: 1 } }, {})).toEqual([{ path: "a.b", before: 1 }]);
  });
});
