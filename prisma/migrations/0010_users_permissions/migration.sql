-- 0010_users_permissions: users with scopes, API token lifecycle, database login throttling,
-- the authentication audit log and OIDC sign-in state. Hand-written; checked against
-- prisma/schema.prisma by lib/server/db/schema-conformance.test.ts.
--
-- User: "disabled" ends every session and token at once (they are deleted when it is set) and
-- refuses new ones; "tiers" / "namespaces" are JSON arrays of names, NULL meaning every tier /
-- namespace (see lib/auth/permissions.ts); "source" is how the user signs in ('local' password
-- or 'oidc', whose passwordHash never verifies).
ALTER TABLE "User" ADD COLUMN "disabled"   BOOLEAN        NOT NULL DEFAULT false;
ALTER TABLE "User" ADD COLUMN "tiers"      JSONB;
ALTER TABLE "User" ADD COLUMN "namespaces" JSONB;
ALTER TABLE "User" ADD COLUMN "source"     TEXT           NOT NULL DEFAULT 'local';
ALTER TABLE "User" ADD COLUMN "updatedAt"  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "User" ADD CONSTRAINT "User_source_check" CHECK ("source" IN ('local', 'oidc'));

-- ApiToken: its own role and scopes (never above its creator's when issued, and cut down to the
-- user's current ones on every use), and an expiry. NULL role / scopes: those of its user (a
-- token without a user: viewer). Tokens issued before this migration get a fresh 90-day expiry;
-- a row written without an expiry expires 90 days after its creation (lib/server/auth/api-tokens.ts).
ALTER TABLE "ApiToken" ADD COLUMN "role"       TEXT;
ALTER TABLE "ApiToken" ADD COLUMN "tiers"      JSONB;
ALTER TABLE "ApiToken" ADD COLUMN "namespaces" JSONB;
ALTER TABLE "ApiToken" ADD COLUMN "expiresAt"  TIMESTAMPTZ(3);
UPDATE "ApiToken" SET "expiresAt" = CURRENT_TIMESTAMP + INTERVAL '90 days';
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_role_check" CHECK ("role" IN ('admin', 'editor', 'viewer'));
CREATE INDEX "ApiToken_expiresAt_idx" ON "ApiToken" ("expiresAt");

-- LoginThrottle: failed sign-ins per key ('user:<name>' or 'addr:<client address>'). Shared by
-- every replica on the same database and kept across restarts. The delay grows with the
-- failures but is capped, so nobody can lock a user out for good.
CREATE TABLE "LoginThrottle" (
  "key"           TEXT           NOT NULL,
  "failures"      INTEGER        NOT NULL DEFAULT 0,
  "lastFailureAt" TIMESTAMPTZ(3) NOT NULL,
  "blockedUntil"  TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- AuthEvent: who changed users, permissions, tokens and settings of sign-in, and every sign-in
-- (success and failure). Kept apart from ObjectEvent, which is per cluster.
CREATE TABLE "AuthEvent" (
  "id"            BIGSERIAL      NOT NULL,
  "at"            TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "actor"         TEXT           NOT NULL,
  "action"        TEXT           NOT NULL,
  "target"        TEXT           NOT NULL,
  "outcome"       TEXT           NOT NULL,
  "clientAddress" TEXT,
  "detail"        JSONB          NOT NULL DEFAULT '{}',
  CONSTRAINT "AuthEvent_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AuthEvent_outcome_check" CHECK ("outcome" IN ('success', 'failure'))
);
CREATE INDEX "AuthEvent_at_idx" ON "AuthEvent" ("at");

-- OidcLogin: one pending authorization-code sign-in (the browser carries only its random id in
-- a cookie): the PKCE verifier, the nonce and where to go afterwards. Deleted when used.
CREATE TABLE "OidcLogin" (
  "id"           TEXT           NOT NULL,
  "codeVerifier" TEXT           NOT NULL,
  "nonce"        TEXT           NOT NULL,
  "next"         TEXT           NOT NULL,
  "expiresAt"    TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "OidcLogin_pkey" PRIMARY KEY ("id")
);
