/**
 * Calico flow-log policy strings (docs "Flow log data types", "Format of the policies field"):
 * `<index>|<tier>|<policy name>|<action>|<rule index>` where the policy name is
 * `<tier>.<name>` (GlobalNetworkPolicy), `<namespace>/<tier>.<name>` (NetworkPolicy),
 * `<namespace>/knp.default.<name>` (Kubernetes NetworkPolicy), with `staged:` before the name
 * part of staged policies (`ns/staged:tier.name`); profiles use the tier `__PROFILE__` and the
 * name `__PROFILE__.<profile>`; rule index -1 is the tier's default action (end of tier), and
 * the final drop when no profile allows is reported as `__PROFILE__|__PROFILE__.__PROFILE__|deny|-1`
 * (app-policy checker). Actions are lower case.
 */
import type { DirectionVerdict, TraceStep } from "@/lib/policy/model";

const PROFILE = "__PROFILE__";

function qualified(policy: string, namespace: string | undefined): string {
  return namespace !== undefined ? `${namespace}/${policy}` : policy;
}

/**
 * Formats one trace step as a flow-log policy entry with the given hit index. Returns undefined
 * for steps that are not reported in flow logs (a policy that did not match, a Log rule, a
 * profile that did not match). Never throws.
 */
export function formatTraceEntry(step: TraceStep, index: number): string | undefined {
  switch (step.kind) {
    case "rule":
      if (step.action === "Log") return undefined;
      return `${index}|${step.tier}|${qualified(step.policy, step.namespace)}|${step.action.toLowerCase()}|${step.rule}`;
    case "endOfTier":
      return `${index}|${step.tier}|${qualified(step.policy ?? step.tier, step.namespace)}|${step.action.toLowerCase()}|-1`;
    case "profile":
      return step.action === "Allow" ? `${index}|${PROFILE}|${PROFILE}.${step.profile}|allow|0` : undefined;
    case "defaultDeny":
      return `${index}|${PROFILE}|${PROFILE}.${PROFILE}|deny|-1`;
    case "noMatch":
      return undefined;
  }
}

/** The flow-log `policies` list of one direction's verdict, indexed from 0 in hit order. */
export function formatVerdictPolicies(verdict: DirectionVerdict | null): string[] {
  if (verdict === null) return [];
  const out: string[] = [];
  for (const step of verdict.trace) {
    const s = formatTraceEntry(step, out.length);
    if (s !== undefined) out.push(s);
  }
  return out;
}
