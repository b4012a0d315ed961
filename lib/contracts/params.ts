/** Path-segment schemas of the /api/v1 routes. */
import * as z from "zod";

const segment = z.string().min(1).max(253);
const clusterId = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "cluster ids are lowercase RFC 1123 labels");

export const ClusterParamsSchema = z.object({ cluster: clusterId });
export const ResourceParamsSchema = ClusterParamsSchema.extend({ resource: segment });
export const NamedResourceParamsSchema = ResourceParamsSchema.extend({ name: segment });
export const NamespaceParamsSchema = ClusterParamsSchema.extend({ namespace: segment });
export const NamespacedResourceParamsSchema = ResourceParamsSchema.extend({ namespace: segment });
export const NamespacedNamedResourceParamsSchema = NamedResourceParamsSchema.extend({ namespace: segment });
