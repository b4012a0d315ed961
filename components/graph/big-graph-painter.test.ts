import { describe, expect, it } from "vitest";
import type { FrameResult, PaintMarks, PaintScene, PaintSize, Painter, PainterReply } from "@/components/graph/big-graph-painter";
import { PaintLoop } from "@/components/graph/big-graph-painter";
import type { Viewport } from "@/components/graph/big-graph-view";

/** A painter that records what it is told and answers frames from a script. */
function fakePainter(results: FrameResult[]) {
  const calls: string[] = [];
  let seq = 0;
  const painter: Painter = {
    setScene: (_s: PaintScene, n: number) => {
      seq = n;
      calls.push(`scene ${n}`);
    },
    setSize: (s: PaintSize) => calls.push(`size ${s.width}x${s.height}`),
    setView: (v: Viewport, moving: boolean) => calls.push(`view ${v.zoom}${moving ? " moving" : ""}`),
    setMarks: (m: PaintMarks) => calls.push(`marks ${m.nodes.length}`),
    frame: () => {
      calls.push("frame");
      return results.shift() ?? "idle";
    },
    shownSeq: () => seq,
    destroy: () => calls.push("destroy"),
  };
  return { painter, calls };
}

/** requestAnimationFrame by hand: `tick` runs the callbacks queued so far. */
function frames() {
  let queue: (() => void)[] = [];
  return {
    raf: (cb: () => void) => queue.push(cb),
    cancel: (id: number) => {
      queue[id - 1] = () => undefined;
    },
    tick: () => {
      const run = queue;
      queue = [];
      for (const cb of run) cb();
    },
    pending: () => queue.length,
  };
}

const scene: PaintScene = { nodes: new Float32Array(6), nodeColours: new Uint8Array(8), edges: new Float32Array(0), edgeColours: new Uint8Array(0), containers: 0, nodeCount: 1, edgeCount: 0, bounds: { x1: 0, y1: 0, x2: 0, y2: 0 }, ink: { length: 0, area: 0, maxWidth: 0 } };
const view = (zoom: number): Viewport => ({ zoom, pan: { x: 0, y: 0 } });

describe("PaintLoop", () => {
  it("applies every message at once and draws at most once per animation frame, reporting the scene drawn", () => {
    const { painter, calls } = fakePainter(["drawn"]);
    const f = frames();
    const replies: PainterReply[] = [];
    const loop = new PaintLoop(painter, f.raf, f.cancel, (r) => replies.push(r));
    loop.post({ type: "size", size: { width: 800, height: 600, ratio: 1 } });
    loop.post({ type: "scene", scene, seq: 3 });
    loop.post({ type: "view", view: view(2), moving: false });
    expect(f.pending()).toBe(1);
    expect(calls).toEqual(["size 800x600", "scene 3", "view 2"]);
    f.tick();
    expect(calls.filter((c) => c === "frame")).toHaveLength(1);
    expect(replies).toEqual([{ type: "drawn", seq: 3 }]);
    // Nothing changed: no frame asked for.
    expect(f.pending()).toBe(0);
  });

  it("asks again while the programs compile, and reports nothing until a frame is drawn", () => {
    const { painter } = fakePainter(["compiling", "compiling", "drawn"]);
    const f = frames();
    const replies: PainterReply[] = [];
    const loop = new PaintLoop(painter, f.raf, f.cancel, (r) => replies.push(r));
    loop.post({ type: "scene", scene, seq: 1 });
    f.tick();
    f.tick();
    expect(replies).toEqual([]);
    expect(f.pending()).toBe(1);
    f.tick();
    expect(replies).toEqual([{ type: "drawn", seq: 1 }]);
    expect(f.pending()).toBe(0);
  });

  it("stops and reports a painter that cannot draw; ignores messages after that", () => {
    const { painter, calls } = fakePainter([{ error: "link failed" }]);
    const f = frames();
    const replies: PainterReply[] = [];
    const loop = new PaintLoop(painter, f.raf, f.cancel, (r) => replies.push(r));
    loop.post({ type: "scene", scene, seq: 1 });
    f.tick();
    expect(replies).toEqual([{ type: "unavailable", reason: "link failed" }]);
    loop.post({ type: "view", view: view(3), moving: true });
    expect(calls).not.toContain("view 3 moving");
    expect(f.pending()).toBe(0);
  });

  it("gives the painter's context back on destroy and draws no more", () => {
    const { painter, calls } = fakePainter([]);
    const f = frames();
    const loop = new PaintLoop(painter, f.raf, f.cancel, () => undefined);
    loop.post({ type: "view", view: view(1), moving: false });
    loop.post({ type: "destroy" });
    expect(calls).toContain("destroy");
    f.tick();
    expect(calls).not.toContain("frame");
  });
});
