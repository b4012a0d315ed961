import { NamespaceParamsSchema } from "@/lib/contracts/params";
import { withRoute } from "@/lib/server/http/with-route";
import { recommendationDetail } from "@/lib/server/recommend/namespaces";

/** GET /api/v1/clusters/{cluster}/recommendations/namespaces/{namespace} — one recommendation: policy, YAML, evidence, impact. */
export const GET = withRoute({ params: NamespaceParamsSchema }, async ({ params }) => recommendationDetail(params.cluster, params.namespace));
