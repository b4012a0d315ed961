"use client";
import { ProblemNotice } from "@/components/ui/problem-notice";

/** Unexpected errors inside a console page (5xx from the API end up here). */
export default function ConsoleError({ error, reset }: { readonly error: Error & { digest?: string }; readonly reset: () => void }) {
  return (
    <div className="stack" style={{ maxWidth: 720 }}>
      <ProblemNotice error={error} title="This page failed to load" />
      {error.digest !== undefined ? <p className="small muted">Reference: {error.digest}</p> : null}
      <div>
        <button type="button" className="btn" onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
