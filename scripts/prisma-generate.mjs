#!/usr/bin/env node
// `npm install` postinstall: generates the Prisma Client into lib/generated/prisma (gitignored).
//
// Prisma's CLI wants to download a schema-engine binary before it runs any command, even
// `generate`, which never uses it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
// (here the running node executable) skips that download, so this works offline, on a fresh
// machine and in CI's `npm ci`. The client itself needs no binary: it talks to PostgreSQL through
// driver adapters (pglite-prisma-adapter, @prisma/adapter-pg). Migrations are ours
// (lib/server/db/migrate.ts), never `prisma migrate`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const cli = join(ROOT, "node_modules", "prisma", "build", "index.js");

if (!existsSync(cli)) {
  // `npm install --omit=dev` has no Prisma CLI; a production install ships a generated client.
  console.warn("[prisma-generate] prisma CLI not installed; skipping client generation");
  process.exit(0);
}

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const r = spawnSync(process.execPath, [cli, "generate", "--schema", join(ROOT, "prisma", "schema.prisma")], {
  cwd: ROOT,
  stdio: "inherit",
  env,
});
process.exit(r.status ?? 1);
