"use client";
import "@/components/ui/toast.css";
import Link from "next/link";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";

/** What a toast says: what happened, optionally where to look (a link) and one action (Undo). */
export interface ToastInput {
  readonly message: string;
  readonly tone?: "ok" | "error";
  readonly link?: { readonly href: string; readonly label: string };
  readonly action?: { readonly label: string; readonly run: () => void };
}

interface Toast extends ToastInput {
  readonly id: number;
}

/** How long a toast stays; one with an action (Undo) stays longer. */
const TOAST_MS = 7000;
const TOAST_ACTION_MS = 12000;

const ToastContext = createContext<(t: ToastInput) => void>(() => undefined);

/** Shows a toast; outside a ToastProvider (unit tests) it does nothing. */
export function useToast(): (t: ToastInput) => void {
  return useContext(ToastContext);
}

function ToastItem({ toast, onClose }: { readonly toast: Toast; readonly onClose: (id: number) => void }) {
  const { id, action } = toast;
  useEffect(() => {
    const t = window.setTimeout(() => onClose(id), action !== undefined ? TOAST_ACTION_MS : TOAST_MS);
    return () => window.clearTimeout(t);
  }, [id, action, onClose]);
  return (
    <div className={toast.tone === "error" ? "toast toast-error" : "toast"} data-testid="toast">
      <div className="toast-text">
        {toast.message}
        {toast.link !== undefined ? (
          <>
            {" "}
            <Link href={toast.link.href}>{toast.link.label}</Link>
          </>
        ) : null}
      </div>
      {action !== undefined ? (
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => {
            onClose(id);
            action.run();
          }}
        >
          {action.label}
        </button>
      ) : null}
      <button type="button" className="btn btn-sm" aria-label="Dismiss notification" onClick={() => onClose(id)}>
        ✕
      </button>
    </div>
  );
}

/**
 * Holds the toasts of the console and renders them in one polite live region (role="status"),
 * so screen readers announce each one; errors stay in the page next to what failed.
 */
export function ToastProvider({ children }: { readonly children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const next = useRef(1);
  const close = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const show = useCallback((t: ToastInput) => {
    const id = next.current++;
    // At most four at a time: the oldest goes first.
    setToasts((ts) => [...ts.slice(-3), { ...t, id }]);
  }, []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onClose={close} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}
