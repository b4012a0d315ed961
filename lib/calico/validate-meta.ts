/**
 * ObjectMeta checks shared by every kind: known fields, name syntax per kind, namespace required
 * or forbidden by scope, labels and annotations.
 */
import { checkAnnotations, checkKnownFields, checkLabels, child, optInteger, optList, optString, optStringList, optStringMap, type Issues, type WireObject } from "@/lib/calico/field-checks";
import { DNS1123_LABEL_FMT, DNS1123_SUBDOMAIN_FMT, dns1123LabelErrors, dns1123SubdomainErrors } from "@/lib/calico/k8s-names";

export const META_FIELDS = [
  "name",
  "namespace",
  "generateName",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields",
] as const;

/** How a kind's `metadata.name` is checked. */
export type NameRule = "subdomain" | "label" | "tier" | "networkPolicy" | "globalNetworkPolicy" | "felixConfiguration";

const NP_NAME_RE = new RegExp(`^((${DNS1123_LABEL_FMT})(\\.${DNS1123_LABEL_FMT})?|((?:knp|ossg)\\.default\\.(${DNS1123_SUBDOMAIN_FMT})))$`);
const GNP_NAME_RE = new RegExp(`^(${DNS1123_LABEL_FMT}\\.)?${DNS1123_LABEL_FMT}$`);

function nameErrors(name: string, rule: NameRule): string[] {
  switch (rule) {
    case "subdomain":
    case "felixConfiguration":
      return dns1123SubdomainErrors(name);
    case "label":
      return dns1123LabelErrors(name);
    case "tier":
      // Tier names appear inside policy names, so no dots; they must fit in a label value.
      return dns1123LabelErrors(name);
    case "networkPolicy": {
      const errors = name.length > 253 ? [`name is too long by ${name.length - 253} bytes`] : [];
      if (!NP_NAME_RE.test(name)) errors.push("must be a lower case RFC 1123 label, optionally prefixed by its tier and a single '.' (\"tier.name\")");
      return errors;
    }
    case "globalNetworkPolicy": {
      const errors = name.length > 253 ? [`name is too long by ${name.length - 253} bytes`] : [];
      if (!GNP_NAME_RE.test(name)) errors.push("must be a lower case RFC 1123 label, optionally prefixed by its tier and a single '.' (\"tier.name\")");
      return errors;
    }
    default: {
      const never: never = rule;
      return never;
    }
  }
}

export interface MetaCheck {
  readonly kind: string;
  readonly namespaced: boolean;
  readonly nameRule: NameRule;
}

/** Validates `metadata` and returns the name and namespace it carries (for the report). */
export function checkMetadata(issues: Issues, meta: WireObject, check: MetaCheck): { name?: string; namespace?: string } {
  const path = "metadata";
  checkKnownFields(issues, meta, path, META_FIELDS);
  const name = optString(issues, meta, "name", path);
  if (name === undefined || name === "") issues.add(child(path, "name"), "name is required");
  else for (const e of nameErrors(name, check.nameRule)) issues.add(child(path, "name"), `invalid name "${name}": ${e}`);
  const namespace = optString(issues, meta, "namespace", path);
  if (check.namespaced) {
    // No namespace is not an error: kubectl, calicoctl and the API server give a namespaced
    // object without one the request's (or the context's) namespace, `default` by default.
    // The caller fills it in (defaultNamespace, or the URL's namespace on a REST write).
    if (namespace !== undefined && namespace !== "") for (const e of dns1123LabelErrors(namespace)) issues.add(child(path, "namespace"), `invalid namespace "${namespace}": ${e}`);
  } else if (namespace !== undefined && namespace !== "") {
    issues.add(child(path, "namespace"), `namespace is not allowed: ${check.kind} is cluster-scoped`);
  }
  const labels = optStringMap(issues, meta, "labels", path);
  if (labels !== undefined) checkLabels(issues, labels, child(path, "labels"));
  const annotations = optStringMap(issues, meta, "annotations", path);
  if (annotations !== undefined) checkAnnotations(issues, annotations, child(path, "annotations"));
  for (const key of ["generateName", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp"]) optString(issues, meta, key, path);
  optInteger(issues, meta, "generation", path);
  optInteger(issues, meta, "deletionGracePeriodSeconds", path);
  optStringList(issues, meta, "finalizers", path);
  optList(issues, meta, "ownerReferences", path);
  optList(issues, meta, "managedFields", path);
  return { ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
}
