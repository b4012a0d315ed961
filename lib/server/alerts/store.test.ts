/**
 * The alert tables through Prisma Client, on a fresh database (PGlite, and PostgreSQL when one
 * is available): an evaluation's events, deliveries and state in one transaction; lastFiredAt/lastSummary kept across an `ok` run of the
 * same alert uid and dropped for a new uid; events paged newest first by (time, id) with no row
 * lost or repeated when many events share one time; forgetting alerts that are gone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertEventView } from "@/lib/contracts/alerts";
import { BadRequestError } from "@/lib/errors";
import type { Database } from "@/lib/server/db/open";
import type { TempDatabase } from "@/lib/server/db/testing/temp-database";
import { databaseCases } from "@/lib/server/db/testing/temp-database";
import { forgetAlerts, listAlertEvents, readAlertStates, recordEvaluation } from "@/lib/server/alerts/store";

const CLUSTER = "alerts-store";
let db: Database;

const base = { alertUid: "uid-1", severity: 80, dataSet: "flows", description: "d" };
const drafts = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ summary: `${tag}-${i}`, record: { i, tag }, value: i }));

async function allPages(limit: number, uids: readonly string[], alert?: string): Promise<AlertEventView[]> {
  const out: AlertEventView[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listAlertEvents(db.prisma, CLUSTER, uids, { limit, ...(cursor !== undefined ? { cursor } : {}), ...(alert !== undefined ? { alert } : {}) });
    out.push(...page.items);
    if (page.next === undefined) return out;
    cursor = page.next;
  }
  throw new Error("paging did not end");
}

function suite(name: string, open: () => Promise<TempDatabase>, skipReason?: string): void {
  describe.skipIf(skipReason !== undefined)(`alert store on ${name}${skipReason !== undefined ? ` (skipped: ${skipReason})` : ""}`, () => {
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
    it("records events with pending deliveries and the firing state, in one evaluation", async () => {
      await recordEvaluation(db.prisma, CLUSTER, { ...base, alertName: "a", at: new Date(1_000_000), matched: 3, events: drafts(3, "first"), webhookUrl: "https://hooks.example/a" });
      await recordEvaluation(db.prisma, CLUSTER, { ...base, alertName: "a", at: new Date(2_000_000), matched: 4, events: drafts(4, "second"), webhookUrl: "https://hooks.example/a" });
      const state = (await readAlertStates(db.prisma, CLUSTER)).get("a");
      expect(state).toMatchObject({ state: "firing", eventCount: 4, matchedCount: 4, lastSummary: "second-3", alertUid: "uid-1" });
      expect(state?.lastFiredAt?.getTime()).toBe(2_000_000);
      expect(await db.prisma.alertDelivery.count({ where: { clusterId: CLUSTER, state: "pending", url: "https://hooks.example/a" } })).toBe(7);
    });

    it("pages newest first by (time, id): every event once, in order, each with its delivery", async () => {
      const whole = await allPages(500, ["uid-1"]);
      expect(whole.map((e) => e.summary)).toEqual(["second-3", "second-2", "second-1", "second-0", "first-2", "first-1", "first-0"]);
      for (const limit of [1, 2, 3, 5]) {
        const paged = await allPages(limit, ["uid-1"]);
        expect(paged.map((e) => e.id), `limit ${limit}`).toEqual(whole.map((e) => e.id));
      }
      expect(whole[0]).toMatchObject({ alertName: "a", severity: 80, record: { i: 3, tag: "second" }, value: 3, delivery: { state: "pending", attempts: 0 } });
      expect(whole[0]?.delivery?.nextAttemptAt).toBe(new Date(2_000_000).toISOString());
      // Events of other alert uids (deleted and re-created alerts) are not listed.
      expect(await allPages(10, ["uid-other"])).toEqual([]);
      await expect(listAlertEvents(db.prisma, CLUSTER, ["uid-1"], { limit: 1, cursor: "bm90LWEtY3Vyc29y" })).rejects.toBeInstanceOf(BadRequestError);
    });

    it("keeps when it last fired across an ok run of the same uid, and forgets it for a new uid", async () => {
      await recordEvaluation(db.prisma, CLUSTER, { ...base, alertName: "a", at: new Date(3_000_000), matched: 0, events: [] });
      const ok = (await readAlertStates(db.prisma, CLUSTER)).get("a");
      expect(ok).toMatchObject({ state: "ok", eventCount: 0, lastSummary: "second-3" });
      expect(ok?.lastFiredAt?.getTime()).toBe(2_000_000);
      expect(ok?.lastEvaluatedAt.getTime()).toBe(3_000_000);

      await recordEvaluation(db.prisma, CLUSTER, { ...base, alertUid: "uid-2", alertName: "a", at: new Date(4_000_000), matched: 0, events: [], error: "spec.query: bad" });
      const recreated = (await readAlertStates(db.prisma, CLUSTER)).get("a");
      expect(recreated).toMatchObject({ state: "error", alertUid: "uid-2", error: "spec.query: bad", lastFiredAt: undefined, lastSummary: undefined });
    });

    it("concurrent evaluations of one alert (evaluate now beside the leader) keep the firing run's lastFiredAt", async () => {
      await recordEvaluation(db.prisma, CLUSTER, { ...base, alertName: "c", at: new Date(6_000_000), matched: 0, events: [] });
      await Promise.all([
        recordEvaluation(db.prisma, CLUSTER, { ...base, alertName: "c", at: new Date(7_000_000), matched: 1, events: drafts(1, "fired") }),
        ...Array.from({ length: 4 }, () => recordEvaluation(db.prisma, CLUSTER, { ...base, alertName: "c", at: new Date(7_000_000), matched: 0, events: [] })),
      ]);
      const c = (await readAlertStates(db.prisma, CLUSTER)).get("c");
      expect(c?.lastFiredAt?.getTime()).toBe(7_000_000);
      expect(c?.lastSummary).toBe("fired-0");
    });

    it("forgets the state of alerts that are gone, and all of them for an empty list", async () => {
      await recordEvaluation(db.prisma, CLUSTER, { ...base, alertName: "b", at: new Date(5_000_000), matched: 0, events: [] });
      await forgetAlerts(db.prisma, CLUSTER, ["b"]);
      expect([...(await readAlertStates(db.prisma, CLUSTER)).keys()]).toEqual(["b"]);
      await forgetAlerts(db.prisma, CLUSTER, []);
      expect((await readAlertStates(db.prisma, CLUSTER)).size).toBe(0);
    });
  });
}

for (const c of databaseCases()) suite(c.name, c.open, c.skipReason);
