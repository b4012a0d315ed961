/**
 * The canvas hook's cytoscape helpers: the first view, fitting, overlap removal after a layout,
 * a seeded layout run, reading positions back, and the renderer choice.
 */
import type { Core, NodeSingular } from "cytoscape";
import type { Position } from "@/lib/graph";
import { separateBlocks } from "@/lib/graph";
import { FIT_MAX_ZOOM } from "@/components/graph/graph-layout";
import { mulberry32 } from "@/lib/random";

const FIT_PADDING = 30;

/**
 * Runs a synchronous layout with Math.random seeded: fcose draws its random start from
 * Math.random and has no seed option, and the first picture of a graph should not depend on luck.
 */
export function runSeeded(run: () => void, seed = 7): void {
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    run();
  } finally {
    Math.random = original;
  }
}

/**
 * How spread out the narrowest open container's contents are: the short side over the long side
 * of the box around its children's centres (1 for a square, near 0 for a line); 1 when no open
 * container has 4 or more children.
 */
export function narrowestOpenSpread(cy: Core): number {
  let narrowest = 1;
  cy.nodes(".open").forEach((container) => {
    const children = container.children();
    if (children.length < 4) return;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    children.forEach((c) => {
      const p = c.position();
      x0 = Math.min(x0, p.x);
      x1 = Math.max(x1, p.x);
      y0 = Math.min(y0, p.y);
      y1 = Math.max(y1, p.y);
    });
    const w = x1 - x0;
    const h = y1 - y0;
    if (Math.max(w, h) > 0) narrowest = Math.min(narrowest, Math.min(w, h) / Math.max(w, h));
  });
  return narrowest;
}

/** An open namespace whose contents spread less than this reads as a string of cards: lay out again. */
export const MIN_OPEN_SPREAD = 0.35;
/** Seeds of the first layout's further tries (the first uses runSeeded's default). */
const RETRY_SEEDS = [8, 9] as const;

/**
 * A graph's first layout (nothing placed yet): `layout(seed)` runs fcose from that seed's random
 * start. A force-directed start can settle an open namespace into a long diagonal; then up to
 * two other starts are tried and the widest-spread result is kept (each run is a few tens of
 * milliseconds on a graph small enough for fcose). Same graph, same picture: the seeds are fixed.
 */
export function firstLayout(cy: Core, layout: (seed?: number) => void): void {
  layout();
  let best = { spread: narrowestOpenSpread(cy), positions: leafPositions(cy), last: true };
  for (const seed of RETRY_SEEDS) {
    if (best.spread >= MIN_OPEN_SPREAD) break;
    layout(seed);
    const spread = narrowestOpenSpread(cy);
    best = spread > best.spread ? { spread, positions: leafPositions(cy), last: true } : { ...best, last: false };
  }
  if (best.last) return;
  cy.batch(() => {
    for (const [id, p] of Object.entries(best.positions)) cy.getElementById(id).position({ ...p });
  });
}

/** Fits the graph, never zooming in past FIT_MAX_ZOOM. */
export function fitClamped(cy: Core): void {
  if (cy.elements().empty()) return;
  cy.fit(undefined, FIT_PADDING);
  if (cy.zoom() > FIT_MAX_ZOOM) {
    cy.zoom(FIT_MAX_ZOOM);
    cy.center();
  }
}

/**
 * The zoom a graph opens at when fitting it would make names too small to read: then the view
 * centres on the open namespaces (or the whole graph) at this zoom instead, and "Fit" shows all.
 */
const MIN_DEFAULT_ZOOM = 0.8;

/** The first view of a graph: fitted, but never below MIN_DEFAULT_ZOOM nor above FIT_MAX_ZOOM. */
export function showInitially(cy: Core): void {
  fitClamped(cy);
  if (cy.zoom() >= MIN_DEFAULT_ZOOM) return;
  const open = cy.nodes(".open");
  cy.zoom(MIN_DEFAULT_ZOOM);
  cy.center(open.nonempty() ? open : undefined);
}

/**
 * Moves nodes so that no two cards, and no two containers, overlap: container by container,
 * deepest first (a container's box is final before its own siblings are separated), then the
 * top level. Moving a container moves everything inside it. True when anything moved.
 */
export function separateOverlaps(cy: Core): boolean {
  let movedAny = false;
  const containers: NodeSingular[] = [];
  cy.nodes().forEach((n) => void (n.isParent() && containers.push(n)));
  containers.sort((a, b) => b.ancestors().length - a.ancestors().length);
  const levels = [...containers.map((c) => c.children()), cy.nodes().orphans()];
  for (const level of levels) {
    if (level.length < 2) continue;
    const blocks = level.map((n) => {
      const bb = n.boundingBox({ includeLabels: true, includeOverlays: false });
      return { id: n.id(), x1: bb.x1, y1: bb.y1, x2: bb.x2, y2: bb.y2 };
    });
    for (const [id, d] of separateBlocks(blocks, 14)) {
      movedAny = true;
      const el = cy.getElementById(id);
      const leaves = el.isParent() ? el.descendants().filter((n) => !n.isParent()) : el;
      leaves.forEach((n) => void n.position({ x: n.position("x") + d.x, y: n.position("y") + d.y }));
    }
  }
  return movedAny;
}

export function leafPositions(cy: Core): Record<string, Position> {
  const out: Record<string, Position> = {};
  cy.nodes().forEach((n) => {
    if (!n.isParent() && n.data("expanded") !== true) out[n.id()] = { ...n.position() };
  });
  return out;
}

/**
 * Whether to draw a large graph with our WebGL2 renderer (big-graph-renderer.ts): whenever a
 * WebGL2 context can be made, GPU or software rasteriser (SwiftShader, llvmpipe) — its frames
 * cost the main thread a few draw calls whatever the size, where cytoscape's canvas renderer
 * redraws every element (bench/graph-browser.bench.ts measures both). `force` overrides the
 * choice (the benchmark measures both).
 */
export function shouldUseWebGL(force: "auto" | "webgl" | "canvas"): boolean {
  if (force !== "auto") return force === "webgl";
  try {
    const gl = document.createElement("canvas").getContext("webgl2");
    // Only a probe: give its context back (a page may hold only a few at a time).
    gl?.getExtension("WEBGL_lose_context")?.loseContext();
    return gl !== null;
  } catch {
    return false;
  }
}
