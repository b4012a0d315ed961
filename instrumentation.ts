/**
 * Next's start-up hook: on the Node.js server, open the database (migrations, demo seed) and
 * bootstrap the admin user at boot, so a generated password is printed and saved before anyone
 * asks for /login. Skipped while `next build` prerenders (no database at build time).
 *
 * Next serves no request until `register()` resolves, so the database boot runs in the
 * background: the routes that need it wait for the same promise (the health route and login call
 * `ensureAdminUser`, everything else `getDatabase`), and meanwhile the server is already
 * listening and loading the first requests' route code.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Every file this process creates is private (umask 077); the database's start repairs the rest.
  (await import("@/lib/server/data-dir")).restrictUmask();
  await import("@/lib/server/kube/register");
  void boot();
}

async function boot(): Promise<void> {
  const { log, toErrorFields } = await import("@/lib/server/log");
  try {
    const { ensureAdminUser } = await import("@/lib/server/auth/admin");
    try {
      await ensureAdminUser();
    } catch (error) {
      // The server keeps running: /api/v1/healthz reports the problem and retries on each call.
      log.error("start-up: could not bootstrap the admin user", { error: toErrorFields(error) });
    }
    const { backgroundJobsEnabled, startFlowBackgroundJobs } = await import("@/lib/server/flows/background");
    if (backgroundJobsEnabled()) {
      const { getSql } = await import("@/lib/server/db");
      const { startClusterBackgroundJobs } = await import("@/lib/server/cluster/background");
      startClusterBackgroundJobs(await getSql(), (e) => log.error("background job failed", { job: "cluster-compaction", error: toErrorFields(e) }));
      startFlowBackgroundJobs();
      const { startRecommendationJobs } = await import("@/lib/server/recommend/background");
      startRecommendationJobs();
      (await import("@/lib/server/alerts/background")).startAlertJobs();
      (await import("@/lib/server/threat-feeds/background")).startThreatFeedJobs();
    }
  } catch (error) {
    log.error("start-up: could not start the background jobs", { error: toErrorFields(error) });
  }
}
