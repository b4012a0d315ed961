import "server-only";
/**
 * The `goldmane` section of a kubernetes cluster's registry config: where Calico's Goldmane
 * (OSS 3.30+) listens and the mTLS material to reach it. Each of the CA, the client certificate
 * and the client key is given either as PEM content (`caPem`, `certPem`, `keyPem`; the key is
 * stored sealed, see lib/server/crypto/cluster-secrets.ts) or as the path of a file under
 * PALISADE_KUBECONFIG_DIR (`caPath`, `certPath`, `keyPath`; mounted secrets). A path is checked
 * the way a kubeconfig path is (kubeconfig-source.ts `resolveInsideDir`): absolute, inside the
 * folder after symbolic links are resolved, a regular file of bounded size. Errors name the field
 * and the reason, never what a file holds, so a path cannot be used to read server files.
 *
 * ```json
 * { "source": "inCluster", "goldmane": { "address": "goldmane.calico-system.svc:7443",
 *   "caPath": "/etc/palisade/kube/goldmane/ca.crt", "certPem": "-----BEGIN CERTIFICATE-----…",
 *   "keyPem": "-----BEGIN PRIVATE KEY-----…" } }
 * ```
 */
import { readFileSync, statSync } from "node:fs";
import * as z from "zod";
import type { FieldError } from "@/lib/errors";
import { ValidationError } from "@/lib/errors";
import type { KubeconfigPolicy } from "@/lib/server/kube/inside-dir";
import { resolveInsideDir } from "@/lib/server/kube/inside-dir";

/** Largest PEM file or content accepted (a certificate chain is a few KiB). */
export const MAX_PEM_BYTES = 256 * 1024;

/** The three pieces of mTLS material and what their PEM must hold. */
export const GOLDMANE_MATERIAL = [
  { name: "ca", pem: "caPem", path: "caPath", label: "CERTIFICATE" },
  { name: "cert", pem: "certPem", path: "certPath", label: "CERTIFICATE" },
  { name: "key", pem: "keyPem", path: "keyPath", label: "PRIVATE KEY" },
] as const;

/** Whether text is PEM holding a block whose label ends with `label` (`PRIVATE KEY` covers `RSA PRIVATE KEY`, `EC PRIVATE KEY`). */
export function isPemOf(text: string, label: string): boolean {
  // Two anchored searches rather than one BEGIN…END pattern, whose backtracking over a large body is quadratic.
  const begin = new RegExp(`-----BEGIN ([A-Z0-9]+ )*${label}-----`).exec(text);
  return begin !== null && new RegExp(`-----END ([A-Z0-9]+ )*${label}-----`).test(text.slice(begin.index + begin[0].length));
}

const pem = z.string().min(1).max(MAX_PEM_BYTES, `must be at most ${MAX_PEM_BYTES} bytes`);
const filePath = z.string().min(1);

export const GoldmaneConfigSchema = z
  .object({
    /** `host:port` of Goldmane's gRPC port. */
    address: z.string().regex(/^[^\s/]+:\d{1,5}$/, "must be host:port"),
    /** The CA that signed Goldmane's server certificate: PEM, or a file under PALISADE_KUBECONFIG_DIR. */
    caPem: pem.optional(),
    caPath: filePath.optional(),
    /** The client certificate and key Goldmane accepts: PEM, or files under PALISADE_KUBECONFIG_DIR. */
    certPem: pem.optional(),
    certPath: filePath.optional(),
    keyPem: pem.optional(),
    keyPath: filePath.optional(),
    /** The name to check Goldmane's certificate against when it differs from the address host. */
    serverName: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    for (const m of GOLDMANE_MATERIAL) {
      const content = c[m.pem];
      if (content !== undefined && c[m.path] !== undefined) ctx.addIssue({ code: "custom", path: [m.path], message: `give ${m.pem} or ${m.path}, not both` });
      else if (content === undefined && c[m.path] === undefined) ctx.addIssue({ code: "custom", path: [m.pem], message: `Required value: paste the PEM (${m.pem}) or name a file under PALISADE_KUBECONFIG_DIR (${m.path})` });
      else if (content !== undefined && !isPemOf(content, m.label)) ctx.addIssue({ code: "custom", path: [m.pem], message: `must be PEM holding a ${m.label}` });
    }
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

/** The mTLS material, read. */
export interface GoldmaneMaterial {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Reads one file named by a path field; field errors never quote the file. */
function readPemFile(file: string, policy: KubeconfigPolicy, field: string, label: string): Buffer | FieldError {
  let real: string;
  try {
    real = resolveInsideDir(file, policy, field);
  } catch (e) {
    return { path: field, message: e instanceof ValidationError ? (e.errors[0]?.message ?? e.message) : "cannot be read" };
  }
  try {
    const stat = statSync(real);
    if (!stat.isFile()) return { path: field, message: "is not a regular file" };
    if (stat.size > MAX_PEM_BYTES) return { path: field, message: `is larger than ${MAX_PEM_BYTES} bytes` };
    const bytes = readFileSync(real);
    if (!isPemOf(bytes.toString("utf8"), label)) return { path: field, message: `is not a PEM file holding a ${label}` };
    return bytes;
  } catch {
    return { path: field, message: "cannot be read" };
  }
}

/**
 * The CA, certificate and key of a Goldmane config: PEM content as given, files read after the
 * checks of the module comment. Throws ValidationError listing every bad field (under
 * `goldmane.`), whose messages never include file content.
 */
export function loadGoldmaneMaterial(config: GoldmaneConfig, policy: KubeconfigPolicy): GoldmaneMaterial {
  const errors: FieldError[] = [];
  const read = (m: (typeof GOLDMANE_MATERIAL)[number]): Buffer => {
    const content = config[m.pem];
    if (content !== undefined) return Buffer.from(content, "utf8");
    const file = config[m.path];
    if (file === undefined) {
      errors.push({ path: `goldmane.${m.pem}`, message: "Required value" });
      return Buffer.alloc(0);
    }
    const out = readPemFile(file, policy, `goldmane.${m.path}`, m.label);
    if (Buffer.isBuffer(out)) return out;
    errors.push(out);
    return Buffer.alloc(0);
  };
  const [ca, cert, key] = GOLDMANE_MATERIAL.map(read) as [Buffer, Buffer, Buffer]; // three entries in, three out
  if (errors.length > 0) throw new ValidationError(`the Goldmane TLS material is refused: ${errors[0]?.path ?? ""} ${errors[0]?.message ?? ""}`, errors);
  return { ca, cert, key };
}
