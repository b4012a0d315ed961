/**
 * The editor's YAML tab: form ⇄ v3 YAML, both through the validated resource, so an edit on
 * either side shows up on the other exactly as it will be saved.
 */
import { parseResources, toYaml } from "@/lib/calico";
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { PolicyForm } from "@/lib/board/policy-form";
import { fromPolicyForm, toPolicyForm } from "@/lib/board/policy-form";
import { isPolicyResource } from "@/lib/board/policy-view";

/** The YAML (v3 wire form) of the policy a form describes, or the form's field errors. Never throws. */
export function policyFormToYaml(form: PolicyForm): Result<string, FieldError[]> {
  const resource = fromPolicyForm(form);
  return resource.ok ? ok(toYaml([resource.value])) : resource;
}

/**
 * The form for YAML text holding exactly one policy document (any accepted apiVersion). Errors:
 * YAML syntax and validation errors (prefixed with the document's line), no document, several
 * documents, or a kind that is not a policy. Never throws.
 */
export function yamlToPolicyForm(text: string): Result<PolicyForm, FieldError[]> {
  const { documents } = parseResources(text);
  if (documents.length === 0) return err([{ path: "", message: "the YAML holds no document" }]);
  if (documents.length > 1) return err([{ path: "", message: `the YAML holds ${documents.length} documents; the editor takes one policy` }]);
  const doc = documents[0];
  if (doc === undefined) return err([{ path: "", message: "the YAML holds no document" }]);
  if (doc.resource === undefined) return err(doc.errors.map((e) => ({ path: e.path, message: `line ${doc.line}: ${e.message}` })));
  if (!isPolicyResource(doc.resource)) return err([{ path: "kind", message: `kind ${doc.resource.kind} is not a policy` }]);
  if (doc.resource.kind === "ClusterNetworkPolicy") return err([{ path: "kind", message: "a Kubernetes ClusterNetworkPolicy is not edited in this form: apply it as YAML (Apply YAML or Resources)" }]);
  return ok(toPolicyForm(doc.resource));
}
