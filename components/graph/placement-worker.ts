"use client";
/**
 * The graph page's placement worker, built by Next's bundler from graph-positions.worker.ts
 * (`new Worker(new URL(…, import.meta.url))` is the form the bundler recognises). The
 * benchmark harness builds its own from the same file.
 */
export function createPlacementWorker(): Worker {
  return new Worker(new URL("./graph-positions.worker.ts", import.meta.url), { type: "module" });
}
