-- 0004_saved_views: named views of a console page, per user and cluster. The service graph saves
-- its filters, expanded namespaces, focus and viewport here (lib/contracts/saved-views.ts is the
-- shape of "state"); one row per (user, cluster, page, name), so saving under an existing name
-- replaces that view. Rows go with their user and their cluster. Hand-written; checked against
-- prisma/schema.prisma by lib/server/db/schema-conformance.test.ts.
--
-- Numbered 0004 although 0003 may land later (recommendations): the runner applies every
-- migration it has not applied yet, in name order, so a late 0003 still runs once.

CREATE TABLE "SavedView" (
  "id"        TEXT           NOT NULL,
  "userId"    TEXT           NOT NULL,
  "clusterId" TEXT           NOT NULL,
  "page"      TEXT           NOT NULL,
  "name"      TEXT           NOT NULL,
  "state"     JSONB          NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "SavedView_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "SavedView_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "SavedView_page_check" CHECK ("page" IN ('graph')),
  CONSTRAINT "SavedView_name_check" CHECK (char_length("name") BETWEEN 1 AND 100)
);
CREATE UNIQUE INDEX "SavedView_userId_clusterId_page_name_key" ON "SavedView" ("userId", "clusterId", "page", "name");
