import "server-only";
/**
 * Test helper: a throwaway PostgreSQL server for integration tests that must run against the
 * real thing. Uses PALISADE_TEST_DATABASE_URL when set (each `createDatabase` then makes a new
 * database on that server); otherwise starts PostgreSQL from the binaries of the Debian packages
 * (/usr/lib/postgresql/<major>/bin) in a temporary folder, listening on 127.0.0.1 only with trust
 * auth on a free port. PostgreSQL refuses to run as root, so as root the server runs as the
 * `postgres` user (runuser). When neither is available, `findPostgres()` explains why, and tests
 * skip with that message.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export interface PostgresServer {
  /** A URL of the server's maintenance database (`postgres`). */
  readonly adminUrl: string;
  /** Creates a new empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server we started (no-op for an external one) and removes its folder. */
  stop(): Promise<void>;
}

export type PostgresAvailability = { readonly available: true; readonly binDir?: string; readonly url?: string } | { readonly available: false; readonly reason: string };

/** Where a test PostgreSQL comes from, or why there is none. */
export function findPostgres(): PostgresAvailability {
  const url = process.env.PALISADE_TEST_DATABASE_URL?.trim();
  if (url) return { available: true, url };
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return { available: false, reason: "no PostgreSQL binaries (/usr/lib/postgresql) and PALISADE_TEST_DATABASE_URL is not set" };
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const binDir = path.join(root, major, "bin");
    if (existsSync(path.join(binDir, "pg_ctl")) && existsSync(path.join(binDir, "initdb"))) {
      if (process.getuid?.() === 0 && spawnSync("id", ["-u", "postgres"]).status !== 0) {
        return { available: false, reason: "running as root but there is no `postgres` user to run PostgreSQL as" };
      }
      return { available: true, binDir };
    }
  }
  return { available: false, reason: "no pg_ctl/initdb under /usr/lib/postgresql/*/bin and PALISADE_TEST_DATABASE_URL is not set" };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function runAsPostgres(cmd: string, args: readonly string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, [...args]];
  execFileSync(file, argv, { stdio: "pipe", timeout: 60_000 });
}

async function makeDatabase(adminUrl: string): Promise<string> {
  const name = `palisade_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Starts (or connects to) a PostgreSQL for tests. Throws when `findPostgres()` says none is available. */
export async function startPostgres(): Promise<PostgresServer> {
  const found = findPostgres();
  if (!found.available) throw new Error(found.reason);
  if (found.url) {
    const adminUrl = found.url;
    return { adminUrl, createDatabase: () => makeDatabase(adminUrl), stop: async () => undefined };
  }
  const binDir = found.binDir ?? "";
  const dir = mkdtempSync(path.join(tmpdir(), "palisade-pg-"));
  const dataDir = path.join(dir, "data");
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  runAsPostgres(path.join(binDir, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "-N"]);
  runAsPostgres(path.join(binDir, "pg_ctl"), [
    "-D",
    dataDir,
    "-l",
    path.join(dir, "server.log"),
    "-w",
    "-t",
    "60",
    "-o",
    `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c full_page_writes=off -c max_connections=100`,
    "start",
  ]);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    createDatabase: () => makeDatabase(adminUrl),
    async stop(): Promise<void> {
      try {
        runAsPostgres(path.join(binDir, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
