/**
 * Legacy (unaggregated) discovery documents, as kubectl and client-go read them: APIVersions at
 * /api, APIGroupList at /apis, APIGroup at /apis/{group}, APIResourceList at
 * /api/v1 and /apis/{group}/{version}, and version.Info at /version. Pure data builders.
 */
import { API_GROUPS, RESOURCE_VERBS, resourcesOf, toApiVersion } from "@/lib/k8s-api/api-resources";
import { AUTHENTICATION_GROUP, AUTHORIZATION_GROUP, REVIEW_RESOURCES } from "@/lib/k8s-api/reviews";

/** Every group /apis lists: the served resources' groups, then the review groups. */
const ALL_GROUPS: readonly { readonly name: string; readonly versions: readonly string[] }[] = [
  ...API_GROUPS,
  { name: AUTHORIZATION_GROUP, versions: ["v1"] },
  { name: AUTHENTICATION_GROUP, versions: ["v1"] },
];

export interface GroupVersionForDiscovery {
  readonly groupVersion: string;
  readonly version: string;
}

export interface ApiGroupDocument {
  readonly kind: "APIGroup";
  readonly apiVersion: "v1";
  readonly name: string;
  readonly versions: readonly GroupVersionForDiscovery[];
  readonly preferredVersion: GroupVersionForDiscovery;
}

/** The version all discovery documents of this server report (kubectl only prints it). */
export const SERVER_VERSION = { major: "1", minor: "32", gitVersion: "v1.32.0-palisade" } as const;

/** GET /api: the core group's versions. */
export function buildApiVersions(serverAddress: string): Readonly<Record<string, unknown>> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupDocument(name: string, versions: readonly string[]): ApiGroupDocument {
  const list = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  const preferred = list[0] ?? { groupVersion: `${name}/v1`, version: "v1" };
  return { kind: "APIGroup", apiVersion: "v1", name, versions: list, preferredVersion: preferred };
}

/** GET /apis: every named group. */
export function buildApiGroupList(): Readonly<Record<string, unknown>> {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: ALL_GROUPS.map((g) => {
      const { kind: _k, apiVersion: _a, ...rest } = groupDocument(g.name, g.versions);
      return rest;
    }),
  };
}

/** GET /apis/{group}; undefined for a group this server does not serve. */
export function buildApiGroup(name: string): ApiGroupDocument | undefined {
  const g = ALL_GROUPS.find((x) => x.name === name);
  return g === undefined ? undefined : groupDocument(g.name, g.versions);
}

/** GET /api/v1 or /apis/{group}/{version}; undefined when the group version is not served. */
export function buildApiResourceList(group: string, version: string): Readonly<Record<string, unknown>> | undefined {
  const reviews = REVIEW_RESOURCES.filter((r) => r.group === group && r.version === version);
  if (reviews.length > 0) {
    return {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: toApiVersion(group, version),
      resources: reviews.map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: false, kind: r.kind, verbs: ["create"] })),
    };
  }
  const resources = resourcesOf(group, version);
  if (resources === undefined) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: toApiVersion(group, version),
    resources: resources.map((r) => ({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.wireKind,
      verbs: [...RESOURCE_VERBS],
      ...(r.shortNames.length > 0 ? { shortNames: [...r.shortNames] } : {}),
    })),
  };
}

/** GET /version (version.Info). */
export function buildVersionInfo(): Readonly<Record<string, unknown>> {
  return {
    ...SERVER_VERSION,
    gitCommit: "",
    gitTreeState: "clean",
    buildDate: "1970-01-01T00:00:00Z",
    goVersion: "n/a",
    compiler: "n/a",
    platform: "linux/amd64",
  };
}
