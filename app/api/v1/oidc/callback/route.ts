import { oidcCallback } from "@/lib/server/auth/oidc-http";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/oidc/callback — the identity provider's redirect back: opens a session and goes on, or back to /login with the reason. */
export const GET = withRoute({ public: true }, async ({ req }) => oidcCallback(req));
