import { LoginRequestSchema } from "@/lib/contracts/session";
import { sessionTokenOf } from "@/lib/server/auth/authenticate";
import { buildClearedSessionCookie, buildSessionCookie, isHttpsRequest } from "@/lib/server/auth/cookies";
import { clientAddressOf, recordAuthEvent } from "@/lib/server/auth/auth-events";
import { login } from "@/lib/server/auth/login";
import { deleteSession } from "@/lib/server/auth/sessions";
import { toSessionInfo } from "@/lib/server/http/session-info";
import { json, withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/session — who am I (401 without a valid session or token). */
export const GET = withRoute({}, async ({ principal }) => toSessionInfo(principal));

/** POST /api/v1/session — log in with username and password; sets the session cookie. */
export const POST = withRoute({ public: true, body: LoginRequestSchema }, async ({ req, body }) => {
  const result = await login(body.username, body.password, sessionTokenOf(req), clientAddressOf(req));
  const cookie = buildSessionCookie(result.token, result.expiresAt, isHttpsRequest(req.url, req.headers));
  const info = { user: result.user, via: "session" as const, expiresAt: result.expiresAt.toISOString() };
  return json(info, 200, { "set-cookie": cookie });
});

/** DELETE /api/v1/session — log out: ends the session server-side and clears the cookie. */
export const DELETE = withRoute({ role: "viewer" }, async ({ req, principal }) => {
  const token = principal.via === "session" ? sessionTokenOf(req) : undefined;
  if (token !== undefined) await deleteSession(token);
  await recordAuthEvent({ actor: principal.username, action: "logout", target: `user:${principal.username}`, outcome: "success", clientAddress: clientAddressOf(req) });
  return new Response(null, { status: 204, headers: { "set-cookie": buildClearedSessionCookie(isHttpsRequest(req.url, req.headers)) } });
});
