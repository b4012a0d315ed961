/**
 * Field errors of the editor: local validation (fromPolicyForm, same rules as the server) and a
 * failed save's problem (422 `errors[]`, or a rejected apply's per-document errors), matched to
 * the form field named by their path.
 */
import type { FieldError } from "@/lib/errors";
import { isApiProblem } from "@/lib/hooks/fetcher";

/** Every field error carried by a failed call (none for other failures). */
export function problemFieldErrors(error: unknown): FieldError[] {
  if (!isApiProblem(error)) return [];
  const direct = error.problem.errors ?? [];
  const docs = (error.problem.documents ?? []).flatMap((d) => d.errors);
  return [...direct, ...docs];
}

/** Messages of the errors at `path` or below it (`spec.ingress[0]` covers `spec.ingress[0].action`). */
export function errorsAt(errors: readonly FieldError[], path: string): string[] {
  return errors
    .filter((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`))
    .map((e) => (e.path === path ? e.message : `${e.path.slice(path.length).replace(/^\./, "")}: ${e.message}`));
}
