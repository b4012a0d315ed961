import "server-only";
/**
 * The shipper endpoint's service: parse a body, refuse or partially accept bad records, store
 * the good ones, and answer only after the commit.
 */
import type { RecordParseError } from "@/lib/flows";
import { BadRequestError, ValidationError } from "@/lib/errors";
import { getSql } from "@/lib/server/db";
import { getCluster } from "@/lib/server/cluster/registry";
import { parseFlowLogBody } from "@/lib/server/flows/body";
import { env } from "@/lib/server/env";
import { ingestFlowLogs } from "@/lib/server/flows/ingest";

/** The reply to a shipper (sent after COMMIT). */
export interface AcceptReply {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** With partial=true: the records that were not stored and why. */
  readonly errors?: readonly RecordParseError[];
}

/** At most this many errors are listed in a reply (the count in `rejected` is exact). */
const MAX_LISTED_ERRORS = 1000;

/**
 * A 422 whose field errors carry the line and wire field of each bad record (`path` is
 * `line N: field` so generic clients still show something useful).
 */
function rejection(errors: readonly RecordParseError[], total: number): ValidationError {
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => ({ path: `line ${e.line}${e.field !== "" ? `: ${e.field}` : ""}`, line: e.line, field: e.field, message: e.message }));
  return new ValidationError(`${errors.length} of ${total} records are invalid; nothing was stored (send partial=true to store the valid ones)`, listed);
}

/**
 * Accepts a body of flow records for a cluster. Throws NotFoundError (unknown cluster),
 * BadRequestError (empty body), PayloadTooLargeError (more records than PALISADE_MAX_FLOW_RECORDS,
 * or `maxRecords`), ValidationError (bad records without `partial`), or the
 * database error (nothing stored, nothing acknowledged).
 */
export async function acceptFlowLogs(clusterId: string, body: string, options: { readonly partial: boolean; readonly maxRecords?: number }): Promise<AcceptReply> {
  await getCluster(clusterId);
  const parsed = await parseFlowLogBody(body, { maxRecords: options.maxRecords ?? env.PALISADE_MAX_FLOW_RECORDS });
  if (parsed.total === 0) throw new BadRequestError("the body holds no records: send JSON lines or a JSON array of Calico flow-log records");
  if (parsed.errors.length > 0 && !options.partial) throw rejection(parsed.errors, parsed.total);
  const outcome = await ingestFlowLogs(await getSql(), clusterId, parsed.records);
  return {
    ...outcome,
    rejected: parsed.errors.length,
    ...(parsed.errors.length > 0 ? { errors: parsed.errors.slice(0, MAX_LISTED_ERRORS) } : {}),
  };
}
