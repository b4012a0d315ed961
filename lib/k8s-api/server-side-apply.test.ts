import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { decodeFieldsV1, encodeFieldsV1, fieldSetOf, ssaSchemaForKind } from "@/lib/k8s-api/managed-fields";
import { ANCIENT_CHANGES, applyConfiguration, capUpdateManagers, conflictCauses, conflictMessage, fieldManagerErrors, lastAppliedText, managerOf, recordUpdate } from "@/lib/k8s-api/server-side-apply";
import { LAST_APPLIED_ANNOTATION } from "@/lib/k8s-api/client-apply";
import type { ManagedEntry } from "@/lib/k8s-api/managed-fields";
import { fieldSetOfPaths } from "@/lib/k8s-api/managed-fields";

const POD = ssaSchemaForKind("Pod");
const GNP = ssaSchemaForKind("GlobalNetworkPolicy");
const NOW = new Date("2026-12-04T10:00:00.123Z");
const LATER = new Date("2026-12-04T11:00:00Z");

function gnp(spec: JsonObject, meta: JsonObject = {}): JsonObject {
  return { apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name: "p", ...meta }, spec };
}

function applyOrThrow(live: JsonObject | undefined, config: JsonObject, manager: string, force = false, now = NOW): JsonObject {
  const r = applyConfiguration({ live, config, manager, apiVersion: "projectcalico.org/v3", force, now, schema: GNP });
  if (!r.ok) throw new Error(conflictMessage(r.conflicts));
  return r.object;
}

function encode(e: ManagedEntry | undefined): unknown {
  return e === undefined ? undefined : encodeFieldsV1(e.fields);
}

function managedOf(obj: JsonObject): JsonObject[] {
  return (obj["metadata"] as { managedFields?: JsonObject[] }).managedFields ?? [];
}

describe("server-side apply", () => {
  it("creates, owns exactly the applied fields and re-applies as a no-op", () => {
    const created = applyOrThrow(undefined, gnp({ order: 10, selector: "all()" }, { labels: { a: "1" } }), "kubectl");
    expect(managedOf(created)).toEqual([
      {
        manager: "kubectl",
        operation: "Apply",
        apiVersion: "projectcalico.org/v3",
        time: "2026-12-04T10:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:metadata": { "f:labels": { "f:a": {} } }, "f:spec": { "f:order": {}, "f:selector": {} } },
      },
    ]);
    const again = applyConfiguration({ live: created, config: gnp({ order: 10, selector: "all()" }, { labels: { a: "1" } }), manager: "kubectl", apiVersion: "projectcalico.org/v3", force: false, now: LATER, schema: GNP });
    expect(again.ok && again.changed).toBe(false);
  });

  it("keys ports by number and protocol (TCP when left out), so TCP and UDP on one number have owners of their own", () => {
    const SERVICE = ssaSchemaForKind("Service");
    const svc = (ports: JsonObject[]): JsonObject => ({ apiVersion: "v1", kind: "Service", metadata: { name: "dns", namespace: "kube-system" }, spec: { ports } });
    const apply = (live: JsonObject | undefined, config: JsonObject, manager: string) => {
      const r = applyConfiguration({ live, config, manager, apiVersion: "v1", force: false, now: NOW, schema: SERVICE });
      if (!r.ok) throw new Error(conflictMessage(r.conflicts));
      return r.object;
    };
    const tcp = apply(undefined, svc([{ name: "dns-tcp", port: 53 }]), "a");
    expect(managedOf(tcp)[0]?.["fieldsV1"]).toEqual({ "f:spec": { "f:ports": { 'k:{"port":53,"protocol":"TCP"}': { ".": {}, "f:name": {}, "f:port": {} } } } });
    // Another manager adds 53/UDP: a second item, no conflict with a's 53/TCP.
    const both = apply(tcp, svc([{ name: "dns", port: 53, protocol: "UDP" }]), "b");
    expect((both["spec"] as { ports: unknown[] }).ports).toEqual([{ name: "dns-tcp", port: 53 }, { name: "dns", port: 53, protocol: "UDP" }]);
    expect(managedOf(both).map((e) => Object.keys((e["fieldsV1"] as { "f:spec": { "f:ports": JsonObject } })["f:spec"]["f:ports"]))).toEqual([['k:{"port":53,"protocol":"TCP"}'], ['k:{"port":53,"protocol":"UDP"}']]);
    // Container ports likewise.
    const pod = (ports: JsonObject[]): JsonObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "d" }, spec: { containers: [{ name: "c", image: "i", ports }] } });
    const r = applyConfiguration({ live: undefined, config: pod([{ containerPort: 53, protocol: "UDP" }, { containerPort: 53 }]), manager: "a", apiVersion: "v1", force: false, now: NOW, schema: POD });
    expect(r.ok && managedOf(r.object)[0]?.["fieldsV1"]).toMatchObject({
      "f:spec": { "f:containers": { 'k:{"name":"c"}': { "f:ports": { 'k:{"containerPort":53,"protocol":"TCP"}': {}, 'k:{"containerPort":53,"protocol":"UDP"}': {} } } } },
    });
  });

  it("removes fields the applier no longer applies unless another manager owns them", () => {
    const one = applyOrThrow(undefined, gnp({ order: 10, selector: "all()", types: ["Ingress"] }), "kubectl");
    const shared = applyOrThrow(one, gnp({ types: ["Ingress"] }), "other");
    const two = applyOrThrow(shared, gnp({ order: 10 }), "kubectl");
    expect(two["spec"]).toEqual({ order: 10, types: ["Ingress"] });
    const managers = managedOf(two).map((e) => [e["manager"], e["fieldsV1"]]);
    expect(managers).toEqual([
      ["kubectl", { "f:spec": { "f:order": {} } }],
      ["other", { "f:spec": { "f:types": {} } }],
    ]);
  });

  it("refuses a change to a field another manager owns (409 wording), shares equal values, and force takes it over", () => {
    const one = applyOrThrow(undefined, gnp({ order: 10, selector: "all()" }), "kubectl");
    const conflict = applyConfiguration({ live: one, config: gnp({ order: 20 }), manager: "other", apiVersion: "projectcalico.org/v3", force: false, now: LATER, schema: GNP });
    expect(conflict.ok).toBe(false);
    if (conflict.ok) return;
    expect(conflictMessage(conflict.conflicts)).toBe('Apply failed with 1 conflict: conflict with "kubectl": .spec.order');
    expect(conflictCauses(conflict.conflicts)).toEqual([{ reason: "FieldManagerConflict", message: 'conflict with "kubectl"', field: ".spec.order" }]);
    // The same value is shared ownership.
    const same = applyOrThrow(one, gnp({ order: 10 }), "other", false, LATER);
    expect(managedOf(same).map((e) => e["manager"])).toEqual(["kubectl", "other"]);
    const forced = applyOrThrow(one, gnp({ order: 20 }), "other", true, LATER);
    expect((forced["spec"] as JsonObject)["order"]).toBe(20);
    expect(managedOf(forced).map((e) => [e["manager"], e["fieldsV1"]])).toEqual([
      ["kubectl", { "f:spec": { "f:selector": {} } }],
      ["other", { "f:spec": { "f:order": {} } }],
    ]);
  });

  it("lists several conflicts per manager, Update managers with their apiVersion", () => {
    const live = gnp({ order: 10, selector: "all()" }, {
      managedFields: [{ manager: "kubectl-edit", operation: "Update", apiVersion: "projectcalico.org/v3", time: "2026-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:order": {}, "f:selector": {} } } }],
    });
    const r = applyConfiguration({ live, config: gnp({ order: 1, selector: "x()" }), manager: "kubectl", apiVersion: "projectcalico.org/v3", force: false, now: NOW, schema: GNP });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(conflictMessage(r.conflicts)).toBe('Apply failed with 2 conflicts: conflicts with "kubectl-edit" using projectcalico.org/v3:\n- .spec.order\n- .spec.selector');
  });

  it("reads explicit nulls as absent (a typed decode): a rule list with `source: null` re-applies as a no-op", () => {
    const config = gnp({ order: 1, ingress: [{ action: "Pass", source: null, destination: null }] });
    const once = applyOrThrow(undefined, config, "kubectl");
    expect((once["spec"] as JsonObject)["ingress"]).toEqual([{ action: "Pass" }]);
    const again = applyConfiguration({ live: once, config, manager: "kubectl", apiVersion: "projectcalico.org/v3", force: false, now: LATER, schema: GNP });
    expect(again.ok && again.changed).toBe(false);
  });

  it("never owns or writes status, and keeps the server metadata", () => {
    const live = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "d", uid: "u", resourceVersion: "7" }, spec: { containers: [{ name: "a", image: "1" }] }, status: { podIP: "10.0.0.1" } };
    const r = applyConfiguration({ live, config: { apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: { x: "y" } }, status: { podIP: "1.1.1.1" } }, manager: "m", apiVersion: "v1", force: false, now: NOW, schema: POD });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.object["status"]).toEqual({ podIP: "10.0.0.1" });
    expect(r.object["metadata"]).toMatchObject({ name: "p", namespace: "d", uid: "u", resourceVersion: "7", labels: { x: "y" } });
    // The untracked live object's fields went to before-first-apply.
    expect(managedOf(r.object).map((e) => e["manager"])).toEqual(["m", "before-first-apply"]);
  });
});

describe("server-side apply of map and set lists", () => {
  const pod = (containers: JsonObject[], finalizers?: string[]): JsonObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "d", ...(finalizers !== undefined ? { finalizers } : {}) }, spec: { containers } });
  const run = (live: JsonObject | undefined, config: JsonObject, manager: string, force = false): JsonObject => {
    const r = applyConfiguration({ live, config, manager, apiVersion: "v1", force, now: NOW, schema: POD });
    if (!r.ok) throw new Error(conflictMessage(r.conflicts));
    return r.object;
  };

  it("removes a container (and a finalizer) the applier stopped applying; keeps one another manager co-owns", () => {
    const one = run(undefined, pod([{ name: "a", image: "1" }, { name: "b", image: "2", ports: [{ containerPort: 80 }] }], ["x", "y"]), "m");
    const dropped = run(one, pod([{ name: "a", image: "1" }], ["x"]), "m");
    expect((dropped["spec"] as JsonObject)["containers"]).toEqual([{ name: "a", image: "1" }]);
    expect((dropped["metadata"] as JsonObject)["finalizers"]).toEqual(["x"]);

    const shared = run(one, pod([{ name: "b", image: "2" }]), "other");
    const kept = run(shared, pod([{ name: "a", image: "1" }], ["x", "y"]), "m");
    // "other" owns b's name and image, not its ports: those go with m's configuration.
    expect((kept["spec"] as JsonObject)["containers"]).toEqual([{ name: "a", image: "1" }, { name: "b", image: "2" }]);
  });

  it("names a conflicting list item field by its key", () => {
    const one = run(undefined, pod([{ name: "a", image: "1" }]), "m");
    const r = applyConfiguration({ live: one, config: pod([{ name: "a", image: "2" }]), manager: "other", apiVersion: "v1", force: false, now: NOW, schema: POD });
    expect(r.ok ? "" : conflictMessage(r.conflicts)).toBe('Apply failed with 1 conflict: conflict with "m": .spec.containers[name="a"].image');
  });
});

describe("update entries", () => {
  it("records a create with `.` members for new maps and takes changed fields from others", () => {
    const created = recordUpdate({ live: undefined, next: gnp({ order: 1 }, { labels: { a: "1" } }), manager: "palisade", apiVersion: "projectcalico.org/v3", now: NOW, schema: GNP });
    expect(created).toEqual([
      { manager: "palisade", operation: "Update", apiVersion: "projectcalico.org/v3", time: "2026-12-04T10:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:metadata": { "f:labels": { ".": {}, "f:a": {} } }, "f:spec": { "f:order": {} } } },
    ]);
    const live = gnp({ order: 1 }, { labels: { a: "1" }, managedFields: created });
    const edited = recordUpdate({ live, next: gnp({ order: 2 }, { labels: { a: "1" }, managedFields: created }), manager: "kubectl-edit", apiVersion: "projectcalico.org/v3", now: LATER, schema: GNP });
    expect(edited.map((e) => [e["manager"], e["fieldsV1"]])).toEqual([
      ["palisade", { "f:metadata": { "f:labels": { ".": {}, "f:a": {} } } }],
      ["kubectl-edit", { "f:spec": { "f:order": {} } }],
    ]);
    // A write that changes nothing leaves the entries alone.
    expect(recordUpdate({ live, next: live, manager: "x", apiVersion: "projectcalico.org/v3", now: LATER, schema: GNP })).toEqual(created);
    // `[{}]` clears them.
    expect(recordUpdate({ live, next: gnp({ order: 3 }, { managedFields: [{}] }), manager: "x", apiVersion: "projectcalico.org/v3", now: LATER, schema: GNP })).toEqual([]);
  });

  it("derives the manager from the User-Agent and checks fieldManager as upstream", () => {
    expect(managerOf(undefined, "kubectl-edit/v1.32.0 (linux/amd64) kubernetes/abc")).toBe("kubectl-edit");
    expect(managerOf("mine", "kubectl/v1")).toBe("mine");
    expect(fieldManagerErrors(undefined, true)).toEqual([{ path: "fieldManager", message: "Required value: is required for apply patch" }]);
    expect(fieldManagerErrors(undefined, false)).toEqual([]);
    expect(fieldManagerErrors("x".repeat(129), false)[0]?.message).toBe("Too long: may not be more than 128 bytes");
    expect(fieldManagerErrors("a\u0007", true)[0]?.message).toContain("must only contain printable characters");
  });
});

describe("the cap of Update entries (ancient-changes)", () => {
  const entry = (manager: string, second: number, field: string, operation: "Apply" | "Update" = "Update", apiVersion = "v1"): ManagedEntry => ({
    manager,
    operation,
    apiVersion,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString().replace(/\.\d{3}Z$/, "Z"),
    fields: fieldSetOfPaths([["f:spec", `f:${field}`]]),
  });
  const summary = (entries: readonly ManagedEntry[]): string[] => entries.map((e) => `${e.manager}/${e.operation}/${e.apiVersion}@${e.time ?? ""}`).sort();

  it("keeps up to 10 Update entries as they are; Apply entries never count", () => {
    const ten = [...Array.from({ length: 10 }, (_, i) => entry(`u${i}`, i, `f${i}`)), entry("a1", 0, "x", "Apply"), entry("a2", 1, "y", "Apply")];
    expect(summary(capUpdateManagers(ten))).toEqual(summary(ten));
  });

  it("merges the oldest Update entries into ancient-changes until 10 remain: fields united, the time of the last one merged", () => {
    // 12 updates (out of time order in the input), one Apply: the 3 oldest become one bucket.
    const twelve = [entry("apply", 0, "a", "Apply"), ...Array.from({ length: 12 }, (_, i) => entry(`u${String(11 - i).padStart(2, "0")}`, 11 - i, `f${11 - i}`))];
    const capped = capUpdateManagers(twelve);
    const updates = capped.filter((e) => e.operation === "Update");
    expect(updates).toHaveLength(10);
    const bucket = capped.find((e) => e.manager === ANCIENT_CHANGES);
    expect(bucket?.apiVersion).toBe("v1");
    expect(bucket?.time).toBe("2026-01-01T00:00:02Z");
    expect(encode(bucket)).toEqual({ "f:spec": { "f:f0": {}, "f:f1": {}, "f:f2": {} } });
    expect(capped.map((e) => e.manager).filter((m) => /^u0[0-2]$/.test(m))).toEqual([]);
    expect(capped.some((e) => e.manager === "apply")).toBe(true);
  });

  it("buckets per apiVersion; equal times are ordered by the manager identifier; an existing bucket takes more", () => {
    const mixed = [entry("b", 0, "b"), entry("a", 0, "a"), entry("c", 0, "c", "Update", "v2"), entry("d", 1, "d", "Update", "v2"), ...Array.from({ length: 8 }, (_, i) => entry(`z${i}`, 10 + i, `z${i}`))];
    const capped = capUpdateManagers(mixed);
    expect(capped.filter((e) => e.operation === "Update")).toHaveLength(10);
    // Order: a, b (second 0, by identifier), c (v2), d (v2)…: b joins a's v1 bucket, d joins c's v2 bucket.
    expect(summary(capped).filter((s) => s.startsWith(ANCIENT_CHANGES))).toEqual([`${ANCIENT_CHANGES}/Update/v1@2026-01-01T00:00:00Z`, `${ANCIENT_CHANGES}/Update/v2@2026-01-01T00:00:01Z`]);
    expect(encode(capped.find((e) => e.manager === ANCIENT_CHANGES && e.apiVersion === "v1"))).toEqual({ "f:spec": { "f:a": {}, "f:b": {} } });
    const withBucket = [{ ...entry(ANCIENT_CHANGES, 0, "old") }, ...Array.from({ length: 10 }, (_, i) => entry(`n${i}`, 5 + i, `n${i}`))];
    const again = capUpdateManagers(withBucket);
    expect(again.filter((e) => e.operation === "Update")).toHaveLength(10);
    expect(encode(again.find((e) => e.manager === ANCIENT_CHANGES))).toEqual({ "f:spec": { "f:n0": {}, "f:old": {} } });
  });

  it("recordUpdate applies the cap: an 11th writer merges the two oldest", () => {
    let obj: JsonObject | undefined;
    for (let i = 0; i < 11; i++) {
      const spec = { order: 0, ...(obj?.["spec"] as JsonObject | undefined), [`f${i}`]: i };
      const managedFields = recordUpdate({ live: obj, next: gnp(spec), manager: `w${i}`, apiVersion: "projectcalico.org/v3", now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), schema: GNP });
      obj = gnp(spec, { managedFields });
    }
    if (obj === undefined) throw new Error("no object");
    const managers = managedOf(obj).map((e) => e["manager"]);
    expect(managers).toHaveLength(10);
    expect(managers[0]).toBe(ANCIENT_CHANGES);
    expect(managedOf(obj)[0]?.["fieldsV1"]).toEqual({ "f:spec": { "f:f0": {}, "f:f1": {}, "f:order": {} } });
    expect(managers).not.toContain("w0");
    expect(managers).not.toContain("w1");
  });
});

describe("kubectl's last-applied annotation on server-side apply", () => {
  const csa = (spec: JsonObject): JsonObject => gnp(spec, { annotations: { [LAST_APPLIED_ANNOTATION]: `${JSON.stringify(gnp(spec))}\n` } });
  // What a client-side `kubectl apply` leaves: its Update entry owns the applied fields and the annotation.
  const csaLive = (spec: JsonObject): JsonObject => {
    const doc = csa(spec);
    return { ...doc, metadata: { ...(doc["metadata"] as JsonObject), managedFields: recordUpdate({ live: undefined, next: doc, manager: "kubectl-client-side-apply", apiVersion: "projectcalico.org/v3", now: NOW, schema: GNP }) } };
  };
  const apply = (live: JsonObject, config: JsonObject, manager = "kubectl") => applyConfiguration({ live, config, manager, apiVersion: "projectcalico.org/v3", force: false, now: LATER, schema: GNP });

  it("upgrades a client-side applied object: changes to last-applied fields are no conflicts for kubectl, and the annotation follows the configuration", () => {
    const live = csaLive({ order: 10, selector: "all()" });
    const r = apply(live, gnp({ order: 20, selector: "all()" }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect((r.object["spec"] as JsonObject)["order"]).toBe(20);
    const annotation = ((r.object["metadata"] as JsonObject)["annotations"] as JsonObject)[LAST_APPLIED_ANNOTATION];
    expect(annotation).toBe(lastAppliedText(gnp({ order: 20, selector: "all()" })));
    expect(annotation).toBe('{"apiVersion":"projectcalico.org/v3","kind":"GlobalNetworkPolicy","metadata":{"name":"p"},"spec":{"order":20,"selector":"all()"}}\n');
    // kubectl took the field; the client-side entry keeps the rest.
    expect(managedOf(r.object).map((e) => [e["manager"], e["fieldsV1"]])).toEqual([
      ["kubectl", { "f:spec": { "f:order": {}, "f:selector": {} } }],
      ["kubectl-client-side-apply", { "f:metadata": { "f:annotations": { ".": {}, [`f:${LAST_APPLIED_ANNOTATION}`]: {} } }, "f:spec": { "f:selector": {} } }],
    ]);
  });

  it("another manager still conflicts; a field changed since the client-side apply still conflicts", () => {
    const live = csaLive({ order: 10, selector: "all()" });
    const other = apply(live, gnp({ order: 20 }), "flux");
    expect(other.ok ? "" : conflictMessage(other.conflicts)).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using projectcalico.org/v3: .spec.order');
    // kubectl edit changed selector after the client-side apply: not the last-applied value any more.
    const editedSpec = { order: 10, selector: "app == 'x'" };
    const edited = { ...live, spec: editedSpec, metadata: { ...(live["metadata"] as JsonObject), managedFields: recordUpdate({ live, next: { ...live, spec: editedSpec }, manager: "kubectl-edit", apiVersion: "projectcalico.org/v3", now: LATER, schema: GNP }) } };
    const r = apply(edited, gnp({ order: 20, selector: "all()" }));
    expect(r.ok ? "" : conflictMessage(r.conflicts)).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using projectcalico.org/v3: .spec.selector');
  });

  it("leaves objects without the annotation alone, and writes an unchanged object when only the annotation differs", () => {
    const plain = applyConfiguration({ live: undefined, config: gnp({ order: 1 }), manager: "kubectl", apiVersion: "projectcalico.org/v3", force: false, now: NOW, schema: GNP });
    expect(plain.ok && (plain.object["metadata"] as JsonObject)["annotations"]).toBeUndefined();
    const live = csaLive({ order: 10 });
    const first = apply(live, gnp({ order: 10 }));
    expect(first.ok && first.changed).toBe(true);
    const again = first.ok ? apply(first.object, gnp({ order: 10 })) : first;
    expect(again.ok && again.changed).toBe(false);
  });
});

describe("properties", () => {
  const leaf = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom("a", "b"), fc.boolean());
  const spec = fc.dictionary(fc.constantFrom("order", "selector", "tier", "types", "extra"), fc.oneof(leaf, fc.array(leaf, { maxLength: 2 }), fc.dictionary(fc.constantFrom("x", "y"), leaf, { maxKeys: 2 })), { maxKeys: 4 });
  const labels = fc.dictionary(fc.constantFrom("app", "team", "zone"), fc.constantFrom("1", "2"), { maxKeys: 3 });
  const config = fc.tuple(spec, labels).map(([s, l]) => gnp(s, Object.keys(l).length > 0 ? { labels: l } : {}));

  it("FieldsV1 round-trips and re-applying a configuration is a no-op", () => {
    fc.assert(
      fc.property(config, (c) => {
        const set = fieldSetOf(c, GNP);
        const back = decodeFieldsV1(encodeFieldsV1(set));
        expect(back.ok && encodeFieldsV1(back.value)).toEqual(encodeFieldsV1(set));
        const once = applyOrThrow(undefined, c, "m");
        const twice = applyConfiguration({ live: once, config: c, manager: "m", apiVersion: "projectcalico.org/v3", force: false, now: LATER, schema: GNP });
        expect(twice.ok && twice.changed).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("a second applier either conflicts or sees its values; with force it always wins; the first keeps what it alone applied", () => {
    fc.assert(
      fc.property(config, config, (a, b) => {
        const first = applyOrThrow(undefined, a, "m1");
        const second = applyConfiguration({ live: first, config: b, manager: "m2", apiVersion: "projectcalico.org/v3", force: false, now: LATER, schema: GNP });
        const forced = applyOrThrow(first, b, "m2", true, LATER);
        for (const obj of second.ok ? [second.object, forced] : [forced]) {
          expect(obj["spec"]).toMatchObject((b["spec"] as JsonObject) ?? {});
          for (const [k, v] of Object.entries((a["spec"] as JsonObject) ?? {})) {
            if (!(k in ((b["spec"] as JsonObject) ?? {}))) expect((obj["spec"] as JsonObject)[k]).toEqual(v);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
