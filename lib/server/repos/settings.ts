import "server-only";
/**
 * The "Setting" table (key → JSON value) through Prisma Client: read one value, and merge a patch
 * of fields into a stored JSON object without losing a concurrent writer's fields.
 *
 * The merge is a compare-and-swap on `updatedAt`, the row's version: read the row, write the
 * merged object only where `updatedAt` is still what was read, and read again when another
 * writer got there first. Every write moves `updatedAt` forward by at least a millisecond (the
 * column's precision), so two writes within one millisecond still differ. A missing row is
 * created; losing the race to create it (unique violation) is retried the same way.
 */
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { ConflictError } from "@/lib/errors";
import type { SqlQueryable } from "@/lib/server/db/sql";

/** Attempts before a merge gives up (each lost race means another write went through). */
const MAX_ATTEMPTS = 20;

/** The stored value of a key, or undefined when there is no row. */
export async function readSetting(prisma: PrismaClient, key: string): Promise<unknown> {
  const row = await prisma.setting.findUnique({ where: { key }, select: { value: true } });
  return row?.value ?? undefined;
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

function asObject(v: unknown): Record<string, Prisma.InputJsonValue | null> {
  // A stored JSON object (anything else is replaced by the patch, as `jsonb || object` would).
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, Prisma.InputJsonValue | null>) : {};
}

/**
 * Merges `patch`'s fields into the JSON object stored under `key` (created when missing); fields
 * of the patch that are undefined are left alone. Throws ConflictError when the row keeps
 * changing under it (MAX_ATTEMPTS lost races in a row).
 */
export async function mergeSetting(prisma: PrismaClient, key: string, patch: Readonly<Record<string, unknown>>): Promise<void> {
  // JSON round trip: drops undefined fields and gives the JSON value Prisma stores.
  const fields = JSON.parse(JSON.stringify(patch)) as Record<string, Prisma.InputJsonValue | null>;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await prisma.setting.findUnique({ where: { key } });
    if (current === null) {
      try {
        await prisma.setting.create({ data: { key, value: fields, updatedAt: new Date() } });
        return;
      } catch (e) {
        if (isUniqueViolation(e)) continue;
        throw e;
      }
    }
    const next = new Date(Math.max(Date.now(), current.updatedAt.getTime() + 1));
    const { count } = await prisma.setting.updateMany({
      where: { key, updatedAt: current.updatedAt },
      data: { value: { ...asObject(current.value), ...fields }, updatedAt: next },
    });
    if (count === 1) return;
  }
  throw new ConflictError(`the setting "${key}" kept changing while it was being saved; try again`);
}

/**
 * mergeSetting inside a transaction of raw SQL (one that must commit the setting with its own
 * writes): one upsert merging `patch`'s fields into the stored object (anything else is replaced,
 * as in mergeSetting) under the row's lock, moving `updatedAt` forward by at least a millisecond
 * so a concurrent mergeSetting that read the row before sees it changed and merges again.
 */
export async function mergeSettingIn(tx: SqlQueryable, key: string, patch: Readonly<Record<string, unknown>>): Promise<void> {
  await tx.query(
    `INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ($1, $2::jsonb, now())
     ON CONFLICT ("key") DO UPDATE
       SET "value" = (CASE WHEN jsonb_typeof("Setting"."value") = 'object' THEN "Setting"."value" ELSE '{}'::jsonb END) || EXCLUDED."value",
           "updatedAt" = greatest(now(), "Setting"."updatedAt" + interval '1 millisecond')`,
    // JSON round trip as mergeSetting: undefined fields are dropped, so they leave stored ones alone.
    [key, JSON.stringify(patch)],
  );
}
