// Builds the Next.js app when the sources changed since the last build. The fingerprint is a
// hash of every source file that goes into the build, stored beside the build output.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";

const ROOT = new URL("..", import.meta.url).pathname;
const INPUTS = ["app", "components", "lib", "public", "prisma", "next.config.mjs", "proxy.ts", "instrumentation.ts", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "generated", ".data"]);
const STAMP = join(ROOT, ".next", "palisade-build-fingerprint");

function walk(path, hash) {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (SKIP.has(name) || name.endsWith(".test.ts") || name.endsWith(".test.tsx")) continue;
      walk(join(path, name), hash);
    }
    return;
  }
  hash.update(relative(ROOT, path));
  hash.update(readFileSync(path));
}

/**
 * The fingerprint of the current sources and build mode: a build with the browser-test hooks
 * (`NEXT_PUBLIC_PALISADE_TEST_HOOKS=1`, e.g. `window.__palisadeGraph`) is never reused as a
 * production build, nor the other way round.
 */
export function sourceFingerprint({ testHooks = false } = {}) {
  const hash = createHash("sha256");
  hash.update(testHooks ? "test-hooks\n" : "production\n");
  for (const input of INPUTS) walk(join(ROOT, input), hash);
  return hash.digest("hex");
}

/**
 * Runs `next build` unless the last build was made from the same sources in the same mode
 * (`testHooks`: the build the e2e tests run against). Throws on failure.
 */
export function buildIfNeeded({ force = false, testHooks = false } = {}) {
  const fingerprint = sourceFingerprint({ testHooks });
  const built = existsSync(join(ROOT, ".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === fingerprint;
  if (built && !force) return false;
  console.log("[palisade] Building the console (next build)…");
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_PUBLIC_PALISADE_TEST_HOOKS: testHooks ? "1" : "" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  writeFileSync(STAMP, fingerprint);
  return true;
}
