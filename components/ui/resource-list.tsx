"use client";
import type { ReactNode } from "react";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ProblemNotice } from "@/components/ui/problem-notice";

/** A column of a ResourceList; `numeric` right-aligns it. */
export interface ResourceColumn {
  readonly label: string;
  readonly numeric?: boolean;
}

/**
 * The list card of a resource page: the load error, "Loading…", the empty text, or a table with
 * the given columns plus an unlabelled actions column. Rows (`<tr>`s) are the children.
 */
export function ResourceList(props: {
  /** Accessible name of the card. */
  readonly label: string;
  /** Accessible name of the table. */
  readonly tableLabel: string;
  readonly columns: readonly ResourceColumn[];
  readonly error: unknown;
  readonly isPending: boolean;
  readonly isEmpty: boolean;
  readonly emptyText: string;
  readonly children: ReactNode;
}) {
  return (
    <section className="card" aria-label={props.label}>
      {props.error !== null && props.error !== undefined ? (
        <div className="card-body">
          <ProblemNotice error={props.error} />
        </div>
      ) : null}
      {props.isPending ? (
        <div className="loading" role="status">
          Loading…
        </div>
      ) : props.isEmpty ? (
        <div className="empty">{props.emptyText}</div>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={props.tableLabel}>
            <thead>
              <tr>
                {props.columns.map((c) => (
                  <th key={c.label} scope="col" className={c.numeric === true ? "num" : undefined}>
                    {c.label}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>{props.children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The Edit and Delete buttons of a row, named after the resource for assistive technology. */
export function RowEditDelete(props: { readonly name: string; readonly onEdit: () => void; readonly onDelete: () => void; readonly editDisabled?: boolean }) {
  return (
    <>
      <button type="button" className="btn btn-sm" aria-label={`Edit ${props.name}`} disabled={props.editDisabled} onClick={props.onEdit}>
        Edit
      </button>{" "}
      <button type="button" className="btn btn-sm btn-danger" aria-label={`Delete ${props.name}`} onClick={props.onDelete}>
        Delete
      </button>
    </>
  );
}

/** The success line above a resource list ("Saved …", "Deleted …"); nothing without a notice. */
export function SavedNotice(props: { readonly notice: string | undefined }) {
  if (props.notice === undefined) return null;
  return (
    <div className="notice notice-ok" role="status">
      {props.notice}
    </div>
  );
}

/**
 * The delete confirmation of a resource list: what goes away (children), the failure if the
 * delete failed (`conflictTitle` replaces the problem's title on 409), Cancel and Delete.
 */
export function DeleteDialog(props: {
  readonly open: boolean;
  readonly title: string;
  readonly busy: boolean;
  readonly error: unknown;
  readonly conflictTitle?: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly children: ReactNode;
}) {
  const conflict = props.conflictTitle !== undefined && isApiProblem(props.error) && props.error.status === 409;
  return (
    <ConfirmDialog open={props.open} title={props.title} confirmLabel="Delete" danger busy={props.busy} onConfirm={props.onConfirm} onCancel={props.onCancel}>
      {props.children}
      {props.error !== null && props.error !== undefined ? <ProblemNotice error={props.error} title={conflict ? props.conflictTitle : undefined} /> : null}
    </ConfirmDialog>
  );
}
