import { UserParamsSchema } from "@/lib/contracts/users";
import { updateUser } from "@/lib/server/auth/users";
import { withRoute } from "@/lib/server/http/with-route";

/** POST /api/v1/users/{username}/disable — disable a user (admin): sessions and tokens end at once. */
export const POST = withRoute({ role: "admin", params: UserParamsSchema }, async ({ params, principal }) => updateUser(params.username, { disabled: true }, principal));
