import type { DiffLine } from "@/lib/board";

/** A side-by-side line diff (rows from lib/board diffObjects / diffLines). */
export function DiffView({ rows, leftTitle, rightTitle }: { readonly rows: readonly DiffLine[]; readonly leftTitle: string; readonly rightTitle: string }) {
  const cls = (op: DiffLine["op"], side: "l" | "r") => (op === "same" ? "" : op === "change" ? "d-change" : op === "del" ? (side === "l" ? "d-del" : "") : side === "r" ? "d-add" : "");
  return (
    <div className="pe-diff" role="table" aria-label={`${leftTitle} compared with ${rightTitle}`} data-testid="diff">
      <div role="columnheader">
        <strong>{leftTitle}</strong>
      </div>
      <div role="columnheader">
        <strong>{rightTitle}</strong>
      </div>
      {rows.flatMap((r, i) => [
        <div key={`l${i}`} className={cls(r.op, "l")}>
          {r.left?.text ?? ""}
        </div>,
        <div key={`r${i}`} className={cls(r.op, "r")}>
          {r.right?.text ?? ""}
        </div>,
      ])}
    </div>
  );
}
