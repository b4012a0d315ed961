"use client";
import { useEffect, useState } from "react";
import type { RecommendationSettings } from "@/lib/contracts/recommendations";
import { useRecommendationSettings, useSaveRecommendationSettings } from "@/lib/hooks/use-recommendations";
import { useCurrentCluster } from "@/components/shell/cluster-context";
import { ProblemNotice } from "@/components/ui/problem-notice";

const num = (text: string, fallback: number): number => {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/**
 * Settings card for namespace isolation (Calico's PolicyRecommendationScope): on/off, the
 * namespace selector, interval (s), initial lookback (h), stabilization period (min).
 */
export function RecommendationSettingsCard() {
  const { clusterId } = useCurrentCluster();
  const settings = useRecommendationSettings(clusterId);
  const save = useSaveRecommendationSettings(clusterId);
  const [draft, setDraft] = useState<RecommendationSettings | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data !== undefined && draft === undefined) setDraft(settings.data);
  }, [settings.data, draft]);
  const set = (patch: Partial<RecommendationSettings>) => {
    setSaved(false);
    setDraft((d) => (d === undefined ? d : { ...d, ...patch }));
  };
  return (
    <section className="card" aria-labelledby="rec-settings-title">
      <div className="card-header">
        <h2 id="rec-settings-title">Policy recommendations</h2>
      </div>
      <div className="card-body stack">
        <ProblemNotice error={settings.error} />
        {draft === undefined ? (
          <div className="loading">Loading…</div>
        ) : (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(draft, { onSuccess: (v) => { setDraft(v); setSaved(true); } });
            }}
          >
            <label className="row">
              <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Recommend namespace isolation policies
            </label>
            <label className="field">
              <span className="field-label">Namespaces in scope (selector over namespace labels)</span>
              <input className="input input-mono" aria-label="Namespace selector" value={draft.namespaceSelector} onChange={(e) => set({ namespaceSelector: e.target.value })} />
              <span className="field-hint">System namespaces (kube-*, calico-*, tigera-*) are excluded by default. Use projectcalico.org/name for the namespace name.</span>
            </label>
            <div className="row">
              <label className="field">
                <span className="field-label">Interval (seconds)</span>
                <input className="input" aria-label="Interval in seconds" inputMode="numeric" value={draft.intervalSeconds} onChange={(e) => set({ intervalSeconds: Math.round(num(e.target.value, 150)) })} />
              </label>
              <label className="field">
                <span className="field-label">Initial lookback (hours)</span>
                <input className="input" aria-label="Initial lookback in hours" inputMode="decimal" value={draft.initialLookbackSeconds / 3600} onChange={(e) => set({ initialLookbackSeconds: Math.round(num(e.target.value, 24) * 3600) })} />
              </label>
              <label className="field">
                <span className="field-label">Stabilization (minutes)</span>
                <input className="input" aria-label="Stabilization in minutes" inputMode="decimal" value={draft.stabilizationSeconds / 60} onChange={(e) => set({ stabilizationSeconds: Math.round(num(e.target.value, 10) * 60) })} />
              </label>
            </div>
            <ProblemNotice error={save.error} title="Not saved" />
            <div className="row">
              <button type="submit" className="btn btn-primary" disabled={save.isPending}>
                Save
              </button>
              {saved ? <span className="small" role="status">Saved.</span> : null}
            </div>
          </form>
        )}
      </div>
    </section>
  );
}
