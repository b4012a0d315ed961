"use client";
/**
 * The graph toolbar's saved views: pick one to reopen it, save the current state under a name
 * (an existing name is replaced; optionally with zoom and position), delete the chosen one.
 * Views are the caller's own, kept in the database (lib/hooks/use-saved-views).
 */
import { useId, useState } from "react";
import type { FormEvent } from "react";
import type { GraphViewState, SavedGraphView } from "@/lib/contracts/saved-views";
import { useDeleteGraphView, useSaveGraphView, useSavedGraphViews } from "@/lib/hooks/use-saved-views";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ProblemNotice } from "@/components/ui/problem-notice";

export function SavedViewsMenu(props: {
  readonly cluster: string;
  /** The state to save; `withViewport` asks for the current zoom and position too. */
  readonly capture: (withViewport: boolean) => GraphViewState;
  readonly onApply: (view: SavedGraphView) => void;
  /** A view was saved (it becomes the chosen one). */
  readonly onSaved?: (view: SavedGraphView) => void;
  /** The chosen view was deleted. */
  readonly onDeleted?: () => void;
}) {
  const ids = { pick: useId(), name: useId() };
  const views = useSavedGraphViews(props.cluster);
  const save = useSaveGraphView(props.cluster);
  const remove = useDeleteGraphView(props.cluster);
  const [chosen, setChosen] = useState("");
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState("");
  const [withViewport, setWithViewport] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const items = views.data?.items ?? [];
  const current = items.find((v) => v.id === chosen);

  const pick = (id: string) => {
    setChosen(id);
    const view = items.find((v) => v.id === id);
    if (view !== undefined) props.onApply(view);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { name: name.trim(), state: props.capture(withViewport) },
      {
        onSuccess: (view) => {
          setEditing(false);
          setChosen(view.id);
          props.onSaved?.(view);
        },
      },
    );
  };

  return (
    <div className="saved-views" role="group" aria-label="Saved views">
      <div className="field">
        <label className="field-label" htmlFor={ids.pick}>
          Saved view
        </label>
        <div className="row">
          <select id={ids.pick} className="select" value={current !== undefined ? chosen : ""} onChange={(e) => pick(e.target.value)} disabled={items.length === 0}>
            <option value="">{views.isPending ? "Loading…" : items.length === 0 ? "No saved views" : "Choose a view…"}</option>
            {items.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-sm" onClick={() => { setName(current?.name ?? ""); setEditing((x) => !x); save.reset(); }} aria-expanded={editing}>
            Save view…
          </button>
          <button type="button" className="btn btn-sm btn-ghost" disabled={current === undefined} onClick={() => setConfirming(true)}>
            Delete view
          </button>
        </div>
      </div>
      {editing ? (
        <form className="saved-views-form row" onSubmit={submit} aria-label="Save view">
          <div className="field">
            <label className="field-label" htmlFor={ids.name}>
              View name
            </label>
            <input id={ids.name} className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoFocus required />
          </div>
          <label className="row small">
            <input type="checkbox" checked={withViewport} onChange={(e) => setWithViewport(e.target.checked)} /> Keep zoom and position
          </label>
          <button type="submit" className="btn btn-sm btn-primary" disabled={save.isPending || name.trim() === ""}>
            {items.some((v) => v.name === name.trim()) ? "Replace" : "Save"}
          </button>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setEditing(false)}>
            Cancel
          </button>
          <ProblemNotice error={save.error} title="The view was not saved" />
        </form>
      ) : null}
      <ProblemNotice error={views.error ?? remove.error} />
      <ConfirmDialog
        open={confirming}
        title="Delete saved view"
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          if (current === undefined) return;
          remove.mutate(current.id, {
            onSettled: () => setConfirming(false),
            onSuccess: () => {
              setChosen("");
              props.onDeleted?.();
            },
          });
        }}
      >
        <p>Delete the view “{current?.name}”? This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
