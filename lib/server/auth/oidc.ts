import "server-only";
/**
 * OIDC sign-in: the authorization code flow with PKCE (RFC 7636, S256), written with fetch,
 * node:crypto and jose (ID token signature checked against the issuer's JWKS).
 *
 *  1. `startOidcLogin`: discovery (`<issuer>/.well-known/openid-configuration`, cached for an
 *     hour), a pending-login row (PKCE verifier, nonce, destination; 10 minutes, single use) and
 *     the redirect to the authorization endpoint. The browser gets the row's id in a short-lived
 *     HttpOnly cookie too, and the callback must present both (the `state` and the cookie), so a
 *     login cannot be started in one browser and finished in another (login CSRF).
 *  2. `finishOidcLogin`: exchanges the code (with the verifier and the client secret, HTTP Basic),
 *     verifies the ID token (signature via JWKS, issuer, audience, expiry, nonce), reads the
 *     groups claim (ID token, else userinfo), maps groups to a role and scopes
 *     (lib/auth/oidc-mapping.ts, the mapping is edited in Settings), creates or updates the user
 *     (source `oidc`; a local user of the same name is never taken over) and opens a session.
 * Every outcome is an audit event.
 */
import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import type { JWTPayload } from "jose";
import { groupsFromClaim, mapGroups, usernameFromClaims } from "@/lib/auth/oidc-mapping";
import { UnauthenticatedError } from "@/lib/errors";
import { recordAuthEvent } from "@/lib/server/auth/auth-events";
import { fromScope } from "@/lib/server/auth/principal";
import { createSession } from "@/lib/server/auth/sessions";
import { oidcEnabled, readOidcSettings } from "@/lib/server/auth/oidc-settings";
import { getPrisma } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/server/log";

/** The cookie carrying the pending login's id between the redirect and the callback. */
export const OIDC_STATE_COOKIE = "palisade-oidc-state";
const PENDING_MS = 10 * 60_000;
const DISCOVERY_TTL_MS = 60 * 60_000;
const HTTP_TIMEOUT_MS = 10_000;
/** An OIDC user's password hash: not in the scrypt format, so no password ever verifies. */
const NO_PASSWORD = "!oidc";

interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly userinfo_endpoint?: string;
}

interface OidcGlobal {
  __palisadeOidc?: { issuer: string; at: number; discovery: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> };
}
const cache = globalThis as typeof globalThis & OidcGlobal;

function stringField(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

async function fetchJson(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS), redirect: "error" });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${new URL(url).origin} answered ${res.status} with a body that is not JSON`);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new Error(`${new URL(url).origin} answered ${res.status} without a JSON object`);
  const obj = body as Record<string, unknown>; // a JSON object, checked just above
  if (!res.ok) throw new Error(`${new URL(url).origin} answered ${res.status}: ${stringField(obj, "error") ?? ""} ${stringField(obj, "error_description") ?? ""}`.trim());
  return obj;
}

/** The issuer's metadata and key set (cached per process for an hour). */
async function discover(): Promise<{ discovery: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }> {
  const issuer = env.PALISADE_OIDC_ISSUER;
  if (issuer === undefined) throw new UnauthenticatedError("OIDC sign-in is not configured");
  const hit = cache.__palisadeOidc;
  if (hit !== undefined && hit.issuer === issuer && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit;
  const meta = await fetchJson(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`);
  const get = (k: string): string => {
    const v = stringField(meta, k);
    if (v === undefined) throw new Error(`the issuer's discovery document has no ${k}`);
    return v;
  };
  const discovery: Discovery = {
    issuer: get("issuer"),
    authorization_endpoint: get("authorization_endpoint"),
    token_endpoint: get("token_endpoint"),
    jwks_uri: get("jwks_uri"),
    ...(stringField(meta, "userinfo_endpoint") !== undefined ? { userinfo_endpoint: get("userinfo_endpoint") } : {}),
  };
  // OIDC Discovery §4.3: the document's issuer must be exactly the configured one.
  if (discovery.issuer.replace(/\/+$/, "") !== issuer.replace(/\/+$/, "")) throw new Error(`the discovery document names issuer ${discovery.issuer}, not ${issuer}`);
  const entry = { issuer, at: Date.now(), discovery, jwks: createRemoteJWKSet(new URL(discovery.jwks_uri)) };
  cache.__palisadeOidc = entry;
  return entry;
}

function base64url(buf: Buffer): string {
  return buf.toString("base64url");
}

/** The callback URL registered with the identity provider for this console's origin. */
export function oidcRedirectUri(origin: string): string {
  return `${origin}/api/v1/oidc/callback`;
}

/** Starts a sign-in: returns the authorization URL and the pending login id for the cookie. */
export async function startOidcLogin(origin: string, next: string): Promise<{ url: string; stateId: string; maxAgeSeconds: number }> {
  if (!oidcEnabled()) throw new UnauthenticatedError("OIDC sign-in is not configured");
  const { discovery } = await discover();
  const stateId = base64url(randomBytes(24));
  const codeVerifier = base64url(randomBytes(32));
  const nonce = base64url(randomBytes(24));
  const prisma = await getPrisma();
  const now = Date.now();
  await prisma.oidcLogin.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await prisma.oidcLogin.create({ data: { id: stateId, codeVerifier, nonce, next, expiresAt: new Date(now + PENDING_MS) } });
  const url = new URL(discovery.authorization_endpoint);
  const scope = ["openid", "profile", "email", ...(env.PALISADE_OIDC_SCOPES?.split(/\s+/).filter((s) => s !== "") ?? [])];
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", env.PALISADE_OIDC_CLIENT_ID ?? "");
  url.searchParams.set("redirect_uri", oidcRedirectUri(origin));
  url.searchParams.set("scope", [...new Set(scope)].join(" "));
  url.searchParams.set("state", stateId);
  url.searchParams.set("nonce", nonce);
  url.searchParams.set("code_challenge", base64url(createHash("sha256").update(codeVerifier).digest()));
  url.searchParams.set("code_challenge_method", "S256");
  return { url: url.toString(), stateId, maxAgeSeconds: PENDING_MS / 1000 };
}

export interface OidcCallback {
  readonly origin: string;
  readonly code: string | undefined;
  readonly state: string | undefined;
  readonly error: string | undefined;
  /** The pending-login id from the cookie. */
  readonly cookieState: string | undefined;
  readonly clientAddress: string;
}

export interface OidcLoginResult {
  readonly token: string;
  readonly expiresAt: Date;
  readonly next: string;
  readonly username: string;
}

/** Finishes a sign-in (see the module comment). Throws UnauthenticatedError with a reason the login page shows. */
export async function finishOidcLogin(cb: OidcCallback): Promise<OidcLoginResult> {
  const fail = async (reason: string, username = "(oidc)"): Promise<never> => {
    await recordAuthEvent({ actor: username, action: "login", target: `user:${username}`, outcome: "failure", clientAddress: cb.clientAddress, detail: { method: "oidc", reason } });
    throw new UnauthenticatedError(`OIDC sign-in failed: ${reason}`);
  };
  if (cb.error !== undefined) return fail(`the identity provider answered ${cb.error.slice(0, 100)}`);
  if (cb.code === undefined || cb.state === undefined) return fail("the callback lacks code or state");
  if (cb.cookieState === undefined || cb.cookieState !== cb.state) return fail("the sign-in was not started in this browser");
  const prisma = await getPrisma();
  const pending = await prisma.oidcLogin.findUnique({ where: { id: cb.state } });
  // Single use: the row goes whether or not the rest succeeds.
  await prisma.oidcLogin.deleteMany({ where: { id: cb.state } });
  if (pending === null || pending.expiresAt.getTime() < Date.now()) return fail("the sign-in expired; start again");

  let claims: JWTPayload;
  let accessToken: string | undefined;
  let discovery: Discovery;
  try {
    const d = await discover();
    discovery = d.discovery;
    const clientId = env.PALISADE_OIDC_CLIENT_ID ?? "";
    const secret = env.PALISADE_OIDC_CLIENT_SECRET;
    const form = new URLSearchParams({ grant_type: "authorization_code", code: cb.code, redirect_uri: oidcRedirectUri(cb.origin), code_verifier: pending.codeVerifier });
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
    if (secret !== undefined) headers["authorization"] = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
    else form.set("client_id", clientId);
    const tokens = await fetchJson(discovery.token_endpoint, { method: "POST", headers, body: form.toString() });
    const idToken = stringField(tokens, "id_token");
    if (idToken === undefined) throw new Error("the token answer has no id_token");
    accessToken = stringField(tokens, "access_token");
    const verified = await jwtVerify(idToken, d.jwks, { issuer: discovery.issuer, audience: clientId, clockTolerance: 30 });
    claims = verified.payload;
  } catch (e) {
    log.warn("OIDC code exchange or ID token check failed", { error: e instanceof Error ? e.message : String(e) });
    return fail(e instanceof Error ? e.message : "the identity provider's answer could not be checked");
  }
  if (claims["nonce"] !== pending.nonce) return fail("the ID token's nonce does not match");

  const claimName = env.PALISADE_OIDC_GROUPS_CLAIM;
  let groups = groupsFromClaim(claims[claimName]);
  if (!(claimName in claims) && accessToken !== undefined && discovery.userinfo_endpoint !== undefined) {
    try {
      const info = await fetchJson(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
      if (info["sub"] === claims.sub) groups = groupsFromClaim(info[claimName]);
    } catch (e) {
      log.warn("OIDC userinfo failed", { error: e instanceof Error ? e.message : String(e) });
    }
  }
  const username = usernameFromClaims(claims);
  if (username === undefined) return fail("the ID token names no user");
  const access = mapGroups(groups, (await readOidcSettings()).mappings);
  if (access === undefined) return fail(`none of the groups (${groups.join(", ") || "none"}) is mapped to a role in Settings`, username);

  const existing = await prisma.user.findUnique({ where: { username } });
  if (existing !== null && existing.source !== "oidc") return fail(`a local user named "${username}" exists`, username);
  if (existing !== null && existing.disabled) return fail("the user is disabled", username);
  const tiers = fromScope(access.tiers ?? "all") ?? Prisma.DbNull;
  const namespaces = fromScope(access.namespaces ?? "all") ?? Prisma.DbNull;
  const user =
    existing === null
      ? await prisma.user.create({ data: { id: crypto.randomUUID(), username, passwordHash: NO_PASSWORD, role: access.role, tiers, namespaces, source: "oidc" } })
      : await prisma.user.update({ where: { id: existing.id }, data: { role: access.role, tiers, namespaces, updatedAt: new Date() } });
  const session = await createSession(user.id);
  await recordAuthEvent({
    actor: username,
    action: "login",
    target: `user:${username}`,
    outcome: "success",
    clientAddress: cb.clientAddress,
    detail: { method: "oidc", groups: access.matched, role: access.role, tiers: access.tiers, namespaces: access.namespaces, created: existing === null },
  });
  return { token: session.token, expiresAt: session.expiresAt, next: pending.next, username };
}
