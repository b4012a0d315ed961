/**
 * The e2e test hook: `window.__palisadeGraph` exposes the drawn node and edge ids (never pixels).
 * It exists only in test builds — `NEXT_PUBLIC_PALISADE_TEST_HOOKS=1` at build time, which
 * scripts/test.mjs sets for the e2e build; Next inlines the variable, so in a production build
 * the branch below is dead code and the hook is not shipped.
 */
import type { Core } from "cytoscape";

/** A model-space bounding box. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** What e2e tests read (ids only, never pixels). */
export interface GraphTestHook {
  nodes(): string[];
  edges(): { id: string; source: string; target: string; class: string }[];
  /** The parent (container) of each node that has one. */
  parents(): Record<string, string>;
  /** How many nodes and edges are drawn (cheap; for waiting on a large graph). */
  counts(): { nodes: number; edges: number };
  /** Which renderer draws the graph: our WebGL2 renderer (large graphs) or cytoscape's canvas. */
  renderer(): "webgl" | "canvas";
  /** Model positions of non-container nodes (to check that a layout is kept). */
  positions(): Record<string, { x: number; y: number }>;
  /** Model bounding boxes of non-container nodes, labels included (to check that none overlap). */
  boxes(): Record<string, Box>;
  /** Canvas renderer: each card's box without its label and its label's box alone (model units; to check the name clears the glyph). */
  cards?(): Record<string, { node: Box; label: Box }>;
  /** The zoom level. */
  zoom(): number;
  /** WebGL2 renderer: frames its painter has put on screen so far (it may draw in a worker, whose frames the page's requestAnimationFrame does not see). */
  framesPainted?(): number;
  /** WebGL2 renderer: where its painter runs, in the render worker or on the page's thread. */
  paintsIn?(): "worker" | "page";
  /** Taps an element as a click would (runs the same selection handler). */
  select(id: string): void;
}

declare global {
  interface Window {
    __palisadeGraph?: GraphTestHook;
  }
}

/** True in a build made for the browser tests (and the graph benchmark). */
export const TEST_HOOKS_ENABLED = process.env.NEXT_PUBLIC_PALISADE_TEST_HOOKS === "1";

/** Installs `hook` as window.__palisadeGraph (test builds only); returns the uninstaller. */
export function installTestHook(hook: GraphTestHook): () => void {
  if (!TEST_HOOKS_ENABLED) return () => undefined;
  window.__palisadeGraph = hook;
  return () => {
    if (window.__palisadeGraph === hook) delete window.__palisadeGraph;
  };
}

/** Installs the hook for a cytoscape instance (canvas renderer; test builds only); returns the uninstaller. */
export function installGraphTestHook(cy: Core): () => void {
  if (!TEST_HOOKS_ENABLED) return () => undefined;
  // Counted as elements come and go: cy.nodes() filters every element, and a large graph's
  // loader (e2e, the browser bench) asks every animation frame.
  const count = { nodes: cy.nodes().length, edges: cy.edges().length };
  const counter = (by: number) => (e: { target: { isNode(): boolean } }) => void (e.target.isNode() ? (count.nodes += by) : (count.edges += by));
  const added = counter(1);
  const removed = counter(-1);
  cy.on("add", added);
  cy.on("remove", removed);
  const uninstall = installTestHook({
    nodes: () => cy.nodes().map((n) => n.id()),
    edges: () => cy.edges().map((e) => ({ id: e.id(), source: String(e.data("source")), target: String(e.data("target")), class: String(e.data("cls")) })),
    parents: () => {
      const out: Record<string, string> = {};
      cy.nodes().forEach((n) => {
        if (n.isChild()) out[n.id()] = n.parent().first().id();
      });
      return out;
    },
    counts: () => ({ ...count }),
    renderer: () => "canvas",
    positions: () => {
      const out: Record<string, { x: number; y: number }> = {};
      cy.nodes().forEach((n) => {
        if (!n.isParent()) out[n.id()] = { ...n.position() };
      });
      return out;
    },
    boxes: () => {
      const out: Record<string, Box> = {};
      cy.nodes().forEach((n) => {
        if (n.isParent()) return;
        const b = n.boundingBox({ includeLabels: true, includeOverlays: false });
        out[n.id()] = { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
      });
      return out;
    },
    cards: () => {
      const out: Record<string, { node: Box; label: Box }> = {};
      const box = (b: Box): Box => ({ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 });
      cy.nodes().forEach((n) => {
        if (n.isParent()) return;
        out[n.id()] = {
          node: box(n.boundingBox({ includeLabels: false, includeOverlays: false })),
          label: box(n.boundingBox({ includeNodes: false, includeLabels: true, includeOverlays: false })),
        };
      });
      return out;
    },
    zoom: () => cy.zoom(),
    select: (id) => {
      const el = cy.getElementById(id);
      if (el.nonempty()) {
        cy.elements().unselect();
        el.select();
        el.emit("tap");
      }
    },
  });
  return () => {
    cy.off("add", added);
    cy.off("remove", removed);
    uninstall();
  };
}
