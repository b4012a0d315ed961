/**
 * The self-review resources kubectl's `auth can-i` and `auth whoami` use:
 * authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview, and
 * authentication.k8s.io/v1 SelfSubjectReview. Request parsing and response documents; the
 * decision itself is made by the server (lib/server/auth/k8s-authz.ts). Pure.
 */
import type { FieldError } from "@/lib/errors";
import type { JsonObject } from "@/lib/k8s-api/merge-patch";
import { isJsonObject } from "@/lib/k8s-api/merge-patch";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

export const AUTHORIZATION_GROUP = "authorization.k8s.io";
export const AUTHENTICATION_GROUP = "authentication.k8s.io";

export type ReviewKind = "SelfSubjectAccessReview" | "SelfSubjectRulesReview" | "SelfSubjectReview";

/** The review resources, as discovery lists them (create only, cluster-scoped). */
export const REVIEW_RESOURCES: readonly { readonly group: string; readonly version: string; readonly plural: string; readonly kind: ReviewKind }[] = [
  { group: AUTHORIZATION_GROUP, version: "v1", plural: "selfsubjectaccessreviews", kind: "SelfSubjectAccessReview" },
  { group: AUTHORIZATION_GROUP, version: "v1", plural: "selfsubjectrulesreviews", kind: "SelfSubjectRulesReview" },
  { group: AUTHENTICATION_GROUP, version: "v1", plural: "selfsubjectreviews", kind: "SelfSubjectReview" },
];

/** The review served at `/apis/{group}/{version}/{plural}`, if any. */
export function findReview(group: string, version: string, plural: string): ReviewKind | undefined {
  return REVIEW_RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural)?.kind;
}

/** What a SelfSubjectAccessReview asks. */
export type AccessQuestion =
  | { readonly verb: string; readonly group: string; readonly resource: string; readonly subresource?: string; readonly namespace?: string; readonly name?: string }
  | { readonly verb: string; readonly nonResourcePath: string };

function str(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Parses a SelfSubjectAccessReview; errors are field errors (422). */
export function parseAccessReview(body: unknown): Result<AccessQuestion, readonly FieldError[]> {
  const spec = isJsonObject(body) && isJsonObject(body["spec"]) ? body["spec"] : {};
  const ra = isJsonObject(spec["resourceAttributes"]) ? spec["resourceAttributes"] : undefined;
  const na = isJsonObject(spec["nonResourceAttributes"]) ? spec["nonResourceAttributes"] : undefined;
  if ((ra === undefined) === (na === undefined)) {
    return err([{ path: "spec.resourceAttributes", message: "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified" }]);
  }
  if (na !== undefined) return ok({ verb: str(na, "verb") ?? "", nonResourcePath: str(na, "path") ?? "" });
  const a = ra as JsonObject; // exactly one is set, and it is not `na`
  const subresource = str(a, "subresource");
  const namespace = str(a, "namespace");
  const name = str(a, "name");
  return ok({
    verb: str(a, "verb") ?? "",
    group: str(a, "group") ?? "",
    resource: str(a, "resource") ?? "",
    ...(subresource !== undefined ? { subresource } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  });
}

/** The review answered: the request's spec with a status. */
export function buildAccessReview(body: unknown, allowed: boolean, reason: string): JsonObject {
  const spec = isJsonObject(body) && isJsonObject(body["spec"]) ? body["spec"] : {};
  return {
    kind: "SelfSubjectAccessReview",
    apiVersion: `${AUTHORIZATION_GROUP}/v1`,
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed, ...(allowed ? {} : { denied: true }), reason },
  };
}

/** The namespace a SelfSubjectRulesReview asks about. */
export function rulesReviewNamespace(body: unknown): string {
  const spec = isJsonObject(body) && isJsonObject(body["spec"]) ? body["spec"] : {};
  return str(spec, "namespace") ?? "";
}

/** A SelfSubjectRulesReview answer: the verbs allowed on every resource, and on non-resource URLs. */
export function buildRulesReview(namespace: string, resourceVerbs: readonly string[], nonResourceVerbs: readonly string[]): JsonObject {
  return {
    kind: "SelfSubjectRulesReview",
    apiVersion: `${AUTHORIZATION_GROUP}/v1`,
    metadata: { creationTimestamp: null },
    spec: { namespace },
    status: {
      resourceRules: [
        { verbs: ["create"], apiGroups: [AUTHORIZATION_GROUP], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] },
        { verbs: ["create"], apiGroups: [AUTHENTICATION_GROUP], resources: ["selfsubjectreviews"] },
        ...(resourceVerbs.length > 0 ? [{ verbs: [...resourceVerbs], apiGroups: ["*"], resources: ["*"] }] : []),
      ],
      nonResourceRules: nonResourceVerbs.length > 0 ? [{ verbs: [...nonResourceVerbs], nonResourceURLs: ["*"] }] : [],
      incomplete: false,
    },
  };
}

/** A SelfSubjectReview answer (`kubectl auth whoami`). */
export function buildSelfSubjectReview(user: { readonly username: string; readonly uid?: string; readonly groups: readonly string[] }): JsonObject {
  return {
    kind: "SelfSubjectReview",
    apiVersion: `${AUTHENTICATION_GROUP}/v1`,
    metadata: { creationTimestamp: null },
    status: { userInfo: { username: user.username, ...(user.uid !== undefined ? { uid: user.uid } : {}), groups: [...user.groups] } },
  };
}
