-- 0080_graph_positions: where the service graph's nodes were, per user, cluster and saved view
-- ("" = the graph page without a saved view), so the picture is the same on every visit and on
-- every console process. "positions" maps a node id (lib/graph/types.ts ids) to {"x","y"} in
-- cytoscape's model coordinates; writes merge into it (jsonb ||), so nodes not on screen keep
-- their place. Rows go with their user and their cluster; a saved view's row is deleted with the
-- view (lib/server/repos/saved-views.ts). Checked against prisma/schema.prisma by
-- lib/server/db/schema-conformance.test.ts.

CREATE TABLE "GraphPositions" (
  "userId"    TEXT           NOT NULL,
  "clusterId" TEXT           NOT NULL,
  "viewId"    TEXT           NOT NULL DEFAULT '',
  "positions" JSONB          NOT NULL,
  "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "GraphPositions_pkey" PRIMARY KEY ("userId", "clusterId", "viewId"),
  CONSTRAINT "GraphPositions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "GraphPositions_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
