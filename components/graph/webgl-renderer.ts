/**
 * Tuning of cytoscape's WebGL renderer (cytoscape ≥ 3.31, `renderer: { webgl: true }`) for the
 * large service graph. The renderer is young and reaches into cytoscape's renderer internals
 * here in one place only; cytoscape is pinned in package.json, and every access is checked so
 * that a changed internal leaves the renderer as it was rather than breaking the page.
 */
import type { Core, EdgeSingular, NodeSingular } from "cytoscape";

/**
 * Renderer options for a large graph drawn with WebGL (cytoscape's defaults are in
 * src/core/renderer.mjs):
 * - pixelRatio 1: every pixel is shaded, on a software rasteriser (SwiftShader) a hi-DPI canvas costs 4×;
 * - webglTexSize 1024: a label atlas is re-uploaded whole (with its mipmaps) each time a label is
 *   added to it; at 1024² that is a quarter of the default 2048²;
 * - webglBatchSize 16384 (cytoscape's upper limit): instances per draw call, so 50,000 edges go in
 *   a handful of draw calls instead of 25.
 */
export const WEBGL_LARGE_OPTIONS = { pixelRatio: 1, webglTexSize: 1024, webglBatchSize: 16384 } as const;

/** The parts of cytoscape's (untyped) canvas renderer this module uses. */
interface WebGLRendererInternals {
  eleTextBiggerThanMin?: (ele: NodeSingular) => boolean;
  findNearestElements?: (x: number, y: number, interactiveElementsOnly: boolean, isTouch: boolean) => (NodeSingular | EdgeSingular)[];
  drawing?: { atlasManager?: { getRenderTypeOpts?: (type: string) => { isVisible?: (ele: NodeSingular) => boolean } | undefined } };
}

/**
 * Makes the WebGL renderer draw node labels as its canvas renderer does: only when
 * `min-zoomed-font-size` allows at this zoom, and only near the viewport. Cytoscape 3.34's
 * WebGL path draws every label at every zoom and does not cull — each label is rasterised into
 * a texture atlas on the main thread, and the atlas re-uploaded, the first time it is drawn — so
 * at 10,000 nodes labels were most of the first frame, and zooming in past the label threshold
 * rasterised all of them in one frame. The zoom rule is cytoscape's own (`eleTextBiggerThanMin`,
 * src/extensions/renderer/canvas/drawing-label-text.mjs), so labels appear at the same zoom on
 * both renderers; a label within LABEL_CULL_MARGIN_PX of the viewport counts as in view (a
 * label is drawn centred under its node and is never wider than that margin covers).
 * Edge labels (none in the large-graph style) are left as they were. True when installed.
 */
export function honourLabelMinZoom(cy: Core): boolean {
  const r = (cy as unknown as { renderer(): WebGLRendererInternals }).renderer();
  const opts = r.drawing?.atlasManager?.getRenderTypeOpts?.("label");
  const biggerThanMin = r.eleTextBiggerThanMin;
  if (opts === undefined || typeof biggerThanMin !== "function") return false;
  const isVisible = opts.isVisible;
  let view: { x1: number; y1: number; x2: number; y2: number } | undefined;
  cy.on("viewport resize", () => void (view = undefined));
  const inView = (ele: NodeSingular): boolean => {
    if (view === undefined) {
      const e = cy.extent();
      const m = LABEL_CULL_MARGIN_PX / cy.zoom();
      view = { x1: e.x1 - m, y1: e.y1 - m, x2: e.x2 + m, y2: e.y2 + m };
    }
    const p = ele.position();
    return p.x >= view.x1 && p.x <= view.x2 && p.y >= view.y1 && p.y <= view.y2;
  };
  opts.isVisible = (ele) => (isVisible === undefined || isVisible(ele)) && (!ele.isNode() || (biggerThanMin.call(r, ele) && inView(ele)));
  return true;
}

/** Rendered pixels around the viewport within which a node's label is drawn. */
const LABEL_CULL_MARGIN_PX = 250;

/**
 * Skips cytoscape's next drawn frame (its render loop then runs only its non-drawing frame
 * hooks). The WebGL renderer draws every element every frame — it does not cull what is out of
 * view as the canvas renderer does — so while a large graph goes in a chunk per animation
 * frame, drawing what is in so far after each chunk would cost O(n²) over the load. Called from
 * an animation-frame callback registered after cytoscape's render loop (whose callback thus runs
 * first in each frame), it holds the next frame; the frame after the last chunk draws.
 */
export function skipNextFrame(cy: Core): void {
  const r = (cy as unknown as { renderer(): { skipFrame?: boolean; renderLoopStarted?: boolean } | undefined }).renderer();
  if (r?.renderLoopStarted === true) r.skipFrame = true;
}

/** A node for hitTest: its centre, its box (border included) and its z-index. */
export interface HitNode {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly z: number;
}

/** An edge for hitTest: a straight segment (its width is asked only of the edges near the point). */
export interface HitEdge {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** No large-graph edge is drawn wider than this (model units; the selected edge). */
export const MAX_EDGE_WIDTH = 4;

/**
 * What is under the model point (x, y): the index of the node hit (its box grown by `slack`;
 * of several, the highest z-index, then the smallest box — a dot over the container box it sits
 * on) and of the nearest edge within its half width plus `slack`; -1 for none. Nodes are taken
 * as their boxes (dots and rounded boxes: a few pixels' difference at the corners).
 */
export function hitTest(nodes: readonly HitNode[], edges: readonly HitEdge[], widthOf: (edge: number) => number, x: number, y: number, slack: number): { readonly node: number; readonly edge: number } {
  let node = -1;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n === undefined || Math.abs(x - n.x) > n.w / 2 + slack || Math.abs(y - n.y) > n.h / 2 + slack) continue;
    const best = nodes[node];
    if (best === undefined || n.z > best.z || (n.z === best.z && n.w * n.h <= best.w * best.h)) node = i;
  }
  let edge = -1;
  let bestD2 = Infinity;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    if (e === undefined) continue;
    // Cheap reject on the segment's box (grown by the widest edge) before the distance.
    const far = MAX_EDGE_WIDTH / 2 + slack;
    if (x < Math.min(e.x1, e.x2) - far || x > Math.max(e.x1, e.x2) + far || y < Math.min(e.y1, e.y2) - far || y > Math.max(e.y1, e.y2) + far) continue;
    const dx = e.x2 - e.x1;
    const dy = e.y2 - e.y1;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - e.x1) * dx + (y - e.y1) * dy) / len2));
    const px = e.x1 + t * dx - x;
    const py = e.y1 + t * dy - y;
    const d2 = px * px + py * py;
    if (d2 >= bestD2 || d2 > far * far) continue;
    const reach = Math.min(MAX_EDGE_WIDTH, widthOf(i)) / 2 + slack;
    if (d2 <= reach * reach) {
      bestD2 = d2;
      edge = i;
    }
  }
  return { node, edge };
}

/**
 * Replaces the WebGL renderer's hit test (what is under the pointer, asked on every pointer
 * move, press and release) with hitTest over the nodes' boxes and the straight edges of the
 * large-graph style. Cytoscape's WebGL hit test draws the whole graph into an offscreen
 * picking buffer after every viewport change and reads pixels back with gl.readPixels, which
 * waits for the GPU to finish everything queued: on a software rasteriser that stalled the page
 * for seconds at every drag start (bench/graph-browser.bench.ts). Here it is arithmetic over
 * arrays rebuilt after elements are added or removed, with the same result cytoscape's
 * contract asks for: the topmost node and the nearest edge, node first. Slack: 3 px (half of
 * the WebGL renderer's 6 px picking square), 8 px for touch. True when installed.
 */
export function hitTestWithoutReadback(cy: Core): boolean {
  const r = (cy as unknown as { renderer(): WebGLRendererInternals }).renderer();
  if (typeof r.findNearestElements !== "function") return false;
  let index: { nodes: NodeSingular[]; hitNodes: HitNode[]; edges: EdgeSingular[]; hitEdges: HitEdge[] } | undefined;
  // Large-graph nodes are not grabbable: geometry changes only with elements, data, a new placement or classes.
  cy.on("add remove data position class", () => void (index = undefined));
  const build = () => {
    const nodes = cy.nodes().toArray() as NodeSingular[];
    const edges = cy.edges().toArray() as EdgeSingular[];
    const at = new Map(nodes.map((n) => [n.id(), n.position()]));
    const hitEdges = edges.map((e) => {
      const s = at.get(String(e.data("source"))) ?? { x: NaN, y: NaN };
      const t = at.get(String(e.data("target"))) ?? { x: NaN, y: NaN };
      return { x1: s.x, y1: s.y, x2: t.x, y2: t.y };
    });
    return { nodes, hitNodes: nodes.map((n) => ({ ...n.position(), w: n.outerWidth(), h: n.outerHeight(), z: Number(n.numericStyle("z-index")) })), edges, hitEdges };
  };
  r.findNearestElements = (x, y, _interactiveOnly, isTouch) => {
    index ??= build();
    const { nodes, hitNodes, edges, hitEdges } = index;
    const slack = (isTouch ? 8 : 3) / cy.zoom();
    const hit = hitTest(hitNodes, hitEdges, (i) => Number(edges[i]?.numericStyle("width") ?? 0), x, y, slack);
    const out: (NodeSingular | EdgeSingular)[] = [];
    const n = nodes[hit.node];
    const e = edges[hit.edge];
    if (n !== undefined && n.visible()) out.push(n);
    if (e !== undefined && e.visible()) out.push(e);
    return out;
  };
  return true;
}
