import { FlowLogsPostQuerySchema } from "@/lib/contracts/flows";
import { acceptFlowLogs } from "@/lib/server/flows/accept";
import { env } from "@/lib/server/env";
import { requireUnrestricted } from "@/lib/server/auth/scoped-backend";
import { json, withRoute } from "@/lib/server/http/with-route";

/**
 * POST /api/v1/flowlogs?cluster=<id>[&partial=true] — ingest Calico flow-log records (JSON lines
 * or a JSON array); answers `{accepted, duplicates, rejected}` only after the commit. Bad records
 * → 422 with `errors[{line, field, message}]` and nothing stored, unless partial=true; a body over
 * PALISADE_MAX_FLOW_BODY_BYTES → 413 before it is read, more than PALISADE_MAX_FLOW_RECORDS
 * records → 413 as soon as the next one is seen. Records are parsed in slices that yield.
 */
export const POST = withRoute({ query: FlowLogsPostQuerySchema, textBody: true, maxBodyBytes: env.PALISADE_MAX_FLOW_BODY_BYTES }, async ({ query, body, principal }) => {
  // Records may name any namespace: only a caller without scope limits may ship them.
  requireUnrestricted(principal, "shipping flow logs");
  return json(await acceptFlowLogs(query.cluster, body, { partial: query.partial }), 200);
});
