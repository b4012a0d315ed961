// Finds a Chromium for Playwright without downloading one (this machine has no internet but
// the package registries). Order: $CHROMIUM_PATH, Debian's /usr/bin/chromium, Playwright's own
// browser if one happens to be installed; else, when root, installs Debian's `chromium`;
// else fails with the one command that fixes it.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

function playwrightOwn() {
  try {
    // playwright-core is a dev dependency and may be absent in production installs.
    const { chromium } = require("playwright-core");
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Returns a path to a Chromium executable, or undefined. Never installs anything. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH || process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
  }
  for (const c of CANDIDATES) if (existsSync(c)) return c;
  return playwrightOwn();
}

/** Like findChromium, but installs Debian's chromium when running as root; throws with a fix otherwise. */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("[palisade] No Chromium found: installing Debian's chromium with apt-get (one time)…");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    const after = findChromium();
    if (after) return after;
  }
  throw new Error(
    "No Chromium found for the browser tests. Fix: sudo apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium binary).",
  );
}
