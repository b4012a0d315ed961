/**
 * Web Worker: the big-graph renderer's painter (big-graph-painter.ts) on the OffscreenCanvas the
 * page handed over (canvas.transferControlToOffscreen). WebGL2 context creation, shader compile,
 * buffer uploads and every draw happen on this thread; the page keeps input, hit tests and
 * labels and sends the scene, size, view and marks (PainterMessage). Frames are drawn in this
 * worker's animation frames and committed to the page's canvas by the browser.
 */
import type { HostMessage, PainterReply, RenderWorkerMessage } from "@/components/graph/big-graph-painter";
import { BigGraphPainter, CONTEXT_ATTRIBUTES, PaintLoop } from "@/components/graph/big-graph-painter";

/** The worker scope's members used here (the DOM typings describe `self` as a Window). */
interface RenderWorkerScope {
  onmessage: ((e: MessageEvent<RenderWorkerMessage>) => void) | null;
  postMessage(message: PainterReply): void;
  close(): void;
  requestAnimationFrame?: (cb: () => void) => number;
  cancelAnimationFrame?: (id: number) => void;
}

const scope = self as unknown as RenderWorkerScope;
const reply = (r: PainterReply): void => scope.postMessage(r);
/** A worker without requestAnimationFrame (none ship without it alongside OffscreenCanvas WebGL2, but cheaply handled): a 16 ms timer. */
const raf = scope.requestAnimationFrame?.bind(scope) ?? ((cb: () => void) => setTimeout(cb, 16) as unknown as number);
const cancel = scope.cancelAnimationFrame?.bind(scope) ?? ((id: number) => clearTimeout(id));
let loop: PaintLoop | undefined;

/** Array.isArray does not narrow a readonly array type. */
const isBatch = (m: RenderWorkerMessage): m is readonly HostMessage[] => Array.isArray(m);

scope.onmessage = (e) => {
  const msg = e.data;
  if (isBatch(msg)) {
    // One task's messages from the page, applied together (PaintLoop draws in the next animation frame).
    for (const m of msg) loop?.post(m);
    if (msg.some((m) => m.type === "destroy")) scope.close();
    return;
  }
  // The canvas, first.
  const canvas = msg.canvas;
  const gl = canvas.getContext("webgl2", CONTEXT_ATTRIBUTES);
  if (gl === null) {
    reply({ type: "unavailable", reason: "no WebGL2 context in the render worker" });
    return;
  }
  canvas.addEventListener("webglcontextlost", (ev) => {
    ev.preventDefault();
    loop?.stop();
    reply({ type: "lost" });
  });
  try {
    loop = new PaintLoop(new BigGraphPainter(gl, canvas), raf, cancel, reply);
  } catch (err) {
    reply({ type: "unavailable", reason: err instanceof Error ? err.message : String(err) });
  }
};
