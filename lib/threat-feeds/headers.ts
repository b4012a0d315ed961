/**
 * The HTTP headers a GlobalThreatFeed pull sends (`spec.pull.http.headers`): a literal `value`,
 * or `valueFrom` with a `configMapKeyRef` or `secretKeyRef` ({name, key, optional}), as in
 * Calico Enterprise.
 *
 * Where the ConfigMap or Secret is read: Calico Enterprise's intrusion-detection controller only
 * reads them from its own namespace, `tigera-intrusion-detection` (its docs: "secrets selected
 * must be in the tigera-intrusion-detection namespace"). Palisade does the same, so a feed (a
 * cluster-scoped object any editor of feeds may write) cannot pull credentials out of an
 * arbitrary namespace.
 *
 * A missing object or key fails the pull with a message naming it, unless the reference is
 * `optional: true`, in which case the header is left out (Kubernetes' EnvVarSource rule).
 * Pure; never throws.
 */
import type { GlobalThreatFeed } from "@/lib/calico/types";
import type { ConfigMapObject, SecretObject } from "@/lib/cluster/backend";
import { decodeBase64Text } from "@/lib/cluster/config-data";
import type { HeaderSource } from "@/lib/calico/header-source";
import { parseHeaderValueFrom } from "@/lib/calico/header-source";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";

/** The namespace feed header ConfigMaps and Secrets are read from (Calico Enterprise's). */
export const THREAT_FEED_REF_NAMESPACE = "tigera-intrusion-detection";

export interface FeedHeader {
  readonly name: string;
  readonly source: HeaderSource;
}

/** The feed's headers with where each value comes from; the first malformed one is an error. */
export function feedHeaders(feed: GlobalThreatFeed): Result<readonly FeedHeader[], string> {
  const out: FeedHeader[] = [];
  for (const [i, h] of (feed.spec.pull?.http.headers ?? []).entries()) {
    if (h.valueFrom === undefined) {
      out.push({ name: h.name, source: { from: "value", value: h.value ?? "" } });
      continue;
    }
    const src = parseHeaderValueFrom(h.valueFrom, `spec.pull.http.headers[${i}].valueFrom`);
    if (!src.ok) return err(`${src.error.path}: ${src.error.message}`);
    out.push({ name: h.name, source: src.value });
  }
  return ok(out);
}

/**
 * The value of a header read from `obj` (the referenced ConfigMap or Secret, undefined when it
 * does not exist). `ok(undefined)`: leave the header out (an optional reference that is
 * missing). The error names the object and key that are missing.
 */
export function headerValueFrom(header: string, source: Extract<HeaderSource, { from: "ConfigMap" | "Secret" }>, obj: ConfigMapObject | SecretObject | undefined): Result<string | undefined, string> {
  const what = `${source.from === "Secret" ? "secret" : "configmap"} ${THREAT_FEED_REF_NAMESPACE}/${source.name}`;
  if (obj === undefined) return source.optional ? ok(undefined) : err(`header "${header}": ${what} not found`);
  if (obj.kind === "Secret") {
    const b64 = obj.data?.[source.key];
    if (b64 === undefined) return source.optional ? ok(undefined) : err(`header "${header}": ${what} has no key "${source.key}"`);
    return ok(decodeBase64Text(b64));
  }
  const text = obj.data?.[source.key];
  if (text !== undefined) return ok(text);
  const bin = obj.binaryData?.[source.key];
  if (bin !== undefined) return ok(decodeBase64Text(bin));
  return source.optional ? ok(undefined) : err(`header "${header}": ${what} has no key "${source.key}"`);
}
