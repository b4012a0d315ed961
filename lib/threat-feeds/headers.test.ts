import { describe, expect, it } from "vitest";
import type { GlobalThreatFeed } from "@/lib/calico/types";
import { parseHeaderValueFrom } from "@/lib/calico/header-source";
import { validateResource } from "@/lib/calico/validate";
import { feedHeaders, headerValueFrom, THREAT_FEED_REF_NAMESPACE } from "@/lib/threat-feeds";

const feed = (headers: readonly { name: string; value?: string; valueFrom?: unknown }[]): GlobalThreatFeed => ({
  kind: "GlobalThreatFeed",
  metadata: { name: "f" },
  spec: { pull: { http: { url: "https://feeds.example/list", headers } } },
});
const secretRef = { from: "Secret", name: "creds", key: "apikey", optional: false } as const;

describe("threat feed headers", () => {
  it("reads valueFrom: exactly one key reference with name and key", () => {
    expect(parseHeaderValueFrom({ secretKeyRef: { name: "creds", key: "apikey" } }, "v")).toEqual({ ok: true, value: secretRef });
    expect(parseHeaderValueFrom({ configMapKeyRef: { name: "cm", key: "k", optional: true } }, "v")).toEqual({ ok: true, value: { from: "ConfigMap", name: "cm", key: "k", optional: true } });
    expect(parseHeaderValueFrom({}, "v")).toEqual({ ok: false, error: { path: "v", message: "exactly one of configMapKeyRef and secretKeyRef must be set" } });
    expect(parseHeaderValueFrom({ secretKeyRef: { name: "a", key: "b" }, configMapKeyRef: { name: "a", key: "b" } }, "v").ok).toBe(false);
    expect(parseHeaderValueFrom({ secretKeyRef: { name: "a" } }, "v")).toEqual({ ok: false, error: { path: "v.secretKeyRef.key", message: "key is required" } });
    expect(parseHeaderValueFrom({ fieldRef: {} }, "v")).toMatchObject({ ok: false, error: { path: "v.fieldRef" } });
  });

  it("the validator refuses a malformed valueFrom with its field path", () => {
    const r = validateResource({ apiVersion: "projectcalico.org/v3", ...feed([{ name: "APIKey", valueFrom: { secretKeyRef: { key: "k" } } }]) });
    expect(r.errors).toContainEqual({ path: "spec.pull.http.headers[0].valueFrom.secretKeyRef.name", message: "name is required" });
    expect(validateResource({ apiVersion: "projectcalico.org/v3", ...feed([{ name: "APIKey", valueFrom: { secretKeyRef: { name: "c", key: "k" } } }]) }).errors).toEqual([]);
  });

  it("lists literal values and references in order", () => {
    const r = feedHeaders(feed([{ name: "Accept", value: "text/plain" }, { name: "APIKey", valueFrom: { secretKeyRef: { name: "creds", key: "apikey" } } }]));
    expect(r).toEqual({ ok: true, value: [{ name: "Accept", source: { from: "value", value: "text/plain" } }, { name: "APIKey", source: secretRef }] });
  });

  it("takes the value from the Secret (base64) or ConfigMap; a missing object or key names it", () => {
    const secret = { kind: "Secret", metadata: { name: "creds", namespace: THREAT_FEED_REF_NAMESPACE }, data: { apikey: Buffer.from("s3cret").toString("base64") } } as const;
    expect(headerValueFrom("APIKey", secretRef, secret)).toEqual({ ok: true, value: "s3cret" });
    expect(headerValueFrom("APIKey", { ...secretRef, key: "token" }, secret)).toEqual({ ok: false, error: 'header "APIKey": secret tigera-intrusion-detection/creds has no key "token"' });
    expect(headerValueFrom("APIKey", secretRef, undefined)).toEqual({ ok: false, error: 'header "APIKey": secret tigera-intrusion-detection/creds not found' });
    expect(headerValueFrom("APIKey", { ...secretRef, optional: true }, undefined)).toEqual({ ok: true, value: undefined });
    const cm = { kind: "ConfigMap", metadata: { name: "cm" }, data: { accept: "text/plain" }, binaryData: { bin: Buffer.from("b").toString("base64") } } as const;
    const cmRef = { from: "ConfigMap", name: "cm", key: "accept", optional: false } as const;
    expect(headerValueFrom("Accept", cmRef, cm)).toEqual({ ok: true, value: "text/plain" });
    expect(headerValueFrom("Accept", { ...cmRef, key: "bin" }, cm)).toEqual({ ok: true, value: "b" });
    expect(headerValueFrom("Accept", { ...cmRef, key: "nope" }, cm)).toEqual({ ok: false, error: 'header "Accept": configmap tigera-intrusion-detection/cm has no key "nope"' });
  });
});
