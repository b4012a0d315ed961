/**
 * A small schema language for the objects /k8s serves: one description of every field, from
 * which the OpenAPI v2 and v3 documents (openapi.ts), `kubectl explain` and the server's
 * unknown/duplicate field detection (field-validation.ts) are all derived. The Calico
 * validator's known-field tables (lib/calico) are checked against these schemas by
 * schemas.test.ts, so the two cannot drift apart.
 *
 * Pure data plus constructors; no IO.
 */

export interface SchemaBase {
  readonly description?: string;
}

export type Schema =
  | (SchemaBase & { readonly type: "string"; readonly enum?: readonly string[]; readonly format?: string })
  | (SchemaBase & { readonly type: "integer"; readonly format?: "int32" | "int64" })
  | (SchemaBase & { readonly type: "number" | "boolean" })
  /** int-or-string (ports, protocols): `x-kubernetes-int-or-string`. */
  | (SchemaBase & { readonly type: "intOrString" })
  | ArraySchema
  | ObjectSchema
  /** A string-keyed map (labels, annotations). */
  | (SchemaBase & { readonly type: "map"; readonly values: Schema })
  /** A named definition (see DEFINITIONS in schemas.ts). */
  | (SchemaBase & { readonly type: "ref"; readonly name: string })
  /** Any JSON value, kept as written (`x-kubernetes-preserve-unknown-fields`). */
  | (SchemaBase & { readonly type: "any" });

export interface ArraySchema extends SchemaBase {
  readonly type: "array";
  readonly items: Schema;
  /** `x-kubernetes-list-type`: atomic (replaced whole), set (unique scalars) or map (keyed items). */
  readonly listType?: "atomic" | "set" | "map";
  /** `x-kubernetes-list-map-keys`, for listType map. */
  readonly mapKeys?: readonly string[];
  /** `x-kubernetes-patch-merge-key` / `x-kubernetes-patch-strategy` (strategic merge patch). */
  readonly patchMergeKey?: string;
  readonly patchStrategy?: "merge" | "retainKeys";
}

export interface ObjectSchema extends SchemaBase {
  readonly type: "object";
  readonly properties: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  /** Fields beyond `properties` are kept as written (not reported as unknown). */
  readonly preserveUnknown?: boolean;
}

/** A top-level kind: its definition carries `x-kubernetes-group-version-kind`. */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface Definition extends ObjectSchema {
  readonly gvk?: readonly GroupVersionKind[];
}

export const str = (description: string, extra: { readonly enum?: readonly string[]; readonly format?: string } = {}): Schema => ({ type: "string", description, ...extra });
export const int = (description: string, format: "int32" | "int64" = "int32"): Schema => ({ type: "integer", description, format });
export const num = (description: string): Schema => ({ type: "number", description });
export const bool = (description: string): Schema => ({ type: "boolean", description });
export const intOrString = (description: string): Schema => ({ type: "intOrString", description });
export const any = (description: string): Schema => ({ type: "any", description });
export const ref = (name: string, description?: string): Schema => ({ type: "ref", name, ...(description !== undefined ? { description } : {}) });
export const stringMap = (description: string): Schema => ({ type: "map", description, values: { type: "string" } });
export function list(description: string, items: Schema, extra: Omit<ArraySchema, "type" | "items" | "description"> = {}): ArraySchema {
  return { type: "array", description, items, ...extra };
}
export function obj(description: string, properties: Readonly<Record<string, Schema>>, extra: Omit<ObjectSchema, "type" | "properties" | "description"> = {}): ObjectSchema {
  return { type: "object", description, properties, ...extra };
}
export const stringList = (description: string, extra: Omit<ArraySchema, "type" | "items" | "description"> = {}): ArraySchema => list(description, { type: "string" }, extra);

/** Resolves refs against a definition table; undefined for a dangling ref (a bug caught by tests). */
export function resolve(schema: Schema, definitions: Readonly<Record<string, Definition>>): Schema | undefined {
  let s: Schema | undefined = schema;
  for (let depth = 0; s?.type === "ref" && depth < 8; depth++) s = definitions[s.name];
  return s;
}

/** Every definition name reachable from `roots` (the roots included), in first-seen order. */
export function reachableDefinitions(roots: readonly string[], definitions: Readonly<Record<string, Definition>>): readonly string[] {
  const seen = new Set<string>();
  const visit = (s: Schema): void => {
    switch (s.type) {
      case "ref":
        if (!seen.has(s.name)) {
          seen.add(s.name);
          const d = definitions[s.name];
          if (d !== undefined) visit(d);
        }
        return;
      case "array":
        return visit(s.items);
      case "map":
        return visit(s.values);
      case "object":
        for (const p of Object.values(s.properties)) visit(p);
        return;
      default:
        return;
    }
  };
  for (const r of roots) visit(ref(r));
  return [...seen];
}
