"use client";
import { useRunSimulator, useSetSimulatorPaused, useSimulator } from "@/lib/hooks/use-flows";
import { ProblemNotice } from "@/components/ui/problem-notice";

/** The embedded cluster's traffic simulator: state, pause/resume, run one interval now. Hidden for real clusters. */
export function SimulatorControls({ cluster }: { readonly cluster: string }) {
  const state = useSimulator(cluster);
  const pause = useSetSimulatorPaused(cluster);
  const run = useRunSimulator(cluster);
  if (state.isError || state.data === undefined) return null;
  const s = state.data;
  return (
    <div className="row" aria-label="Traffic simulator" role="group">
      <span className="small cell-muted">
        Simulated traffic: {s.paused ? "paused" : `every ${s.intervalSeconds} s`}
        {s.lastRun !== undefined ? ` · last ${new Date(s.lastRun.at).toLocaleTimeString([], { hour12: false })}` : ""}
      </span>
      <button type="button" className="btn btn-sm" onClick={() => pause.mutate(!s.paused)} disabled={pause.isPending}>
        {s.paused ? "Resume simulator" : "Pause simulator"}
      </button>
      <button type="button" className="btn btn-sm btn-primary" onClick={() => run.mutate()} disabled={run.isPending}>
        Run one interval now
      </button>
      <ProblemNotice error={run.error ?? pause.error} />
    </div>
  );
}
