/**
 * Patch strategies of the fields Palisade serves: which lists merge element by element (and by
 * which key) under a strategic merge patch and under client-side apply, and which are replaced
 * whole. This is the subset of the `patchStrategy`/`patchMergeKey` struct tags of k8s.io/api
 * for the fields of the kinds we model. Pure data.
 *
 * Choices:
 * - projectcalico.org/v3 types declare no patch strategies (their lists — rules, selectors,
 *   nets, ports — are replaced whole under a strategic merge patch, as the Calico API server
 *   does); only their ObjectMeta follows the upstream metadata strategies.
 * - NetworkPolicy (networking.k8s.io/v1) lists have no patch strategy upstream either.
 */

/** How one field merges. Objects merge key by key unless stated otherwise. */
export interface PatchSchema {
  /** Sub-fields of an object. */
  readonly fields?: Readonly<Record<string, PatchSchema>>;
  /** The schema of each element of a list. */
  readonly items?: PatchSchema;
  /** A list of objects merged by this key (`patchStrategy:"merge"`, `patchMergeKey`). */
  readonly mergeKey?: string;
  /** A list of scalars merged as a set (`patchStrategy:"merge"` without a key: finalizers). */
  readonly mergeScalars?: boolean;
}

const ATOMIC: PatchSchema = {};

const OBJECT_META: PatchSchema = {
  fields: {
    finalizers: { mergeScalars: true },
    ownerReferences: { mergeKey: "uid" },
  },
};

const CONTAINER: PatchSchema = {
  fields: {
    ports: { mergeKey: "containerPort" },
    env: { mergeKey: "name" },
    volumeMounts: { mergeKey: "mountPath" },
    volumeDevices: { mergeKey: "devicePath" },
  },
};

const POD: PatchSchema = {
  fields: {
    metadata: OBJECT_META,
    spec: {
      fields: {
        containers: { mergeKey: "name", items: CONTAINER },
        initContainers: { mergeKey: "name", items: CONTAINER },
        ephemeralContainers: { mergeKey: "name", items: CONTAINER },
        volumes: { mergeKey: "name" },
        imagePullSecrets: { mergeKey: "name" },
        hostAliases: { mergeKey: "ip" },
      },
    },
    status: {
      fields: {
        conditions: { mergeKey: "type" },
        podIPs: { mergeKey: "ip" },
        hostIPs: { mergeKey: "ip" },
      },
    },
  },
};

const SERVICE: PatchSchema = {
  fields: {
    metadata: OBJECT_META,
    spec: { fields: { ports: { mergeKey: "port" } } },
    status: { fields: { conditions: { mergeKey: "type" } } },
  },
};

const SERVICE_ACCOUNT: PatchSchema = {
  fields: { metadata: OBJECT_META, secrets: { mergeKey: "name" } },
};

/** Kinds whose lists all replace whole: only metadata merges. */
const PLAIN: PatchSchema = { fields: { metadata: OBJECT_META } };

/** The patch schema of a wire kind (`Pod`, `Service`, `GlobalNetworkPolicy`…). */
export function patchSchemaForKind(wireKind: string): PatchSchema {
  switch (wireKind) {
    case "Pod":
      return POD;
    case "Service":
      return SERVICE;
    case "ServiceAccount":
      return SERVICE_ACCOUNT;
    default:
      return PLAIN;
  }
}

/** The schema of a sub-field (atomic when unknown: merge objects, replace lists). */
export function fieldSchema(schema: PatchSchema | undefined, field: string): PatchSchema {
  return schema?.fields?.[field] ?? ATOMIC;
}

/** The schema of a list's elements. */
export function itemSchema(schema: PatchSchema | undefined): PatchSchema {
  return schema?.items ?? ATOMIC;
}
