import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getThreatFeedsOverview } from "@/lib/server/threat-feeds/overview";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/clusters/{cluster}/threat-feeds — every GlobalThreatFeed with its sync state, set, selecting policies and denied flows. */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => getThreatFeedsOverview(params.cluster));
