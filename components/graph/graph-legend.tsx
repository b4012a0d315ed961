import { EDGE_COLOURS, KIND_LOOK } from "@/components/graph/graph-look";

const EDGES = [
  { cls: "allowed", label: "Allowed", dash: undefined },
  { cls: "denied", label: "Denied", dash: undefined },
  { cls: "staged-denied", label: "Staged denied", dash: "5 3", title: "Allowed now, denied once the staged policies are enforced" },
  { cls: "mixed", label: "Allowed and denied", dash: undefined },
] as const;

const KINDS = ["namespace", "workload", "service", "networkset", "network", "domain", "host"] as const;

/** What the graph's node glyphs and edge colours mean (the same tables draw the graph). */
export function GraphLegend() {
  return (
    <div className="graph-legend" role="group" aria-label="Legend" data-testid="graph-legend">
      <ul className="graph-legend-items" aria-label="Edges">
        {EDGES.map((e) => (
          <li key={e.cls} title={"title" in e ? e.title : undefined}>
            <svg width="30" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="22" y2="5" stroke={EDGE_COLOURS[e.cls]} strokeWidth="2.5" strokeDasharray={e.dash} />
              <path d="M21 1.5 L29 5 L21 8.5 z" fill={EDGE_COLOURS[e.cls]} />
            </svg>
            {e.label}
          </li>
        ))}
        <li className="cell-muted">Thicker = more flows</li>
      </ul>
      <ul className="graph-legend-items" aria-label="Nodes">
        {KINDS.map((k) => (
          <li key={k}>
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d={KIND_LOOK[k].glyph} fill="none" stroke={KIND_LOOK[k].colour} strokeWidth="1.6" strokeLinejoin="round" />
            </svg>
            {KIND_LOOK[k].label}
          </li>
        ))}
        <li className="cell-muted">Double-click a namespace to open it</li>
      </ul>
    </div>
  );
}
