import { KubeContextsQuerySchema, KubeContextsRequestSchema } from "@/lib/contracts/kube-clusters";
import { withRoute } from "@/lib/server/http/with-route";
import { listKubeContexts } from "@/lib/server/kube/kube-clusters";

/** GET /api/v1/kube-clusters/contexts?path= — the contexts of a kubeconfig file under PALISADE_KUBECONFIG_DIR (admin). */
export const GET = withRoute({ role: "admin", query: KubeContextsQuerySchema }, async ({ query }) => listKubeContexts({ path: query.path }));

/** POST /api/v1/kube-clusters/contexts — the contexts of a pasted kubeconfig, or of a path (admin); reads only, saves nothing. */
export const POST = withRoute({ role: "admin", body: KubeContextsRequestSchema }, async ({ body }) => listKubeContexts(body));
