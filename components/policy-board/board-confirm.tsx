import type { ReactNode } from "react";
import { assertNever } from "@/lib/result";
import type { BoardConfirm } from "@/components/policy-board/use-board-view";

/** Title, button and body of the board's one confirmation dialog, for each thing it asks about. */
export function confirmText(c: BoardConfirm): { readonly title: string; readonly label: string; readonly danger: boolean; readonly body: ReactNode } {
  switch (c.kind) {
    case "move": {
      const move = c.plan.confirm?.move;
      return {
        title: "Move policy to another tier",
        label: "Move",
        danger: false,
        body: (
          <div className="stack">
            <p>
              Tier: <code>{move?.tierChange?.from}</code> → <code>{move?.tierChange?.to}</code>
            </p>
            {move?.rename !== undefined ? (
              <p>
                Name: <code>{move.rename.from}</code> → <code>{move.rename.to}</code> (names are immutable: the policy is deleted and created again under the new name, in one change)
              </p>
            ) : (
              <p>The name stays the same.</p>
            )}
          </div>
        ),
      };
    }
    case "bulkMove":
      return {
        title: `Move ${c.cards === 1 ? "1 policy" : `${c.cards} policies`} to tier ${c.tier}`,
        label: "Move",
        danger: false,
        body: (
          <div className="stack">
            <p>Each policy keeps its order and takes its place among the policies of {c.tier} by order. All of them move in one change, or none.</p>
            {c.renames > 0 ? <p>{c.renames === 1 ? "1 policy is" : `${c.renames} policies are`} renamed to the new tier&apos;s prefix (deleted and created again under the new name).</p> : null}
            {c.skipped.length > 0 ? (
              <div>
                Not moved:
                <ul className="small">
                  {c.skipped.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <p className="small muted">You can undo the move from the notification that follows.</p>
          </div>
        ),
      };
    case "enforce": {
      const staged = c.card.staged;
      return {
        title: "Enforce staged policy",
        label: "Enforce",
        danger: false,
        body: (
          <p>
            {staged?.stagedAction === "Delete"
              ? `This deletes the enforced policy ${staged.displayName.replace(/^staged:/, "")} and its staged copy.`
              : `The staged ${staged?.displayName ?? ""} becomes an enforced policy and starts changing traffic; the staged copy is removed.`}
          </p>
        ),
      };
    }
    case "bulkEnforce":
      return {
        title: `Enforce ${c.items.length === 1 ? "1 staged policy" : `${c.items.length} staged policies`}`,
        label: "Enforce",
        danger: false,
        body: (
          <div className="stack">
            <p>Each staged policy becomes enforced and starts changing traffic; its staged copy is removed.</p>
            <ul className="small mono">
              {c.items.map((i) => (
                <li key={i.key}>{i.name}</li>
              ))}
            </ul>
          </div>
        ),
      };
    case "bulkStage":
      return {
        title: `Stage ${c.staged.length === 1 ? "1 policy" : `${c.staged.length} policies`}`,
        label: "Stage",
        danger: false,
        body: (
          <div className="stack">
            <p>A staged copy of each policy is created next to it. Staged copies change no traffic; edit them and enforce when the flows look right.</p>
            <ul className="small mono">
              {c.staged.map((p) => (
                <li key={`${p.metadata.namespace ?? ""}/${p.metadata.name}`}>{p.metadata.namespace !== undefined ? `${p.metadata.namespace}/${p.metadata.name}` : p.metadata.name}</li>
              ))}
            </ul>
          </div>
        ),
      };
    case "deletePolicies":
      return {
        title: c.views.length === 1 ? "Delete policy" : `Delete ${c.views.length} policies`,
        label: "Delete",
        danger: true,
        body: (
          <div className="stack">
            <p>{c.views.some((v) => !v.staged) ? "Deleting an enforced policy changes traffic immediately." : "Staged policies change no traffic; deleting them only removes the proposal."}</p>
            <ul className="small mono">
              {c.views.map((v) => (
                <li key={v.key}>
                  {v.displayName}
                  {v.namespace !== undefined ? ` (${v.namespace})` : ""}
                </li>
              ))}
            </ul>
          </div>
        ),
      };
    case "deleteTier":
      return { title: "Delete tier", label: "Delete tier", danger: true, body: <p>Delete the empty tier {c.lane.name}?</p> };
    default:
      return assertNever(c);
  }
}
