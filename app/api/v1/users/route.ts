import { CreateUserRequestSchema } from "@/lib/contracts/users";
import { createUser, listUsers } from "@/lib/server/auth/users";
import { json, withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/users — every user with role, scopes and state (admin). */
export const GET = withRoute({ role: "admin" }, async () => listUsers());

/** POST /api/v1/users — create a local user `{username, password, role, tiers?, namespaces?}` (admin); 201. */
export const POST = withRoute({ role: "admin", body: CreateUserRequestSchema }, async ({ body, principal }) => json(await createUser(body, principal), 201));
