/**
 * buildPolicySet: compiles namespaces, endpoints, tiers, policies (enforced, staged, Kubernetes)
 * and network sets into indexes that evaluate() walks. Selectors are parsed once, CIDRs become
 * numeric ranges, endpoints are indexed by key and IP; per-endpoint applicable-policy lists are
 * filled lazily on first evaluation and memoised on the compiled endpoint.
 */
import type { StagedAction, Tier } from "@/lib/calico/types";
import type { FieldError } from "@/lib/errors";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type {
  CompiledEndpoint,
  CompiledNetworkSet,
  CompiledPolicy,
  CompiledPolicySet,
  CompiledService,
  CompiledTier,
  PeerCtx,
  PolicySetInput,
} from "@/lib/policy/compiled";
import { matchesAnyDomain } from "@/lib/net/domains";
import { compileEndpoint, compileNetworkSet, compileService, hostEndpointToModel } from "@/lib/policy/endpoints";
import { ipKey, isInAnyRange, parseIp } from "@/lib/net/ip";
import { DEFAULT_TIER, DEFAULT_TIER_ORDER, KUBE_ADMIN_TIER, KUBE_ADMIN_TIER_ORDER, KUBE_BASELINE_TIER, KUBE_BASELINE_TIER_ORDER, endpointKeyOf, policyKeyOf, toEnforcedKind } from "@/lib/policy/keys";
import type { EndpointModel, NamespaceModel } from "@/lib/policy/model";
import { LabelClassSpace } from "@/lib/policy/labelled";
import { DecidedIndex } from "@/lib/policy/decided-index";
import { globalBoundsOf } from "@/lib/policy/rule-filter";
import { sortPolicies, sortTiers } from "@/lib/policy/ordering";
import type { PolicySource } from "@/lib/policy/policies";
import { compilePolicy, toPolicySource } from "@/lib/policy/policies";

/**
 * Tiers by name. Calico creates `default`, `kube-admin` and `kube-baseline` itself: `default` is
 * always added when missing; the two ClusterNetworkPolicy tiers when a policy lives in them
 * (empty tiers change no verdict, and leaving them out keeps every other set's tier list as given).
 */
function compileTiers(tierRes: readonly { readonly res: Tier }[], usedTiers: ReadonlySet<string>): Map<string, CompiledTier> {
  const tiers = new Map<string, CompiledTier>();
  for (const { res } of tierRes) {
    const name = res.metadata.name;
    // The default tier's order is fixed by Calico at 1,000,000; keep it when the resource omits it.
    const order = res.spec.order ?? (name === DEFAULT_TIER ? DEFAULT_TIER_ORDER : undefined);
    tiers.set(name, { summary: { name, order, defaultAction: res.spec.defaultAction ?? "Deny" } });
  }
  // Calico creates these tiers itself (and refuses other values for them).
  const builtIn: [string, number, "Deny" | "Pass"][] = [
    [DEFAULT_TIER, DEFAULT_TIER_ORDER, "Deny"],
    [KUBE_ADMIN_TIER, KUBE_ADMIN_TIER_ORDER, "Pass"],
    [KUBE_BASELINE_TIER, KUBE_BASELINE_TIER_ORDER, "Pass"],
  ];
  for (const [name, order, defaultAction] of builtIn) {
    if (!tiers.has(name) && (name === DEFAULT_TIER || usedTiers.has(name))) tiers.set(name, { summary: { name, order, defaultAction } });
  }
  return tiers;
}

/** Sorts policies by tier order, then by policy order and name. */
function orderPolicies(policies: readonly CompiledPolicy[], tierRank: ReadonlyMap<string, number>): CompiledPolicy[] {
  const byTier = new Map<string, CompiledPolicy[]>();
  for (const p of policies) {
    const list = byTier.get(p.summary.tier) ?? [];
    list.push(p);
    byTier.set(p.summary.tier, list);
  }
  const tierNames = [...byTier.keys()].sort((a, b) => (tierRank.get(a) ?? 0) - (tierRank.get(b) ?? 0));
  return tierNames.flatMap((t) => sortPolicies(byTier.get(t) ?? []));
}

/**
 * Whether a staged policy takes part in the pending ("with staged policies") view. Calico counts
 * `stagedAction: Set` and an unset or empty stagedAction (Calico's default is Set); `Learn` and
 * `Ignore` are the recommendation engine's bookkeeping (a namespace-isolation recommendation that
 * is still learning, or one the user dismissed) and change no pending verdict. `Delete`: libcalico-go's
 * staged-policy update processors return no value for a staged Delete, so felix never receives the
 * object; the dataplane's pending view is then the enforced one for that policy, and so is ours
 * (a staged Delete neither removes the enforced policy nor adds anything).
 */
export function stagedPolicyCounts(stagedAction: StagedAction | "" | undefined): boolean {
  return stagedAction === undefined || stagedAction === "" || stagedAction === "Set";
}

/**
 * The pending view: enforced policies, with each counted staged policy (see stagedPolicyCounts)
 * replacing the enforced policy of the same kind, namespace and name, or added.
 */
function pendingView(enforced: readonly CompiledPolicy[], staged: readonly CompiledPolicy[]): CompiledPolicy[] {
  const removed = new Set<string>();
  const added: CompiledPolicy[] = [];
  for (const s of staged) {
    if (!stagedPolicyCounts(s.summary.stagedAction)) continue;
    const { kind, name, namespace } = s.summary;
    removed.add(policyKeyOf({ kind: toEnforcedKind(kind), metadata: { name, namespace } }));
    added.push(s);
  }
  return [...enforced.filter((p) => !removed.has(p.summary.key)), ...added];
}

/** Namespaced policies by namespace, each list in the given order. */
function groupByNamespace(policies: readonly CompiledPolicy[]): Map<string, CompiledPolicy[]> {
  const out = new Map<string, CompiledPolicy[]>();
  for (const p of policies) {
    const ns = p.summary.namespace;
    if (ns === undefined) continue;
    const list = out.get(ns);
    if (list === undefined) out.set(ns, [p]);
    else list.push(p);
  }
  return out;
}

function buildSetsOf(networkSets: readonly CompiledNetworkSet[]): (peer: PeerCtx) => readonly CompiledNetworkSet[] {
  return (peer) => {
    if (peer.sets !== undefined) return peer.sets;
    const found: CompiledNetworkSet[] = [];
    for (const s of networkSets) {
      if ((peer.addr !== undefined && isInAnyRange(peer.addr, s.nets)) || (peer.domain !== undefined && matchesAnyDomain(s.domains, peer.domain))) {
        found.push(s);
      }
    }
    peer.sets = found;
    return found;
  };
}

/**
 * Compiles the input into a CompiledPolicySet. Errors (every one, with a field path such as
 * `resources[3].spec.ingress[0].destination.selector`): unparseable selectors, CIDRs, ports or
 * protocols; a policy in a tier that no Tier resource defines (other than `default`); endpoint
 * addresses that are not IPs. Never throws.
 */
export function buildPolicySet(input: PolicySetInput): Result<CompiledPolicySet, FieldError[]> {
  return buildPolicySetWith(input, { sharePeerTests: true, pendingMasksFromEnforced: true });
}

/** How buildPolicySetWith compiles; the differential tests build a reference with sharing off. */
export interface BuildOptions {
  /** Rules testing the same thing share one predicate (RuleDeps.peerTests); off: one per rule. */
  readonly sharePeerTests: boolean;
  /** Pending walks that follow the enforced plan read its filter's masks (AppliedPlans.pendingMaskAt); off: their own. */
  readonly pendingMasksFromEnforced: boolean;
}

/** buildPolicySet with its internal options (tests only: every caller uses buildPolicySet). */
export function buildPolicySetWith(input: PolicySetInput, options: BuildOptions): Result<CompiledPolicySet, FieldError[]> {
  const errors: FieldError[] = [];
  const namespaces = new Map<string, NamespaceModel>(input.namespaces.map((n) => [n.name, n]));

  const networkSets: CompiledNetworkSet[] = [];
  const tierRes: { res: Tier }[] = [];
  const sources: PolicySource[] = [];
  const hostEndpoints: EndpointModel[] = [];
  input.resources.forEach((res, i) => {
    const path = `resources[${i}]`;
    if (res.kind === "Tier") tierRes.push({ res });
    else if (res.kind === "HostEndpoint") hostEndpoints.push(hostEndpointToModel(res));
    else if (res.kind === "NetworkSet" || res.kind === "GlobalNetworkSet") networkSets.push(compileNetworkSet(res, namespaces, path, errors));
    else {
      const src = toPolicySource(res, path);
      if (src !== undefined) sources.push(src);
    }
  });

  const services = new Map<string, CompiledService>();
  for (const s of input.services ?? []) services.set(`${s.namespace}/${s.name}`, compileService(s));
  const classes = new LabelClassSpace();
  const deps = { services, setsOf: buildSetsOf(networkSets), hasNetworkSets: networkSets.length > 0, classes, peerTests: options.sharePeerTests ? new Map() : undefined };

  const tiers = compileTiers(tierRes, new Set(sources.map((src) => src.spec.tier ?? DEFAULT_TIER)));
  const sortedTiers = sortTiers(
    [...tiers.values()].map((t) => ({ name: t.summary.name, order: t.summary.order, tier: t })),
  ).map((t) => t.tier);
  const tierRank = new Map(sortedTiers.map((t, i) => [t.summary.name, i]));

  const compiled: CompiledPolicy[] = [];
  for (const [id, src] of sources.entries()) {
    const p = compilePolicy(src, id, deps, errors);
    if (!tiers.has(p.summary.tier)) {
      errors.push({ path: `${src.path}.spec.tier`, message: `tier "${p.summary.tier}" does not exist (policy ${p.summary.key})` });
    }
    compiled.push(p);
  }

  const endpointsByKey = new Map<string, CompiledEndpoint>();
  const endpointsByModel = new WeakMap<EndpointModel, CompiledEndpoint>();
  const endpointsByIp = new Map<string, CompiledEndpoint>();
  // HostEndpoint resources join the endpoints unless an endpoint model of the same key exists.
  const givenKeys = new Set(input.endpoints.map((ep) => endpointKeyOf(ep)));
  const allEndpoints = [...input.endpoints, ...hostEndpoints.filter((h) => !givenKeys.has(endpointKeyOf(h)))];
  allEndpoints.forEach((ep, i) => {
    const c = compileEndpoint(ep, namespaces, classes);
    endpointsByKey.set(c.key, c);
    endpointsByModel.set(ep, c);
    ep.ips.forEach((ip, j) => {
      const a = parseIp(ip.split("/")[0] ?? "");
      const where = i < input.endpoints.length ? `endpoints[${i}].ips[${j}]` : `HostEndpoint/${ep.name}.spec.expectedIPs[${j}]`;
      if (a === undefined) errors.push({ path: where, message: `"${ip}" is not an IP address` });
      else endpointsByIp.set(ipKey(a), c);
    });
  });
  if (errors.length > 0) return err(errors);

  const evaluated = compiled.filter((p) => p.summary.evaluated);
  const enforced = orderPolicies(evaluated.filter((p) => !p.summary.staged), tierRank);
  const stagedList = evaluated.filter((p) => p.summary.staged);
  const pending = orderPolicies(pendingView(enforced, stagedList), tierRank);
  const all = orderPolicies(compiled, tierRank);
  const adHoc = new WeakMap<EndpointModel, CompiledEndpoint>();

  return ok({
    tiers: sortedTiers.map((t) => t.summary),
    policies: all.map((p) => p.summary),
    endpoints: allEndpoints,
    internal: {
      tiers: sortedTiers,
      tierByName: tiers,
      enforced,
      pending,
      hasStaged: stagedList.some((p) => stagedPolicyCounts(p.summary.stagedAction)),
      allPolicies: compiled,
      pendingMasksFromEnforced: options.pendingMasksFromEnforced,
      globalPolicies: evaluated.filter((p) => p.summary.namespace === undefined),
      policiesByNamespace: groupByNamespace(evaluated),
      planCache: new Map(),
      classes,
      plansByClass: new Map(),
      needsIndexes: new Map(),
      profileIds: new Map(),
      decided: new DecidedIndex(classes.size),
      globalBounds: globalBoundsOf(compiled),
      endpointsByKey,
      endpointsByModel,
      memo: { gen: 0, stamp: new Int32Array(compiled.length * 2), value: new Int32Array(compiled.length * 2) },
      endpointsByIp,
      endpointList: [...endpointsByKey.values()],
      networkSets,
      namespaces,
      policiesByKey: new Map(compiled.map((p) => [p.summary.key, p])),
      adHoc,
      compileEndpoint: (ep) => {
        const memo = adHoc.get(ep);
        if (memo !== undefined) return memo;
        const c = compileEndpoint(ep, namespaces);
        adHoc.set(ep, c);
        return c;
      },
    },
  });
}
