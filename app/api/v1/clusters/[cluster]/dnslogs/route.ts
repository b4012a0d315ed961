import { DnsLogQuerySchema } from "@/lib/contracts/flows";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { listDnsLogs } from "@/lib/server/flows/dns";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/dnslogs — stored DNS logs, newest first, keyset-paged. */
export const GET = withRoute({ params: ClusterParamsSchema, query: DnsLogQuerySchema }, async ({ params, query }) => listDnsLogs(params.cluster, query));
