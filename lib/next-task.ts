/**
 * Handing the rest of a long job to a new task, so input and frames get in between: a message
 * on a fresh MessageChannel (setTimeout chained more than a few levels is clamped to 4 ms).
 * Used by the big graph's packing and hand-over and by the sliced contract check.
 */

/** Runs `fn` in a new task soon. */
export function inNextTask(fn: () => void): void {
  if (typeof MessageChannel === "undefined") {
    setTimeout(fn, 0);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    fn();
  };
  channel.port2.postMessage(null);
}

/** Resolves in a new task (inNextTask as a promise). */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => inNextTask(resolve));
}
