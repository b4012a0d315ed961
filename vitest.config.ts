import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "bin/**/*.test.ts", "cli/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts?(x)"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ["server-only"] } },
    alias: { "server-only": path.resolve(__dirname, "lib/testing/server-only-stub.ts") },
    // The house coverage gate on the pure domain core (CONTRIBUTING.md §7); npm test runs with --coverage.
    coverage: {
      provider: "v8",
      include: ["lib/**/*.ts"],
      exclude: ["lib/server/**", "lib/hooks/**", "lib/testing/**", "lib/generated/**", "**/*.test.ts", "**/fixtures/**"],
      thresholds: { lines: 90, branches: 85 },
      reporter: ["text-summary"],
    },
  },
});
