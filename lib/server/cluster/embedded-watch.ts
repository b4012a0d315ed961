import "server-only";
/**
 * Watch for the embedded cluster: replays ObjectEvent rows after a resourceVersion in order,
 * filtered like a list, then follows new writes (in-process wake-up plus polling for other
 * processes). A version older than the cluster's compaction horizon fails with GoneError, as
 * the apiserver answers 410 "too old resource version".
 */
import type { ClusterKind, ClusterObject, WatchEvent, WatchOptions } from "@/lib/cluster/backend";
import { buildObjectFilter, filteredWatchEvent } from "@/lib/cluster/object-filter";
import type { ObjectFilter } from "@/lib/cluster/object-filter";
import { BadRequestError, GoneError } from "@/lib/errors";
import { queryListPage } from "@/lib/server/cluster/list-query";
import { readRevision } from "@/lib/server/cluster/object-store";
import { openFromStorage } from "@/lib/server/cluster/secret-seal";
import { waitForClusterWrite } from "@/lib/server/cluster/write-notifier";
import type { Sql } from "@/lib/server/db/sql";
import { toBigInt } from "@/lib/server/db/sql";

const BATCH = 500;

interface EventRow {
  resourceVersion: unknown;
  type: "ADDED" | "MODIFIED" | "DELETED";
  before: ClusterObject | null;
  after: ClusterObject | null;
}

function withVersion(obj: ClusterObject, rv: bigint): ClusterObject {
  // Only metadata.resourceVersion changes; the variant is kept.
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: rv.toString() } } as ClusterObject;
}

/** The start version of a watch: "" and "0" mean "current state, then changes". */
function parseStart(rv: string): bigint | "now" {
  if (rv === "" || rv === "0") return "now";
  if (!/^\d+$/.test(rv)) throw new BadRequestError(`invalid resourceVersion "${rv}"`);
  return BigInt(rv);
}

export interface WatchParams {
  readonly sql: Sql;
  readonly clusterId: string;
  readonly pollIntervalMs: number;
}

/** Yields the synthetic ADDED events of a "from now" watch and returns the version they are at. */
async function* initialState(p: WatchParams, filter: ObjectFilter): AsyncGenerator<WatchEvent, bigint> {
  const { at, items } = await p.sql.transaction(async (tx) => {
    const rev = await readRevision(tx, p.clusterId);
    const page = await queryListPage(tx, { clusterId: p.clusterId, filter, at: rev.current });
    return { at: rev.current, items: page.items };
  });
  for (const object of items) yield { type: "ADDED", object };
  return at;
}

/** See the module comment. Ends when `options.signal` aborts. Throws GoneError, BadRequestError. */
export async function* watchEmbedded<K extends ClusterKind>(p: WatchParams, kind: K, options: WatchOptions): AsyncGenerator<WatchEvent> {
  const filter = buildObjectFilter(kind, options);
  const start = parseStart(options.resourceVersion);
  let from = start === "now" ? yield* initialState(p, filter) : start;
  const signal = options.signal;
  while (!signal?.aborted) {
    const { rows } = await p.sql.query<EventRow>(
      `SELECT "resourceVersion", "type", "before", "after" FROM "ObjectEvent"
        WHERE "clusterId" = $1 AND "kind" = $2 AND "resourceVersion" > $3
        ORDER BY "resourceVersion" LIMIT ${BATCH}`,
      [p.clusterId, kind, from.toString()],
    );
    // Read the horizon after the events: compaction moves it before deleting anything, so a
    // batch with holes is always caught here.
    const rev = await readRevision(p.sql, p.clusterId);
    if (from < rev.compacted) throw new GoneError(`too old resource version: ${from} (${rev.compacted})`);
    for (const row of rows) {
      const rv = toBigInt(row.resourceVersion);
      from = rv;
      const ev = filteredWatchEvent(await openFromStorage(p.clusterId, row.before), await openFromStorage(p.clusterId, row.after), filter);
      if (ev) yield { type: ev.type, object: withVersion(ev.object, rv) };
      if (signal?.aborted) return;
    }
    if (rows.length < BATCH) await waitForClusterWrite(p.clusterId, p.pollIntervalMs, signal);
  }
}
