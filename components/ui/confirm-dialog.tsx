"use client";
import { useEffect, useRef } from "react";
import type { ReactNode } from "react";

/**
 * A modal confirmation built on <dialog> (focus trapping, Escape and inert background come from
 * the browser). Escape or Cancel calls `onCancel`.
 */
export function ConfirmDialog(props: {
  readonly open: boolean;
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly busy?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  const { onCancel } = props;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <div className="dialog-body">
        <h2 id="confirm-dialog-title">{props.title}</h2>
        {props.children}
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={props.busy}>
          Cancel
        </button>
        <button type="button" className={props.danger === true ? "btn btn-danger" : "btn btn-primary"} onClick={props.onConfirm} disabled={props.busy}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
