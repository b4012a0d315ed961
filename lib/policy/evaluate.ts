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
import type { AppliedPlans, CompiledEndpoint, CompiledPolicy, CompiledPolicySet, ConnCtx, DecidedEntry, NeedsIndex, PeerCtx, RuleFilter, RuleQuestion, TierPlan } from "@/lib/policy/compiled";
import type { IpAddress } from "@/lib/net/ip";
import { ipKey, parseIp } from "@/lib/net/ip";
import { endpointKeyOf } from "@/lib/policy/keys";
import type { Connection, DirectionVerdict, Peer, TraceStep, Verdict } from "@/lib/policy/model";
import { protocolNumber } from "@/lib/net/protocols";
import * as ruleFilter from "@/lib/policy/rule-filter";
import type { DecidedIndex } from "@/lib/policy/decided-index";
import * as decidedIndex from "@/lib/policy/decided-index";

// The hot path's imports as module-level constants. Where each file is its own CommonJS module
// (tsx: the CLI, the benchmarks), every read of an imported binding is a call to an export
// getter, and the per-connection path makes dozens of them; one read here at load time instead.
// Bundled code (Next's build) reads them directly either way. Neither module imports this one.
const { ALL_RULES, addressCellFor, addressMasks, buildRuleFilter, globalIntervalOf, globalPortInterval, globalProtocolSlot, masksKeyGlobal, masksKeyOf, portCellFor, portMasks } = ruleFilter;
const { ANSWER_YES, NONE, directAux, directPacked, packedResult } = decidedIndex;

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

/** The NeedsIndex of one of the set's policy lists (CompiledInternals.needsIndexes), made on first use. */
function needsIndexOf(set: CompiledPolicySet, list: readonly CompiledPolicy[]): NeedsIndex {
  const needsIndexes = set.internal.needsIndexes;
  const known = needsIndexes.get(list);
  if (known !== undefined) return known;
  const unindexed: CompiledPolicy[] = [];
  const byLabel = new Map<string, Map<string, CompiledPolicy[]>>();
  for (const p of list) {
    const needs = p.selectorNeeds;
    if (needs === undefined) {
      unindexed.push(p);
      continue;
    }
    let byValue = byLabel.get(needs.key);
    if (byValue === undefined) {
      byValue = new Map();
      byLabel.set(needs.key, byValue);
    }
    for (const v of needs.values) {
      const at = byValue.get(v);
      if (at === undefined) byValue.set(v, [p]);
      else at.push(p);
    }
  }
  const index = { unindexed, byLabel };
  needsIndexes.set(list, index);
  return index;
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
  // One selector evaluation per policy that can apply (global, or of the endpoint's namespace,
  // and needing no label the endpoint lacks), shared by both views and directions; ids
  // ascending, as the signature below expects.
  const applied: number[] = [];
  const scoped = [internal.globalPolicies, ep.namespace === undefined ? undefined : internal.policiesByNamespace.get(ep.namespace)];
  for (const list of scoped) {
    if (list === undefined) continue;
    const index = needsIndexOf(set, list);
    const test = (candidates: readonly CompiledPolicy[] | undefined): void => {
      if (candidates === undefined) return;
      for (let i = 0; i < candidates.length; i++) {
        const p = candidates[i] as CompiledPolicy; // i < length: defined
        if (p.appliesTo(ep)) applied.push(p.id);
      }
    };
    test(index.unindexed);
    for (const [key, byValue] of index.byLabel) {
      const value = ep.maps.self.get(key);
      if (value !== undefined) test(byValue.get(value));
    }
  }
  applied.sort((a, b) => a - b);
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
    const bounds = internal.globalBounds;
    const filterIngress = buildRuleFilter(enforcedIngress, "ingress", bounds);
    const filterEgress = buildRuleFilter(enforcedEgress, "egress", bounds);
    shared = {
      id: internal.decided.plans++,
      plans: [enforcedIngress, enforcedEgress, pendingIngress, pendingEgress],
      filters: [
        filterIngress,
        filterEgress,
        pendingIngress === enforcedIngress ? filterIngress : buildRuleFilter(pendingIngress, "ingress", bounds),
        pendingEgress === enforcedEgress ? filterEgress : buildRuleFilter(pendingEgress, "egress", bounds),
      ],
      pendingDiffAt: [firstDifference(enforcedIngress, pendingIngress), firstDifference(enforcedEgress, pendingEgress)],
      decided: [new Map(), new Map()],
      pendingFollows: [
        pendingFollowsEnforced(enforcedIngress, pendingIngress, "ingress"),
        pendingFollowsEnforced(enforcedEgress, pendingEgress, "egress"),
      ],
      pendingMaskAt: internal.pendingMasksFromEnforced
        ? [maskPlaces(enforcedIngress, pendingIngress, "ingress"), maskPlaces(enforcedEgress, pendingEgress, "egress")]
        : [undefined, undefined],
    };
    internal.planCache.set(signature, shared);
  }
  if (classId !== undefined) internal.plansByClass.set(classId, shared);
  ep.applied = shared;
  return shared;
}

/**
 * When the pending plan differs from the enforced one and follows it (pendingFollowsEnforced),
 * per pending policy (tiers concatenated) its index in the enforced plan, or -1 when it has no
 * rules in the direction (mask 0): the pending walk then reads the enforced filter's masks, which
 * are the same per policy (a policy's mask depends only on its rules and the connection), and the
 * pending filter's cells are never filled. Undefined otherwise.
 */
function maskPlaces(enforced: readonly TierPlan[], pending: readonly TierPlan[], d: Direction): Int32Array | undefined {
  if (enforced === pending || !pendingFollowsEnforced(enforced, pending, d)) return undefined;
  const at = new Map<CompiledPolicy, number>();
  for (const t of enforced) t.policies.forEach((p, i) => at.set(p, t.offset + i));
  const places: number[] = [];
  for (const t of pending) for (const p of t.policies) places.push((d === "ingress" ? p.ingressRules : p.egressRules).length === 0 ? -1 : (at.get(p) ?? -1));
  return Int32Array.from(places);
}

/**
 * True when every pending policy with rules in the direction is also in the enforced plan. A
 * policy's pre-filter mask for a connection depends only on its own rules and the connection
 * (the cells are exact for each rule), so the pending plan's candidate vector is then a function
 * of the enforced one (the other pending policies have no rules: mask 0).
 */
function pendingFollowsEnforced(enforced: readonly TierPlan[], pending: readonly TierPlan[], d: Direction): boolean {
  if (enforced === pending) return true;
  const inEnforced = new Set<CompiledPolicy>();
  for (const t of enforced) for (const p of t.policies) inEnforced.add(p);
  for (const t of pending) {
    for (const p of t.policies) {
      if (!inEnforced.has(p) && (d === "ingress" ? p.ingressRules : p.egressRules).length > 0) return false;
    }
  }
  return true;
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
  // Rule pre-filter masks (rule-filter.ts): a rule outside any of the three cannot match. A
  // pending walk that follows the enforced plan reads the enforced filter's masks (maskPlaces).
  const places = pending ? applied.pendingMaskAt[dir === "ingress" ? 0 : 1] : undefined;
  const filter = applied.filters[places === undefined ? slot : slot - 2] as RuleFilter;
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
      const j = places === undefined ? plan.offset + pi : (places[plan.offset + pi] as number); // within the plan: defined
      const mask = j < 0 ? 0 : (byPort[j] as number) & (bySrc[j] as number) & (byDst[j] as number); // j < policies: defined
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
    protocol: protocolOf(conn.protocol),
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

/** Decided results kept per set at most (then misses are evaluated and not remembered): bounds the memory (~150 MB at worst). */
const MAX_DECIDED = 1 << 18;
/** Candidate vectors whose rules ask more selector questions than this are not cached. */
const MAX_QUESTIONS = 20;
/** The results key keeps 10 bits for the profile id. */
const MAX_PROFILE_IDS = 1024;
/**
 * The profile "id" of results whose walks (enforced and pending) both decided in a tier: they
 * never read the profiles, so they hold for every profile list. Real ids from here on are not cached.
 */
const ANY_PROFILE = MAX_PROFILE_IDS - 1;

/** The result id of (entry, answers) for an endpoint with this profile id, or NONE. */
function resultOf(index: DecidedIndex, entryId: number, answers: number, profileId: number): number {
  const kinds = index.resultKinds[entryId] as number; // entry ids index it: defined
  const any = (kinds & 1) === 0 ? NONE : index.results.get(entryId, answers * MAX_PROFILE_IDS + ANY_PROFILE);
  return any !== NONE || (kinds & 2) === 0 ? any : index.results.get(entryId, answers * MAX_PROFILE_IDS + profileId);
}

/** True when a walk read the endpoint's profiles (no policy applied, or every tier passed). */
function readProfiles(v: DirectionVerdict): boolean {
  return v.reason === "noPolicy" || v.reason === "passedOutOfLastTier";
}

/** Scratch candidate vectors (evaluate is synchronous: one call at a time uses them). */
let scratchEnforced = new Int32Array(64);
let scratchPending = new Int32Array(64);

/**
 * The candidate masks of a plan for this connection (the three pre-filter masks ANDed per
 * policy) into `out`, and their hash; NaN when some policy is checked in full (ALL_RULES: its
 * rules' ports and nets are not decided by the cells, so nothing can be cached).
 */
function candidates(f: RuleFilter, ctx: ConnCtx, out: Int32Array, seed: number): number {
  const byPort = portMasks(f, ctx);
  const bySrc = addressMasks(f, "source", ctx.src);
  const byDst = addressMasks(f, "destination", ctx.dst);
  let h = seed;
  for (let j = 0; j < byPort.length; j++) {
    const m = (byPort[j] as number) & (bySrc[j] as number) & (byDst[j] as number); // j < policies: defined
    if (m === ALL_RULES) return Number.NaN;
    out[j] = m;
    h = Math.imul(h ^ m, 0x01000193) + j;
  }
  return h | 0;
}

function sameMasks(a: Int32Array, b: Int32Array, n: number): boolean {
  for (let j = 0; j < n; j++) if (a[j] !== b[j]) return false;
  return true;
}

/** The selector questions of every candidate rule of a plan, or undefined when one is not simple. */
function collectQuestions(f: RuleFilter, masks: Int32Array, into: RuleQuestion[]): boolean {
  const policies = f.policies;
  for (let j = 0; j < policies.length; j++) {
    const m = masks[j] as number; // j < policies: defined
    if (m === 0) continue;
    const p = policies[j] as CompiledPolicy;
    const rules = f.direction === "ingress" ? p.ingressRules : p.egressRules;
    for (let i = 0; i < rules.length; i++) {
      if ((m & (1 << i)) === 0) continue;
      const qs = rules[i]?.questions;
      if (qs === undefined) return false;
      // Plain loops (no closure per question): this runs once per new entry, tens of thousands of times.
      for (let k = 0; k < qs.length; k++) {
        const q = qs[k] as RuleQuestion; // k < length: defined
        let seen = false;
        for (let x = 0; x < into.length && !seen; x++) seen = (into[x] as RuleQuestion).side === q.side && (into[x] as RuleQuestion).pred === q.pred; // x < length: defined
        if (!seen) into.push(q);
      }
    }
  }
  return true;
}

function profileIdOf(set: CompiledPolicySet, ep: CompiledEndpoint): number {
  const known = ep.profileId;
  if (known !== undefined) return known;
  const ids = set.internal.profileIds;
  const key = ep.profiles.join("\u0000");
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size;
    ids.set(key, id);
  }
  ep.profileId = id;
  return id;
}

function frozenVerdict(v: DirectionVerdict): DirectionVerdict {
  Object.freeze(v.trace);
  return Object.freeze(v);
}

/** The decided entry of the connection's candidate vector (enforced, and pending when given). */
function decidedEntry(
  index: DecidedIndex,
  applied: AppliedPlans,
  d: number,
  enforcedFilter: RuleFilter,
  pendingFilter: RuleFilter | undefined,
  ctx: ConnCtx,
): DecidedEntry {
  const withPending = pendingFilter !== undefined;
  const n = enforcedFilter.policies.length;
  const np = pendingFilter?.policies.length ?? 0;
  if (scratchEnforced.length < n) scratchEnforced = new Int32Array(n * 2);
  if (scratchPending.length < np) scratchPending = new Int32Array(np * 2);
  let hash = candidates(enforcedFilter, ctx, scratchEnforced, 0x811c9dc5);
  if (pendingFilter !== undefined && !Number.isNaN(hash)) hash = candidates(pendingFilter, ctx, scratchPending, hash);
  if (Number.isNaN(hash)) return index.entries[0] as DecidedEntry; // the entry that caches nothing
  const buckets = applied.decided[d] as Map<number, DecidedEntry[]>;
  let bucket = buckets.get(hash);
  let entry: DecidedEntry | undefined;
  if (bucket !== undefined) {
    for (let k = 0; k < bucket.length; k++) {
      const e = bucket[k] as DecidedEntry; // k < length: defined
      if (sameMasks(e.enforced, scratchEnforced, n) && (!withPending || (e.pending !== undefined && sameMasks(e.pending, scratchPending, np)))) {
        entry = e;
        break;
      }
    }
  }
  if (entry === undefined) {
    const questions: RuleQuestion[] = [];
    const simple =
      collectQuestions(enforcedFilter, scratchEnforced, questions) && (!withPending || collectQuestions(pendingFilter, scratchPending, questions));
    const enforced = scratchEnforced.slice(0, n);
    const pending = withPending ? scratchPending.slice(0, np) : undefined;
    const cacheable = simple && questions.length <= MAX_QUESTIONS;
    const span = cacheable ? index.spanOf(questions) : NONE;
    entry = index.addEntry((id) => ({ id, enforced, pending, questions: cacheable ? questions : undefined, span }));
    if (bucket === undefined) {
      bucket = [];
      buckets.set(hash, bucket);
    }
    bucket.push(entry);
  }
  return entry;
}

/**
 * judgeViews through the decided-results cache of the endpoint's plans. The key is what the
 * walk can depend on: the candidate vector (the rule pre-filter is exact on protocol, numeric
 * destination ports and IPv4 / absent addresses for the rules it keeps), the answers of the
 * candidate rules' selector tests, and the endpoint's profiles. Anything else (a candidate rule
 * that reads more, IPv6 addresses, ALL_RULES policies) takes the plain walk.
 */
function judgeViewsCached(set: CompiledPolicySet, ep: CompiledEndpoint | undefined, dir: Direction, ctx: ConnCtx): [DirectionVerdict | null, DirectionVerdict | null] {
  if (ep === undefined) return [null, null];
  if (ctx.src.addr?.version === 6 || ctx.dst.addr?.version === 6) return judgeViews(set, ep, dir, ctx);
  const index = set.internal.decided;
  const applied = appliedPlans(set, ep);
  const d = dir === "ingress" ? 0 : 1;
  const enforcedFilter = applied.filters[d] as RuleFilter; // d < 2: defined
  const pendingFilter = applied.filters[2 + d] as RuleFilter;
  // The pending candidates enter the key only when they do not follow from the enforced ones.
  const withPending = set.internal.hasStaged && pendingFilter !== enforcedFilter && applied.pendingFollows[d] !== true;
  // Without pending candidates, the enforced filter's three cells determine the candidate vector:
  // their mask ids name it (the cells are filled first when new).
  const cellKey = withPending ? NONE : candidatesKey(enforcedFilter, ctx);
  const known = cellKey === NONE ? NONE : index.cells.get(applied.id * 2 + d, cellKey);
  let entry: DecidedEntry;
  if (known !== NONE) entry = index.entries[known] as DecidedEntry; // ids index entries
  else {
    entry = decidedEntry(index, applied, d, enforcedFilter, withPending ? pendingFilter : undefined, ctx);
    if (cellKey !== NONE) index.cells.set(applied.id * 2 + d, cellKey, entry.id, entry.span);
  }
  const questions = entry.questions;
  if (questions === undefined) return judgeViews(set, ep, dir, ctx);
  const profileId = profileIdOf(set, ep);
  if (profileId >= ANY_PROFILE) return judgeViews(set, ep, dir, ctx);
  let answers = 0;
  for (let k = 0; k < questions.length; k++) {
    const q = questions[k] as RuleQuestion; // k < length: defined
    const peer = q.side === 0 ? ctx.src.endpoint : ctx.dst.endpoint;
    if (peer !== undefined && q.pred(peer)) answers |= 1 << k;
  }
  const result = resultOf(index, entry.id, answers, profileId);
  if (result !== NONE) return [index.verdicts[2 * result] as DirectionVerdict, index.verdicts[2 * result + 1] as DirectionVerdict]; // stored in pairs
  const [enforced, pending] = judgeViews(set, ep, dir, ctx);
  if (enforced === null || pending === null) return [enforced, pending];
  if (index.resultCount >= MAX_DECIDED) return [enforced, pending];
  const frozenEnforced = frozenVerdict(enforced);
  const frozenPending = pending === enforced ? frozenEnforced : frozenVerdict(pending);
  const profiles = readProfiles(frozenEnforced) || readProfiles(frozenPending) ? profileId : ANY_PROFILE;
  index.keepResult(entry.id, answers * MAX_PROFILE_IDS + profiles, index.addResult(frozenEnforced, frozenPending), profiles === ANY_PROFILE);
  return [frozenEnforced, frozenPending];
}

/** The filter's masks key (rule-filter.ts masksKeyOf) for the connection, filling its cells if new. */
function candidatesKey(f: RuleFilter, ctx: ConnCtx): number {
  const portCell = portCellFor(f, ctx.protocol, ctx.port);
  const srcCell = addressCellFor(f, "source", ctx.src.addr);
  const dstCell = addressCellFor(f, "destination", ctx.dst.addr);
  const known = masksKeyOf(f, portCell, srcCell, dstCell);
  if (known !== NONE) return known;
  portMasks(f, ctx);
  addressMasks(f, "source", ctx.src);
  addressMasks(f, "destination", ctx.dst);
  return masksKeyOf(f, portCell, srcCell, dstCell);
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
  return decidedVerdict(set, conn) ?? evaluateWith(set, conn, judgeViewsCached);
}

/** The protocol number of a connection's protocol (the common names without a lookup). */
function protocolOf(p: Connection["protocol"]): number {
  return p === "TCP" ? 6 : p === "UDP" ? 17 : (protocolNumber(p) ?? -1);
}

/**
 * The decided-cells slot of one direction for a connection between two endpoints of the set,
 * read with no connection context built (the peers' addresses are their first IPv4 ones, as
 * toPeerCtx's over IPv4), or NONE when judgeViewsCached would have to walk (a miss, or pending
 * candidates in the key).
 */
function decidedSlot(
  set: CompiledPolicySet,
  applied: AppliedPlans,
  d: 0 | 1,
  protocol: number,
  port: number | undefined,
  portAt: number,
  src: CompiledEndpoint,
  dst: CompiledEndpoint,
): number {
  const filter = applied.filters[d] as RuleFilter; // d < 2: defined
  if (set.internal.hasStaged && applied.filters[2 + d] !== filter && applied.pendingFollows[d] !== true) return NONE;
  const cellKey = masksKeyGlobal(filter, protocol, port, portAt, src.firstV4, src.v4Interval, dst.firstV4, dst.v4Interval);
  return cellKey === NONE ? NONE : set.internal.decided.cells.find(applied.id * 2 + d, cellKey);
}

/**
 * The decided result at a found slot (decidedSlot) of endpoint `ep`'s direction, packed with its
 * allowed bits (packedResult): what judgeViewsCached finds on a hit, or NONE when it would walk
 * (a candidate rule that is not simple, too many profiles, no result yet). The peers' class ids
 * are within the set's class space (endpoints of the set).
 */
function decidedAt(set: CompiledPolicySet, ep: CompiledEndpoint, slot: number, src: CompiledEndpoint, srcClass: number, dst: CompiledEndpoint, dstClass: number): number {
  const index = set.internal.decided;
  const cells = index.cells;
  const span = cells.auxAt(slot);
  if (span === NONE) return NONE;
  const profileId = ep.profileId ?? profileIdOf(set, ep);
  if (profileId >= ANY_PROFILE) return NONE;
  if (span < NONE) return directPacked(span);
  // The entry's questions as (answer row × 2 + side), answered per label class.
  const list = index.spanList;
  const table = index.answers;
  const stride = index.classCount;
  const start = span >> 5;
  const count = span & 31;
  let answers = 0;
  for (let k = 0; k < count; k++) {
    const q = list[start + k] as number; // within the span: defined
    const onSource = (q & 1) === 0;
    const classId = onSource ? srcClass : dstClass;
    const known = table[(q >> 1) * stride + classId] as number; // row < rows, class < classCount: defined
    if (known === 0 ? index.answer(q >> 1, classId, onSource ? src : dst) : known === ANSWER_YES) answers |= 1 << k;
  }
  const entryId = cells.valueAt(slot);
  const result = resultOf(index, entryId, answers, profileId);
  if (result === NONE) return NONE;
  const packed = packedResult(result, index.allowed[result] as number); // result ids index it: defined
  // No questions and the entry has an any-profile result: the cell's answer from now on. (A
  // question-free entry has the one answer vector 0, and resultOf returns the any-profile result
  // whenever there is one, so `result` is it.)
  if (count === 0 && ((index.resultKinds[entryId] as number) & 1) !== 0) cells.setAuxAt(slot, directAux(packed));
  return packed;
}

/**
 * evaluate's fast path: both peers endpoints of the set given without an address, judged over
 * IPv4, and both directions already decided (judgeViewsCached would answer both from the
 * cache). Undefined otherwise: evaluateWith then does the whole work.
 */
function decidedVerdict(set: CompiledPolicySet, conn: Connection): Verdict | undefined {
  const s = conn.source;
  const t = conn.destination;
  if (s.kind !== "endpoint" || t.kind !== "endpoint" || s.ip !== undefined || t.ip !== undefined) return undefined;
  const byModel = set.internal.endpointsByModel;
  const src = byModel.get(s.endpoint);
  const dst = byModel.get(t.endpoint);
  // familyOf: with no explicit address, the source endpoint's family, else the destination's.
  if (src === undefined || dst === undefined || (src.family ?? dst.family ?? 4) !== 4) return undefined;
  const protocol = protocolOf(conn.protocol);
  const port = conn.port;
  // Global intervals (rule-filter.ts globalBoundsOf): one search per value, then table reads.
  const bounds = set.internal.globalBounds;
  const portColumns = bounds.ports.length + 2;
  const portAt = globalProtocolSlot(bounds, protocol) * portColumns + (port === undefined ? portColumns - 1 : globalPortInterval(bounds, port));
  if (src.v4Interval < 0 && src.firstV4?.version === 4) src.v4Interval = globalIntervalOf(bounds.addrs, src.firstV4.value);
  if (dst.v4Interval < 0 && dst.firstV4?.version === 4) dst.v4Interval = globalIntervalOf(bounds.addrs, dst.firstV4.value);
  const srcClass = src.classId;
  const dstClass = dst.classId;
  if (srcClass === undefined || dstClass === undefined) return undefined;
  // Both directions' slots first, then their results: the two chains of dependent table reads
  // (mostly cache misses on a big set) are independent, so side by side they overlap.
  const egressSlot = decidedSlot(set, src.applied ?? appliedPlans(set, src), 1, protocol, port, portAt, src, dst);
  const ingressSlot = decidedSlot(set, dst.applied ?? appliedPlans(set, dst), 0, protocol, port, portAt, src, dst);
  if (egressSlot === NONE || ingressSlot === NONE) return undefined;
  const egress = decidedAt(set, src, egressSlot, src, srcClass, dst, dstClass);
  if (egress === NONE) return undefined;
  const ingress = decidedAt(set, dst, ingressSlot, src, srcClass, dst, dstClass);
  if (ingress === NONE) return undefined;
  const { verdicts } = set.internal.decided;
  // Packed results: bit 0, the enforced verdict allows; bit 1, the pending one does.
  const both = egress & ingress;
  const e = 2 * (egress >> 2);
  const i = 2 * (ingress >> 2);
  return {
    allowed: (both & 1) !== 0,
    egress: verdicts[e] as DirectionVerdict, // stored in pairs
    ingress: verdicts[i] as DirectionVerdict,
    staged: { allowed: (both & 2) !== 0, egress: verdicts[e + 1] as DirectionVerdict, ingress: verdicts[i + 1] as DirectionVerdict },
  };
}

/**
 * evaluate without the decided-results cache (every connection walks its tiers): the reference
 * the cache is checked against (evaluate-cache.test.ts).
 */
export function evaluateUncached(set: CompiledPolicySet, conn: Connection): Verdict {
  return evaluateWith(set, conn, judgeViews);
}

function evaluateWith(set: CompiledPolicySet, conn: Connection, judge: typeof judgeViews): Verdict {
  const memo = set.internal.memo;
  // A new generation invalidates every memoised rule result; wrap before Int32 overflow.
  memo.gen = memo.gen >= 0x7ffffff0 ? 1 : memo.gen + 1;
  if (memo.gen === 1) memo.stamp.fill(0);
  const ctx = toConnCtx(set, conn);
  const [egress, pendingEgress] = judge(set, ctx.src.endpoint, "egress", ctx);
  const [ingress, pendingIngress] = judge(set, ctx.dst.endpoint, "ingress", ctx);
  const enforced: BothVerdicts = { egress, ingress };
  const pending: BothVerdicts = { egress: pendingEgress, ingress: pendingIngress };
  return {
    allowed: isAllowed(enforced),
    egress: enforced.egress,
    ingress: enforced.ingress,
    staged: { allowed: isAllowed(pending), egress: pending.egress, ingress: pending.ingress },
  };
}
