import { FlowLogsPostQuerySchema } from "@/lib/contracts/flows";
import { acceptFlowLogs } from "@/lib/server/flows/accept";
import { requireUnrestricted } from "@/lib/server/auth/scoped-backend";
import { json, withRoute } from "@/lib/server/http/with-route";

/**
 * POST /api/v1/flowlogs?cluster=<id>[&partial=true] — ingest Calico flow-log records (JSON lines
 * or a JSON array); answers `{accepted, duplicates, rejected}` only after the commit. Bad records
 * → 422 with `errors[{line, field, message}]` and nothing stored, unless partial=true.
 */
export const POST = withRoute({ query: FlowLogsPostQuerySchema, textBody: true }, async ({ query, body, principal }) => {
  // Records may name any namespace: only a caller without scope limits may ship them.
  requireUnrestricted(principal, "shipping flow logs");
  return json(await acceptFlowLogs(query.cluster, body, { partial: query.partial }), 200);
});
