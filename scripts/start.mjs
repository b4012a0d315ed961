#!/usr/bin/env node
// `npm start`: builds the console if the sources changed, starts it on the embedded demo
// cluster (or DATABASE_URL), and prints where to open it and how to log in.
import { setTimeout as sleep } from "node:timers/promises";
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildIfNeeded } from "./build-if-needed.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOSTNAME ?? "127.0.0.1";
const dataDir = resolve(ROOT, process.env.PALISADE_DATA_DIR ?? ".data");

try {
  buildIfNeeded();
} catch (e) {
  console.error(`[palisade] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

// The data folder holds the database, the admin password and the secret key: owner-only, and
// so is everything the server creates (the child inherits the umask; the server repairs the rest).
process.umask(0o077);
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
chmodSync(dataDir, 0o700);

// V8's young generation grows to 2 × 16 MB semi-spaces under the simulator's steady allocation
// and stays there; capped at 8 MB the idle server holds ~15–30 MB less (measured with the
// startup-memory bench: 332/332/320 MB vs 362/369/334 MB at 20/60/100 s idle), for more
// frequent but smaller scavenges.
const child = spawn(process.execPath, ["--max-semi-space-size=8", join(ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", host], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PALISADE_DATA_DIR: dataDir },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// Wait for the health endpoint (which also applies migrations and seeds the demo cluster), then say how to log in.
const url = `http://${host}:${port}`;
const deadline = Date.now() + 120_000;
async function announce() {
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/api/v1/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  const pwFile = join(dataDir, "admin-password.txt");
  const how = process.env.PALISADE_ADMIN_PASSWORD
    ? "the password in PALISADE_ADMIN_PASSWORD"
    : existsSync(pwFile)
      ? `password ${readFileSync(pwFile, "utf8").trim()} (saved in ${pwFile})`
      : `the password printed above (also saved in ${pwFile})`;
  console.log(`\n[palisade] Console ready at ${url}  —  log in as admin with ${how}\n`);
}
void announce();
