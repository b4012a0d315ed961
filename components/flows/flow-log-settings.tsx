"use client";
/**
 * Settings → flow logs: FelixConfiguration `default`'s flow-log fields (flush intervals,
 * aggregation kinds, TCP stats), saved through the resource API with the object's
 * resourceVersion so a concurrent edit answers 409 instead of being overwritten.
 */
import { useId, useState } from "react";
import type { FormEvent } from "react";
import { resourceTypeForPlural } from "@/lib/contracts/resources";
import type { ResourceType } from "@/lib/contracts/resources";
import { useObject } from "@/lib/hooks/use-objects";
import { useSaveObject } from "@/lib/hooks/use-flows";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { ProblemNotice } from "@/components/ui/problem-notice";

// "felixconfigurations" is in lib/contracts/resources.ts's table.
const FELIX = resourceTypeForPlural("felixconfigurations") as ResourceType;

interface Form {
  flowLogsFlushInterval: string;
  dnsLogsFlushInterval: string;
  allowed: string;
  denied: string;
  tcp: boolean;
}

const str = (v: unknown, d: string): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : d);

/** The flow-log settings form. */
export function FlowLogSettings() {
  const { clusterId } = useCurrentCluster();
  const felix = useObject(clusterId, FELIX, "default");
  const save = useSaveObject(clusterId, FELIX);
  const id = useId();
  const spec = (felix.data?.spec ?? {}) as Record<string, unknown>; // FelixConfiguration spec: checked field by field below
  // The form shows the stored values until the user edits; an edit belongs to the version it was
  // made on, so a newer version of the object (saved here or elsewhere) resets the form.
  const version = felix.data?.metadata.resourceVersion;
  const [edit, setEdit] = useState<{ readonly version: string | undefined; readonly form: Form } | undefined>(undefined);
  const form: Form | undefined =
    felix.data === undefined
      ? undefined
      : edit !== undefined && edit.version === version
        ? edit.form
        : {
            flowLogsFlushInterval: str(spec.flowLogsFlushInterval, ""),
            dnsLogsFlushInterval: str(spec.dnsLogsFlushInterval, ""),
            allowed: str(spec.flowLogsFileAggregationKindForAllowed, ""),
            denied: str(spec.flowLogsFileAggregationKindForDenied, ""),
            tcp: spec.flowLogsCollectTcpStats === true,
          };
  const setForm = (next: Form) => setEdit({ version, form: next });

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (felix.data === undefined || form === undefined) return;
    const next: Record<string, unknown> = { ...spec };
    const put = (k: string, v: string | number | boolean | undefined) => {
      if (v === undefined || v === "") delete next[k];
      else next[k] = v;
    };
    put("flowLogsFlushInterval", form.flowLogsFlushInterval.trim());
    put("dnsLogsFlushInterval", form.dnsLogsFlushInterval.trim());
    put("flowLogsFileAggregationKindForAllowed", form.allowed === "" ? undefined : Number(form.allowed));
    put("flowLogsFileAggregationKindForDenied", form.denied === "" ? undefined : Number(form.denied));
    put("flowLogsCollectTcpStats", form.tcp);
    save.mutate({ ...felix.data, spec: next });
  };

  const level = (label: string, key: "allowed" | "denied") => (
    <div className="field">
      <label className="field-label" htmlFor={`${id}-${key}`}>
        {label}
      </label>
      <select id={`${id}-${key}`} className="select" disabled={form === undefined} value={form?.[key] ?? ""} onChange={(e) => form && setForm({ ...form, [key]: e.target.value })}>
        <option value="">Default ({key === "allowed" ? 2 : 1})</option>
        <option value="0">0 — no aggregation</option>
        <option value="1">1 — drop source port</option>
        <option value="2">2 — by pod prefix</option>
        <option value="3">3 — also drop destination port</option>
      </select>
    </div>
  );

  return (
    <section className="card" aria-label="Flow log settings">
      <div className="card-header">
        <h2>Flow logs</h2>
        <span className="small cell-muted">FelixConfiguration “default”{felix.data ? ` · resourceVersion ${felix.data.metadata.resourceVersion ?? ""}` : ""}</span>
      </div>
      <form className="card-body stack" onSubmit={onSubmit}>
        <ProblemNotice error={felix.error} />
        <div className="field">
          <label className="field-label" htmlFor={`${id}-flush`}>
            Flow logs flush interval
          </label>
          <input id={`${id}-flush`} className="input" disabled={form === undefined} placeholder="15s" value={form?.flowLogsFlushInterval ?? ""} onChange={(e) => form && setForm({ ...form, flowLogsFlushInterval: e.target.value })} />
          <span className="field-hint">Go duration (15s, 5m). The simulator's interval follows it.</span>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-dns`}>
            DNS logs flush interval
          </label>
          <input id={`${id}-dns`} className="input" disabled={form === undefined} placeholder="15s" value={form?.dnsLogsFlushInterval ?? ""} onChange={(e) => form && setForm({ ...form, dnsLogsFlushInterval: e.target.value })} />
        </div>
        {level("Aggregation for allowed flows", "allowed")}
        {level("Aggregation for denied flows", "denied")}
        <label className="row">
          <input type="checkbox" disabled={form === undefined} checked={form?.tcp ?? false} onChange={(e) => form && setForm({ ...form, tcp: e.target.checked })} /> Collect TCP stats
        </label>
        <ProblemNotice error={save.error} />
        {save.isSuccess ? <div className="notice notice-ok">Saved.</div> : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={form === undefined || save.isPending}>
            Save flow-log settings
          </button>
        </div>
      </form>
    </section>
  );
}
