import type { DiffLine } from "@/lib/board";

/**
 * A side-by-side line diff (rows from lib/board diffObjects / diffLines). Long lines wrap inside
 * their column (both columns get half the width), so neither side is ever clipped.
 */
export function DiffView({ rows, leftTitle, rightTitle }: { readonly rows: readonly DiffLine[]; readonly leftTitle: string; readonly rightTitle: string }) {
  const cls = (op: DiffLine["op"], side: "l" | "r") => (op === "same" ? "" : op === "change" ? "d-change" : op === "del" ? (side === "l" ? "d-del" : "") : side === "r" ? "d-add" : "");
  return (
    <div className="pe-diff" role="table" aria-label={`${leftTitle} compared with ${rightTitle}`} data-testid="diff">
      <div role="row" className="pe-diff-row">
        <div role="columnheader">
          <strong>{leftTitle}</strong>
        </div>
        <div role="columnheader">
          <strong>{rightTitle}</strong>
        </div>
      </div>
      {rows.map((r, i) => (
        <div role="row" className="pe-diff-row" key={i}>
          <div role="cell" className={cls(r.op, "l")}>
            {r.left?.text ?? ""}
          </div>
          <div role="cell" className={cls(r.op, "r")}>
            {r.right?.text ?? ""}
          </div>
        </div>
      ))}
    </div>
  );
}
