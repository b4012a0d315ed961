/**
 * Our own WebGL2 renderer for large service graphs (see DESIGN.md in this folder): the scene
 * (big-graph-scene.ts) goes into static GPU buffers once; a pan or zoom frame only sets the view
 * uniform and issues six draw calls — no JavaScript work proportional to the number of elements.
 * Nodes are instanced quads shaded as circles or rounded boxes in the fragment shader, edges
 * instanced quads along their segment. Hit testing is on the CPU (big-graph-view.ts), labels on
 * a 2D canvas overlay redrawn only after a gesture settles (during one it follows by a CSS
 * transform). Imperative DOM code; the React side is use-big-graph.ts.
 */
import type { BigScene } from "@/components/graph/big-graph-scene";
import { EDGE_COLOUR_BYTES, EDGE_FLOATS, NODE_COLOUR_BYTES, NODE_FLOATS, SHAPE, edgeOpacity, nodeBoxOf, parseHexColour } from "@/components/graph/big-graph-scene";
import type { BigHit, NodeGrid, Viewport } from "@/components/graph/big-graph-view";
import { buildNodeGrid, drawnSizePx, forEachInRect, hitTest, panBy, toModel, viewUniform, visibleRect, wheelZoomFactor, zoomAround } from "@/components/graph/big-graph-view";
import { FONT, GRAPH_CORE_OPTIONS, LARGE_LOOK } from "@/components/graph/graph-layout";

export interface BigRendererEvents {
  /** A click (press and release without moving): what is under it, or undefined for the background. */
  onTap(hit: BigHit): void;
  onDoubleTap(hit: BigHit): void;
  /** The WebGL context is gone (the GPU process crashed or reset): the caller falls back. */
  onContextLost(): void;
  /** The shaders did not build on this WebGL2: the caller falls back. */
  onUnavailable(reason: string): void;
}

/** Dots are never drawn smaller than this (rendered px), nor edges thinner. */
const MIN_DOT_PX = 3;
const MIN_EDGE_PX = 1;
/** Pointer travel (rendered px) under which a press and release is a click, not a drag. */
const TAP_PX = 4;
/** Hit slack around nodes and edges (rendered px), as cytoscape's picking square. */
const SLACK_PX = 3;
/** The scene cache reaches this fraction of the view beyond each side (what a pan reveals before the view settles). */
const CACHE_MARGIN = 0.5;
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

const NODE_VS = `#version 300 es
layout(location = 0) in vec2 a_corner;
layout(location = 1) in vec4 a_box;
layout(location = 2) in vec2 a_style;
layout(location = 3) in vec4 a_fill;
layout(location = 4) in vec4 a_border;
uniform vec4 u_view;
uniform vec2 u_size;
uniform float u_zoom;
uniform float u_minPx;
uniform float u_minBorderPx;
out vec2 v_local;
flat out vec2 v_half;
flat out float v_shape;
flat out float v_radius;
flat out float v_borderPx;
flat out vec4 v_fill;
flat out vec4 v_border;
void main() {
  float shape = a_style.x;
  vec2 size = a_box.zw * u_zoom;
  if (shape < 1.5) size = max(size, vec2(u_minPx));
  vec2 half_ = size * 0.5;
  vec2 toClip = vec2(2.0 / u_size.x, -2.0 / u_size.y);
  vec2 centre = a_box.xy * u_view.xy + u_view.zw;
  vec2 off = a_corner * (half_ + 1.5);
  gl_Position = vec4(centre + off * toClip, 0.0, 1.0);
  v_local = off;
  v_half = half_;
  v_shape = shape;
  float m = min(half_.x, half_.y);
  v_radius = shape > 1.5 ? min(m, 6.0 * u_zoom + 1.0) : m * 0.45;
  v_borderPx = a_style.y > 0.0 ? max(a_style.y * u_zoom, u_minBorderPx) : 0.0;
  v_fill = a_fill;
  v_border = a_border;
}`;

const NODE_FS = `#version 300 es
precision mediump float;
in vec2 v_local;
flat in vec2 v_half;
flat in float v_shape;
flat in float v_radius;
flat in float v_borderPx;
flat in vec4 v_fill;
flat in vec4 v_border;
out vec4 colour;
void main() {
  float d;
  if (v_shape < 0.5) {
    d = length(v_local) - min(v_half.x, v_half.y);
  } else {
    vec2 q = abs(v_local) - v_half + v_radius;
    d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - v_radius;
  }
  float cover = clamp(0.5 - d, 0.0, 1.0);
  if (cover <= 0.0) discard;
  float edge = v_borderPx > 0.0 ? clamp(d + v_borderPx + 0.5, 0.0, 1.0) : 0.0;
  vec4 c = mix(v_fill, v_border, edge);
  colour = vec4(c.rgb * c.a * cover, c.a * cover);
}`;

const EDGE_VS = `#version 300 es
layout(location = 0) in vec2 a_corner;
layout(location = 1) in vec4 a_seg;
layout(location = 2) in float a_width;
layout(location = 3) in vec4 a_colour;
uniform vec4 u_view;
uniform vec2 u_size;
uniform float u_zoom;
uniform float u_minPx;
uniform float u_alpha;
out float v_across;
flat out float v_half;
flat out vec4 v_colour;
void main() {
  vec2 toPx = vec2(u_size.x * 0.5, -u_size.y * 0.5);
  vec2 a = (a_seg.xy * u_view.xy + u_view.zw) * toPx;
  vec2 b = (a_seg.zw * u_view.xy + u_view.zw) * toPx;
  float w = a_width * u_zoom;
  float drawn = max(w, u_minPx);
  vec2 d = b - a;
  float len = length(d);
  vec2 dir = len > 0.0 ? d / len : vec2(1.0, 0.0);
  vec2 n = vec2(-dir.y, dir.x);
  float h = drawn * 0.5 + 1.0;
  vec2 p = mix(a, b, a_corner.x) + n * (a_corner.y * h);
  gl_Position = vec4(p / toPx, 0.0, 1.0);
  v_across = a_corner.y * h;
  v_half = drawn * 0.5;
  v_colour = vec4(a_colour.rgb, a_colour.a * u_alpha);
}`;

const BLIT_VS = `#version 300 es
layout(location = 0) in vec2 a_corner;
uniform vec4 u_rect;
out vec2 v_uv;
void main() {
  v_uv = a_corner * 0.5 + 0.5;
  gl_Position = vec4(mix(u_rect.xy, u_rect.zw, v_uv), 0.0, 1.0);
}`;

const BLIT_FS = `#version 300 es
precision mediump float;
uniform sampler2D u_texture;
in vec2 v_uv;
out vec4 colour;
void main() {
  colour = texture(u_texture, v_uv);
}`;

const EDGE_FS = `#version 300 es
precision mediump float;
in float v_across;
flat in float v_half;
flat in vec4 v_colour;
out vec4 colour;
void main() {
  float cover = clamp(v_half + 0.5 - abs(v_across), 0.0, 1.0);
  if (cover <= 0.0) discard;
  float a = v_colour.a * cover;
  colour = vec4(v_colour.rgb * a, a);
}`;

interface Program {
  readonly program: WebGLProgram;
  readonly uniforms: Record<string, WebGLUniformLocation | null>;
}

/**
 * Compiles and links without asking how it went: a status query waits for the GPU process (on
 * SwiftShader, a few hundred ms of main thread at start-up). linkError asks once, at the first
 * frame, by when the compile has long finished.
 */
function compile(gl: WebGL2RenderingContext, vs: string, fs: string, uniforms: readonly string[]): Program {
  const shader = (type: number, source: string): WebGLShader => {
    const s = gl.createShader(type);
    if (s === null) throw new Error("big graph: createShader failed");
    gl.shaderSource(s, source);
    gl.compileShader(s);
    return s;
  };
  const program = gl.createProgram();
  if (program === null) throw new Error("big graph: createProgram failed");
  gl.attachShader(program, shader(gl.VERTEX_SHADER, vs));
  gl.attachShader(program, shader(gl.FRAGMENT_SHADER, fs));
  gl.linkProgram(program);
  return { program, uniforms: Object.fromEntries(uniforms.map((u) => [u, gl.getUniformLocation(program, u)])) };
}

/** Why a program did not link, or undefined when it did. */
function linkError(gl: WebGL2RenderingContext, p: Program): string | undefined {
  if (gl.getProgramParameter(p.program, gl.LINK_STATUS) === true || gl.isContextLost()) return undefined;
  return gl.getProgramInfoLog(p.program) ?? "link failed";
}

/** A highlighted element: the selection, the hover, the keyboard focus. */
export type Mark = { readonly kind: "node" | "edge"; readonly index: number } | undefined;

/** The 2D overlay's text, drawn at `at` (its CSS transform follows the viewport until the next redraw). */
interface LabelState {
  at: Viewport | undefined;
}

export class BigGraphRenderer {
  private readonly gl: WebGL2RenderingContext;
  private readonly canvas: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  // GL resources, made by setup() in a later task than the context (each costs the main thread on a software rasteriser).
  private nodeProgram!: Program;
  private edgeProgram!: Program;
  private blitProgram!: Program;
  private isSetUp = false;
  private destroyed = false;
  /** The scene drawn at `view` into a texture `width` × `height` CSS px (see draw). */
  private cache: { texture: WebGLTexture; framebuffer: WebGLFramebuffer; textureWidth: number; textureHeight: number; width: number; height: number; view: Viewport } | undefined;
  /** The view moved since the cache was drawn. */
  private cacheStale = false;
  /** The scene or the size changed: the cache must be drawn afresh even mid-gesture. */
  private cacheRedraw = false;
  /** A gesture is under way (a viewport change less than SETTLE_MS ago). */
  private moving = false;
  private buffers!: { nodes: WebGLBuffer; nodeColours: WebGLBuffer; edges: WebGLBuffer; edgeColours: WebGLBuffer; markNodes: WebGLBuffer; markNodeColours: WebGLBuffer; markEdges: WebGLBuffer; markEdgeColours: WebGLBuffer; nodeCorners: WebGLBuffer; edgeCorners: WebGLBuffer; lineCorners: WebGLBuffer };
  private vaos!: { containers: WebGLVertexArrayObject; dots: WebGLVertexArrayObject; edges: WebGLVertexArrayObject; lines: WebGLVertexArrayObject; markNodes: WebGLVertexArrayObject; markEdges: WebGLVertexArrayObject; blit: WebGLVertexArrayObject };
  private scene: BigScene | undefined;
  private grid: NodeGrid | undefined;
  private view: Viewport = { zoom: 1, pan: { x: 0, y: 0 } };
  private size = { width: 1, height: 1, ratio: 1 };
  private frame = 0;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly labels: LabelState = { at: undefined };
  private selected: Mark;
  private hovered: Mark;
  private focused: Mark;
  private markCounts = { nodes: 0, edges: 0 };
  private press: { x: number; y: number; start: Viewport; moved: boolean; pointer: number } | undefined;
  private hoverAt: { x: number; y: number } | undefined;
  private hoverFrame = 0;
  private lost = false;
  private checked = false;
  private readonly resizeObserver: ResizeObserver | undefined;
  private readonly cleanups: (() => void)[] = [];
  private viewportListeners: ((v: Viewport) => void)[] = [];

  /** A renderer in `container`, or undefined when no WebGL2 context can be made there. */
  static create(container: HTMLElement, events: BigRendererEvents): BigGraphRenderer | undefined {
    const canvas = document.createElement("canvas");
    const gl = canvas.getContext("webgl2", { antialias: false, alpha: true, premultipliedAlpha: true, depth: false, stencil: false, preserveDrawingBuffer: false });
    if (gl === null) return undefined;
    return new BigGraphRenderer(container, canvas, gl, events);
  }

  private constructor(
    private readonly container: HTMLElement,
    canvas: HTMLCanvasElement,
    gl: WebGL2RenderingContext,
    private readonly events: BigRendererEvents,
  ) {
    this.canvas = canvas;
    this.gl = gl;
    container.style.position = "relative";
    container.style.overflow = "hidden";
    canvas.style.cssText = "position:absolute;left:0;top:0;width:100%;height:100%;touch-action:none;display:block";
    canvas.setAttribute("data-testid", "big-graph-canvas");
    this.overlay = document.createElement("canvas");
    this.overlay.style.cssText = "position:absolute;left:0;top:0;pointer-events:none;transform-origin:0 0";
    container.append(canvas, this.overlay);
    this.listen(canvas, "webglcontextlost", (e) => {
      e.preventDefault();
      this.lost = true;
      this.events.onContextLost();
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
    this.resizeObserver = typeof ResizeObserver === "undefined" ? undefined : new ResizeObserver(() => this.resize());
    this.resizeObserver?.observe(container);
    this.resize();
    // The GL set-up in a task of its own, soon (a message, not setTimeout's clamp); setScene makes sure of it too.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      if (!this.destroyed && !this.lost) this.setup();
    };
    channel.port2.postMessage(null);
  }

  /**
   * Programs, buffers and vertex arrays, made at the first scene rather than with the context:
   * getContext alone is a 40–260 ms task on SwiftShader (2 busy cores), and the shader and buffer
   * set-up another 40–120 ms; in one task they were the page's longest.
   */
  private setup(): void {
    if (this.isSetUp) return;
    this.isSetUp = true;
    const gl = this.gl;
    this.nodeProgram = compile(gl, NODE_VS, NODE_FS, ["u_view", "u_size", "u_zoom", "u_minPx", "u_minBorderPx"]);
    this.edgeProgram = compile(gl, EDGE_VS, EDGE_FS, ["u_view", "u_size", "u_zoom", "u_minPx", "u_alpha"]);
    this.blitProgram = compile(gl, BLIT_VS, BLIT_FS, ["u_rect", "u_texture"]);
    const buffer = (): WebGLBuffer => {
      const b = gl.createBuffer();
      if (b === null) throw new Error("big graph: createBuffer failed");
      return b;
    };
    this.buffers = { nodes: buffer(), nodeColours: buffer(), edges: buffer(), edgeColours: buffer(), markNodes: buffer(), markNodeColours: buffer(), markEdges: buffer(), markEdgeColours: buffer(), nodeCorners: buffer(), edgeCorners: buffer(), lineCorners: buffer() };
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.nodeCorners);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.edgeCorners);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, -1, 1, -1, 0, 1, 1, 1]), gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.lineCorners);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0]), gl.STATIC_DRAW);
    this.vaos = { containers: this.nodeVao(this.buffers.nodes, this.buffers.nodeColours), dots: this.nodeVao(this.buffers.nodes, this.buffers.nodeColours), edges: this.edgeVao(this.buffers.edges, this.buffers.edgeColours, this.buffers.edgeCorners), lines: this.edgeVao(this.buffers.edges, this.buffers.edgeColours, this.buffers.lineCorners), markNodes: this.nodeVao(this.buffers.markNodes, this.buffers.markNodeColours), markEdges: this.edgeVao(this.buffers.markEdges, this.buffers.markEdgeColours, this.buffers.edgeCorners), blit: this.blitVao() };
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
  }

  private listen<K extends keyof HTMLElementEventMap | "webglcontextlost">(el: HTMLElement, type: K, handler: (e: K extends keyof HTMLElementEventMap ? HTMLElementEventMap[K] : Event) => void, options?: AddEventListenerOptions): void {
    const listener = handler as EventListener;
    el.addEventListener(type, listener, options);
    this.cleanups.push(() => el.removeEventListener(type, listener, options));
  }

  private nodeVao(instances: WebGLBuffer, colours: WebGLBuffer): WebGLVertexArrayObject {
    const gl = this.gl;
    const vao = gl.createVertexArray();
    if (vao === null) throw new Error("big graph: createVertexArray failed");
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.nodeCorners);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    this.bindNodeInstances(instances, colours, 0);
    gl.bindVertexArray(null);
    return vao;
  }

  /** Points the bound VAO's node attributes at instance `first` of the buffers. */
  private bindNodeInstances(instances: WebGLBuffer, colours: WebGLBuffer, first: number): void {
    const gl = this.gl;
    const stride = NODE_FLOATS * 4;
    gl.bindBuffer(gl.ARRAY_BUFFER, instances);
    gl.enableVertexAttribArray(1);
    gl.vertexAttribPointer(1, 4, gl.FLOAT, false, stride, first * stride);
    gl.vertexAttribDivisor(1, 1);
    gl.enableVertexAttribArray(2);
    gl.vertexAttribPointer(2, 2, gl.FLOAT, false, stride, first * stride + 16);
    gl.vertexAttribDivisor(2, 1);
    gl.bindBuffer(gl.ARRAY_BUFFER, colours);
    gl.enableVertexAttribArray(3);
    gl.vertexAttribPointer(3, 4, gl.UNSIGNED_BYTE, true, NODE_COLOUR_BYTES, first * NODE_COLOUR_BYTES);
    gl.vertexAttribDivisor(3, 1);
    gl.enableVertexAttribArray(4);
    gl.vertexAttribPointer(4, 4, gl.UNSIGNED_BYTE, true, NODE_COLOUR_BYTES, first * NODE_COLOUR_BYTES + 4);
    gl.vertexAttribDivisor(4, 1);
  }

  private blitVao(): WebGLVertexArrayObject {
    const gl = this.gl;
    const vao = gl.createVertexArray();
    if (vao === null) throw new Error("big graph: createVertexArray failed");
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.nodeCorners);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);
    return vao;
  }

  /** Edges as instanced quads (`corners` = edgeCorners) or, when none is wider than a pixel, as instanced 1 px lines (lineCorners: far fewer fragments). */
  private edgeVao(instances: WebGLBuffer, colours: WebGLBuffer, corners: WebGLBuffer): WebGLVertexArrayObject {
    const gl = this.gl;
    const vao = gl.createVertexArray();
    if (vao === null) throw new Error("big graph: createVertexArray failed");
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, corners);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    const stride = EDGE_FLOATS * 4;
    gl.bindBuffer(gl.ARRAY_BUFFER, instances);
    gl.enableVertexAttribArray(1);
    gl.vertexAttribPointer(1, 4, gl.FLOAT, false, stride, 0);
    gl.vertexAttribDivisor(1, 1);
    gl.enableVertexAttribArray(2);
    gl.vertexAttribPointer(2, 1, gl.FLOAT, false, stride, 16);
    gl.vertexAttribDivisor(2, 1);
    gl.bindBuffer(gl.ARRAY_BUFFER, colours);
    gl.enableVertexAttribArray(3);
    gl.vertexAttribPointer(3, 4, gl.UNSIGNED_BYTE, true, EDGE_COLOUR_BYTES, 0);
    gl.vertexAttribDivisor(3, 1);
    gl.bindVertexArray(null);
    return vao;
  }

  /**
   * Uploads a scene (once; the buffers are static) and builds its hit-test grid. Marks are
   * cleared (indices change with the scene): the caller sets them again by id.
   */
  setScene(scene: BigScene): void {
    const gl = this.gl;
    this.setup();
    this.scene = scene;
    this.grid = buildNodeGrid(scene.nodes, scene.containers, scene.nodeIds.length);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.nodes);
    gl.bufferData(gl.ARRAY_BUFFER, scene.nodes, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.nodeColours);
    gl.bufferData(gl.ARRAY_BUFFER, scene.nodeColours, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.edges);
    gl.bufferData(gl.ARRAY_BUFFER, scene.edges, gl.STATIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.edgeColours);
    gl.bufferData(gl.ARRAY_BUFFER, scene.edgeColours, gl.STATIC_DRAW);
    // The dots' VAO starts after the containers (WebGL2 has no base instance for instanced draws).
    gl.bindVertexArray(this.vaos.dots);
    this.bindNodeInstances(this.buffers.nodes, this.buffers.nodeColours, scene.containers);
    gl.bindVertexArray(null);
    this.selected = undefined;
    this.hovered = undefined;
    this.focused = undefined;
    this.uploadMarks();
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
    this.uploadMarks();
    this.requestDraw();
  }

  setFocused(m: Mark): void {
    this.focused = m;
    this.uploadMarks();
    this.requestDraw();
  }

  private setHovered(m: Mark): void {
    if (m?.kind === this.hovered?.kind && m?.index === this.hovered?.index) return;
    this.hovered = m;
    this.canvas.style.cursor = m === undefined ? "" : "pointer";
    this.uploadMarks();
    this.requestDraw();
  }

  /** What is under the rendered point (x, y). */
  hitAt(x: number, y: number): BigHit {
    if (this.scene === undefined || this.grid === undefined) return undefined;
    const m = toModel(this.view, x, y);
    return hitTest(this.scene, this.grid, m.x, m.y, this.view.zoom, SLACK_PX, MIN_DOT_PX);
  }

  /** The marks' instances (at most three nodes and two edges): a small buffer update, not a rebuild. */
  private uploadMarks(): void {
    const scene = this.scene;
    if (scene === undefined || this.lost) return;
    const gl = this.gl;
    const [sr, sg, sb] = parseHexColour(LARGE_LOOK.selected);
    const nodes: number[] = [];
    const nodeColours: number[] = [];
    const edges: number[] = [];
    const edgeColours: number[] = [];
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
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.markNodes);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(nodes), gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.markNodeColours);
    gl.bufferData(gl.ARRAY_BUFFER, new Uint8Array(nodeColours), gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.markEdges);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(edges), gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.markEdgeColours);
    gl.bufferData(gl.ARRAY_BUFFER, new Uint8Array(edgeColours), gl.DYNAMIC_DRAW);
    this.markCounts = { nodes: nodes.length / NODE_FLOATS, edges: edges.length / EDGE_FLOATS };
  }

  /**
   * The scene or the canvas size changed ("scene": the cache is drawn afresh now), the view
   * jumped (a toolbar button, a saved view: afresh in the next frame) or moves under the pointer
   * ("gesture": the cache follows until the view settles). Labels are redrawn once it settles.
   */
  private changed(why: "scene" | "jump" | "gesture"): void {
    this.cacheStale = true;
    if (why === "scene") this.cacheRedraw = true;
    this.moving = why === "gesture";
    this.requestDraw();
    this.followLabels();
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.moving = false;
      this.requestDraw();
      this.drawLabels();
    }, SETTLE_MS);
    for (const l of this.viewportListeners) l(this.viewport());
  }

  private requestDraw(): void {
    if (this.frame !== 0 || this.lost) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /**
   * One frame. The scene is drawn (uniforms and four instanced draw calls, whatever its size)
   * into the cache texture, CACHE_MARGIN larger than the view on every side, when the cache is
   * missing, or stale once the view has settled; every frame then copies the cache to the
   * screen moved and scaled to the current view (a gesture costs one textured quad, not the
   * scene's fill on a software rasteriser) and draws the marks over it.
   */
  private draw(): void {
    const gl = this.gl;
    if (this.lost || gl.isContextLost()) return;
    const scene = this.scene;
    if (scene !== undefined && !this.checked) {
      this.checked = true;
      const error = linkError(gl, this.nodeProgram) ?? linkError(gl, this.edgeProgram) ?? linkError(gl, this.blitProgram);
      if (error !== undefined) {
        this.lost = true;
        this.events.onUnavailable(error);
        return;
      }
    }
    if (scene !== undefined && (this.cache === undefined || this.cacheRedraw || (this.cacheStale && !this.moving))) this.renderCache(scene);
    const { width, height } = this.size;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    const cache = this.cache;
    if (scene === undefined || cache === undefined) return;
    // Where the cache's corners are now (rendered px), then in clip space.
    const s = this.view.zoom / cache.view.zoom;
    const left = (0 - cache.view.pan.x) * s + this.view.pan.x;
    const top = (0 - cache.view.pan.y) * s + this.view.pan.y;
    const right = (cache.width - cache.view.pan.x) * s + this.view.pan.x;
    const bottom = (cache.height - cache.view.pan.y) * s + this.view.pan.y;
    gl.useProgram(this.blitProgram.program);
    gl.uniform4f(this.blitProgram.uniforms.u_rect ?? null, (2 * left) / width - 1, 1 - (2 * bottom) / height, (2 * right) / width - 1, 1 - (2 * top) / height);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, cache.texture);
    gl.uniform1i(this.blitProgram.uniforms.u_texture ?? null, 0);
    gl.bindVertexArray(this.vaos.blit);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    this.drawLayers(scene, this.view, width, height, "marks");
    gl.bindVertexArray(null);
  }

  /** Draws the scene at the current view into the cache texture (made or resized as needed). */
  private renderCache(scene: BigScene): void {
    const gl = this.gl;
    const { width, height, ratio } = this.size;
    const mx = Math.round(width * CACHE_MARGIN);
    const my = Math.round(height * CACHE_MARGIN);
    const cw = width + 2 * mx;
    const ch = height + 2 * my;
    const maxSize = Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)) || 4096;
    const r = Math.min(ratio, maxSize / cw, maxSize / ch);
    const tw = Math.max(1, Math.floor(cw * r));
    const th = Math.max(1, Math.floor(ch * r));
    let cache = this.cache;
    if (cache === undefined || cache.textureWidth !== tw || cache.textureHeight !== th) {
      if (cache !== undefined) {
        gl.deleteTexture(cache.texture);
        gl.deleteFramebuffer(cache.framebuffer);
      }
      const texture = gl.createTexture();
      const framebuffer = gl.createFramebuffer();
      if (texture === null || framebuffer === null) return;
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, tw, th, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
      cache = { texture, framebuffer, textureWidth: tw, textureHeight: th, width: cw, height: ch, view: this.view };
    }
    const view: Viewport = { zoom: this.view.zoom, pan: { x: this.view.pan.x + mx, y: this.view.pan.y + my } };
    this.cache = { ...cache, width: cw, height: ch, view };
    this.cacheStale = false;
    this.cacheRedraw = false;
    gl.bindFramebuffer(gl.FRAMEBUFFER, cache.framebuffer);
    gl.viewport(0, 0, tw, th);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    this.drawLayers(scene, view, cw, ch, "scene");
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  }

  /** The scene's layers (containers, edges, nodes) or the marks, at `v` on a `width` × `height` CSS px target. */
  private drawLayers(scene: BigScene, v: Viewport, width: number, height: number, what: "scene" | "marks"): void {
    const gl = this.gl;
    const view = viewUniform(v, width, height);
    const zoom = v.zoom;
    const nodePass = (minPx: number, minBorderPx: number): void => {
      const u = this.nodeProgram.uniforms;
      gl.useProgram(this.nodeProgram.program);
      gl.uniform4fv(u.u_view ?? null, view);
      gl.uniform2f(u.u_size ?? null, width, height);
      gl.uniform1f(u.u_zoom ?? null, zoom);
      gl.uniform1f(u.u_minPx ?? null, minPx);
      gl.uniform1f(u.u_minBorderPx ?? null, minBorderPx);
    };
    const edgePass = (minPx: number, alpha: number): void => {
      const u = this.edgeProgram.uniforms;
      gl.useProgram(this.edgeProgram.program);
      gl.uniform4fv(u.u_view ?? null, view);
      gl.uniform2f(u.u_size ?? null, width, height);
      gl.uniform1f(u.u_zoom ?? null, zoom);
      gl.uniform1f(u.u_minPx ?? null, minPx);
      gl.uniform1f(u.u_alpha ?? null, alpha);
    };
    if (what === "marks") {
      if (this.markCounts.edges > 0) {
        edgePass(3, 1);
        gl.bindVertexArray(this.vaos.markEdges);
        gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, this.markCounts.edges);
      }
      if (this.markCounts.nodes > 0) {
        nodePass(10, 2.5);
        gl.bindVertexArray(this.vaos.markNodes);
        gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, this.markCounts.nodes);
      }
      return;
    }
    const dots = scene.nodeIds.length - scene.containers;
    nodePass(MIN_DOT_PX, 1);
    if (scene.containers > 0) {
      gl.bindVertexArray(this.vaos.containers);
      gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, scene.containers);
    }
    if (scene.edgeIds.length > 0) {
      edgePass(MIN_EDGE_PX, edgeOpacity(scene, zoom, MIN_EDGE_PX));
      if (scene.ink.maxWidth * zoom <= MIN_EDGE_PX) {
        gl.bindVertexArray(this.vaos.lines);
        gl.drawArraysInstanced(gl.LINES, 0, 2, scene.edgeIds.length);
      } else {
        gl.bindVertexArray(this.vaos.edges);
        gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, scene.edgeIds.length);
      }
    }
    if (dots > 0) {
      nodePass(MIN_DOT_PX, 1);
      gl.bindVertexArray(this.vaos.dots);
      gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, dots);
    }
    gl.bindVertexArray(null);
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
    const { width, height, ratio } = this.size;
    const ctx = this.overlay.getContext("2d");
    if (ctx === null) return;
    this.overlay.style.transform = "";
    this.labels.at = this.viewport();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (scene === undefined || grid === undefined) return;
    const { zoom, pan } = this.view;
    const look = LARGE_LOOK.label;
    const fontPx = look.fontSize * zoom;
    ctx.fillStyle = look.colour;
    ctx.textAlign = "center";
    if (fontPx >= look.containerMinZoomedFontSize && scene.containers > 0) {
      ctx.font = `bold ${fontPx}px ${FONT}`;
      ctx.textBaseline = "bottom";
      const r = visibleRect(this.view, width, height, 0);
      for (let i = 0; i < scene.containers; i++) {
        const b = nodeBoxOf(scene, i);
        if (b.x + b.width / 2 < r.x1 || b.x - b.width / 2 > r.x2 || b.y + b.height / 2 < r.y1 || b.y - b.height / 2 > r.y2) continue;
        ctx.fillText(scene.labels[i] ?? "", b.x * zoom + pan.x, (b.y - b.height / 2) * zoom + pan.y - 2);
      }
    }
    if (fontPx < look.minZoomedFontSize) return;
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
    ctx.font = `${fontPx}px ${FONT}`;
    ctx.textBaseline = "top";
    for (const { i } of inView.slice(0, MAX_LABELS)) {
      const b = nodeBoxOf(scene, i);
      const drawn = drawnSizePx(b.width, b.height, scene.nodes[i * NODE_FLOATS + 4] ?? SHAPE.circle, zoom, MIN_DOT_PX);
      ctx.fillText(scene.labels[i] ?? "", b.x * zoom + pan.x, b.y * zoom + pan.y + drawn.h / 2 + look.marginY * zoom);
    }
  }

  private resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    const elements = this.scene === undefined ? 0 : this.scene.nodeIds.length + this.scene.edgeIds.length;
    const ratio = bigGraphPixelRatio(window.devicePixelRatio, elements);
    const same = this.size.width === width && this.size.height === height && this.size.ratio === ratio;
    this.size = { width, height, ratio };
    // Assigning a canvas's size, even the same one, clears and reallocates it.
    if (!same || this.canvas.width !== Math.round(width * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.overlay.width = Math.round(width * ratio);
      this.overlay.height = Math.round(height * ratio);
      this.overlay.style.width = `${width}px`;
      this.overlay.style.height = `${height}px`;
      this.labels.at = undefined;
    }
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
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    if (this.hoverFrame !== 0) cancelAnimationFrame(this.hoverFrame);
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.resizeObserver?.disconnect();
    for (const c of this.cleanups) c();
    this.viewportListeners = [];
    const gl = this.gl;
    if (!gl.isContextLost() && this.isSetUp) {
      for (const b of Object.values(this.buffers)) gl.deleteBuffer(b);
      for (const v of Object.values(this.vaos)) gl.deleteVertexArray(v);
      if (this.cache !== undefined) {
        gl.deleteTexture(this.cache.texture);
        gl.deleteFramebuffer(this.cache.framebuffer);
      }
      gl.deleteProgram(this.nodeProgram.program);
      gl.deleteProgram(this.edgeProgram.program);
    }
    // Give the context back now: a page may hold only a few at a time.
    if (!gl.isContextLost()) gl.getExtension("WEBGL_lose_context")?.loseContext();
    this.canvas.remove();
    this.overlay.remove();
  }
}
