/**
 * evaluate: judges one connection the way felix's per-endpoint chains do (felix/rules/endpoints.go,
 * app-policy/checker/check.go): egress at the source endpoint, ingress at the destination
 * endpoint; in each, tiers with at least one applicable policy in order; policies in order; the
 * first Allow/Deny decides, Pass leaves the tier, Log is recorded and evaluation continues; a
 * tier whose policies all fail to match ends with its defaultAction (Deny, or Pass to the next
 * tier); after the last tier (no policy applied, or passed out) the endpoint's profiles decide,
 * and if none allows, the packet is dropped. The pending (staged) verdict runs the same walk over
 * the pending view of the policies.
 */
import type { Action } from "@/lib/calico/types";
import type { AppliedPlans, CompiledEndpoint, CompiledPolicy, CompiledPolicySet, ConnCtx, PeerCtx, RuleFilter, TierPlan } from "@/lib/policy/compiled";
import type { IpAddress } from "@/lib/net/ip";
import { ipKey, parseIp } from "@/lib/net/ip";
import { endpointKeyOf } from "@/lib/policy/keys";
import type { Connection, DirectionVerdict, Peer, TraceStep, Verdict } from "@/lib/policy/model";
import { protocolNumber } from "@/lib/net/protocols";
import { ALL_RULES, addressMasks, buildRuleFilter, portMasks } from "@/lib/policy/rule-filter";

type Direction = "ingress" | "egress";

/** Profiles that allow everything: Calico's namespace profiles and its built-in default-allow. */
function isAllowProfile(name: string): boolean {
  return name.startsWith("kns.") || name === "projectcalico-default-allow";
}

function endOfTierStep(tier: TierPlan["tier"], first: CompiledPolicy | undefined): TraceStep {
  const f = first?.summary;
  return Object.freeze({
    kind: "endOfTier" as const,
    tier: tier.summary.name,
    action: tier.summary.defaultAction,
    ...(f !== undefined ? { policy: f.displayName, staged: f.staged } : {}),
    ...(f?.namespace !== undefined ? { namespace: f.namespace } : {}),
  });
}

function groupByTier(set: CompiledPolicySet, policies: readonly CompiledPolicy[]): TierPlan[] {
  const groups: { tier: TierPlan["tier"]; list: CompiledPolicy[] }[] = [];
  for (const p of policies) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.tier.summary.name === p.summary.tier) {
      last.list.push(p);
      continue;
    }
    const tier = set.internal.tierByName.get(p.summary.tier);
    if (tier !== undefined) groups.push({ tier, list: [p] });
  }
  let offset = 0;
  return groups.map((g) => {
    const plan = { tier: g.tier, policies: g.list, endStep: endOfTierStep(g.tier, g.list[0]), offset };
    offset += g.list.length;
    return plan;
  });
}

/**
 * The tiers and policies that apply to the endpoint, per view and direction, computed once per
 * endpoint and shared by every endpoint to which the same policies apply (and, within the set,
 * by every endpoint of the same label class: selectors read nothing else).
 */
function appliedPlans(set: CompiledPolicySet, ep: CompiledEndpoint): AppliedPlans {
  const memo = ep.applied;
  if (memo !== undefined) return memo;
  const { internal } = set;
  const classId = ep.classSpace === internal.classes ? ep.classId : undefined;
  const byClass = classId === undefined ? undefined : internal.plansByClass.get(classId);
  if (byClass !== undefined) {
    ep.applied = byClass;
    return byClass;
  }
  // One selector evaluation per policy, shared by both views and directions.
  const applied: number[] = [];
  const all = internal.allPolicies;
  for (let i = 0; i < all.length; i++) {
    const p = all[i] as CompiledPolicy; // i < length: defined
    if (p.summary.evaluated && p.appliesTo(ep)) applied.push(p.id);
  }
  // Endpoints to which the same policies apply share their plans (fewer objects, warmer caches).
  const signature = applied.join(",");
  let shared = internal.planCache.get(signature);
  if (shared === undefined) {
    const appliedSet = new Set(applied);
    const select = (list: readonly CompiledPolicy[], d: Direction): CompiledPolicy[] =>
      list.filter((p) => (d === "ingress" ? p.ingress : p.egress) && appliedSet.has(p.id));
    const enforcedIngress = groupByTier(set, select(internal.enforced, "ingress"));
    const enforcedEgress = groupByTier(set, select(internal.enforced, "egress"));
    const pendingIngress = internal.hasStaged ? groupByTier(set, select(internal.pending, "ingress")) : enforcedIngress;
    const pendingEgress = internal.hasStaged ? groupByTier(set, select(internal.pending, "egress")) : enforcedEgress;
    const filterIngress = buildRuleFilter(enforcedIngress, "ingress");
    const filterEgress = buildRuleFilter(enforcedEgress, "egress");
    shared = {
      plans: [enforcedIngress, enforcedEgress, pendingIngress, pendingEgress],
      filters: [
        filterIngress,
        filterEgress,
        pendingIngress === enforcedIngress ? filterIngress : buildRuleFilter(pendingIngress, "ingress"),
        pendingEgress === enforcedEgress ? filterEgress : buildRuleFilter(pendingEgress, "egress"),
      ],
      pendingDiffAt: [firstDifference(enforcedIngress, pendingIngress), firstDifference(enforcedEgress, pendingEgress)],
    };
    internal.planCache.set(signature, shared);
  }
  if (classId !== undefined) internal.plansByClass.set(classId, shared);
  ep.applied = shared;
  return shared;
}

/**
 * Index of the first tier plan where two plans differ (tier or policy list). When one is a
 * prefix of the other, the shorter length (the walk reaching it goes on differently). Equal
 * plans give Infinity: their verdicts are always identical.
 */
function firstDifference(a: readonly TierPlan[], b: readonly TierPlan[]): number {
  if (a === b) return Number.POSITIVE_INFINITY;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || x.tier !== y.tier || x.policies.length !== y.policies.length) return i;
    for (let j = 0; j < x.policies.length; j++) if (x.policies[j] !== y.policies[j]) return i;
  }
  return a.length === b.length ? Number.POSITIVE_INFINITY : n;
}

const NO_MATCH = -1;

/**
 * Index of the first non-Log rule matching, or NO_MATCH. Log hits are pushed onto `trace`.
 * Results of policies without Log rules are memoised for the current evaluate() call, so the
 * enforced and pending walks share the rule work.
 */
function firstMatchingRule(set: CompiledPolicySet, p: CompiledPolicy, dir: Direction, conn: ConnCtx, trace: TraceStep[], mask: number): number {
  // No rule can match (protocol / destination port): nothing to check, nothing to log.
  if (mask === 0) return NO_MATCH;
  const rules = dir === "ingress" ? p.ingressRules : p.egressRules;
  const memo = set.internal.memo;
  const slot = p.id * 2 + (dir === "ingress" ? 0 : 1);
  if (!p.hasLog && memo.stamp[slot] === memo.gen) return memo.value[slot] ?? NO_MATCH;
  const steps = dir === "ingress" ? p.ingressSteps : p.egressSteps;
  let found = NO_MATCH;
  for (let i = 0; i < rules.length; i++) {
    if (mask !== ALL_RULES && (mask & (1 << i)) === 0) continue;
    const r = rules[i];
    if (r === undefined || (r.protocol !== undefined && r.protocol !== conn.protocol) || !r.matches(conn)) continue;
    if (r.action === "Log") {
      const step = steps[i];
      if (step !== undefined) trace.push(step);
      continue;
    }
    found = i;
    break;
  }
  if (!p.hasLog) {
    memo.stamp[slot] = memo.gen;
    memo.value[slot] = found;
  }
  return found;
}

/** Index of the tier plan that decided the last judgeDirection call (plans.length for profiles). */
let lastDecidedAt = 0;
/** Trace length when the last judgeDirection call entered tier plan `watchTier` (-1 if it did not). */
let traceLenAtWatch = -1;

/**
 * Walks tiers and profiles for one direction at one endpoint, from tier plan `startTier` with
 * `trace` holding the steps of the tiers before it. Never throws.
 */
function judgeDirection(
  set: CompiledPolicySet,
  ep: CompiledEndpoint,
  dir: Direction,
  conn: ConnCtx,
  pending: boolean,
  startTier = 0,
  trace: TraceStep[] = [],
  watchTier = -1,
): DirectionVerdict {
  const applied = appliedPlans(set, ep);
  const slot = (pending ? 2 : 0) + (dir === "ingress" ? 0 : 1);
  const plans = applied.plans[slot] as readonly TierPlan[]; // slot < 4: defined
  const filter = applied.filters[slot] as RuleFilter;
  // Rule pre-filter masks (rule-filter.ts): a rule outside any of the three cannot match.
  const byPort = portMasks(filter, conn);
  const bySrc = addressMasks(filter, "source", conn.src);
  const byDst = addressMasks(filter, "destination", conn.dst);
  traceLenAtWatch = -1;
  for (let t = startTier; t < plans.length; t++) {
    const plan = plans[t] as TierPlan; // t < length: defined
    lastDecidedAt = t;
    if (t === watchTier) traceLenAtWatch = trace.length;
    let passed = false;
    const policies = plan.policies;
    for (let pi = 0; pi < policies.length; pi++) {
      const p = policies[pi] as CompiledPolicy; // pi < length: defined
      const j = plan.offset + pi;
      const mask = (byPort[j] as number) & (bySrc[j] as number) & (byDst[j] as number); // j < policies: defined
      const index = firstMatchingRule(set, p, dir, conn, trace, mask);
      if (index === NO_MATCH) {
        trace.push(p.noMatchStep);
        continue;
      }
      const rules = dir === "ingress" ? p.ingressRules : p.egressRules;
      const steps = dir === "ingress" ? p.ingressSteps : p.egressSteps;
      const action: Action = rules[index]?.action ?? "Deny";
      const step = steps[index];
      if (step !== undefined) trace.push(step);
      if (action === "Pass") {
        passed = true;
        break;
      }
      const s = p.summary;
      const verdict: { -readonly [K in keyof DirectionVerdict]: DirectionVerdict[K] } = {
        action: action === "Allow" ? "Allow" : "Deny",
        reason: "rule",
        tier: s.tier,
        policy: s.displayName,
        rule: index,
        ruleAction: action,
        trace,
      };
      if (s.namespace !== undefined) verdict.namespace = s.namespace;
      return verdict;
    }
    if (passed) continue;
    trace.push(plan.endStep);
    const tier = plan.tier.summary;
    if (tier.defaultAction === "Deny") {
      const f = plan.policies[0]?.summary;
      const verdict: { -readonly [K in keyof DirectionVerdict]: DirectionVerdict[K] } = { action: "Deny", reason: "endOfTier", tier: tier.name, trace };
      if (f !== undefined) verdict.policy = f.displayName;
      if (f?.namespace !== undefined) verdict.namespace = f.namespace;
      return verdict;
    }
  }
  lastDecidedAt = plans.length;
  if (plans.length === watchTier) traceLenAtWatch = trace.length;
  const reason = plans.length === 0 ? "noPolicy" : "passedOutOfLastTier";
  for (const profile of ep.profiles) {
    if (isAllowProfile(profile)) {
      trace.push({ kind: "profile", profile, action: "Allow" });
      return { action: "Allow", reason, profile, trace };
    }
    trace.push({ kind: "profile", profile, action: "NoMatch" });
  }
  trace.push(DEFAULT_DENY_STEP);
  return { action: "Deny", reason, trace };
}

const DEFAULT_DENY_STEP: TraceStep = Object.freeze({ kind: "defaultDeny" as const });

interface ResolvedPeer {
  readonly endpoint: CompiledEndpoint | undefined;
  readonly explicitAddr: IpAddress | undefined;
  readonly domain: string | undefined;
}

function resolvePeer(set: CompiledPolicySet, peer: Peer): ResolvedPeer {
  const { internal } = set;
  if (peer.kind === "endpoint") {
    const known = internal.endpointsByModel.get(peer.endpoint) ?? internal.endpointsByKey.get(endpointKeyOf(peer.endpoint));
    const endpoint = known ?? internal.compileEndpoint(peer.endpoint);
    return { endpoint, explicitAddr: peer.ip !== undefined ? parseIp(peer.ip) : undefined, domain: undefined };
  }
  const addr = peer.ip !== undefined ? parseIp(peer.ip) : undefined;
  const endpoint = addr !== undefined ? internal.endpointsByIp.get(ipKey(addr)) : undefined;
  return { endpoint, explicitAddr: addr, domain: peer.domain };
}

function toPeerCtx(r: ResolvedPeer, family: 4 | 6): PeerCtx {
  const ep = r.endpoint;
  const addr = r.explicitAddr ?? (ep === undefined ? undefined : family === 4 ? ep.firstV4 : ep.firstV6);
  return { addr, endpoint: ep, domain: r.domain, sets: undefined };
}

function familyOf(src: ResolvedPeer, dst: ResolvedPeer): 4 | 6 {
  if (src.explicitAddr !== undefined) return src.explicitAddr.version;
  if (dst.explicitAddr !== undefined) return dst.explicitAddr.version;
  return src.endpoint?.family ?? dst.endpoint?.family ?? 4;
}

function toConnCtx(set: CompiledPolicySet, conn: Connection): ConnCtx {
  const src = resolvePeer(set, conn.source);
  const dst = resolvePeer(set, conn.destination);
  const family = familyOf(src, dst);
  return {
    family,
    protocol: protocolNumber(conn.protocol) ?? -1,
    port: conn.port,
    sourcePort: conn.sourcePort,
    icmp: conn.icmp,
    http: conn.http,
    src: toPeerCtx(src, family),
    dst: toPeerCtx(dst, family),
  };
}

interface BothVerdicts {
  readonly egress: DirectionVerdict | null;
  readonly ingress: DirectionVerdict | null;
}

/**
 * Enforced and pending verdicts of one direction. The pending walk is skipped (its verdict is
 * the enforced one, trace included) when the enforced walk decided in a tier before the first
 * tier where the pending plan differs from the enforced plan.
 */
function judgeViews(set: CompiledPolicySet, ep: CompiledEndpoint | undefined, dir: Direction, ctx: ConnCtx): [DirectionVerdict | null, DirectionVerdict | null] {
  if (ep === undefined) return [null, null];
  if (!set.internal.hasStaged) {
    const v = judgeDirection(set, ep, dir, ctx, false);
    return [v, v];
  }
  const diffAt = appliedPlans(set, ep).pendingDiffAt[dir === "ingress" ? 0 : 1] ?? 0;
  const enforced = judgeDirection(set, ep, dir, ctx, false, 0, [], Number.isFinite(diffAt) ? diffAt : -1);
  if (lastDecidedAt < diffAt) return [enforced, enforced];
  // The enforced walk went through tiers [0, diffAt) without deciding, and the pending plan has
  // the same tiers there, so the pending walk resumes at diffAt with the same trace prefix.
  const prefix = traceLenAtWatch >= 0 ? enforced.trace.slice(0, traceLenAtWatch) : [];
  return [enforced, judgeDirection(set, ep, dir, ctx, true, traceLenAtWatch >= 0 ? diffAt : 0, prefix)];
}

function isAllowed(v: BothVerdicts): boolean {
  return (v.egress === null || v.egress.action === "Allow") && (v.ingress === null || v.ingress.action === "Allow");
}

/**
 * Judges a connection: enforced verdict (egress at the source endpoint, ingress at the
 * destination endpoint; null for a side that is not a cluster endpoint, which allows from its
 * side) and the pending verdict with every staged policy counted. An external peer whose IP
 * belongs to an endpoint of the set is that endpoint. Never throws.
 */
export function evaluate(set: CompiledPolicySet, conn: Connection): Verdict {
  const memo = set.internal.memo;
  // A new generation invalidates every memoised rule result; wrap before Int32 overflow.
  memo.gen = memo.gen >= 0x7ffffff0 ? 1 : memo.gen + 1;
  if (memo.gen === 1) memo.stamp.fill(0);
  const ctx = toConnCtx(set, conn);
  const [egress, pendingEgress] = judgeViews(set, ctx.src.endpoint, "egress", ctx);
  const [ingress, pendingIngress] = judgeViews(set, ctx.dst.endpoint, "ingress", ctx);
  const enforced: BothVerdicts = { egress, ingress };
  const pending: BothVerdicts = { egress: pendingEgress, ingress: pendingIngress };
  return {
    allowed: isAllowed(enforced),
    egress: enforced.egress,
    ingress: enforced.ingress,
    staged: { allowed: isAllowed(pending), egress: pending.egress, ingress: pending.ingress },
  };
}
