import "server-only";
/**
 * In-process wake-ups for watchers: a write committed by this process wakes its watchers at
 * once; writes by other processes sharing the database are picked up by the watchers' polling.
 */
import { EventEmitter } from "node:events";

interface NotifierGlobal {
  __palisadeWriteNotifier?: EventEmitter;
}
// globalThis survives Next dev reloads, so watchers and writers from reloaded modules still meet.
const store = globalThis as typeof globalThis & NotifierGlobal;

function emitter(): EventEmitter {
  if (!store.__palisadeWriteNotifier) {
    const e = new EventEmitter();
    e.setMaxListeners(0);
    store.__palisadeWriteNotifier = e;
  }
  return store.__palisadeWriteNotifier;
}

/** Tells this process's watchers of `clusterId` that a write committed. */
export function notifyClusterWrite(clusterId: string): void {
  emitter().emit(clusterId);
}

/** Resolves at the next write to `clusterId` by this process, after `timeoutMs`, or on abort. */
export function waitForClusterWrite(clusterId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const e = emitter();
    const done = (): void => {
      clearTimeout(timer);
      e.off(clusterId, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    e.on(clusterId, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
