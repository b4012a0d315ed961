import { SimulatorPutSchema } from "@/lib/contracts/flows";
import { ClusterParamsSchema } from "@/lib/contracts/params";
import { getSimulatorState, runIntervalNow, setSimulatorPaused } from "@/lib/server/flows/simulator";
import { withRoute } from "@/lib/server/http/with-route";
import { requireUnrestricted } from "@/lib/server/auth/scoped-backend";

/** GET /api/v1/clusters/{cluster}/simulator — the embedded cluster's traffic simulator: paused, interval, last run. */
export const GET = withRoute({ params: ClusterParamsSchema }, async ({ params }) => getSimulatorState(params.cluster));

/** PUT /api/v1/clusters/{cluster}/simulator — pause or resume (`{paused}`), shared by every console process. */
export const PUT = withRoute({ params: ClusterParamsSchema, body: SimulatorPutSchema }, async ({ params, body, principal }) => {
  requireUnrestricted(principal, "pausing or resuming the traffic simulator");
  return setSimulatorPaused(params.cluster, body.paused);
});

/** POST /api/v1/clusters/{cluster}/simulator — run one interval now (ending now); answers after the commit. */
export const POST = withRoute({ params: ClusterParamsSchema }, async ({ params, principal }) => {
  requireUnrestricted(principal, "running the traffic simulator");
  return runIntervalNow(params.cluster);
});
