/** Contract of POST /api/v1/clusters/{cluster}/labels: change only the labels of a Pod or Namespace. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

export const LabelPatchSchema = lazySchema(() => z.object({
  kind: z.enum(["Pod", "Namespace"]),
  name: z.string().min(1).max(253),
  /** Required for a Pod. */
  namespace: z.string().min(1).max(63).optional(),
  /** Keys to add or change. */
  set: z.record(z.string().max(317), z.string().max(63)).default({}),
  /** Keys to remove. */
  remove: z.array(z.string().max(317)).max(100).default([]),
  /** The version the user edited; a newer object answers 409 and nothing is changed. */
  resourceVersion: z.string().max(64).optional(),
}));
export type LabelPatchRequest = z.input<typeof LabelPatchSchema>;

/** The object's labels after the change. */
export const LabelPatchResponseSchema = lazySchema(() => z.object({
  kind: z.enum(["Pod", "Namespace"]),
  name: z.string().min(1),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  resourceVersion: z.string().min(1),
}));
export type LabelPatchResponse = z.infer<typeof LabelPatchResponseSchema>;

export const labelPaths = {
  patch: (cluster: string): string => `/api/v1/clusters/${encodeURIComponent(cluster)}/labels`,
};
