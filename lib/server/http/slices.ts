import "server-only";
/**
 * Long CPU work inside a request (parsing and validating thousands of Apply documents or flow
 * records) done in bounded slices: the loop asks `due()` after each unit and, once a slice has
 * run `sliceMs`, awaits `yield()`, which lets timers, health checks and other requests run before
 * the next slice. One helper for every such loop, so the slice length is tuned in one place.
 */

/** Default milliseconds of work between two yields to the event loop. */
export const DEFAULT_SLICE_MS = 10;

export class EventLoopSlicer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs: number = DEFAULT_SLICE_MS) {}

  /** Whether the current slice has run its time. */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** Yields to the event loop (after pending I/O callbacks) and starts a new slice. */
  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}
