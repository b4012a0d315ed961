import { KubeContextsQuerySchema } from "@/lib/contracts/kube-clusters";
import { withRoute } from "@/lib/server/http/with-route";
import { listKubeContexts } from "@/lib/server/kube/kube-clusters";

/** GET /api/v1/kube-clusters/contexts?path= — the contexts of a kubeconfig file on the server (admin). */
export const GET = withRoute({ role: "admin", query: KubeContextsQuerySchema }, async ({ query }) => listKubeContexts(query.path));
