import { ResetPasswordRequestSchema, UserParamsSchema } from "@/lib/contracts/users";
import { updateUser } from "@/lib/server/auth/users";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/users/{username}/password — set a new password (admin); ends the user's sessions and tokens; 204. */
export const POST = withRoute({ role: "admin", params: UserParamsSchema, body: ResetPasswordRequestSchema }, async ({ params, body, principal }) => {
  await updateUser(params.username, { password: body.password }, principal);
  return new Response(null, { status: 204 });
});
