import "server-only";
/** Test fixtures for the embedded backend: bare clusters and a few valid objects. */
import type { ClusterObject, NamespaceObject, PodObject, WatchEvent } from "@/lib/cluster/backend";
import type { NetworkPolicy, Tier } from "@/lib/calico/types";
import { EmbeddedBackend } from "@/lib/server/cluster/embedded";
import type { Sql } from "@/lib/server/db/sql";

/** Registers an empty embedded cluster (no seed) and returns its backend. */
export async function bareCluster(sql: Sql, id: string, pollIntervalMs = 50): Promise<EmbeddedBackend> {
  await sql.query(`INSERT INTO "Cluster" (id, name, kind) VALUES ($1, $1, 'embedded')`, [id]);
  await sql.query(`INSERT INTO "ClusterRevision" ("clusterId") VALUES ($1)`, [id]);
  return new EmbeddedBackend(sql, id, { pollIntervalMs });
}

export const actor = { actor: "alice" } as const;

export function aNamespace(name: string, labels: Record<string, string> = {}): NamespaceObject {
  return { kind: "Namespace", metadata: { name, labels } };
}

export function aPod(namespace: string, name: string, labels: Record<string, string> = {}): PodObject {
  return { kind: "Pod", metadata: { name, namespace, labels }, spec: { containers: [{ name: "main", image: "busybox" }] } };
}

export function aTier(name: string, order: number): Tier {
  return { kind: "Tier", metadata: { name }, spec: { order } };
}

/** A Calico NetworkPolicy in `tier` (named `<tier>.<name>` as Calico requires outside `default`). */
export function aPolicy(namespace: string, tier: string, name: string, order = 100): NetworkPolicy {
  return {
    kind: "NetworkPolicy",
    metadata: { name: tier === "default" ? name : `${tier}.${name}`, namespace },
    spec: { tier, order, selector: "all()", types: ["Egress"], egress: [{ action: "Allow", protocol: "UDP", destination: { ports: [53] } }] },
  };
}

/** Number of ObjectEvent rows of a cluster. */
export async function countEvents(sql: Sql, clusterId: string): Promise<number> {
  const { rows } = await sql.query<{ n: unknown }>(`SELECT count(*) AS n FROM "ObjectEvent" WHERE "clusterId" = $1`, [clusterId]);
  return Number(rows[0]?.n ?? 0);
}

/** Collects `n` events from a watch, failing after `timeoutMs`; aborts the watch afterwards. */
export async function collectEvents<T = ClusterObject>(
  start: (signal: AbortSignal) => AsyncIterable<WatchEvent<T>>,
  n: number,
  timeoutMs = 5000,
): Promise<WatchEvent<T>[]> {
  const controller = new AbortController();
  const out: WatchEvent<T>[] = [];
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for await (const ev of start(controller.signal)) {
      out.push(ev);
      if (out.length >= n) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return out;
}
