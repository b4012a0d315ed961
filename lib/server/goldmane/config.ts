import "server-only";
/**
 * The `goldmane` section of a kubernetes cluster's registry config: where Calico's Goldmane
 * (OSS 3.30+) listens and the files of the mTLS material to reach it. Paths name files on the
 * console's server (mounted secrets), so no key material is stored in the database.
 *
 * ```json
 * { "source": "inCluster", "goldmane": { "address": "goldmane.calico-system.svc:7443",
 *   "caPath": "/etc/goldmane/ca.crt", "certPath": "/etc/goldmane/tls.crt", "keyPath": "/etc/goldmane/tls.key" } }
 * ```
 */
import { z } from "zod";
import { ValidationError } from "@/lib/errors";

export const GoldmaneConfigSchema = z.object({
  /** `host:port` of Goldmane's gRPC port. */
  address: z.string().regex(/^[^\s/]+:\d{1,5}$/, "must be host:port"),
  /** PEM file of the CA that signed Goldmane's server certificate. */
  caPath: z.string().min(1),
  /** PEM files of the client certificate and key Goldmane accepts. */
  certPath: z.string().min(1),
  keyPath: z.string().min(1),
  /** The name to check Goldmane's certificate against when it differs from the address host. */
  serverName: z.string().min(1).optional(),
});
export type GoldmaneConfig = z.infer<typeof GoldmaneConfigSchema>;

/**
 * The Goldmane settings of a cluster config: undefined when the config has no `goldmane`
 * section; throws ValidationError (paths under `goldmane.`) when the section is malformed.
 */
export function goldmaneConfigOf(config: Readonly<Record<string, unknown>>): GoldmaneConfig | undefined {
  const section = config["goldmane"];
  if (section === undefined || section === null) return undefined;
  const parsed = GoldmaneConfigSchema.safeParse(section);
  if (!parsed.success) throw new ValidationError("invalid Goldmane settings", parsed.error.issues.map((i) => ({ path: ["goldmane", ...i.path].join("."), message: i.message })));
  return parsed.data;
}
