"use client";
/**
 * The big-graph renderer's render worker, built by Next's bundler from big-graph-render.worker.ts
 * (`new Worker(new URL(…, import.meta.url))` is the form the bundler recognises). The benchmark
 * harness builds its own from the same file.
 */
export function createRenderWorker(): Worker {
  return new Worker(new URL("./big-graph-render.worker.ts", import.meta.url), { type: "module" });
}
