/** Contract of POST /api/v1/clusters/{cluster}/apply (multi-document YAML or JSON import). */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

export const APPLY_OUTCOMES = ["created", "configured", "unchanged"] as const;

/** One field an apply changed (or, in a dry run, would change): path, value before, value after. */
export const FieldChangeSchema = lazySchema(() => z.object({
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
}));
export type FieldChangeDto = z.infer<typeof FieldChangeSchema>;

/** One applied document. */
export const AppliedDocumentSchema = lazySchema(() => z.object({
  index: z.number().int(),
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  outcome: z.enum(APPLY_OUTCOMES),
  resourceVersion: z.string().optional(),
  /** The exact field changes against the live object (server-owned metadata left out). */
  changes: z.array(FieldChangeSchema).optional(),
}));
export type AppliedDocument = z.infer<typeof AppliedDocumentSchema>;

/** The answer: every document's outcome (nothing written when `dryRun`). */
export const ApplyResultSchema = lazySchema(() => z.object({
  dryRun: z.boolean(),
  results: z.array(AppliedDocumentSchema),
}));
export type ApplyResult = z.infer<typeof ApplyResultSchema>;

/** Largest accepted import body (characters). */
export const MAX_APPLY_BYTES = 4 * 1024 * 1024;
