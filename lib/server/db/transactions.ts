import "server-only";
/**
 * Options of every Prisma interactive transaction (`prisma.$transaction(fn, PRISMA_TX_OPTIONS)`).
 * Prisma's defaults (wait 2 s to start, 5 s to finish) are too short here: on PGlite one
 * connection serves everything, so a transaction waits to start behind any running statement (a
 * large flow ingest, a seed), and a loaded 2-core machine stretches both. A transaction that
 * cannot start or finish in time still fails (rolled back) instead of hanging.
 */
export const PRISMA_TX_OPTIONS = { maxWait: 30_000, timeout: 60_000 } as const;
