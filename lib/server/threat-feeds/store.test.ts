/**
 * The threat-feed state table through Prisma Client, on a fresh database (PGlite, and PostgreSQL
 * when one is available): a failed pull keeps the last good entries of the same feed uid, a
 * re-created feed (new uid) starts over, "sync now" survives a pull of the same uid and is
 * dropped for a new one, a "sync now" before the first pull creates the row, forgetting feeds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/open";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { databaseCases } from "@/lib/server/db/testing/temp-database";
import { forgetFeeds, readFeedStates, recordPull, requestFeedSync } from "@/lib/server/threat-feeds/store";

const CLUSTER = "feeds-store";
let db: Database;

const t = (s: number): Date => new Date(s * 1000);
const failed = { type: "PullFailed", message: "HTTP 503" };

function suite(name: string, open: () => Promise<TempDatabase>, skipReason?: string): void {
  describe.skipIf(skipReason !== undefined)(`threat-feed store on ${name}${skipReason !== undefined ? ` (skipped: ${skipReason})` : ""}`, () => {
    let dispose: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      const opened = await open();
      db = opened;
      dispose = () => opened.dispose();
      await db.prisma.cluster.create({ data: { id: CLUSTER, name: CLUSTER, kind: "embedded" } });
    }, 120_000);
    afterAll(async () => {
      await dispose();
    });

    it("stores a successful pull, then keeps its entries through a failed one", async () => {
      await recordPull(db.prisma, CLUSTER, { feedName: "f", feedUid: "u1", specKey: "k1", at: t(100), success: { entries: ["198.51.100.1/32", "203.0.113.0/24"], skipped: 1 }, errorConditions: [] });
      await recordPull(db.prisma, CLUSTER, { feedName: "f", feedUid: "u1", specKey: "k2", at: t(200), errorConditions: [failed] });
      const row = (await readFeedStates(db.prisma, CLUSTER)).get("f");
      expect(row).toMatchObject({ feedUid: "u1", specKey: "k2", entryCount: 2, skippedCount: 1, entries: ["198.51.100.1/32", "203.0.113.0/24"], errorConditions: [failed] });
      expect(row?.lastSuccessfulSync?.getTime()).toBe(100_000);
      expect(row?.lastAttemptAt?.getTime()).toBe(200_000);
    });

    it("keeps a sync request through a pull of the same uid, and drops everything for a new uid", async () => {
      await requestFeedSync(db.prisma, CLUSTER, "f", "u1", t(250));
      await recordPull(db.prisma, CLUSTER, { feedName: "f", feedUid: "u1", specKey: "k2", at: t(260), errorConditions: [failed] });
      expect((await readFeedStates(db.prisma, CLUSTER)).get("f")?.syncRequestedAt?.getTime()).toBe(250_000);

      await recordPull(db.prisma, CLUSTER, { feedName: "f", feedUid: "u2", specKey: "k3", at: t(300), errorConditions: [failed] });
      const row = (await readFeedStates(db.prisma, CLUSTER)).get("f");
      expect(row).toMatchObject({ feedUid: "u2", entryCount: 0, entries: [], lastSuccessfulSync: undefined, syncRequestedAt: undefined });
    });

    it("creates the row on a sync request before the first pull, which then fills it", async () => {
      await requestFeedSync(db.prisma, CLUSTER, "g", "ug", t(400));
      expect((await readFeedStates(db.prisma, CLUSTER)).get("g")).toMatchObject({ feedUid: "ug", entryCount: 0, lastAttemptAt: undefined });
      await recordPull(db.prisma, CLUSTER, { feedName: "g", feedUid: "ug", specKey: "k", at: t(410), success: { entries: ["example.com"], skipped: 0 }, errorConditions: [] });
      const row = (await readFeedStates(db.prisma, CLUSTER)).get("g");
      expect(row).toMatchObject({ entries: ["example.com"], entryCount: 1 });
      expect(row?.syncRequestedAt?.getTime()).toBe(400_000);
    });

    it("forgets feeds that are gone", async () => {
      await forgetFeeds(db.prisma, CLUSTER, ["g"]);
      expect([...(await readFeedStates(db.prisma, CLUSTER)).keys()]).toEqual(["g"]);
    });
  });
}

for (const c of databaseCases()) suite(c.name, c.open, c.skipReason);
