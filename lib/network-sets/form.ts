/**
 * The network-set form: scope (global or a namespace), name, labels as key/value rows, nets one
 * per line (CIDRs or single addresses) and allowedEgressDomains one per line (exact names or
 * `*.`-wildcards). Converting to a resource checks each line (errors name the line) and then runs
 * the full resource validation of lib/calico, so the form accepts exactly what the API accepts.
 * Pure; never throws.
 */
import type { GlobalNetworkSet, NetworkSet } from "@/lib/calico/types";
import { validateResource } from "@/lib/calico";
import { checkDomain } from "@/lib/net/domains";
import { parseCidrOrIp } from "@/lib/net/ip";
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

export type NetworkSetResource = NetworkSet | GlobalNetworkSet;

export interface LabelRow {
  readonly key: string;
  readonly value: string;
}

export interface NetworkSetForm {
  readonly scope: "global" | "namespaced";
  readonly name: string;
  /** Used when scope is "namespaced". */
  readonly namespace: string;
  readonly labels: readonly LabelRow[];
  /** One CIDR or address per line. */
  readonly nets: string;
  /** One domain per line. */
  readonly domains: string;
  /** Of the object being edited (kept so the save is a conditional PUT). */
  readonly resourceVersion?: string;
  /** Metadata of the edited object the form does not show (uid, annotations…), kept as is. */
  readonly keptMetadata?: Readonly<Record<string, unknown>>;
}

/** An empty form: a GlobalNetworkSet with one blank label row. */
export function emptyNetworkSetForm(): NetworkSetForm {
  return { scope: "global", name: "", namespace: "default", labels: [{ key: "", value: "" }], nets: "", domains: "" };
}

/** The form of an existing set. */
export function toNetworkSetForm(set: NetworkSetResource): NetworkSetForm {
  const { name, namespace, labels, resourceVersion, ...rest } = set.metadata;
  return {
    scope: set.kind === "GlobalNetworkSet" ? "global" : "namespaced",
    name,
    namespace: namespace ?? "default",
    labels: Object.entries(labels ?? {}).map(([key, value]) => ({ key, value })),
    nets: (set.spec.nets ?? []).join("\n"),
    domains: (set.spec.allowedEgressDomains ?? []).join("\n"),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    keptMetadata: rest,
  };
}

/** Non-blank, trimmed lines with their 0-based index among the kept lines. */
export function splitLines(text: string): readonly string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/**
 * Builds the resource. Errors: `labels[i]` (blank key with a value, duplicate key),
 * `spec.nets[i]` / `spec.allowedEgressDomains[i]` (one per bad line, i counting non-blank
 * lines), and whatever lib/calico's validation reports (name, namespace, label syntax).
 */
export function fromNetworkSetForm(form: NetworkSetForm): Result<NetworkSetResource, readonly FieldError[]> {
  const errors: FieldError[] = [];
  const labels: Record<string, string> = {};
  form.labels.forEach((row, i) => {
    const key = row.key.trim();
    if (key === "" && row.value.trim() === "") return;
    if (key === "") errors.push({ path: `labels[${i}]`, message: "a label needs a key" });
    else if (key in labels) errors.push({ path: `labels[${i}]`, message: `duplicate label key "${key}"` });
    else labels[key] = row.value.trim();
  });
  const nets = splitLines(form.nets);
  nets.forEach((n, i) => {
    if (parseCidrOrIp(n) === undefined) errors.push({ path: `spec.nets[${i}]`, message: `line ${i + 1}: "${n}" is not a CIDR or IP address` });
  });
  const domains = splitLines(form.domains);
  domains.forEach((d, i) => {
    const e = checkDomain(d);
    if (e !== undefined) errors.push({ path: `spec.allowedEgressDomains[${i}]`, message: `line ${i + 1}: ${e}` });
  });
  if (errors.length > 0) return err(errors);
  const global = form.scope === "global";
  const raw = {
    apiVersion: "projectcalico.org/v3",
    kind: global ? "GlobalNetworkSet" : "NetworkSet",
    metadata: {
      ...form.keptMetadata,
      name: form.name.trim(),
      ...(global ? {} : { namespace: form.namespace.trim() }),
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(form.resourceVersion !== undefined ? { resourceVersion: form.resourceVersion } : {}),
    },
    spec: { ...(nets.length > 0 ? { nets } : {}), ...(domains.length > 0 ? { allowedEgressDomains: domains } : {}) },
  };
  const v = validateResource(raw);
  if (v.resource === undefined) return err(v.errors);
  if (v.resource.kind !== "NetworkSet" && v.resource.kind !== "GlobalNetworkSet") return err([{ path: "kind", message: "not a network set" }]);
  return ok(v.resource);
}
