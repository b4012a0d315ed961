/**
 * The ClusterBackend port: the one interface every API route uses to reach a cluster, whether
 * the embedded demo cluster (on the database) or a real Kubernetes API server running Calico.
 *
 * It follows the Kubernetes API's conventions so that the real backend is a thin adapter:
 * every object carries `metadata.resourceVersion`; list pages with `limit`/`continue`; watch
 * resumes from a resourceVersion and fails with GoneError (410) when that version is compacted;
 * an update or delete with a stale resourceVersion fails with ConflictError (409) and never
 * overwrites; every write is validated first and rejected whole with field-path errors
 * (ValidationError); `dryRun` validates and answers as if written, writing nothing.
 *
 * Contract for the rest of the code base: changes here are additive only.
 */
import type { CalicoResource, ObjectMeta, ResourceKind } from "@/lib/calico/types";
import type { LabelChange } from "@/lib/cluster/labels";

/** Core Kubernetes kinds the console reads (and the embedded cluster stores). */
export type CoreKind = "Namespace" | "Pod" | "Service" | "ServiceAccount" | "ConfigMap" | "Secret";

/** Every kind a backend serves. */
export type ClusterKind = ResourceKind | CoreKind;

export interface NamespaceObject {
  readonly kind: "Namespace";
  readonly metadata: ObjectMeta;
  readonly spec?: Record<string, never>;
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: "TCP" | "UDP" | "SCTP";
}

export interface PodObject {
  readonly kind: "Pod";
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly serviceAccountName?: string;
    readonly nodeName?: string;
    readonly containers: readonly { readonly name: string; readonly image?: string; readonly ports?: readonly ContainerPort[] }[];
  };
  readonly status?: { readonly podIP?: string; readonly podIPs?: readonly { readonly ip: string }[]; readonly phase?: string };
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: "TCP" | "UDP" | "SCTP";
  readonly nodePort?: number;
}

export interface ServiceObject {
  readonly kind: "Service";
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly selector?: Readonly<Record<string, string>>;
    readonly ports?: readonly ServicePort[];
    readonly clusterIP?: string;
    readonly type?: "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";
  };
}

export interface ServiceAccountObject {
  readonly kind: "ServiceAccount";
  readonly metadata: ObjectMeta;
  readonly spec?: Record<string, never>;
}

/** A core/v1 ConfigMap: string values in `data`, base64 values in `binaryData`. */
export interface ConfigMapObject {
  readonly kind: "ConfigMap";
  readonly metadata: ObjectMeta;
  readonly data?: Readonly<Record<string, string>>;
  readonly binaryData?: Readonly<Record<string, string>>;
  readonly immutable?: boolean;
}

/**
 * A core/v1 Secret. `data` values are base64, as on the wire. `stringData` is write-only, as in
 * Kubernetes: a write merges it into `data` (its keys win) and it is never stored or returned.
 */
export interface SecretObject {
  readonly kind: "Secret";
  readonly metadata: ObjectMeta;
  readonly type?: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly stringData?: Readonly<Record<string, string>>;
  readonly immutable?: boolean;
}

export type CoreObject = NamespaceObject | PodObject | ServiceObject | ServiceAccountObject | ConfigMapObject | SecretObject;

/** Any object a backend serves. */
export type ClusterObject = CalicoResource | CoreObject;

export type ObjectOfKind<K extends ClusterKind> = Extract<ClusterObject, { kind: K }>;

export interface ListOptions {
  /** Only this namespace (namespaced kinds); all namespaces when absent. */
  readonly namespace?: string;
  /** A Kubernetes label selector (`app=web,tier in (a,b)`), matched against metadata.labels. */
  readonly labelSelector?: string;
  /** Policies only: only this tier. */
  readonly tier?: string;
  readonly limit?: number;
  readonly continue?: string;
}

export interface ListResult<T> {
  readonly items: readonly T[];
  /** The collection's resourceVersion at the time of the list: watch from here. */
  readonly resourceVersion: string;
  /** Present when more pages remain. */
  readonly continue?: string;
  /** How many objects follow this page, when the backend knows (paged lists without selectors). */
  readonly remainingItemCount?: number;
}

export interface WriteOptions {
  readonly dryRun?: boolean;
  /** Who asked, for the audit log. */
  readonly actor: string;
  /**
   * The field manager of this write's `Update` entry in metadata.managedFields (the /k8s API
   * passes `fieldManager` or the User-Agent's prefix); default `palisade`, the console's own.
   */
  readonly fieldManager?: string;
  /** The group version the writer used, recorded with its entry; default the object's own. */
  readonly managerApiVersion?: string;
  /** Server-side apply: the object's metadata.managedFields are final, not recomputed. */
  readonly managedFieldsGiven?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  /** When set, the delete fails with ConflictError unless the object is at this version. */
  readonly resourceVersion?: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export interface WatchEvent<T = ClusterObject> {
  readonly type: WatchEventType;
  readonly object: T;
}

export interface WatchOptions extends Omit<ListOptions, "limit" | "continue"> {
  /** Events after this version. Throws GoneError (410) when it is older than what is kept. */
  readonly resourceVersion: string;
  readonly signal?: AbortSignal;
}

/** The result of applying one document of a multi-document apply. */
export interface AppliedObject {
  readonly kind: ClusterKind;
  readonly name: string;
  readonly namespace?: string;
  readonly outcome: "created" | "configured" | "unchanged";
  readonly object: ClusterObject;
}

export interface ClusterBackend {
  /** A stable id of this cluster connection (`embedded`, or a configured cluster's id). */
  readonly id: string;
  /** Whether writes are possible (a v1-CRD-only real cluster is read-only). */
  readonly readOnly: boolean;

  list<K extends ClusterKind>(kind: K, options?: ListOptions): Promise<ListResult<ObjectOfKind<K>>>;
  /** Throws NotFoundError. */
  get<K extends ClusterKind>(kind: K, name: string, namespace?: string): Promise<ObjectOfKind<K>>;
  /** Throws ValidationError, AlreadyExistsError. */
  create<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>>;
  /**
   * Replaces the object. `obj.metadata.resourceVersion` is required and must be current:
   * otherwise ConflictError. Throws ValidationError, NotFoundError.
   */
  update<K extends ClusterKind>(obj: ObjectOfKind<K>, options: WriteOptions): Promise<ObjectOfKind<K>>;
  /** Throws NotFoundError, ConflictError. Returns the object as it was. */
  delete<K extends ClusterKind>(kind: K, name: string, namespace: string | undefined, options: DeleteOptions): Promise<ObjectOfKind<K>>;
  /**
   * Create-or-update every object, all or nothing: if any document is invalid or conflicts,
   * nothing is written and the error names the document index in its field paths
   * (`[2].spec.order`).
   */
  apply(objects: readonly ClusterObject[], options: WriteOptions): Promise<readonly AppliedObject[]>;
  /** Events in resourceVersion order from `options.resourceVersion`; ends when the signal aborts. */
  watch<K extends ClusterKind>(kind: K, options: WatchOptions): AsyncIterable<WatchEvent<ObjectOfKind<K>>>;
  /**
   * Changes only `metadata.labels` of one object (a real cluster gets a JSON merge patch holding
   * nothing else), so fields Palisade does not model are never sent back. With
   * `options.resourceVersion` the change applies only at that version (ConflictError otherwise).
   * Throws ValidationError (label syntax), NotFoundError, ConflictError. Optional: callers fall
   * back to get + update (lib/server/cluster/labels.ts).
   */
  patchLabels?<K extends ClusterKind>(kind: K, name: string, namespace: string | undefined, change: LabelChange, options: DeleteOptions): Promise<ObjectOfKind<K>>;
}
