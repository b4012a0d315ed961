import pkg from "@/package.json";
import type { Health } from "@/lib/contracts/health";
import { ensureAdminUser } from "@/lib/server/auth/admin";
import { getDatabase } from "@/lib/server/db";
import { withRoute } from "@/lib/server/http/with-route";

/** GET /api/v1/healthz — public liveness/readiness: opens (migrates, seeds) the database and bootstraps the admin user. */
export const GET = withRoute({ public: true }, async (): Promise<Health> => {
  await getDatabase();
  await ensureAdminUser();
  return { status: "ok", version: pkg.version };
});
