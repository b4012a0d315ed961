/** The policy analyser's API: GET …/policies-ops/lint?windowMinutes=N. */
import { z } from "zod";
import type { LintFinding } from "@/lib/policy";

/** Default flow-history window of the unused-rule analysis and the staged-policy check, in minutes. */
export const DEFAULT_LINT_WINDOW_MINUTES = 24 * 60;

export const LintQuerySchema = z.object({
  windowMinutes: z.coerce.number().int().min(1).max(30 * 24 * 60).optional(),
});
export type LintQuery = z.infer<typeof LintQuerySchema>;

export interface LintResponse {
  readonly findings: readonly LintFinding[];
  /** The flow-history window read (UNIX seconds) and the records in it. */
  readonly from: number;
  readonly to: number;
  readonly records: number;
  /** Where the staged-policy check took its connections: the window's flows, or the what-if matrix when it had none. */
  readonly connections: { readonly source: "flows" | "matrix"; readonly judged: number; readonly truncated: boolean };
}
