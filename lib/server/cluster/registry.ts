import "server-only";
/**
 * The registry of cluster connections (table "Cluster") and the one way to get a
 * ClusterBackend for a cluster id. The embedded kind is served by EmbeddedBackend on this
 * database; other kinds by a factory registered with `registerClusterBackendFactory` (the
 * Kubernetes adapter), or ClusterUnavailableError while none is registered. The registry rows go
 * through Prisma Client; an embedded cluster's objects are the object store's (raw SQL, seed.ts).
 */
import type { ClusterBackend } from "@/lib/cluster/backend";
import type { ClusterConnectionKind, ClusterInfo, NewCluster } from "@/lib/cluster/clusters";
import { CLUSTER_CONNECTION_KINDS, EMBEDDED_CLUSTER_ID, isValidClusterId, toClusterId } from "@/lib/cluster/clusters";
import { AlreadyExistsError, BadRequestError, ClusterUnavailableError, NotFoundError, ValidationError } from "@/lib/errors";
import { openClusterConfig, sealClusterConfig } from "@/lib/server/crypto/cluster-secrets";
import { getSecretKey } from "@/lib/server/crypto/secret-key";
import { getPrisma, getSql } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Sql } from "@/lib/server/db/sql";
import { EmbeddedBackend } from "@/lib/server/cluster/embedded";
import { createEmbeddedCluster, resetEmbeddedCluster } from "@/lib/server/cluster/seed";
import { queryAuditEvents } from "@/lib/server/cluster/audit";
import { currentPrincipal } from "@/lib/server/auth/request-context";
import { scopeBackend } from "@/lib/server/auth/scoped-backend";
import type { AuditPage, AuditQuery } from "@/lib/cluster/audit";

export type { ClusterInfo, NewCluster } from "@/lib/cluster/clusters";
export { EMBEDDED_CLUSTER_ID } from "@/lib/cluster/clusters";
export type { AuditEvent, AuditPage, AuditQuery } from "@/lib/cluster/audit";

/** Builds a backend for a non-embedded cluster from its registry entry. */
export type ClusterBackendFactory = (cluster: ClusterInfo) => Promise<ClusterBackend>;

// On globalThis, not in a module variable: Next bundles instrumentation.ts (which registers the
// Kubernetes factory at start) apart from the route handlers that look factories up, so module
// state is not shared between them; the process is.
const registryGlobal = globalThis as typeof globalThis & { __palisadeBackendFactories?: Map<ClusterConnectionKind, ClusterBackendFactory> };
const factories = (registryGlobal.__palisadeBackendFactories ??= new Map<ClusterConnectionKind, ClusterBackendFactory>());
/** A cached backend and the registration it was built for (createdAt tells a re-added cluster apart). */
interface CachedBackend {
  readonly backend: ClusterBackend;
  readonly createdAt: string;
  checkedAt: number;
}
const backends = new WeakMap<Sql, Map<string, CachedBackend>>();
/**
 * How long a cached backend of a non-embedded cluster is used before its registry row is read
 * again. Several console processes share the registry: a cluster removed (or removed and added
 * again under the same id) through another process is noticed here within this time, its
 * connections closed and informers stopped as if it had been removed here.
 */
const REGISTRY_RECHECK_MS = 5_000;

const removalGlobal = globalThis as typeof globalThis & { __palisadeClusterRemovalListeners?: Set<(clusterId: string) => void> };
const removalListeners = (removalGlobal.__palisadeClusterRemovalListeners ??= new Set());

/** Calls `listener` with the id of every cluster removed (adapters close their connections and informers). */
export function onClusterRemoved(listener: (clusterId: string) => void): void {
  removalListeners.add(listener);
}

/** Plugs in the backend for a connection kind (the Kubernetes adapter calls this at import). */
export function registerClusterBackendFactory(kind: Exclude<ClusterConnectionKind, "embedded">, factory: ClusterBackendFactory): void {
  factories.set(kind, factory);
}

interface ClusterRow {
  id: string;
  name: string;
  kind: string;
  config: unknown;
  createdAt: Date;
}

const CLUSTER_FIELDS = { id: true, name: true, kind: true, config: true, createdAt: true } as const;

/** The registry entry of a row, with its sealed secrets opened (lib/server/crypto/cluster-secrets.ts). */
async function toClusterInfo(row: ClusterRow): Promise<ClusterInfo> {
  const kind = CLUSTER_CONNECTION_KINDS.find((k) => k === row.kind);
  if (!kind) throw new Error(`cluster ${row.id} has unknown kind ${row.kind}`);
  const stored = row.config && typeof row.config === "object" && !Array.isArray(row.config) ? row.config : {};
  const opened = kind === "embedded" ? stored : openClusterConfig(row.id, stored, await getSecretKey());
  // A JSON object column: checked to be a non-array object above; opening keeps the shape.
  const config = opened as Record<string, unknown>;
  return { id: row.id, name: row.name, kind, config, createdAt: row.createdAt.toISOString() };
}

/** Every registered cluster, the embedded one first, then by name. */
export async function listClusters(): Promise<readonly ClusterInfo[]> {
  const prisma = await getPrisma();
  const rows = await prisma.cluster.findMany({ select: CLUSTER_FIELDS, orderBy: { name: "asc" } });
  const ordered = [...rows.filter((r) => r.id === EMBEDDED_CLUSTER_ID), ...rows.filter((r) => r.id !== EMBEDDED_CLUSTER_ID)];
  return Promise.all(ordered.map(toClusterInfo));
}

/** One cluster's registry entry. Throws NotFoundError. */
export async function getCluster(clusterId: string): Promise<ClusterInfo> {
  const prisma = await getPrisma();
  const row = await prisma.cluster.findUnique({ where: { id: clusterId }, select: CLUSTER_FIELDS });
  if (!row) throw new NotFoundError(`cluster "${clusterId}" not found`);
  return toClusterInfo(row);
}

/**
 * Registers a cluster. An `embedded` cluster is created with the demo seed. Throws
 * ValidationError (bad id or name), AlreadyExistsError (id or name taken).
 */
export async function addCluster(input: NewCluster): Promise<ClusterInfo> {
  const name = input.name.trim();
  const id = input.id ?? toClusterId(name);
  const errors = [];
  if (!name) errors.push({ path: "name", message: "Required value" });
  if (!isValidClusterId(id)) errors.push({ path: "id", message: "must be a lowercase RFC 1123 label of at most 63 characters" });
  if (!CLUSTER_CONNECTION_KINDS.includes(input.kind)) errors.push({ path: "kind", message: `must be one of ${CLUSTER_CONNECTION_KINDS.join(", ")}` });
  if (errors.length) throw new ValidationError("invalid cluster", errors);
  const prisma = await getPrisma();
  const taken = await prisma.cluster.count({ where: { OR: [{ id }, { name }] } });
  if (taken > 0) throw new AlreadyExistsError(`a cluster with id "${id}" or name "${name}" already exists`);
  try {
    if (input.kind === "embedded") {
      // The seed writes cluster objects: the object store's business (raw SQL, one transaction).
      await createEmbeddedCluster(await getSql(), { id, name });
    } else {
      // One statement: the registry row and its revision counter, created together.
      await prisma.cluster.create({
        data: {
          id,
          name,
          kind: input.kind,
          // Secrets are sealed before they reach the database (and its WAL). A JSON object of strings and objects.
          config: sealClusterConfig(id, input.config ?? {}, await getSecretKey()) as Prisma.InputJsonObject,
          revision: { create: {} },
        },
      });
    }
  } catch (e) {
    if (isUniqueViolation(e)) throw new AlreadyExistsError(`a cluster with id "${id}" or name "${name}" already exists`);
    throw e;
  }
  return getCluster(id);
}

/**
 * Removes a cluster and everything stored for it (objects and events cascade). The built-in
 * embedded cluster cannot be removed (BadRequestError). Throws NotFoundError.
 */
export async function removeCluster(clusterId: string): Promise<void> {
  if (clusterId === EMBEDDED_CLUSTER_ID) throw new BadRequestError("the built-in embedded cluster cannot be removed");
  // One transaction: the Cluster row first (its other tables go by ON DELETE CASCADE; this
  // waits for a flow batch that holds the row FOR KEY SHARE to commit), then the flow tables
  // without a foreign key (0130_flow_ingest_no_cluster_fk, 0150_flow_tuple_hour_no_cluster_fk),
  // in statements that see that batch.
  const removed = await (await getSql()).transaction(async (tx) => {
    const r = await tx.query(`DELETE FROM "Cluster" WHERE "id" = $1`, [clusterId]);
    if (r.rowCount === 0) return false;
    for (const table of ["FlowLog", "DnsLog", "FlowRollup", "FlowDayRollup", "FlowTupleHour"]) await tx.query(`DELETE FROM "${table}" WHERE "clusterId" = $1`, [clusterId]);
    return true;
  });
  if (!removed) throw new NotFoundError(`cluster "${clusterId}" not found`);
  backends.get(await getSql())?.delete(clusterId);
  for (const listener of removalListeners) listener(clusterId);
}

/**
 * The backend serving a cluster, as the current request's caller may use it (lib/server/auth/
 * scoped-backend.ts; unrestricted outside a request). Backends are cached per database and
 * cluster id. Throws NotFoundError (no such cluster) or ClusterUnavailableError (no adapter).
 */
export async function getClusterBackend(clusterId: string): Promise<ClusterBackend> {
  const backend = await getUnscopedClusterBackend(clusterId);
  // Inside a request, the caller's permissions apply to everything done through the backend.
  const principal = currentPrincipal();
  return principal === undefined ? backend : scopeBackend(backend, principal);
}

/**
 * The backend without the caller's permissions: only for work done on the system's behalf
 * (background jobs, evaluating policies the caller cannot see but that still apply).
 */
export async function getUnscopedClusterBackend(clusterId: string): Promise<ClusterBackend> {
  const sql = await getSql();
  let cache = backends.get(sql);
  if (!cache) {
    cache = new Map();
    backends.set(sql, cache);
  }
  const cached = cache.get(clusterId);
  if (cached && (clusterId === EMBEDDED_CLUSTER_ID || Date.now() - cached.checkedAt < REGISTRY_RECHECK_MS)) return cached.backend;
  if (cached) {
    const row = await (await getPrisma()).cluster.findUnique({ where: { id: clusterId }, select: { createdAt: true } });
    if (row !== null && row.createdAt.toISOString() === cached.createdAt) {
      cached.checkedAt = Date.now();
      return cached.backend;
    }
    // Removed, or removed and added again, by another console process.
    cache.delete(clusterId);
    for (const listener of removalListeners) listener(clusterId);
  }
  const info = await getCluster(clusterId);
  let backend: ClusterBackend;
  if (info.kind === "embedded") {
    backend = new EmbeddedBackend(sql, info.id);
  } else {
    const factory = factories.get(info.kind);
    if (!factory) throw new ClusterUnavailableError(`no backend is available for ${info.kind} cluster "${info.id}"`);
    backend = await factory(info);
  }
  cache.set(clusterId, { backend, createdAt: info.createdAt, checkedAt: Date.now() });
  return backend;
}

function isUniqueViolation(e: unknown): boolean {
  // Prisma's P2002, or PostgreSQL's 23505 unique_violation from the seed's raw SQL ("code" in e was checked).
  if (e instanceof Prisma.PrismaClientKnownRequestError) return e.code === "P2002";
  return typeof e === "object" && e !== null && "code" in e && (e as { code: unknown }).code === "23505";
}

/**
 * Restores an embedded cluster to the demo seed (for the Settings "reset" action): all objects
 * deleted and re-created, each write recorded as an event by `actor`. Throws NotFoundError, or
 * BadRequestError for a cluster that is not embedded.
 */
export async function resetCluster(clusterId: string, actor: string): Promise<void> {
  const info = await getCluster(clusterId);
  if (info.kind !== "embedded") throw new BadRequestError(`cluster "${clusterId}" is not an embedded cluster and cannot be reset`);
  await resetEmbeddedCluster(await getSql(), clusterId, actor);
}

/**
 * The audit history of an embedded cluster, newest first (who changed what, when, before and
 * after). Throws NotFoundError; BadRequestError for a non-embedded cluster or a bad `before`.
 */
export async function listAuditEvents(clusterId: string, query: AuditQuery = {}): Promise<AuditPage> {
  const info = await getCluster(clusterId);
  if (info.kind !== "embedded") throw new BadRequestError(`cluster "${clusterId}" keeps no audit log in Palisade`);
  return queryAuditEvents(await getSql(), clusterId, query);
}
