/**
 * RFC 9457 problem details as this API sends them (`application/problem+json`). Shared by
 * lib/server/http (which writes them) and lib/hooks/fetcher.ts (which parses them).
 */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export const FieldErrorSchema = lazySchema(() => z.object({ path: z.string(), message: z.string() }));

/** Per-document outcome of a rejected apply (extension member `documents`). */
export const ProblemDocumentSchema = lazySchema(() => z.object({
  index: z.number().int(),
  line: z.number().int().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  errors: z.array(FieldErrorSchema),
}));

export const ProblemSchema = lazySchema(() => z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    /** The domain error code (`validation`, `conflict`, ...). */
    code: z.string(),
    /** The request id the server logged this under. */
    requestId: z.string().optional(),
    /** 422: every field at fault. */
    errors: z.array(FieldErrorSchema).optional(),
    /** 409 conflict: the object as it is now, so the UI can show a diff. */
    currentResourceVersion: z.string().optional(),
    current: z.unknown().optional(),
    documents: z.array(ProblemDocumentSchema).optional(),
    /** 403: what the caller's permissions lack (role, tiers, namespaces, or an unrestricted scope). */
    missing: z
      .object({
        role: z.string().optional(),
        tiers: z.array(z.string()).optional(),
        namespaces: z.array(z.string()).optional(),
        unrestricted: z.array(z.string()).optional(),
      })
      .optional(),
  })
  .loose());

export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemFieldError = z.infer<typeof FieldErrorSchema>;
export type ProblemDocument = z.infer<typeof ProblemDocumentSchema>;
