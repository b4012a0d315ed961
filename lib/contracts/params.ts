/** Path-segment schemas of the /api/v1 routes. */
import * as z from "zod";
import { lazySchema } from "@/lib/contracts/lazy-schema";

const segment = z.string().min(1).max(253);
const clusterId = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "cluster ids are lowercase RFC 1123 labels");

export const ClusterParamsSchema = lazySchema(() => z.object({ cluster: clusterId }));
export const ResourceParamsSchema = lazySchema(() => ClusterParamsSchema.extend({ resource: segment }));
export const NamedResourceParamsSchema = lazySchema(() => ResourceParamsSchema.extend({ name: segment }));
export const NamespaceParamsSchema = lazySchema(() => ClusterParamsSchema.extend({ namespace: segment }));
export const NamespacedResourceParamsSchema = lazySchema(() => ResourceParamsSchema.extend({ namespace: segment }));
export const NamespacedNamedResourceParamsSchema = lazySchema(() => NamedResourceParamsSchema.extend({ namespace: segment }));
