import { AuthEventQuerySchema } from "@/lib/contracts/users";
import { listAuthEvents } from "@/lib/server/auth/auth-events";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/auth-events — sign-ins and changes to users, permissions and tokens, newest first (non-admins: their own). */
export const GET = withRoute({ query: AuthEventQuerySchema }, async ({ query, principal }) => listAuthEvents(principal, query));
