import { TestKubeConnectionRequestSchema } from "@/lib/contracts/kube-clusters";
import { withRoute } from "@/lib/server/http/with-route";
import { testKubeConnection } from "@/lib/server/kube/kube-clusters";

/** POST /api/v1/kube-clusters/test — connect and discover what the cluster serves, saving nothing (admin). */
export const POST = withRoute({ role: "admin", body: TestKubeConnectionRequestSchema }, async ({ body }) => testKubeConnection(body.connection));
