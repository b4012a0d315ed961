"use client";
import { useState } from "react";
import type { CalicoResource } from "@/lib/calico/types";
import type { BoardSnapshot, WhatIfRequest } from "@/lib/contracts/board";
import { useWhatIf } from "@/lib/hooks/use-policies";
import { ProblemNotice } from "@/components/ui/problem-notice";
import { VerdictView } from "@/components/policies/verdict-view";

type SrcKind = "workload" | "ip";
type DstKind = "workload" | "service" | "ip" | "domain";
type Proto = WhatIfRequest["protocol"];

/**
 * The what-if probe: source (workload or IP) → destination (workload, Service, IP or domain),
 * port and protocol; answers the enforced and pending verdicts with their traces. With `draft`
 * the editor's unsaved policy is judged too (as if saved).
 */
export function WhatIfPanel({ cluster, snapshot, draft }: { readonly cluster: string; readonly snapshot: BoardSnapshot; readonly draft?: { readonly upserts: readonly CalicoResource[]; readonly deletes: readonly string[] } }) {
  const probe = useWhatIf(cluster);
  const [srcKind, setSrcKind] = useState<SrcKind>("workload");
  const [src, setSrc] = useState("");
  const [dstKind, setDstKind] = useState<DstKind>("service");
  const [dst, setDst] = useState("");
  const [port, setPort] = useState("80");
  const [protocol, setProtocol] = useState<Proto>("TCP");
  const workloads = snapshot.workloads.map((w) => `${w.namespace}/${w.name}`);
  const services = snapshot.services.map((s) => `${s.namespace}/${s.name}`);
  const split = (v: string) => {
    const i = v.indexOf("/");
    return { namespace: v.slice(0, i), name: v.slice(i + 1) };
  };
  const run = () => {
    const source: WhatIfRequest["source"] = srcKind === "workload" ? { kind: "workload", ...split(src) } : { kind: "ip", ip: src.trim() };
    const destination: WhatIfRequest["destination"] =
      dstKind === "workload" ? { kind: "workload", ...split(dst) } : dstKind === "service" ? { kind: "service", ...split(dst) } : dstKind === "ip" ? { kind: "ip", ip: dst.trim() } : { kind: "domain", domain: dst.trim() };
    const p = Number(port);
    probe.mutate({
      source,
      destination,
      protocol,
      ...(port.trim() !== "" && Number.isInteger(p) ? { port: p } : {}),
      ...(draft !== undefined ? { upserts: draft.upserts as unknown as Record<string, unknown>[], deletes: [...draft.deletes] } : {}),
    });
  };
  const picker = (kind: string, value: string, set: (v: string) => void, label: string) =>
    kind === "workload" || kind === "service" ? (
      <select className="select" aria-label={label} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">Choose…</option>
        {(kind === "workload" ? workloads : services).map((w) => (
          <option key={w} value={w}>
            {w}
          </option>
        ))}
      </select>
    ) : (
      <input className="input input-mono" aria-label={label} value={value} placeholder={kind === "domain" ? "api.twilio.com" : "203.0.113.7"} onChange={(e) => set(e.target.value)} />
    );
  return (
    <section className="card pb-whatif" aria-labelledby="whatif-title">
      <div className="card-header">
        <h2 id="whatif-title">What-if probe{draft !== undefined ? " (with this draft)" : ""}</h2>
      </div>
      <div className="card-body stack">
        <div className="pb-whatif-row">
          <select className="select" aria-label="Source type" value={srcKind} onChange={(e) => { setSrcKind(e.target.value === "ip" ? "ip" : "workload"); setSrc(""); }}>
            <option value="workload">Workload</option>
            <option value="ip">IP address</option>
          </select>
          {picker(srcKind, src, setSrc, "Source")}
          <span aria-hidden="true">→</span>
          <select className="select" aria-label="Destination type" value={dstKind} onChange={(e) => { setDstKind(e.target.value as DstKind); setDst(""); }}>
            <option value="workload">Workload</option>
            <option value="service">Service</option>
            <option value="ip">IP address</option>
            <option value="domain">Domain</option>
          </select>
          {picker(dstKind, dst, setDst, "Destination")}
          <select className="select" aria-label="Protocol" value={protocol} onChange={(e) => setProtocol(e.target.value as Proto)}>
            {(["TCP", "UDP", "SCTP", "ICMP"] as const).map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
          <input className="input pb-port" aria-label="Port" value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" />
          <button type="button" className="btn btn-primary" onClick={run} disabled={src.trim() === "" || dst.trim() === "" || probe.isPending}>
            Probe
          </button>
        </div>
        <ProblemNotice error={probe.error} />
        {probe.data?.message !== undefined ? <div className="notice notice-warn">{probe.data.message}</div> : null}
        {probe.data?.results.map((r, i) => (
          <div key={i} className="stack">
            <div className="small">
              <code>{r.source}</code> → <code>{r.destination}</code> {r.protocol}
              {r.port !== undefined ? `/${r.port}` : ""}
            </div>
            <VerdictView verdict={r.verdict} />
          </div>
        ))}
      </div>
    </section>
  );
}
