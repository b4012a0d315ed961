/**
 * The IP pool form: name, CIDR, block size, IPIP and VXLAN modes, NAT outgoing, node selector,
 * disabled. Converting runs lib/calico's IPPool validation (libcalico-go's rules: strictly masked
 * CIDR, block size range, IPIP and VXLAN not both on, no link-local overlap), so the form accepts
 * exactly what the API accepts. Fields the form does not show are kept. Pure; never throws.
 */
import type { IPPool } from "@/lib/calico/types";
import { validateResource } from "@/lib/calico/validate";
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

export type EncapMode = "Never" | "Always" | "CrossSubnet";

export interface IpPoolForm {
  readonly name: string;
  readonly cidr: string;
  /** Empty = Calico's default (26 for IPv4, 122 for IPv6). */
  readonly blockSize: string;
  readonly ipipMode: EncapMode;
  readonly vxlanMode: EncapMode;
  readonly natOutgoing: boolean;
  readonly nodeSelector: string;
  readonly disabled: boolean;
  readonly resourceVersion?: string;
  readonly kept?: { readonly metadata: Readonly<Record<string, unknown>>; readonly spec: Readonly<Record<string, unknown>> };
}

export function emptyIpPoolForm(): IpPoolForm {
  return { name: "", cidr: "", blockSize: "", ipipMode: "Never", vxlanMode: "Never", natOutgoing: true, nodeSelector: "all()", disabled: false };
}

export function toIpPoolForm(pool: IPPool): IpPoolForm {
  const { name, resourceVersion, ...metadata } = pool.metadata;
  const { cidr, blockSize, ipipMode, vxlanMode, natOutgoing, nodeSelector, disabled, ...spec } = pool.spec;
  return {
    name,
    cidr,
    blockSize: blockSize !== undefined ? String(blockSize) : "",
    ipipMode: ipipMode ?? "Never",
    vxlanMode: vxlanMode ?? "Never",
    natOutgoing: natOutgoing === true,
    nodeSelector: nodeSelector ?? "",
    disabled: disabled === true,
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    kept: { metadata, spec },
  };
}

/** Builds the IPPool; errors carry lib/calico's field paths (`spec.cidr`, `spec.blockSize`…). */
export function fromIpPoolForm(form: IpPoolForm): Result<IPPool, readonly FieldError[]> {
  const block = form.blockSize.trim();
  if (block !== "" && !/^\d+$/.test(block)) return err([{ path: "spec.blockSize", message: `"${block}" is not a whole number` }]);
  const raw = {
    apiVersion: "projectcalico.org/v3",
    kind: "IPPool",
    metadata: { ...form.kept?.metadata, name: form.name.trim(), ...(form.resourceVersion !== undefined ? { resourceVersion: form.resourceVersion } : {}) },
    spec: {
      ...form.kept?.spec,
      cidr: form.cidr.trim(),
      ...(block !== "" ? { blockSize: Number(block) } : {}),
      ipipMode: form.ipipMode,
      vxlanMode: form.vxlanMode,
      natOutgoing: form.natOutgoing,
      ...(form.nodeSelector.trim() !== "" ? { nodeSelector: form.nodeSelector.trim() } : {}),
      ...(form.disabled ? { disabled: true } : {}),
    },
  };
  const v = validateResource(raw);
  if (v.resource === undefined) return err(v.errors);
  if (v.resource.kind !== "IPPool") return err([{ path: "kind", message: "not an IPPool" }]);
  return ok(v.resource);
}
