import { IssueTokenRequestSchema } from "@/lib/contracts/users";
import { issueToken, listTokens } from "@/lib/server/auth/token-admin";
import { json, withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/tokens — your API tokens (an admin sees everyone's): id, name, role, scopes, createdAt, expiresAt, lastUsedAt. */
export const GET = withRoute({}, async ({ principal }) => listTokens(principal));

/**
 * POST /api/v1/tokens — issue a token acting as the caller, with a role and scopes at most the
 * caller's and an expiry (`expiresInDays`, default 90, at most 365); the secret is returned once.
 */
export const POST = withRoute({ role: "viewer", body: IssueTokenRequestSchema }, async ({ body, principal }) => json(await issueToken(principal, body), 201));
