import * as z from "zod";
import { oidcLoginRedirect } from "@/lib/server/auth/oidc-http";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/oidc/login?next=/path — start OIDC sign-in (authorization code + PKCE); 302 to the identity provider. */
export const GET = withRoute({ public: true, query: z.object({ next: z.string().max(2048).optional() }) }, async ({ req, query }) => oidcLoginRedirect(req, query.next));
