/**
 * Reads the simulate command's POLICIES files: every YAML/JSON document through the resource
 * parser and validator of lib/calico. One invalid document makes the whole input invalid (the
 * simulation must not run on half a policy set). HostEndpoint documents become host endpoints.
 */
import type { CalicoResource, HostEndpoint } from "@/lib/calico/types";
import { parseResources } from "@/lib/calico";
import type { EndpointPortSpec, HostEndpointModel } from "@/lib/policy";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

/** One input problem, located as precisely as we can. */
export interface InputError {
  readonly file?: string;
  /** Index of the document in its file (0-based). */
  readonly document?: number;
  /** 1-based line where the document starts. */
  readonly line?: number;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly path: string;
  readonly message: string;
}

export interface LoadedPolicies {
  readonly resources: readonly CalicoResource[];
  readonly hostEndpoints: readonly HostEndpointModel[];
}

/** Parses and validates each file's documents, in order; all problems of all files at once. */
export function loadPolicyFiles(files: readonly { path: string; text: string }[]): Result<LoadedPolicies, InputError[]> {
  const errors: InputError[] = [];
  const resources: CalicoResource[] = [];
  const hostEndpoints: HostEndpointModel[] = [];
  for (const { path, text } of files) {
    const { documents } = parseResources(text);
    for (const doc of documents) {
      const where = {
        file: path,
        document: doc.index,
        ...(doc.line === undefined ? {} : { line: doc.line }),
        ...(doc.kind === undefined ? {} : { kind: doc.kind }),
        ...(doc.name === undefined ? {} : { name: doc.name }),
        ...(doc.namespace === undefined ? {} : { namespace: doc.namespace }),
      };
      if (doc.errors.length > 0) {
        for (const e of doc.errors) errors.push({ ...where, path: e.path, message: e.message });
        continue;
      }
      if (doc.resource === undefined) {
        errors.push({ ...where, path: "", message: "not a resource palisade understands" });
        continue;
      }
      if (doc.resource.kind === "HostEndpoint") hostEndpoints.push(toHostModel(doc.resource));
      else resources.push(doc.resource);
    }
  }
  return errors.length > 0 ? err(errors) : ok({ resources, hostEndpoints });
}

/** A HostEndpoint resource as the engine's host endpoint: its labels, expected IPs, named ports. */
function toHostModel(hep: HostEndpoint): HostEndpointModel {
  // The engine's named ports are TCP, UDP or SCTP (what a named port can resolve to in a rule).
  const ports = (hep.spec.ports ?? []).flatMap((p): EndpointPortSpec[] => {
    const protocol = typeof p.protocol === "string" ? p.protocol.toUpperCase() : "";
    return protocol === "TCP" || protocol === "UDP" || protocol === "SCTP" ? [{ name: p.name, port: p.port, protocol }] : [];
  });
  return {
    kind: "host",
    name: hep.metadata.name,
    labels: hep.metadata.labels ?? {},
    ips: hep.spec.expectedIPs ?? [],
    ...(hep.spec.node === undefined ? {} : { node: hep.spec.node }),
    ...(ports.length === 0 ? {} : { ports }),
    ...(hep.spec.profiles === undefined ? {} : { profiles: hep.spec.profiles }),
  };
}
