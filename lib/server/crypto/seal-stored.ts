import "server-only";
/**
 * The data migration that seals cluster secrets stored in plain text by older versions. SQL
 * migrations cannot do it (the key never enters the database), so it runs in code at every
 * start, after the SQL migrations, under an advisory lock; it is idempotent and costs one small
 * SELECT when there is nothing to do.
 *
 * After rewriting rows it runs `VACUUM FULL "Cluster"` (the table is rewritten into new files,
 * so the old plaintext tuples leave the heap) and `CHECKPOINT` (so the WAL that still holds them
 * can be recycled). WAL segments already written keep their bytes until PostgreSQL reuses them.
 */
import { withAdvisoryLock } from "@/lib/server/db/advisory-lock";
import type { Sql } from "@/lib/server/db/sql";
import { hasPlaintextSecrets, sealClusterConfig } from "@/lib/server/crypto/cluster-secrets";

const LOCK_NAME = "palisade:seal-secrets";

/** Seals every plaintext secret in the cluster registry; returns how many clusters changed. Throws database errors. */
export async function sealStoredSecrets(sql: Sql, key: Uint8Array): Promise<number> {
  const outcome = await withAdvisoryLock(sql, LOCK_NAME, async (session) => {
    const { rows } = await session.query<{ id: string; config: unknown }>(`SELECT id, config FROM "Cluster" WHERE kind <> 'embedded'`);
    let changed = 0;
    for (const row of rows) {
      if (!hasPlaintextSecrets(row.config)) continue;
      await session.query(`UPDATE "Cluster" SET config = $2::jsonb WHERE id = $1`, [row.id, JSON.stringify(sealClusterConfig(row.id, row.config, key))]);
      changed++;
    }
    return changed;
  });
  const changed = outcome.acquired ? outcome.value : 0;
  if (changed > 0) {
    await sql.exec(`VACUUM FULL "Cluster"`);
    // CHECKPOINT needs superuser (or pg_checkpoint) on a shared PostgreSQL server; without it
    // the WAL is recycled at the server's next checkpoint instead.
    await sql.exec("CHECKPOINT").catch(() => undefined);
  }
  return changed;
}
