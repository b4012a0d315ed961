/** Contracts of the Kubernetes-like resource routes under /api/v1/clusters/{cluster}/…. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";
import type { WireObject } from "@/lib/contracts/resources";

/** Query of list requests. */
export const ListQuerySchema = lazySchema(() => z.object({
  namespace: z.string().min(1).optional(),
  tier: z.string().min(1).optional(),
  labelSelector: z.string().optional(),
  limit: z.coerce.number().int().positive().max(10_000).optional(),
  continue: z.string().min(1).optional(),
}));
export type ListQuery = z.infer<typeof ListQuerySchema>;

/**
 * `?dryRun=All` validates and answers as if written, writing nothing. Like Kubernetes, `All` is
 * the only accepted value (anything else is 400).
 */
export const WriteQuerySchema = lazySchema(() => z.object({
  dryRun: z.literal("All", { error: "the only supported dryRun value is All" }).optional(),
}));
export type WriteQuery = z.infer<typeof WriteQuerySchema>;

/**
 * DELETE: optional precondition, as a query parameter (`?resourceVersion=`) or as Kubernetes
 * DeleteOptions in the body (`{"preconditions":{"resourceVersion":"…"}}`).
 */
export const DeleteQuerySchema = lazySchema(() => WriteQuerySchema.extend({ resourceVersion: z.string().min(1).optional() }));
export type DeleteQuery = z.infer<typeof DeleteQuerySchema>;

/** An object on the wire: apiVersion, kind, metadata and the rest as the resource has them. */
export const WireObjectSchema = lazySchema(() => z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z
      .object({
        name: z.string(),
        namespace: z.string().optional(),
        labels: z.record(z.string(), z.string()).optional(),
        annotations: z.record(z.string(), z.string()).optional(),
        resourceVersion: z.string().optional(),
        uid: z.string().optional(),
        creationTimestamp: z.string().optional(),
      })
      .loose(),
  })
  .loose());
export type WireObjectView = z.infer<typeof WireObjectSchema>;

/** A list answer, shaped like a Kubernetes List. */
export const ObjectListSchema = lazySchema(() => z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({ resourceVersion: z.string(), continue: z.string().optional() }),
  items: z.array(WireObjectSchema),
}));
export interface ObjectList {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly resourceVersion: string; readonly continue?: string };
  readonly items: readonly WireObject[];
}
