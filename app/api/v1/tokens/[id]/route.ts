import { TokenParamsSchema } from "@/lib/contracts/users";
import { revokeToken } from "@/lib/server/auth/token-admin";
import { withRoute } from "@/lib/server/http/with-route";

/** DELETE /api/v1/tokens/{id} — revoke a token (your own; an admin: anyone's); refused at once afterwards; 204. */
export const DELETE = withRoute({ role: "viewer", params: TokenParamsSchema }, async ({ params, principal }) => {
  await revokeToken(principal, params.id);
  return new Response(null, { status: 204 });
});
