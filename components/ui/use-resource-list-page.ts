"use client";
import { useState } from "react";

/** An open editor: the form it started from, whether it creates, and a key that remounts it. */
export interface OpenEditor<F> {
  readonly form: F;
  readonly isNew: boolean;
  readonly key: number;
}

/**
 * The page state shared by the resource list pages (threat feeds, IP pools, network sets,
 * alerts): the open editor, the item waiting for delete confirmation, and the success notice.
 * Opening an editor clears the notice; each opening gets a new key, so the editor starts fresh.
 */
export function useResourceListPage<F, D>() {
  const [editing, setEditing] = useState<OpenEditor<F> | undefined>(undefined);
  const [deleting, setDeleting] = useState<D | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const openEditor = (form: F, isNew: boolean) => {
    setNotice(undefined);
    setEditing({ form, isNew, key: Date.now() });
  };
  /** Closes the editor; with a message (after a save) shows it as the notice. */
  const closeEditor = (message?: string) => {
    setEditing(undefined);
    if (message !== undefined) setNotice(message);
  };
  /** Closes the delete dialog after a delete, showing `message`. */
  const deleted = (message: string) => {
    setDeleting(undefined);
    setNotice(message);
  };
  /** Closes the delete dialog without deleting, clearing the delete's error (`resetError`). */
  const cancelDelete = (resetError: () => void) => {
    resetError();
    setDeleting(undefined);
  };
  return { editing, openEditor, closeEditor, deleting, setDeleting, deleted, cancelDelete, notice, setNotice };
}
