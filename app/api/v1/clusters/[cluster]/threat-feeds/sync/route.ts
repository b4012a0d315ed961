import { ClusterParamsSchema } from "@/lib/contracts/params";
import { ThreatFeedSyncSchema } from "@/lib/contracts/threat-feeds";
import { requestThreatFeedSync } from "@/lib/server/threat-feeds/overview";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/clusters/{cluster}/threat-feeds/sync — "sync now": the puller pulls the feed `{name}` on its next tick (within seconds). */
export const POST = withRoute({ params: ClusterParamsSchema, body: ThreatFeedSyncSchema }, async ({ params, body }) => requestThreatFeedSync(params.cluster, body.name));
