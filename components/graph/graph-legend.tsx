import { EDGE_COLOURS } from "@/components/graph/graph-layout";

const ITEMS = [
  { cls: "allowed", label: "Allowed", style: "solid" },
  { cls: "denied", label: "Denied", style: "solid" },
  { cls: "staged-denied", label: "Staged denied (allowed now, denied once staged policies are enforced)", style: "dashed" },
  { cls: "mixed", label: "Allowed and denied", style: "solid" },
] as const;

/** Edge colours and node shapes of the service graph. */
export function GraphLegend() {
  return (
    <div className="graph-legend" aria-label="Legend">
      {ITEMS.map((i) => (
        <span key={i.cls}>
          <span className="swatch" style={{ borderTopColor: EDGE_COLOURS[i.cls], borderTopStyle: i.style }} />
          {i.label}
        </span>
      ))}
      <span>Width: traffic volume (bytes, log scale)</span>
      <span>▭ namespace (double-click to open or close) · ● workload · ◆ service · ⬡ outside the cluster</span>
    </div>
  );
}
