/**
 * The big-graph renderer's GL half (see DESIGN.md in this folder): programs, static instance
 * buffers, the scene cache texture and the draw calls, for a WebGL2 context on either an
 * OffscreenCanvas in the render worker (big-graph-render.worker.ts, the usual case: context
 * creation, shader compile, uploads and fill leave the main thread) or the page's canvas (the
 * fallback when a worker cannot draw). It knows nothing of the DOM, input or labels: the host
 * (big-graph-renderer.ts) sends it the packed scene, the canvas size, the view and the marks as
 * plain data (PainterMessage), and PaintLoop draws at most once per animation frame.
 */
import type { BigScene } from "@/components/graph/big-graph-scene";
import { EDGE_COLOUR_BYTES, EDGE_FLOATS, NODE_COLOUR_BYTES, NODE_FLOATS, edgeOpacity } from "@/components/graph/big-graph-scene";
import type { Viewport } from "@/components/graph/big-graph-view";
import { viewUniform } from "@/components/graph/big-graph-view";

/** Dots are never drawn smaller than this (rendered px), nor edges thinner. */
export const MIN_DOT_PX = 3;
export const MIN_EDGE_PX = 1;
/** The scene cache reaches this fraction of the view beyond each side (what a pan reveals before the view settles). */
const CACHE_MARGIN = 0.5;

/** What the painter needs of a scene: the packed arrays and the figures edgeOpacity reads (no ids, no labels). */
export interface PaintScene {
  readonly nodes: Float32Array;
  readonly nodeColours: Uint8Array;
  readonly edges: Float32Array;
  readonly edgeColours: Uint8Array;
  readonly containers: number;
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly bounds: BigScene["bounds"];
  readonly ink: { readonly length: number; readonly area: number; readonly maxWidth: number };
}

/** The marks (selection, hover, keyboard focus) as instances in the scene's layouts: a handful. */
export interface PaintMarks {
  readonly nodes: Float32Array;
  readonly nodeColours: Uint8Array;
  readonly edges: Float32Array;
  readonly edgeColours: Uint8Array;
}

/** The canvas in CSS px and its pixel ratio. */
export interface PaintSize {
  readonly width: number;
  readonly height: number;
  readonly ratio: number;
}

/** Host → painter (in the worker: after an `init` carrying the OffscreenCanvas). `seq` names a scene for its `drawn` reply. */
export type PainterMessage =
  | { readonly type: "init"; readonly canvas: OffscreenCanvas }
  | { readonly type: "scene"; readonly scene: PaintScene; readonly seq: number }
  | { readonly type: "size"; readonly size: PaintSize }
  | { readonly type: "view"; readonly view: Viewport; readonly moving: boolean }
  | { readonly type: "marks"; readonly marks: PaintMarks }
  | { readonly type: "destroy" };

/** What the host sends once the painter exists. */
export type HostMessage = Exclude<PainterMessage, { type: "init" }>;

/**
 * What the render worker receives: the canvas first, then each task's host messages as one batch
 * (a scene, its marks and the view that fits it arrive together, never a frame apart).
 */
export type RenderWorkerMessage = Extract<PainterMessage, { type: "init" }> | readonly HostMessage[];

/**
 * Painter → host: `drawn` after every frame put on screen (`seq`: the scene it showed, 0 before
 * any); `unavailable` when no WebGL2 context or the shaders do not build; `lost` when the context goes.
 */
export type PainterReply = { readonly type: "drawn"; readonly seq: number } | { readonly type: "unavailable"; readonly reason: string } | { readonly type: "lost" };

/** The scene's packed data as the painter takes it (a copy of the typed arrays crosses to the worker). */
export function paintSceneOf(scene: BigScene): PaintScene {
  return {
    nodes: scene.nodes,
    nodeColours: scene.nodeColours,
    edges: scene.edges,
    edgeColours: scene.edgeColours,
    containers: scene.containers,
    nodeCount: scene.nodeIds.length,
    edgeCount: scene.edgeIds.length,
    bounds: scene.bounds,
    ink: { length: scene.ink.length, area: scene.ink.area, maxWidth: scene.ink.maxWidth },
  };
}

/** The context attributes both hosts ask for. */
export const CONTEXT_ATTRIBUTES: WebGLContextAttributes = { antialias: false, alpha: true, premultipliedAlpha: true, depth: false, stencil: false, preserveDrawingBuffer: false };

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
  readonly names: readonly string[];
  /** Looked up once the link has finished (a lookup before waits for it). */
  uniforms: Record<string, WebGLUniformLocation | null> | undefined;
}

/** KHR_parallel_shader_compile's one constant (the extension object may be null). */
const COMPLETION_STATUS_KHR = 0x91b1;

/**
 * Compiles and links without asking how it went: a status or uniform query waits for the
 * compile (on SwiftShader, a hundred ms and more). With KHR_parallel_shader_compile the painter
 * polls for completion frame by frame (`linked`) and only then asks.
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
  return { program, names: uniforms, uniforms: undefined };
}

/** Why a program did not link, or undefined when it did. */
function linkError(gl: WebGL2RenderingContext, p: Program): string | undefined {
  if (gl.getProgramParameter(p.program, gl.LINK_STATUS) === true || gl.isContextLost()) return undefined;
  return gl.getProgramInfoLog(p.program) ?? "link failed";
}

function uniformsOf(p: Program): Record<string, WebGLUniformLocation | null> {
  if (p.uniforms === undefined) throw new Error("big graph: program used before it linked");
  return p.uniforms;
}

/** The outcome of one frame: drawn, nothing to do, or the programs still compiling (ask again next frame). */
export type FrameResult = "drawn" | "idle" | "compiling" | { readonly error: string };

/**
 * The GL state and the frame. Programs and buffers are made in the constructor; nothing waits
 * for the GPU until the programs report that they linked.
 */
export class BigGraphPainter implements Painter {
  private readonly nodeProgram: Program;
  private readonly edgeProgram: Program;
  private readonly blitProgram: Program;
  private readonly parallel: boolean;
  private linked = false;
  /** Link status is asked once, at the first frame after the programs linked. */
  private checkedLink = false;
  private readonly buffers: { nodes: WebGLBuffer; nodeColours: WebGLBuffer; edges: WebGLBuffer; edgeColours: WebGLBuffer; markNodes: WebGLBuffer; markNodeColours: WebGLBuffer; markEdges: WebGLBuffer; markEdgeColours: WebGLBuffer; nodeCorners: WebGLBuffer; edgeCorners: WebGLBuffer; lineCorners: WebGLBuffer };
  private readonly vaos: { containers: WebGLVertexArrayObject; dots: WebGLVertexArrayObject; edges: WebGLVertexArrayObject; lines: WebGLVertexArrayObject; markNodes: WebGLVertexArrayObject; markEdges: WebGLVertexArrayObject; blit: WebGLVertexArrayObject };
  /** The scene drawn at `view` into a texture `width` × `height` CSS px (see frame). */
  private cache: { texture: WebGLTexture; framebuffer: WebGLFramebuffer; textureWidth: number; textureHeight: number; width: number; height: number; view: Viewport } | undefined;
  /** The view moved since the cache was drawn. */
  private cacheStale = false;
  /** The scene or the size changed: the cache must be drawn afresh even mid-gesture. */
  private cacheRedraw = false;
  /** A gesture is under way: the cache follows the view until it settles. */
  private moving = false;
  /** Something changed since the last frame. */
  private dirty = true;
  private scene: PaintScene | undefined;
  private sceneSeq = 0;
  private view: Viewport = { zoom: 1, pan: { x: 0, y: 0 } };
  private size: PaintSize = { width: 1, height: 1, ratio: 1 };
  private markCounts = { nodes: 0, edges: 0 };

  constructor(
    private readonly gl: WebGL2RenderingContext,
    private readonly canvas: HTMLCanvasElement | OffscreenCanvas,
  ) {
    this.parallel = gl.getExtension("KHR_parallel_shader_compile") !== null;
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
    const b = this.buffers;
    this.vaos = {
      containers: this.nodeVao(b.nodes, b.nodeColours),
      dots: this.nodeVao(b.nodes, b.nodeColours),
      edges: this.edgeVao(b.edges, b.edgeColours, b.edgeCorners),
      lines: this.edgeVao(b.edges, b.edgeColours, b.lineCorners),
      markNodes: this.nodeVao(b.markNodes, b.markNodeColours),
      markEdges: this.edgeVao(b.markEdges, b.markEdgeColours, b.edgeCorners),
      blit: this.blitVao(),
    };
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
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

  /** Uploads a scene (once; the buffers are static). Marks belong to the old scene: the host sends them again. */
  setScene(scene: PaintScene, seq: number): void {
    const gl = this.gl;
    this.scene = scene;
    this.sceneSeq = seq;
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
    this.setMarks({ nodes: new Float32Array(0), nodeColours: new Uint8Array(0), edges: new Float32Array(0), edgeColours: new Uint8Array(0) });
    this.cacheStale = true;
    this.cacheRedraw = true;
    this.dirty = true;
  }

  /** The canvas's size: its backing store is resized here (for an OffscreenCanvas only its owner can). */
  setSize(size: PaintSize): void {
    if (size.width === this.size.width && size.height === this.size.height && size.ratio === this.size.ratio) return;
    this.size = size;
    const w = Math.max(1, Math.round(size.width * size.ratio));
    const h = Math.max(1, Math.round(size.height * size.ratio));
    // Assigning a canvas's size, even the same one, clears and reallocates it.
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    this.cacheStale = true;
    this.cacheRedraw = true;
    this.dirty = true;
  }

  /** The view; `moving` while a gesture is under way (the cache follows, and is drawn afresh once it stops). */
  setView(view: Viewport, moving: boolean): void {
    const moved = view.zoom !== this.view.zoom || view.pan.x !== this.view.pan.x || view.pan.y !== this.view.pan.y;
    // A gesture that stops where the cache was drawn (a settle after a jump or a new scene) costs no frame: the scene's fill is the expensive part.
    if (moved) this.cacheStale = true;
    if (moved || (this.moving && !moving && this.cacheStale)) this.dirty = true;
    this.view = view;
    this.moving = moving;
  }

  /** The marks' instances (at most three nodes and two edges): a small buffer update, not a rebuild. */
  setMarks(marks: PaintMarks): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.markNodes);
    gl.bufferData(gl.ARRAY_BUFFER, marks.nodes, gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.markNodeColours);
    gl.bufferData(gl.ARRAY_BUFFER, marks.nodeColours, gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.markEdges);
    gl.bufferData(gl.ARRAY_BUFFER, marks.edges, gl.DYNAMIC_DRAW);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffers.markEdgeColours);
    gl.bufferData(gl.ARRAY_BUFFER, marks.edgeColours, gl.DYNAMIC_DRAW);
    this.markCounts = { nodes: marks.nodes.length / NODE_FLOATS, edges: marks.edges.length / EDGE_FLOATS };
    this.dirty = true;
  }

  /** The scene shown by the last frame drawn (0: none yet). */
  shownSeq(): number {
    return this.scene === undefined ? 0 : this.sceneSeq;
  }

  /** True once every program has linked (without waiting when the driver compiles in parallel). */
  private programsLinked(): boolean {
    if (this.linked) return true;
    const gl = this.gl;
    const programs = [this.nodeProgram, this.edgeProgram, this.blitProgram];
    if (this.parallel && !programs.every((p) => gl.getProgramParameter(p.program, COMPLETION_STATUS_KHR) === true)) return false;
    for (const p of programs) p.uniforms = Object.fromEntries(p.names.map((u) => [u, gl.getUniformLocation(p.program, u)]));
    this.linked = true;
    return true;
  }

  /**
   * One frame, if anything changed. The scene is drawn (uniforms and four instanced draw calls,
   * whatever its size) into the cache texture, CACHE_MARGIN larger than the view on every side,
   * when the cache is missing, or stale once the view has settled; every frame then copies the
   * cache to the screen moved and scaled to the current view (a gesture costs one textured quad,
   * not the scene's fill on a software rasteriser) and draws the marks over it.
   */
  frame(): FrameResult {
    const gl = this.gl;
    if (gl.isContextLost()) return "idle";
    if (!this.dirty && !(this.cacheStale && !this.moving)) return "idle";
    const scene = this.scene;
    if (scene === undefined) return "idle";
    if (!this.programsLinked()) return "compiling";
    if (!this.checkedLink) {
      this.checkedLink = true;
      const error = linkError(gl, this.nodeProgram) ?? linkError(gl, this.edgeProgram) ?? linkError(gl, this.blitProgram);
      if (error !== undefined) return { error };
    }
    this.dirty = false;
    if (this.cache === undefined || this.cacheRedraw || (this.cacheStale && !this.moving)) this.renderCache(scene);
    const { width, height } = this.size;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    const cache = this.cache;
    if (cache === undefined) return "drawn";
    // Where the cache's corners are now (rendered px), then in clip space.
    const s = this.view.zoom / cache.view.zoom;
    const left = (0 - cache.view.pan.x) * s + this.view.pan.x;
    const top = (0 - cache.view.pan.y) * s + this.view.pan.y;
    const right = (cache.width - cache.view.pan.x) * s + this.view.pan.x;
    const bottom = (cache.height - cache.view.pan.y) * s + this.view.pan.y;
    const u = uniformsOf(this.blitProgram);
    gl.useProgram(this.blitProgram.program);
    gl.uniform4f(u.u_rect ?? null, (2 * left) / width - 1, 1 - (2 * bottom) / height, (2 * right) / width - 1, 1 - (2 * top) / height);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, cache.texture);
    gl.uniform1i(u.u_texture ?? null, 0);
    gl.bindVertexArray(this.vaos.blit);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    this.drawLayers(scene, this.view, width, height, "marks");
    gl.bindVertexArray(null);
    return "drawn";
  }

  /** Draws the scene at the current view into the cache texture (made or resized as needed). */
  private renderCache(scene: PaintScene): void {
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
  private drawLayers(scene: PaintScene, v: Viewport, width: number, height: number, what: "scene" | "marks"): void {
    const gl = this.gl;
    const view = viewUniform(v, width, height);
    const zoom = v.zoom;
    const nodePass = (minPx: number, minBorderPx: number): void => {
      const u = uniformsOf(this.nodeProgram);
      gl.useProgram(this.nodeProgram.program);
      gl.uniform4fv(u.u_view ?? null, view);
      gl.uniform2f(u.u_size ?? null, width, height);
      gl.uniform1f(u.u_zoom ?? null, zoom);
      gl.uniform1f(u.u_minPx ?? null, minPx);
      gl.uniform1f(u.u_minBorderPx ?? null, minBorderPx);
    };
    const edgePass = (minPx: number, alpha: number): void => {
      const u = uniformsOf(this.edgeProgram);
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
    const dots = scene.nodeCount - scene.containers;
    nodePass(MIN_DOT_PX, 1);
    if (scene.containers > 0) {
      gl.bindVertexArray(this.vaos.containers);
      gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, scene.containers);
    }
    if (scene.edgeCount > 0) {
      edgePass(MIN_EDGE_PX, edgeOpacity(scene, zoom, MIN_EDGE_PX));
      if (scene.ink.maxWidth * zoom <= MIN_EDGE_PX) {
        gl.bindVertexArray(this.vaos.lines);
        gl.drawArraysInstanced(gl.LINES, 0, 2, scene.edgeCount);
      } else {
        gl.bindVertexArray(this.vaos.edges);
        gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, scene.edgeCount);
      }
    }
    if (dots > 0) {
      nodePass(MIN_DOT_PX, 1);
      gl.bindVertexArray(this.vaos.dots);
      gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, dots);
    }
    gl.bindVertexArray(null);
  }

  /** Frees the GL objects and gives the context back now (a page may hold only a few at a time). */
  destroy(): void {
    const gl = this.gl;
    if (!gl.isContextLost()) {
      for (const b of Object.values(this.buffers)) gl.deleteBuffer(b);
      for (const v of Object.values(this.vaos)) gl.deleteVertexArray(v);
      if (this.cache !== undefined) {
        gl.deleteTexture(this.cache.texture);
        gl.deleteFramebuffer(this.cache.framebuffer);
      }
      for (const p of [this.nodeProgram, this.edgeProgram, this.blitProgram]) gl.deleteProgram(p.program);
      gl.getExtension("WEBGL_lose_context")?.loseContext();
    }
  }
}

/**
 * Applies host messages to a painter and draws at most once per animation frame (`raf`: the
 * page's or the worker's requestAnimationFrame), reporting each frame put on screen and a
 * failure to `report`. The same loop runs in the render worker and, as the fallback, in the page.
 */
/** What PaintLoop drives: BigGraphPainter (an interface so the loop is testable without WebGL). */
export interface Painter {
  setScene(scene: PaintScene, seq: number): void;
  setSize(size: PaintSize): void;
  setView(view: Viewport, moving: boolean): void;
  setMarks(marks: PaintMarks): void;
  frame(): FrameResult;
  shownSeq(): number;
  destroy(): void;
}

export class PaintLoop {
  private frameId: number | undefined;
  private stopped = false;

  constructor(
    private readonly painter: Painter,
    private readonly raf: (cb: () => void) => number,
    private readonly cancel: (id: number) => void,
    private readonly report: (r: PainterReply) => void,
  ) {}

  post(msg: HostMessage): void {
    if (this.stopped) return;
    switch (msg.type) {
      case "scene":
        this.painter.setScene(msg.scene, msg.seq);
        break;
      case "size":
        this.painter.setSize(msg.size);
        break;
      case "view":
        this.painter.setView(msg.view, msg.moving);
        break;
      case "marks":
        this.painter.setMarks(msg.marks);
        break;
      case "destroy":
        this.stop();
        this.painter.destroy();
        return;
    }
    this.request();
  }

  private request(): void {
    if (this.frameId !== undefined || this.stopped) return;
    this.frameId = this.raf(() => {
      this.frameId = undefined;
      if (this.stopped) return;
      const r = this.painter.frame();
      if (r === "compiling") this.request();
      else if (r === "drawn") this.report({ type: "drawn", seq: this.painter.shownSeq() });
      else if (r !== "idle") {
        this.stop();
        this.report({ type: "unavailable", reason: r.error });
      }
    });
  }

  /** Stops drawing (context lost, failure, or the host is gone). */
  stop(): void {
    this.stopped = true;
    if (this.frameId !== undefined) this.cancel(this.frameId);
    this.frameId = undefined;
  }
}
