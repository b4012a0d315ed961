-- 0001_init: clusters, the embedded cluster's object store and event log, users, sessions,
-- settings, API tokens. Hand-written; lib/server/db/schema-conformance.test.ts checks it against
-- prisma/schema.prisma. Applied by lib/server/db/migrate.ts inside one transaction.

CREATE TABLE "Cluster" (
  "id"        TEXT         NOT NULL,
  "name"      TEXT         NOT NULL,
  "kind"      TEXT         NOT NULL,
  "config"    JSONB        NOT NULL DEFAULT '{}',
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Cluster_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Cluster_kind_check" CHECK ("kind" IN ('embedded', 'kubernetes'))
);
CREATE UNIQUE INDEX "Cluster_name_key" ON "Cluster" ("name");

CREATE TABLE "ClusterRevision" (
  "clusterId" TEXT   NOT NULL,
  "current"   BIGINT NOT NULL DEFAULT 0,
  "compacted" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "ClusterRevision_pkey" PRIMARY KEY ("clusterId"),
  CONSTRAINT "ClusterRevision_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "ClusterRevision_order_check" CHECK ("compacted" >= 0 AND "compacted" <= "current")
);

CREATE TABLE "ClusterObject" (
  "uid"             UUID         NOT NULL,
  "clusterId"       TEXT         NOT NULL,
  "kind"            TEXT         NOT NULL,
  "namespace"       TEXT         NOT NULL DEFAULT '',
  "name"            TEXT         NOT NULL,
  "resourceVersion" BIGINT       NOT NULL,
  "labels"          JSONB        NOT NULL DEFAULT '{}',
  "object"          JSONB        NOT NULL,
  "createdAt"       TIMESTAMPTZ(3) NOT NULL,
  "updatedAt"       TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "ClusterObject_pkey" PRIMARY KEY ("uid"),
  CONSTRAINT "ClusterObject_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ClusterObject_clusterId_kind_namespace_name_key" ON "ClusterObject" ("clusterId", "kind", "namespace", "name");
CREATE INDEX "ClusterObject_clusterId_resourceVersion_idx" ON "ClusterObject" ("clusterId", "resourceVersion");

CREATE TABLE "ObjectEvent" (
  "id"              BIGSERIAL    NOT NULL,
  "clusterId"       TEXT         NOT NULL,
  "resourceVersion" BIGINT       NOT NULL,
  "type"            TEXT         NOT NULL,
  "kind"            TEXT         NOT NULL,
  "namespace"       TEXT         NOT NULL DEFAULT '',
  "name"            TEXT         NOT NULL,
  "actor"           TEXT         NOT NULL,
  "at"              TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "before"          JSONB,
  "after"           JSONB,
  CONSTRAINT "ObjectEvent_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ObjectEvent_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "ObjectEvent_type_check" CHECK ("type" IN ('ADDED', 'MODIFIED', 'DELETED')),
  -- ADDED has no before, DELETED no after, MODIFIED both.
  CONSTRAINT "ObjectEvent_shape_check" CHECK (
    ("type" = 'ADDED' AND "before" IS NULL AND "after" IS NOT NULL) OR
    ("type" = 'MODIFIED' AND "before" IS NOT NULL AND "after" IS NOT NULL) OR
    ("type" = 'DELETED' AND "before" IS NOT NULL AND "after" IS NULL)
  )
);
CREATE UNIQUE INDEX "ObjectEvent_clusterId_resourceVersion_key" ON "ObjectEvent" ("clusterId", "resourceVersion");
CREATE INDEX "ObjectEvent_clusterId_kind_resourceVersion_idx" ON "ObjectEvent" ("clusterId", "kind", "resourceVersion");
CREATE INDEX "ObjectEvent_clusterId_at_idx" ON "ObjectEvent" ("clusterId", "at");

CREATE TABLE "User" (
  "id"           TEXT         NOT NULL,
  "username"     TEXT         NOT NULL,
  "passwordHash" TEXT         NOT NULL,
  "role"         TEXT         NOT NULL,
  "createdAt"    TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "User_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "User_role_check" CHECK ("role" IN ('admin', 'editor', 'viewer'))
);
CREATE UNIQUE INDEX "User_username_key" ON "User" ("username");

CREATE TABLE "Session" (
  "id"        TEXT         NOT NULL,
  "userId"    TEXT         NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expiresAt" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "Session_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Session_userId_idx" ON "Session" ("userId");
CREATE INDEX "Session_expiresAt_idx" ON "Session" ("expiresAt");

CREATE TABLE "Setting" (
  "key"       TEXT         NOT NULL,
  "value"     JSONB        NOT NULL,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "ApiToken" (
  "id"         TEXT         NOT NULL,
  "name"       TEXT         NOT NULL,
  "tokenHash"  TEXT         NOT NULL,
  "userId"     TEXT,
  "createdAt"  TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "lastUsedAt" TIMESTAMPTZ(3),
  CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken" ("tokenHash");
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken" ("userId");
