import "server-only";
import { randomUUID } from "node:crypto";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { getPrisma } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { log } from "@/lib/server/log";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/server/auth/password";

/** The file the generated admin password is written to, for `npm start` to show. */
export function adminPasswordFile(): string {
  return path.join(env.dataDir, "admin-password.txt");
}

interface AdminGlobal {
  __palisadeAdmin?: Promise<void>;
}
// One bootstrap per process, surviving dev hot reloads; the key is ours alone.
const store = globalThis as typeof globalThis & AdminGlobal;

/**
 * Makes sure the local admin user exists. With PALISADE_ADMIN_PASSWORD set, that password is
 * authoritative: the stored hash is replaced when it does not match. Without it, a password is
 * generated the first time only (an existing admin keeps theirs), printed once to the server log
 * and written to `${dataDir}/admin-password.txt` with mode 0600. Idempotent; runs once per process.
 */
export function ensureAdminUser(): Promise<void> {
  if (store.__palisadeAdmin === undefined) {
    const running = bootstrapAdmin();
    store.__palisadeAdmin = running;
    running.catch(() => {
      if (store.__palisadeAdmin === running) store.__palisadeAdmin = undefined;
    });
  }
  return store.__palisadeAdmin;
}

async function bootstrapAdmin(): Promise<void> {
  const prisma = await getPrisma();
  const username = env.PALISADE_ADMIN_USERNAME;
  const existing = await prisma.user.findUnique({ where: { username } });
  const configured = env.PALISADE_ADMIN_PASSWORD;

  if (configured !== undefined) {
    if (existing === null) {
      await prisma.user.create({ data: { id: randomUUID(), username, passwordHash: await hashPassword(configured), role: "admin" } });
      log.info("admin user created from PALISADE_ADMIN_PASSWORD", { username });
    } else if (!(await verifyPassword(configured, existing.passwordHash))) {
      await prisma.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(configured) } });
      // A changed password ends every session opened with the old one.
      await prisma.session.deleteMany({ where: { userId: existing.id } });
      log.info("admin password updated from PALISADE_ADMIN_PASSWORD", { username });
    }
    return;
  }
  if (existing !== null) return;

  const password = generatePassword();
  try {
    await prisma.user.create({ data: { id: randomUUID(), username, passwordHash: await hashPassword(password), role: "admin" } });
  } catch (e) {
    // Another process created it between our read and write: theirs stands.
    if ((await prisma.user.findUnique({ where: { username } })) !== null) return;
    throw e;
  }
  const file = adminPasswordFile();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, password + "\n", { mode: 0o600 });
  // `mode` only applies to a new file; a leftover one from an older data folder is tightened too.
  await chmod(file, 0o600);
  // Printed once, on purpose: this is how the operator learns the generated password.
  log.info("generated the admin password (shown once; also saved in the data folder)", { username, password, file });
}
