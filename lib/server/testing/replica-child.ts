import "server-only";
/**
 * One console process's background side, for the failover test (leader-failover.test.ts): boots
 * the process database from DATABASE_URL (migrations, demo seed — as `npm start` does), starts
 * the background jobs the console starts (flow simulator and retention, alerts), and prints
 * `ROLE leader|follower` on stdout whenever its role changes. The parent kills one with SIGKILL.
 */
import { getSql } from "@/lib/server/db";
import { startAlertJobs } from "@/lib/server/alerts/background";
import { startFlowBackgroundJobs } from "@/lib/server/flows/background";

async function main(): Promise<void> {
  await getSql();
  const flows = startFlowBackgroundJobs();
  startAlertJobs();
  let last = "";
  setInterval(() => {
    const role = flows.isLeader() ? "leader" : "follower";
    if (role !== last) process.stdout.write(`ROLE ${role}\n`);
    last = role;
  }, 200);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
