/**
 * The schemas (schemas.ts) and the Calico validator's known-field tables (lib/calico) must agree:
 * every object the schema describes refuses a field it does not list, and accepts every field it
 * lists. Walks every object of every served Calico, networking.k8s.io and
 * policy.networking.k8s.io kind.
 */
import { describe, expect, it } from "vitest";
import { validateResource } from "@/lib/calico/validate";
import { API_RESOURCES } from "@/lib/k8s-api/api-resources";
import type { ObjectSchema, Schema } from "@/lib/k8s-api/schema";
import { ref, resolve } from "@/lib/k8s-api/schema";
import { DEFINITIONS, definitionNameOf } from "@/lib/k8s-api/schemas";

type Segment = string | number;

/** Every object schema reachable from `s`, with its path (array items at index 0). */
function objectsOf(s: Schema, path: readonly Segment[], seen: ReadonlySet<string> = new Set()): { path: readonly Segment[]; schema: ObjectSchema }[] {
  if (s.type === "ref") {
    if (seen.has(s.name)) return [];
    const r = resolve(s, DEFINITIONS);
    return r === undefined ? [] : objectsOf(r, path, new Set([...seen, s.name]));
  }
  if (s.type === "array") return objectsOf(s.items, [...path, 0], seen);
  if (s.type !== "object") return [];
  return [{ path, schema: s }, ...Object.entries(s.properties).flatMap(([k, v]) => objectsOf(v, [...path, k], seen))];
}

/** `root` with `leaf`'s keys merged into the object at `path` (created on the way; lists of one item). */
function setAt(root: unknown, path: readonly Segment[], leaf: Readonly<Record<string, unknown>>): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return { ...(typeof root === "object" && root !== null && !Array.isArray(root) ? root : {}), ...leaf };
  if (typeof head === "number") return [setAt(Array.isArray(root) ? root[0] : undefined, rest, leaf)];
  const obj = typeof root === "object" && root !== null && !Array.isArray(root) ? (root as Record<string, unknown>) : {};
  return { ...obj, [head]: setAt(obj[head], rest, leaf) };
}

const pathText = (path: readonly Segment[]): string => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

const CHECKED_GROUPS = ["projectcalico.org/v3", "crd.projectcalico.org/v1", "networking.k8s.io/v1", "policy.networking.k8s.io/v1alpha2"];

/**
 * Objects the validator does not look inside (kept as written; the server-side unknown-field
 * walk still applies there): metadata's owner references and managed fields entries.
 */
const NOT_WALKED = ["metadata.ownerReferences[0]", "metadata.managedFields[0]"];

describe("schemas agree with the validator's known fields", () => {
  for (const gv of CHECKED_GROUPS) {
    for (const r of API_RESOURCES.get(gv) ?? []) {
      it(`${r.wireKind} (${gv})`, () => {
        const name = definitionNameOf(r.group, r.version, r.wireKind);
        expect(name).toBeDefined();
        const base = { apiVersion: gv, kind: r.wireKind, metadata: { name: "x", ...(r.namespaced ? { namespace: "default" } : {}) }, spec: {} };
        for (const { path, schema } of objectsOf(ref(name ?? ""), [])) {
          const where = pathText(path);
          if (path[0] === "status" || NOT_WALKED.includes(where)) continue;
          const unknownAt = (doc: unknown): readonly string[] => validateResource(doc).errors.filter((e) => e.message.startsWith("unknown field")).map((e) => e.path);
          const bogus = unknownAt(setAt(base, path, { zzNotAField: "x" }));
          const expected = where === "" ? "zzNotAField" : `${where}.zzNotAField`;
          if (schema.preserveUnknown === true) expect(bogus, where).not.toContain(expected);
          else expect(bogus, `${where} should refuse unknown fields`).toContain(expected);
          for (const key of Object.keys(schema.properties)) {
            const known = unknownAt(setAt(base, path, { [key]: "x" }));
            expect(known, `${where}.${key} should be known`).not.toContain(where === "" ? key : `${where}.${key}`);
          }
        }
      });
    }
  }
});

describe("the definition table", () => {
  it("has no dangling refs and a definition for every served kind", () => {
    const names = new Set(Object.keys(DEFINITIONS));
    const refs = (s: Schema): string[] =>
      s.type === "ref" ? [s.name] : s.type === "array" ? refs(s.items) : s.type === "map" ? refs(s.values) : s.type === "object" ? Object.values(s.properties).flatMap(refs) : [];
    for (const [n, d] of Object.entries(DEFINITIONS)) for (const x of refs(d)) expect(names.has(x), `${n} → ${x}`).toBe(true);
    for (const list of API_RESOURCES.values()) for (const r of list) expect(definitionNameOf(r.group, r.version, r.wireKind), `${r.group}/${r.wireKind}`).toBeDefined();
  });
  it("describes every field", () => {
    const undescribed: string[] = [];
    const walk = (s: Schema, at: string): void => {
      if (s.type === "object") for (const [k, v] of Object.entries(s.properties)) {
        if (v.description === undefined || v.description === "") undescribed.push(`${at}.${k}`);
        if (v.type === "object") walk(v, `${at}.${k}`);
      }
    };
    for (const [n, d] of Object.entries(DEFINITIONS)) walk(d, n);
    expect(undescribed).toEqual([]);
  });
});

describe("schemas agree with the strategic merge patch table", () => {
  /**
   * Lists the patch table (patch-strategy.ts) does not carry: Namespace status conditions are
   * written by the server only (no status subresource is served).
   */
  const NOT_IN_PATCH_TABLE = ["Namespace status.conditions"];
  it("every list with a patch merge key (or merge strategy) in the schemas merges the same way under a strategic merge patch", async () => {
    const { fieldSchema, itemSchema, patchSchemaForKind } = await import("@/lib/k8s-api/patch-strategy");
    type P = ReturnType<typeof patchSchemaForKind>;
    const mismatches: string[] = [];
    const walk = (s: Schema, p: P, at: string, kind: string, seen: ReadonlySet<string>): void => {
      if (s.type === "ref") {
        if (seen.has(s.name)) return;
        const r = resolve(s, DEFINITIONS);
        if (r !== undefined) walk(r, p, at, kind, new Set([...seen, s.name]));
        return;
      }
      if (s.type === "array") {
        if (s.patchStrategy === "merge" && !NOT_IN_PATCH_TABLE.includes(`${kind} ${at}`)) {
          const ok = s.patchMergeKey !== undefined ? p.mergeKey === s.patchMergeKey : p.mergeScalars === true;
          if (!ok) mismatches.push(`${kind} ${at}`);
        }
        walk(s.items, itemSchema(p), `${at}[]`, kind, seen);
        return;
      }
      if (s.type === "object") for (const [k, v] of Object.entries(s.properties)) walk(v, fieldSchema(p, k), at === "" ? k : `${at}.${k}`, kind, seen);
    };
    for (const list of API_RESOURCES.values()) {
      for (const r of list) walk(ref(definitionNameOf(r.group, r.version, r.wireKind) ?? ""), patchSchemaForKind(r.wireKind), "", r.wireKind, new Set());
    }
    expect(mismatches).toEqual([]);
  });
});
