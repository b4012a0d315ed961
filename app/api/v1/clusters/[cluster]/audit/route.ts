import { AuditQuerySchema } from "@/lib/contracts/board";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { queryAuditLog } from "@/lib/server/policy/audit";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/audit — change log of the cluster, filtered and paged (newest first). */
export const GET = withRoute({ params: ClusterParamsSchema, query: AuditQuerySchema }, async ({ params, query }) => queryAuditLog(params.cluster, query));
