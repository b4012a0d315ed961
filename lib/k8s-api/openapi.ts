/**
 * The OpenAPI documents of /k8s, built from the schemas of schemas.ts (one source):
 *   - `/openapi/v2`: one Swagger 2.0 document with every definition and the resource paths, as
 *     JSON or in the protobuf encoding kubectl asks for (openapi-proto.ts);
 *   - `/openapi/v3`: an index of group versions (`{"paths": {"apis/projectcalico.org/v3":
 *     {"serverRelativeURL": "/openapi/v3/apis/projectcalico.org/v3?hash=…"}}}`) and one
 *     OpenAPI 3.0 document per group version with the definitions its kinds reach.
 *
 * What clients use: `kubectl explain` reads the v3 document of the kind's group version (the
 * definition carrying `x-kubernetes-group-version-kind`); kubectl's validation asks whether the
 * PATCH operation of a kind lists the `fieldValidation` parameter and, when it does, leaves
 * unknown-field checks to the server (fieldValidation=Strict|Warn|Ignore).
 *
 * Pure: plain objects; hashing and ETags are the server's (lib/server/kube/k8s-openapi.ts).
 */
import type { ApiResource } from "@/lib/k8s-api/api-resources";
import { API_RESOURCES, CORE_GROUP, toApiVersion } from "@/lib/k8s-api/api-resources";
import { SERVER_VERSION } from "@/lib/k8s-api/discovery";
import type { Definition, Schema } from "@/lib/k8s-api/schema";
import { reachableDefinitions } from "@/lib/k8s-api/schema";
import { DEFINITIONS, definitionNameOf } from "@/lib/k8s-api/schemas";

type Json = Readonly<Record<string, unknown>>;
type Dialect = "v2" | "v3";

const LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
const STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";

const refPath = (dialect: Dialect, name: string): string => (dialect === "v2" ? `#/definitions/${name}` : `#/components/schemas/${name}`);

/** One schema in the dialect's JSON form (v3 wraps described refs in allOf, as kube-openapi does). */
export function toOpenApiSchema(s: Schema, dialect: Dialect): Json {
  const d = s.description !== undefined ? { description: s.description } : {};
  switch (s.type) {
    case "string":
      return { ...d, type: "string", ...(s.format !== undefined ? { format: s.format } : {}), ...(s.enum !== undefined ? { enum: [...s.enum] } : {}) };
    case "integer":
      return { ...d, type: "integer", ...(s.format !== undefined ? { format: s.format } : {}) };
    case "number":
      return { ...d, type: "number", format: "double" };
    case "boolean":
      return { ...d, type: "boolean" };
    case "intOrString":
      // IntOrString as the built-in types publish it (kubectl explain shows <IntOrString>).
      return { ...d, type: "string", format: "int-or-string" };
    case "any":
      return { ...d, type: "object", "x-kubernetes-preserve-unknown-fields": true };
    case "map":
      return { ...d, type: "object", additionalProperties: toOpenApiSchema(s.values, dialect) };
    case "ref":
      if (dialect === "v2" || s.description === undefined) return { ...d, $ref: refPath(dialect, s.name) };
      return { ...d, default: {}, allOf: [{ $ref: refPath(dialect, s.name) }] };
    case "array":
      return {
        ...d,
        type: "array",
        items: toOpenApiSchema(s.items, dialect),
        ...(s.listType !== undefined ? { "x-kubernetes-list-type": s.listType } : {}),
        ...(s.mapKeys !== undefined ? { "x-kubernetes-list-map-keys": [...s.mapKeys] } : {}),
        ...(s.patchMergeKey !== undefined ? { "x-kubernetes-patch-merge-key": s.patchMergeKey } : {}),
        ...(s.patchStrategy !== undefined ? { "x-kubernetes-patch-strategy": s.patchStrategy } : {}),
      };
    case "object":
      // v2 cannot say "these properties, and others too": kubectl's client-side validation
      // would refuse the others. As kube-apiserver publishes such CRD schemas in v2, the object
      // is left open there (no properties); v3 keeps them for kubectl explain.
      if (dialect === "v2" && s.preserveUnknown === true) return { ...d, type: "object", "x-kubernetes-preserve-unknown-fields": true };
      return {
        ...d,
        type: "object",
        ...(Object.keys(s.properties).length > 0 ? { properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, toOpenApiSchema(v, dialect)])) } : {}),
        ...(s.required !== undefined && s.required.length > 0 ? { required: [...s.required] } : {}),
        ...(s.preserveUnknown === true ? { "x-kubernetes-preserve-unknown-fields": true } : {}),
      };
    default: {
      const never: never = s;
      return never;
    }
  }
}

function definitionToOpenApi(d: Definition, dialect: Dialect): Json {
  const base = toOpenApiSchema(d, dialect);
  return d.gvk !== undefined ? { ...base, "x-kubernetes-group-version-kind": d.gvk.map((g) => ({ group: g.group, kind: g.kind, version: g.version })) } : base;
}

/** The definitions of the documents: every schema, the `<Kind>List`s of the served kinds, ListMeta and Status. */
function allDefinitions(): Readonly<Record<string, Definition>> {
  const lists: Record<string, Definition> = {};
  for (const r of servedResources()) {
    const name = definitionNameOf(r.group, r.version, r.wireKind);
    if (name === undefined) continue;
    lists[`${name}List`] = {
      type: "object",
      description: `A list of ${r.wireKind} objects.`,
      properties: {
        apiVersion: { type: "string", description: "The versioned schema of this list." },
        kind: { type: "string", description: "Always the kind of the items followed by List." },
        metadata: { type: "ref", name: LIST_META, description: "Standard list metadata: resourceVersion, continue, remainingItemCount." },
        items: { type: "array", description: `The ${r.wireKind} objects.`, items: { type: "ref", name } },
      },
      required: ["items"],
      gvk: [{ group: r.group, version: r.version, kind: `${r.wireKind}List` }],
    };
  }
  return {
    ...DEFINITIONS,
    ...lists,
    [LIST_META]: {
      type: "object",
      description: "Metadata of a list: its version and how to fetch the rest of a paged list.",
      properties: {
        resourceVersion: { type: "string", description: "The version of the collection the list was read at." },
        continue: { type: "string", description: "Present when the list was cut short by limit: pass it back as `continue` to get the next page." },
        remainingItemCount: { type: "integer", format: "int64", description: "How many items the following pages hold (paged lists without selectors)." },
        selfLink: { type: "string", description: "Deprecated; never set." },
      },
    },
    [STATUS]: {
      type: "object",
      description: "The result of an operation that returns no object (errors, deletes).",
      properties: {
        apiVersion: { type: "string", description: "v1." },
        kind: { type: "string", description: "Status." },
        status: { type: "string", description: "Success or Failure." },
        message: { type: "string", description: "What happened, for people." },
        reason: { type: "string", description: "A machine-readable reason (NotFound, Invalid, Conflict…)." },
        details: { type: "any", description: "The object concerned and, for Invalid, the causes per field." },
        code: { type: "integer", format: "int32", description: "The HTTP status code." },
      },
      gvk: [{ group: "", version: "v1", kind: "Status" }],
    },
  };
}

function servedResources(): readonly ApiResource[] {
  return [...API_RESOURCES.values()].flat();
}

// ---- paths ----

interface Param {
  readonly name: string;
  readonly in: "query" | "path";
  readonly description: string;
  readonly type: "string" | "boolean" | "integer";
  readonly required?: boolean;
}

const P_NAME: Param = { name: "name", in: "path", required: true, type: "string", description: "The name of the object." };
const P_NAMESPACE: Param = { name: "namespace", in: "path", required: true, type: "string", description: "The namespace of the objects." };
const P_PRETTY: Param = { name: "pretty", in: "query", type: "string", description: "Accepted for compatibility; output is not indented." };
const P_DRY_RUN: Param = { name: "dryRun", in: "query", type: "string", description: "All: check and process the request without persisting it." };
const P_FIELD_MANAGER: Param = { name: "fieldManager", in: "query", type: "string", description: "The name of the actor making the change." };
const P_FIELD_VALIDATION: Param = {
  name: "fieldValidation",
  in: "query",
  type: "string",
  description:
    "What the server does with unknown or duplicate fields in the body: Ignore (drop them silently), Warn (the default: drop them and send a warning header per field) or Strict (refuse the request with 400 BadRequest listing them).",
};
const P_FORCE: Param = { name: "force", in: "query", type: "boolean", description: "Server-side apply: take ownership of conflicting fields." };
const LIST_PARAMS: readonly Param[] = [
  { name: "labelSelector", in: "query", type: "string", description: "Only objects whose labels match this selector." },
  { name: "fieldSelector", in: "query", type: "string", description: "Only objects whose metadata.name / metadata.namespace match." },
  { name: "limit", in: "query", type: "integer", description: "At most this many items; the list then carries a continue token." },
  { name: "continue", in: "query", type: "string", description: "The continue token of the previous page." },
  { name: "resourceVersion", in: "query", type: "string", description: "Which version of the collection to read; with resourceVersionMatch, how to interpret it." },
  { name: "resourceVersionMatch", in: "query", type: "string", description: "Exact or NotOlderThan (with resourceVersion)." },
  { name: "watch", in: "query", type: "boolean", description: "Stream changes instead of answering a list." },
  { name: "allowWatchBookmarks", in: "query", type: "boolean", description: "Watch: send BOOKMARK events." },
  { name: "sendInitialEvents", in: "query", type: "boolean", description: "Watch: start with the current state as ADDED events." },
  { name: "timeoutSeconds", in: "query", type: "integer", description: "End the list or watch after this many seconds." },
];

function paramJson(p: Param, dialect: Dialect): Json {
  const base = { name: p.name, in: p.in, description: p.description, ...(p.required === true ? { required: true } : {}) };
  return dialect === "v2" ? { ...base, type: p.type, uniqueItems: true } : { ...base, schema: { type: p.type, uniqueItems: true } };
}

const JSON_TYPES = ["application/json", "application/yaml"];
const PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];
const CRD_PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];

function bodyJson(schemaRef: string, types: readonly string[], dialect: Dialect): Json {
  if (dialect === "v2") return { name: "body", in: "body", required: true, schema: { $ref: refPath("v2", schemaRef) } };
  return { content: Object.fromEntries(types.map((t) => [t, { schema: { $ref: refPath("v3", schemaRef) } }])), required: true };
}

function responsesJson(codes: readonly string[], schemaRef: string, dialect: Dialect): Json {
  const schema = { $ref: refPath(dialect, schemaRef) };
  return Object.fromEntries([
    ...codes.map((c) => [c, dialect === "v2" ? { description: c === "201" ? "Created" : "OK", schema } : { description: c === "201" ? "Created" : "OK", content: Object.fromEntries(JSON_TYPES.map((t) => [t, { schema }])) }]),
    ["401", { description: "Unauthorized" }],
  ]);
}

function operation(action: string, verb: string, r: ApiResource, params: readonly Param[], dialect: Dialect, extra: Json): Json {
  const gv = toApiVersion(r.group, r.version);
  const tag = r.group === CORE_GROUP ? "core_v1" : `${r.group.replace(/\./g, "_")}_${r.version}`;
  const op = `${verb}${r.namespaced && !["list"].includes(verb) ? "Namespaced" : ""}${r.wireKind}`;
  const gvk = { group: r.group, version: r.version, kind: r.wireKind };
  return {
    tags: [tag],
    description: `${action} ${r.wireKind} (${gv})`,
    operationId: `${verb}${tag.replace(/_/g, "")}${op.slice(verb.length)}`,
    parameters: params.map((p) => paramJson(p, dialect)),
    ...extra,
    "x-kubernetes-action": verb === "replace" ? "put" : verb === "read" ? "get" : verb === "create" ? "post" : verb,
    "x-kubernetes-group-version-kind": gvk,
  };
}

function pathsOf(resources: readonly ApiResource[], dialect: Dialect): Json {
  const out: Record<string, Json> = {};
  for (const r of resources) {
    const def = definitionNameOf(r.group, r.version, r.wireKind);
    if (def === undefined) continue;
    const prefix = r.group === CORE_GROUP ? "/api/v1" : `/apis/${r.group}/${r.version}`;
    const collection = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.plural}` : `${prefix}/${r.plural}`;
    const scope = r.namespaced ? [P_NAMESPACE] : [];
    const bodyParams = (b: Json): Json => (dialect === "v2" ? {} : { requestBody: b });
    const writeParams = [P_DRY_RUN, P_FIELD_MANAGER, P_FIELD_VALIDATION];
    const withBody = (params: readonly Param[], b: Json): { params: readonly Param[]; extra: Json; body?: Json } => ({ params, extra: bodyParams(b), ...(dialect === "v2" ? { body: b } : {}) });
    const make = (action: string, verb: string, spec: { params: readonly Param[]; extra: Json; body?: Json }, responses: Json): Json => {
      const o = operation(action, verb, r, spec.params, dialect, { ...spec.extra, responses });
      return spec.body !== undefined ? { ...o, parameters: [spec.body, ...(o["parameters"] as Json[])] } : o;
    };
    const create = withBody([...writeParams], bodyJson(def, JSON_TYPES, dialect));
    const replace = withBody([...writeParams], bodyJson(def, JSON_TYPES, dialect));
    const patch = withBody([...writeParams, P_FORCE], bodyJson(def, r.group === "crd.projectcalico.org" ? CRD_PATCH_TYPES : PATCH_TYPES, dialect));
    out[collection] = {
      get: make("list or watch objects of kind", "list", { params: LIST_PARAMS, extra: {} }, responsesJson(["200"], `${def}List`, dialect)),
      post: make("create", "create", create, responsesJson(["200", "201"], def, dialect)),
      parameters: [...scope, P_PRETTY].map((p) => paramJson(p, dialect)),
    };
    out[`${collection}/{name}`] = {
      get: make("read the specified", "read", { params: [], extra: {} }, responsesJson(["200"], def, dialect)),
      put: make("replace the specified", "replace", replace, responsesJson(["200", "201"], def, dialect)),
      patch: make("partially update the specified", "patch", patch, responsesJson(["200", "201"], def, dialect)),
      delete: make("delete", "delete", { params: [P_DRY_RUN], extra: {} }, responsesJson(["200"], def, dialect)),
      parameters: [P_NAME, ...scope, P_PRETTY].map((p) => paramJson(p, dialect)),
    };
    if (r.namespaced) {
      out[`${prefix}/${r.plural}`] = { get: make("list or watch objects of kind", "list", { params: LIST_PARAMS, extra: {} }, responsesJson(["200"], `${def}List`, dialect)), parameters: [paramJson(P_PRETTY, dialect)] };
    }
  }
  return out;
}

/** The Swagger 2.0 document of every served group version (`/openapi/v2`). */
export function buildOpenApiV2(): Json {
  const defs = allDefinitions();
  return {
    swagger: "2.0",
    info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion },
    paths: pathsOf(servedResources(), "v2"),
    definitions: Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, definitionToOpenApi(d, "v2")])),
  };
}

/** `apis/projectcalico.org/v3`, `api/v1`: the v3 index key of a group version. */
export function openApiV3Key(groupVersion: string): string {
  return groupVersion.includes("/") ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

/** The group versions with a v3 document, by index key. */
export function openApiV3GroupVersions(): readonly string[] {
  return [...API_RESOURCES.keys()].map(openApiV3Key);
}

/** The OpenAPI 3.0 document of one group version (`api/v1`, `apis/g/v`), or undefined when not served. */
export function buildOpenApiV3(key: string): Json | undefined {
  const gv = [...API_RESOURCES.keys()].find((k) => openApiV3Key(k) === key);
  if (gv === undefined) return undefined;
  const resources = API_RESOURCES.get(gv) ?? [];
  const defs = allDefinitions();
  const roots = resources.flatMap((r) => {
    const name = definitionNameOf(r.group, r.version, r.wireKind);
    return name === undefined ? [] : [name, `${name}List`];
  });
  const names = reachableDefinitions([...roots, STATUS], defs);
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion },
    paths: pathsOf(resources, "v3"),
    components: {
      schemas: Object.fromEntries(names.flatMap((n) => (defs[n] !== undefined ? [[n, definitionToOpenApi(defs[n], "v3")]] : []))),
      securitySchemes: { BearerToken: { type: "apiKey", description: "Bearer token (a Palisade API token)", name: "authorization", in: "header" } },
    },
    security: [{ BearerToken: [] }],
  };
}

/** The v3 index, given each group version's hash (`serverRelativeURL` carries it, as upstream). */
export function buildOpenApiV3Index(hashOf: (key: string) => string): Json {
  return { paths: Object.fromEntries(openApiV3GroupVersions().map((k) => [k, { serverRelativeURL: `/openapi/v3/${k}?hash=${hashOf(k)}` }])) };
}
