#!/usr/bin/env node
// `npm test`: the whole suite, in the order that fails fastest — type check, lint, unit and
// integration tests (Vitest), then the end-to-end tests in a real browser (Playwright on the
// system Chromium, against a production build on a free port with a fresh data folder).
// Ends with one line `tests: N passed, N failed, N skipped` summing both runners.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureChromium } from "./find-chromium.mjs";
import { buildIfNeeded } from "./build-if-needed.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const bin = (name) => join(ROOT, "node_modules", ".bin", name);
const reports = mkdtempSync(join(tmpdir(), "palisade-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedSteps = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n━━ ${name}: ${[cmd.split("/").pop(), ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (r.status !== 0) failedSteps.push(name);
  return r.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += j.numPassedTests ?? 0;
  totals.failed += j.numFailedTests ?? 0;
  totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, "utf8")).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}

const only = process.argv[2]; // optional: "unit" or "e2e"

if (!only || only === "unit") {
  step("typecheck", bin("tsc"), ["--noEmit", "-p", "."]);
  step("lint", bin("oxlint"), ["-c", ".oxlintrc.json", "--deny-warnings", "."]);
  const vitestJson = join(reports, "vitest.json");
  step("unit", bin("vitest"), ["run", "--coverage", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
  countVitest(vitestJson);
}

if (!only || only === "e2e") {
  let chromium;
  try {
    chromium = ensureChromium();
  } catch (e) {
    console.error(`\n${e instanceof Error ? e.message : e}`);
    failedSteps.push("e2e (no browser)");
  }
  if (chromium) {
    let built = true;
    try {
      buildIfNeeded({ testHooks: true });
    } catch (e) {
      console.error(String(e));
      failedSteps.push("build");
      built = false;
    }
    if (built) {
      const pwJson = join(reports, "playwright.json");
      step("e2e", bin("playwright"), ["test"], { CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
      countPlaywright(pwJson);
    }
  }
}

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
