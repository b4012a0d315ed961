/**
 * Our own WebGL2 renderer for large service graphs (see DESIGN.md in this folder): the page's
 * half. It owns the canvas element, input (drag, wheel, click, hover), the viewport, the CPU hit
 * test (big-graph-view.ts) and the labels, text elements over the canvas redrawn only after a gesture settles
 * (during one it follows by a CSS transform). The GL half (big-graph-painter.ts) draws in a
 * render worker on the canvas's OffscreenCanvas whenever it can, so WebGL context creation,
 * shader compile, uploads and fill never block this thread; else it runs here on the canvas.
 * Either way it gets the same messages: the packed scene once, then size, view and marks.
 * Imperative DOM code; the React side is use-big-graph.ts.
 */
import type { BigScene } from "@/components/graph/big-graph-scene";
import { EDGE_FLOATS, EDGE_COLOUR_BYTES, NODE_COLOUR_BYTES, NODE_FLOATS, SHAPE, nodeBoxOf, parseHexColour } from "@/components/graph/big-graph-scene";
import type { BigHit, NodeGrid, Viewport } from "@/components/graph/big-graph-view";
import { buildNodeGrid, drawnSizePx, forEachInRect, hitTest, panBy, toModel, visibleRect, wheelZoomFactor, zoomAround } from "@/components/graph/big-graph-view";
import type { HostMessage, PaintMarks, PainterReply, RenderWorkerMessage } from "@/components/graph/big-graph-painter";
import { BigGraphPainter, CONTEXT_ATTRIBUTES, MIN_DOT_PX, PaintLoop, paintSceneOf } from "@/components/graph/big-graph-painter";
import { FONT, GRAPH_CORE_OPTIONS, LARGE_LOOK } from "@/components/graph/graph-layout";
import { inNextTask } from "@/lib/next-task";

export interface BigRendererEvents {
  /** A click (press and release without moving): what is under it, or undefined for the background. */
  onTap(hit: BigHit): void;
  onDoubleTap(hit: BigHit): void;
  /** The WebGL context is gone (the GPU process crashed or reset): the caller falls back. */
  onContextLost(): void;
  /** No WebGL2 anywhere here, or its shaders did not build: the caller falls back. */
  onUnavailable(reason: string): void;
}

/** Pointer travel (rendered px) under which a press and release is a click, not a drag. */
const TAP_PX = 4;
/** Hit slack around nodes and edges (rendered px), as cytoscape's picking square. */
const SLACK_PX = 3;
/** Labels are redrawn, and the scene cache drawn afresh, this long after the last viewport change. */
const SETTLE_MS = 150;
/** At most this many node labels at once (the nearest the centre of the view first). */
const MAX_LABELS = 400;
/** Above this many elements the canvas is drawn at one device pixel per CSS pixel. */
const HIGH_DPR_MAX_ELEMENTS = 20_000;

/** The canvas pixel ratio: the device's (at most 2) for a few thousand elements, 1 above HIGH_DPR_MAX_ELEMENTS (fill rate). */
export function bigGraphPixelRatio(devicePixelRatio: number, elements: number): number {
  const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  return elements > HIGH_DPR_MAX_ELEMENTS ? 1 : Math.min(2, dpr);
}

/** Where the painter runs: it takes the host's messages and answers with PainterReply. */
interface PaintLink {
  post(msg: HostMessage): void;
  destroy(): void;
}

/**
 * The painter in the render worker, on the canvas's OffscreenCanvas. The scene's typed arrays are
 * copied across (structured clone; the page keeps its own for the hit test and labels).
 */
function workerLink(worker: Worker, canvas: OffscreenCanvas, report: (r: PainterReply) => void): PaintLink {
  worker.onmessage = (e: MessageEvent<PainterReply>) => report(e.data);
  worker.onerror = (e) => {
    e.preventDefault();
    report({ type: "unavailable", reason: `render worker failed: ${e.message}` });
  };
  const init: RenderWorkerMessage = { type: "init", canvas };
  worker.postMessage(init, [canvas]);
  // A task's messages go as one batch at its end, so the worker never draws between, say, a new scene and the view that fits it.
  let pending: HostMessage[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const batch: RenderWorkerMessage = pending;
    pending = [];
    worker.postMessage(batch);
  };
  return {
    post: (msg) => {
      if (pending.length === 0) queueMicrotask(flush);
      pending.push(msg);
    },
    destroy: () => {
      pending.push({ type: "destroy" });
      flush();
      // The worker gives its context back and closes itself; should it hang, it goes anyway.
      setTimeout(() => worker.terminate(), 2000);
    },
  };
}

/**
 * The painter on this thread (no worker, no OffscreenCanvas, or the worker could not draw). The
 * context is made by the caller; programs and buffers in a task of their own after it (each
 * costs the main thread on a software rasteriser), messages until then wait in order.
 */
function inPageLink(gl: WebGL2RenderingContext, canvas: HTMLCanvasElement, report: (r: PainterReply) => void): PaintLink {
  let loop: PaintLoop | undefined;
  let gone = false;
  const queue: HostMessage[] = [];
  inNextTask(() => {
    if (gone || gl.isContextLost()) return;
    try {
      loop = new PaintLoop(new BigGraphPainter(gl, canvas), (cb) => requestAnimationFrame(cb), (id) => cancelAnimationFrame(id), report);
    } catch (err) {
      report({ type: "unavailable", reason: err instanceof Error ? err.message : String(err) });
      return;
    }
    for (const msg of queue.splice(0)) loop.post(msg);
  });
  return {
    post: (msg) => {
      if (loop !== undefined) loop.post(msg);
      else queue.push(msg);
    },
    destroy: () => {
      gone = true;
      if (loop !== undefined) loop.post({ type: "destroy" });
      else if (!gl.isContextLost()) gl.getExtension("WEBGL_lose_context")?.loseContext();
    },
  };
}

/** A highlighted element: the selection, the hover, the keyboard focus. */
export type Mark = { readonly kind: "node" | "edge"; readonly index: number } | undefined;

/** The labels, drawn at `at` (their layer's CSS transform follows the viewport until the next redraw). */
interface LabelState {
  at: Viewport | undefined;
}

/** Makes the render worker; the graph page passes one built by the bundler, the bench its own. */
export type RenderWorkerFactory = () => Worker;

export class BigGraphRenderer {
  private canvas: HTMLCanvasElement;
  /** The labels: positioned text elements (a 2D canvas would open a GPU command buffer of its own, synchronously: 60–100 ms on SwiftShader). */
  private readonly overlay: HTMLDivElement;
  private link: PaintLink | undefined;
  /** Where the painter runs ("worker" or "page"), for the test hook and the bench. */
  private where: "worker" | "page";
  private destroyed = false;
  private scene: BigScene | undefined;
  private sceneSeq = 0;
  /** The last scene the painter has put on screen. */
  private drawnSeq = 0;
  /** Frames the painter has put on screen. */
  private painted = 0;
  private grid: NodeGrid | undefined;
  private view: Viewport = { zoom: 1, pan: { x: 0, y: 0 } };
  private size = { width: 1, height: 1, ratio: 1 };
  private moving = false;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly labels: LabelState = { at: undefined };
  private selected: Mark;
  private hovered: Mark;
  private focused: Mark;
  private press: { x: number; y: number; start: Viewport; moved: boolean; pointer: number } | undefined;
  private hoverAt: { x: number; y: number } | undefined;
  private hoverFrame = 0;
  private lost = false;
  private readonly resizeObserver: ResizeObserver | undefined;
  private readonly cleanups: (() => void)[] = [];
  private canvasCleanups: (() => void)[] = [];
  private viewportListeners: ((v: Viewport) => void)[] = [];

  /**
   * A renderer in `container`: drawing in a render worker when `createWorker` is given and the
   * canvas can be handed to it (its WebGL2 context is made there; should that fail, here), else on
   * this thread. Undefined when drawing on this thread and no WebGL2 context can be made.
   */
  static create(container: HTMLElement, events: BigRendererEvents, createWorker?: RenderWorkerFactory): BigGraphRenderer | undefined {
    const canvas = document.createElement("canvas");
    if (createWorker !== undefined && typeof canvas.transferControlToOffscreen === "function") {
      let worker: Worker | undefined;
      try {
        worker = createWorker();
        const offscreen = canvas.transferControlToOffscreen();
        return new BigGraphRenderer(container, canvas, events, { worker, offscreen });
      } catch {
        // No worker here (a strict CSP, a file:// page) or the canvas cannot be handed over: draw on this thread.
        worker?.terminate();
      }
    }
    const fresh = document.createElement("canvas");
    const gl = fresh.getContext("webgl2", CONTEXT_ATTRIBUTES);
    if (gl === null) return undefined;
    return new BigGraphRenderer(container, fresh, events, { gl });
  }

  private constructor(
    private readonly container: HTMLElement,
    canvas: HTMLCanvasElement,
    private readonly events: BigRendererEvents,
    painter: { worker: Worker; offscreen: OffscreenCanvas } | { gl: WebGL2RenderingContext },
  ) {
    this.canvas = canvas;
    container.style.position = "relative";
    container.style.overflow = "hidden";
    this.overlay = document.createElement("div");
    this.overlay.style.cssText = `position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;transform-origin:0 0;color:${LARGE_LOOK.label.colour}`;
    container.append(this.overlay);
    this.adopt(canvas);
    if ("worker" in painter) {
      this.where = "worker";
      this.link = workerLink(painter.worker, painter.offscreen, (r) => this.onReply(r, "worker"));
    } else {
      this.where = "page";
      this.link = inPageLink(painter.gl, canvas, (r) => this.onReply(r, "page"));
    }
    // The first measure comes from the observer's first call, after the page's next layout: measuring here would force that layout in the caller's task.
    this.resizeObserver = typeof ResizeObserver === "undefined" ? undefined : new ResizeObserver(() => this.resize());
    if (this.resizeObserver !== undefined) this.resizeObserver.observe(container);
    else this.resize();
  }

  /** Puts `canvas` under the overlay and listens to it (input, context loss on this thread). */
  private adopt(canvas: HTMLCanvasElement): void {
    for (const c of this.canvasCleanups) c();
    this.canvasCleanups = [];
    this.canvas.remove();
    this.canvas = canvas;
    canvas.style.cssText = "position:absolute;left:0;top:0;width:100%;height:100%;touch-action:none;display:block";
    canvas.setAttribute("data-testid", "big-graph-canvas");
    this.container.insertBefore(canvas, this.overlay);
    this.listen(canvas, "webglcontextlost", (e) => {
      e.preventDefault();
      this.contextLost();
    });
    this.listen(canvas, "pointerdown", (e) => this.pointerDown(e));
    this.listen(canvas, "pointermove", (e) => this.pointerMove(e));
    this.listen(canvas, "pointerup", (e) => this.pointerUp(e));
    this.listen(canvas, "pointercancel", () => (this.press = undefined));
    this.listen(canvas, "pointerleave", () => {
      this.hoverAt = undefined;
      this.setHovered(undefined);
    });
    this.listen(canvas, "dblclick", (e) => {
      const p = this.local(e);
      this.events.onDoubleTap(this.hitAt(p.x, p.y));
    });
    this.listen(canvas, "wheel", (e) => this.wheel(e), { passive: false });
  }

  private listen<K extends keyof HTMLElementEventMap | "webglcontextlost">(el: HTMLElement, type: K, handler: (e: K extends keyof HTMLElementEventMap ? HTMLElementEventMap[K] : Event) => void, options?: AddEventListenerOptions): void {
    const listener = handler as EventListener;
    el.addEventListener(type, listener, options);
    this.canvasCleanups.push(() => el.removeEventListener(type, listener, options));
  }

  private onReply(r: PainterReply, from: "worker" | "page"): void {
    if (this.destroyed || this.lost || from !== this.where) return;
    if (r.type === "drawn") {
      this.painted++;
      this.drawnSeq = r.seq;
      return;
    }
    if (r.type === "lost") {
      this.contextLost();
      return;
    }
    if (from === "worker") {
      // The worker cannot draw (no WebGL2 there, or its script failed): draw on this thread, on a new canvas (this one belongs to the worker).
      this.link?.destroy();
      this.link = undefined;
      const canvas = document.createElement("canvas");
      const gl = canvas.getContext("webgl2", CONTEXT_ATTRIBUTES);
      if (gl === null) {
        this.lost = true;
        this.events.onUnavailable(r.reason);
        return;
      }
      this.where = "page";
      this.adopt(canvas);
      this.link = inPageLink(gl, canvas, (x) => this.onReply(x, "page"));
      this.resend();
      return;
    }
    this.lost = true;
    this.events.onUnavailable(r.reason);
  }

  private contextLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.events.onContextLost();
  }

  private post(msg: HostMessage): void {
    if (!this.lost) this.link?.post(msg);
  }

  /** Everything the painter holds, again (a new painter). */
  private resend(): void {
    this.post({ type: "size", size: this.size });
    if (this.scene !== undefined) {
      this.post({ type: "scene", scene: paintSceneOf(this.scene), seq: this.sceneSeq });
      this.post({ type: "marks", marks: this.marks() });
    }
    this.post({ type: "view", view: this.view, moving: this.moving });
  }

  /** Where the painter runs: in the render worker or on this thread. */
  paintsIn(): "worker" | "page" {
    return this.where;
  }

  /** True once the painter has put the current scene on screen. */
  sceneDrawn(): boolean {
    return this.sceneSeq > 0 && this.drawnSeq === this.sceneSeq;
  }

  /** Frames put on screen so far (each pan or zoom frame, each settle). */
  framesPainted(): number {
    return this.painted;
  }

  /**
   * Sends a scene to the painter (which uploads it once; the buffers are static) and builds its
   * hit-test grid. Marks are cleared (indices change with the scene): the caller sets them again by id.
   */
  setScene(scene: BigScene): void {
    this.scene = scene;
    this.sceneSeq++;
    this.grid = buildNodeGrid(scene.nodes, scene.containers, scene.nodeIds.length);
    this.post({ type: "scene", scene: paintSceneOf(scene), seq: this.sceneSeq });
    this.selected = undefined;
    this.hovered = undefined;
    this.focused = undefined;
    this.sendMarks();
    this.changed("scene");
  }

  viewport(): Viewport {
    return { zoom: this.view.zoom, pan: { ...this.view.pan } };
  }

  setViewport(v: Viewport): void {
    this.view = { zoom: v.zoom, pan: { x: v.pan.x, y: v.pan.y } };
    this.changed("jump");
  }

  /** Calls `listener` after every viewport change (not per frame). */
  onViewport(listener: (v: Viewport) => void): void {
    this.viewportListeners.push(listener);
  }

  width(): number {
    return this.size.width;
  }

  height(): number {
    return this.size.height;
  }

  setSelected(m: Mark): void {
    this.selected = m;
    this.sendMarks();
  }

  setFocused(m: Mark): void {
    this.focused = m;
    this.sendMarks();
  }

  private setHovered(m: Mark): void {
    if (m?.kind === this.hovered?.kind && m?.index === this.hovered?.index) return;
    this.hovered = m;
    this.canvas.style.cursor = m === undefined ? "" : "pointer";
    this.sendMarks();
  }

  /** What is under the rendered point (x, y). */
  hitAt(x: number, y: number): BigHit {
    if (this.scene === undefined || this.grid === undefined) return undefined;
    const m = toModel(this.view, x, y);
    return hitTest(this.scene, this.grid, m.x, m.y, this.view.zoom, SLACK_PX, MIN_DOT_PX);
  }

  private sendMarks(): void {
    if (this.scene !== undefined) this.post({ type: "marks", marks: this.marks() });
  }

  /** The marks' instances (at most three nodes and two edges), in the scene's layouts. */
  private marks(): PaintMarks {
    const scene = this.scene;
    const nodes: number[] = [];
    const nodeColours: number[] = [];
    const edges: number[] = [];
    const edgeColours: number[] = [];
    if (scene !== undefined) {
      const [sr, sg, sb] = parseHexColour(LARGE_LOOK.selected);
      // Drawn in this order: hover and focus under the selection.
      const marks: { mark: Mark; selected: boolean }[] = [
        { mark: this.hovered, selected: false },
        { mark: this.focused, selected: true },
        { mark: this.selected, selected: true },
      ];
      for (const { mark, selected } of marks) {
        if (mark === undefined) continue;
        if (mark.kind === "node") {
          const o = mark.index * NODE_FLOATS;
          const c = mark.index * NODE_COLOUR_BYTES;
          nodes.push(scene.nodes[o] ?? NaN, scene.nodes[o + 1] ?? NaN, scene.nodes[o + 2] ?? 0, scene.nodes[o + 3] ?? 0, scene.nodes[o + 4] ?? 0, LARGE_LOOK.selectedBorderWidth);
          nodeColours.push(scene.nodeColours[c] ?? 0, scene.nodeColours[c + 1] ?? 0, scene.nodeColours[c + 2] ?? 0, scene.nodeColours[c + 3] ?? 255);
          nodeColours.push(...(selected ? [sr, sg, sb, 255] : [28, 35, 48, 200]));
        } else {
          const o = mark.index * EDGE_FLOATS;
          const c = mark.index * EDGE_COLOUR_BYTES;
          edges.push(scene.edges[o] ?? NaN, scene.edges[o + 1] ?? NaN, scene.edges[o + 2] ?? NaN, scene.edges[o + 3] ?? NaN, selected ? LARGE_LOOK.selectedEdgeWidth : Math.max(2, scene.edges[o + 4] ?? 1));
          edgeColours.push(...(selected ? [sr, sg, sb, 255] : [scene.edgeColours[c] ?? 0, scene.edgeColours[c + 1] ?? 0, scene.edgeColours[c + 2] ?? 0, 255]));
        }
      }
    }
    return { nodes: new Float32Array(nodes), nodeColours: new Uint8Array(nodeColours), edges: new Float32Array(edges), edgeColours: new Uint8Array(edgeColours) };
  }

  /**
   * The scene or the canvas size changed ("scene": the painter draws its cache afresh), the view
   * jumped (a toolbar button, a saved view: afresh in the next frame) or moves under the pointer
   * ("gesture": the painter's cache follows until the view settles). Labels are redrawn once it settles.
   */
  private changed(why: "scene" | "jump" | "gesture"): void {
    this.moving = why === "gesture";
    this.post({ type: "view", view: this.view, moving: this.moving });
    this.followLabels();
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.moving = false;
      this.post({ type: "view", view: this.view, moving: false });
      this.drawLabels();
    }, SETTLE_MS);
    for (const l of this.viewportListeners) l(this.viewport());
  }

  /** During a gesture the labels drawn at `labels.at` follow the view by a CSS transform. */
  private followLabels(): void {
    const at = this.labels.at;
    if (at === undefined) return;
    const s = this.view.zoom / at.zoom;
    this.overlay.style.transform = `translate(${this.view.pan.x - at.pan.x * s}px, ${this.view.pan.y - at.pan.y * s}px) scale(${s})`;
  }

  /**
   * Node labels as cytoscape's large style has them (name below the dot once `font-size × zoom`
   * reaches min-zoomed-font-size; containers' names above their box from a farther zoom), only
   * for what is in view and at most MAX_LABELS, nearest the centre first.
   */
  private drawLabels(): void {
    const scene = this.scene;
    const grid = this.grid;
    const { width, height } = this.size;
    this.overlay.style.transform = "";
    this.labels.at = this.viewport();
    const out: HTMLDivElement[] = [];
    if (scene !== undefined && grid !== undefined) {
      const { zoom, pan } = this.view;
      const look = LARGE_LOOK.label;
      const fontPx = look.fontSize * zoom;
      // One element per name, its anchor at (x, y): the middle of its bottom edge (containers, above their box) or of its top edge (nodes, below their dot).
      const label = (text: string, x: number, y: number, container: boolean): void => {
        const el = document.createElement("div");
        el.textContent = text;
        el.style.cssText = `position:absolute;left:0;top:0;white-space:nowrap;line-height:1;font:${container ? "bold " : ""}${fontPx}px ${FONT};transform:translate(${x}px,${y}px) translate(-50%,${container ? "-100%" : "0"})`;
        out.push(el);
      };
      if (fontPx >= look.containerMinZoomedFontSize && scene.containers > 0) {
        const r = visibleRect(this.view, width, height, 0);
        for (let i = 0; i < scene.containers; i++) {
          const b = nodeBoxOf(scene, i);
          if (b.x + b.width / 2 < r.x1 || b.x - b.width / 2 > r.x2 || b.y + b.height / 2 < r.y1 || b.y - b.height / 2 > r.y2) continue;
          label(scene.labels[i] ?? "", b.x * zoom + pan.x, (b.y - b.height / 2) * zoom + pan.y - 2, true);
        }
      }
      if (fontPx >= look.minZoomedFontSize) {
        const r = visibleRect(this.view, width, height, 60);
        const cx = (r.x1 + r.x2) / 2;
        const cy = (r.y1 + r.y2) / 2;
        const inView: { i: number; d: number }[] = [];
        forEachInRect(grid, r.x1, r.y1, r.x2, r.y2, (i) => {
          const b = nodeBoxOf(scene, i);
          if (b.x < r.x1 || b.x > r.x2 || b.y < r.y1 || b.y > r.y2) return;
          inView.push({ i, d: (b.x - cx) ** 2 + (b.y - cy) ** 2 });
        });
        if (inView.length > MAX_LABELS) inView.sort((a, b) => a.d - b.d);
        for (const { i } of inView.slice(0, MAX_LABELS)) {
          const b = nodeBoxOf(scene, i);
          const drawn = drawnSizePx(b.width, b.height, scene.nodes[i * NODE_FLOATS + 4] ?? SHAPE.circle, zoom, MIN_DOT_PX);
          label(scene.labels[i] ?? "", b.x * zoom + pan.x, b.y * zoom + pan.y + drawn.h / 2 + look.marginY * zoom, false);
        }
      }
    }
    this.overlay.replaceChildren(...out);
  }


  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    const elements = this.scene === undefined ? 0 : this.scene.nodeIds.length + this.scene.edgeIds.length;
    const ratio = bigGraphPixelRatio(window.devicePixelRatio, elements);
    const same = this.size.width === width && this.size.height === height && this.size.ratio === ratio;
    this.size = { width, height, ratio };
    // The painter sizes the canvas's backing store (an OffscreenCanvas's belongs to the worker).
    this.post({ type: "size", size: this.size });
    if (!same) this.labels.at = undefined;
    this.changed("scene");
  }

  /** Re-measures the container (the pixel ratio depends on the scene's size). */
  remeasure(): void {
    this.resize();
  }

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private pointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    const p = this.local(e);
    this.press = { ...p, start: this.viewport(), moved: false, pointer: e.pointerId };
    this.canvas.setPointerCapture(e.pointerId);
  }

  private pointerMove(e: PointerEvent): void {
    const p = this.local(e);
    const press = this.press;
    if (press !== undefined && press.pointer === e.pointerId) {
      if (!press.moved && Math.hypot(p.x - press.x, p.y - press.y) < TAP_PX) return;
      press.moved = true;
      this.setHovered(undefined);
      this.view = panBy(press.start, p.x - press.x, p.y - press.y);
      this.changed("gesture");
      return;
    }
    // Hover: one hit test per frame at most.
    this.hoverAt = p;
    if (this.hoverFrame !== 0) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      const at = this.hoverAt;
      if (at === undefined || this.press !== undefined) return;
      const hit = this.hitAt(at.x, at.y);
      this.setHovered(hit === undefined ? undefined : { kind: hit.kind, index: hit.index });
    });
  }

  private pointerUp(e: PointerEvent): void {
    const press = this.press;
    if (press === undefined || press.pointer !== e.pointerId) return;
    this.press = undefined;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    if (press.moved) return;
    const p = this.local(e);
    this.events.onTap(this.hitAt(p.x, p.y));
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    if (this.press?.moved === true) return;
    const p = this.local(e);
    this.view = zoomAround(this.view, wheelZoomFactor(e.deltaY, e.deltaMode, GRAPH_CORE_OPTIONS.wheelSensitivity), p.x, p.y);
    this.changed("gesture");
  }

  destroy(): void {
    this.destroyed = true;
    if (this.hoverFrame !== 0) cancelAnimationFrame(this.hoverFrame);
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.resizeObserver?.disconnect();
    for (const c of this.canvasCleanups) c();
    for (const c of this.cleanups) c();
    this.viewportListeners = [];
    // The painter gives its context back now: a page may hold only a few at a time.
    this.link?.destroy();
    this.link = undefined;
    this.canvas.remove();
    this.overlay.remove();
  }
}
