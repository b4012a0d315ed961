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
export function runSeeded(run: () => void): void {
  const original = Math.random;
  Math.random = mulberry32(7);
  try {
    run();
  } finally {
    Math.random = original;
  }
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
