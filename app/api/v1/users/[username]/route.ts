import { UpdateUserRequestSchema, UserParamsSchema } from "@/lib/contracts/users";
import { deleteUser, getUser, updateUser } from "@/lib/server/auth/users";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/users/{username} (admin). */
export const GET = withRoute({ role: "admin", params: UserParamsSchema }, async ({ params }) => getUser(params.username));

/** PATCH /api/v1/users/{username} — role, tiers, namespaces, disabled, password (admin). Disabling or a new password ends the user's sessions and tokens. */
export const PATCH = withRoute({ role: "admin", params: UserParamsSchema, body: UpdateUserRequestSchema }, async ({ params, body, principal }) =>
  updateUser(params.username, body, principal),
);

/** DELETE /api/v1/users/{username} (admin); 204. The last enabled admin cannot be deleted (409). */
export const DELETE = withRoute({ role: "admin", params: UserParamsSchema }, async ({ params, principal }) => {
  await deleteUser(params.username, principal);
  return new Response(null, { status: 204 });
});
