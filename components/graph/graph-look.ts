/**
 * How each kind of node and class of edge looks, shared by the cytoscape stylesheet
 * (graph-layout.ts) and the legend (graph-legend.tsx), so the two cannot drift apart.
 */
import type { GraphNodeKind } from "@/lib/graph";

export const EDGE_COLOURS = {
  allowed: "#1f8a4c",
  denied: "#d03b2c",
  "staged-denied": "#e07b00",
  mixed: "#7c4ddb",
} as const;

/** One kind's colour and a 16×16 glyph (SVG path data, drawn in the kind's colour). */
export interface KindLook {
  readonly label: string;
  readonly colour: string;
  readonly glyph: string;
}

/** Kinds drawn as nodes (`group` is a box of namespaces, drawn as a container). */
export const KIND_LOOK: Readonly<Record<Exclude<GraphNodeKind, "group">, KindLook>> = {
  namespace: { label: "Namespace", colour: "#2f6fdb", glyph: "M1 3h5l1.5 2H15v8H1z" },
  workload: { label: "Workload", colour: "#5b4bd6", glyph: "M8 1l6 3.5v7L8 15l-6-3.5v-7z" },
  pod: { label: "Pod", colour: "#5b4bd6", glyph: "M8 2a6 6 0 1 1 0 12A6 6 0 0 1 8 2z" },
  service: { label: "Service", colour: "#0e8a9c", glyph: "M8 1l7 7-7 7-7-7z" },
  networkset: { label: "Network set", colour: "#a16207", glyph: "M2 2h12v12H2zM2 8h12M8 2v12" },
  network: { label: "Public / private network", colour: "#59657a", glyph: "M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1zM1 8h14M8 1c3 3 3 11 0 14M8 1c-3 3-3 11 0 14" },
  domain: { label: "Domain", colour: "#59657a", glyph: "M2 4h12v9H2zM2 7h12" },
  host: { label: "Host endpoint", colour: "#334155", glyph: "M2 2h12v8H2zM5 13h6M8 10v3" },
  aggregate: { label: "Folded nodes", colour: "#334155", glyph: "M1 1h6v6H1zM9 1h6v6H9zM1 9h6v6H1zM9 9h6v6H9z" },
};

/** The glyph as an SVG data URI for cytoscape's `background-image` (stroked, no fill). */
export function glyphUri(look: KindLook): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><path d="${look.glyph}" fill="none" stroke="${look.colour}" stroke-width="1.6" stroke-linejoin="round"/></svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}
