"use client";
import { isApiProblem } from "@/lib/hooks/fetcher";
import { FieldErrorItems } from "@/components/ui/field-error-list";

/** Shows a failed call inline: the problem's title and detail, and its field errors when present. */
export function ProblemNotice({ error, title }: { readonly error: unknown; readonly title?: string }) {
  if (error === null || error === undefined) return null;
  const problem = isApiProblem(error) ? error.problem : undefined;
  const heading = title ?? problem?.title ?? "Something went wrong";
  const detail = problem?.detail ?? (error instanceof Error ? error.message : String(error));
  return (
    <div className="notice notice-error" role="alert">
      <div className="notice-title">{heading}</div>
      {detail !== heading ? <div>{detail}</div> : null}
      {problem?.errors !== undefined && problem.errors.length > 0 ? (
        <FieldErrorItems errors={problem.errors} />
      ) : null}
    </div>
  );
}
