/**
 * Compiles a Calico Rule into one predicate over a connection. Every field present must match
 * (AND), as in felix's rule renderer. Selector semantics follow libcalico-go's
 * GetEntityRuleSelector (updateprocessors/rules.go):
 *  - a rule in a namespaced policy without `namespaceSelector` only selects things in the
 *    policy's namespace, as soon as `selector`, `notSelector` or `serviceAccounts` is used;
 *  - `namespaceSelector` is matched against namespace labels (`all()` = any namespace,
 *    `global()` = non-namespaced things: host endpoints and GlobalNetworkSets);
 *  - `notSelector` is not namespaced;
 *  - a selector matches an endpoint by its labels, and any peer whose address (or domain) is in
 *    a NetworkSet / GlobalNetworkSet whose labels match (felix puts both into the rule's IP set).
 */
import type { EntityRule, Rule } from "@/lib/calico/types";
import type { FieldError } from "@/lib/errors";
import { parseSelector } from "@/lib/selector";
import type { Result } from "@/lib/result";
import { err, ok } from "@/lib/result";
import type { CompiledNetworkSet, CompiledRule, CompiledService, ConnCtx, PeerCtx, RuleQuestion } from "@/lib/policy/compiled";
import { compileDomain, matchesAnyDomain } from "@/lib/net/domains";
import type { CidrRange } from "@/lib/net/ip";
import { ipEquals, isInAnyRange, notCidrMessage, parseCidrOrIp, toRange } from "@/lib/net/ip";
import type { LabelledPredicate, SelectorContext } from "@/lib/policy/labelled";
import type { LabelClassSpace } from "@/lib/policy/labelled";
import { allOf, compileInContext, memoByClass } from "@/lib/policy/labelled";
import { compilePorts, matchesPort } from "@/lib/net/ports";
import { carriesPorts, protocolNumber } from "@/lib/net/protocols";
import { isServiceBackend } from "@/lib/cluster/services";

/** What rule compilation needs from the set being built. */
export interface RuleDeps {
  readonly services: ReadonlyMap<string, CompiledService>;
  /** Network sets containing the peer's address or domain. */
  readonly setsOf: (peer: PeerCtx) => readonly CompiledNetworkSet[];
  readonly hasNetworkSets: boolean;
  /** The set's label classes: rule selectors remember their answer per class. */
  readonly classes: LabelClassSpace;
  /**
   * Rule selector tests of the set by what they test (see `peerTestKey`): rules that test the
   * same thing share one predicate, so its answers per class are computed once and the decided
   * results cache asks it once. Undefined: no sharing (the differential tests' reference).
   */
  readonly peerTests: Map<string, LabelledPredicate> | undefined;
}

type ConnPredicate = (conn: ConnCtx) => boolean;

const SA_LABEL = "projectcalico.org/serviceaccount";

/** Collects errors while compiling; `parse` returns undefined (and records) on a bad selector. */
class Compiler {
  readonly errors: FieldError[] = [];
  /**
   * The rule's selector tests (CompiledRule.questions); `simple` turns false as soon as the rule
   * reads anything the rule pre-filter's cells and these tests do not determine.
   */
  simple = true;
  readonly questions: RuleQuestion[] = [];
  /** Records a selector test on one side; with network sets the answer also depends on the address. */
  question(side: "source" | "destination", pred: LabelledPredicate, deps: RuleDeps): void {
    if (deps.hasNetworkSets) this.simple = false;
    else this.questions.push({ side: side === "source" ? 0 : 1, pred });
  }
  selector(text: string | undefined, path: string, ctx: SelectorContext): LabelledPredicate | undefined {
    if (text === undefined) return undefined;
    const parsed = parseSelector(text);
    if (!parsed.ok) {
      this.errors.push({ path, message: `invalid selector: ${parsed.error.message}` });
      return undefined;
    }
    return compileInContext(parsed.value.ast, ctx);
  }
  cidrs(list: readonly string[] | undefined, path: string): CidrRange[] | undefined {
    if (list === undefined) return undefined;
    const out: CidrRange[] = [];
    list.forEach((c, i) => {
      const cidr = parseCidrOrIp(c);
      if (cidr !== undefined) out.push(toRange(cidr));
      else this.errors.push({ path: `${path}[${i}]`, message: notCidrMessage(c) });
    });
    return out;
  }
}

/**
 * The set's shared predicate for a peer test `key` (what the test reads, spelled out), memoised
 * per label class; `pred` compiles it when it is the first of its kind.
 */
function peerTest(deps: RuleDeps, key: string, pred: LabelledPredicate): LabelledPredicate {
  const known = deps.peerTests?.get(key);
  if (known !== undefined) return known;
  const memo = memoByClass(pred, deps.classes);
  deps.peerTests?.set(key, memo);
  return memo;
}

/** True when the peer (endpoint or a network set holding its address/domain) satisfies pred. */
function peerSelected(pred: LabelledPredicate, peer: PeerCtx, deps: RuleDeps): boolean {
  if (peer.endpoint !== undefined && pred(peer.endpoint)) return true;
  if (!deps.hasNetworkSets) return false;
  const sets = deps.setsOf(peer);
  for (let i = 0; i < sets.length; i++) if (pred(sets[i] as CompiledNetworkSet)) return true; // i < length
  return false;
}

/** Calico treats an empty selector string in a rule as absent (rules.go compares with ""). */
function withoutEmptySelectors(er: EntityRule): EntityRule {
  const blank = (v: string | undefined) => v !== undefined && v.trim() === "";
  if (!blank(er.selector) && !blank(er.notSelector) && !blank(er.namespaceSelector) && !blank(er.serviceAccounts?.selector)) return er;
  const { selector, notSelector, namespaceSelector, serviceAccounts, ...rest } = er;
  return {
    ...rest,
    ...(selector !== undefined && !blank(selector) ? { selector } : {}),
    ...(notSelector !== undefined && !blank(notSelector) ? { notSelector } : {}),
    ...(namespaceSelector !== undefined && !blank(namespaceSelector) ? { namespaceSelector } : {}),
    ...(serviceAccounts !== undefined
      ? { serviceAccounts: blank(serviceAccounts.selector) ? (serviceAccounts.names !== undefined ? { names: serviceAccounts.names } : {}) : serviceAccounts }
      : {}),
  };
}

function compileEntity(
  c: Compiler,
  rawEntity: EntityRule,
  side: "source" | "destination",
  policyNs: string | undefined,
  path: string,
  deps: RuleDeps,
): ConnPredicate[] {
  const er = withoutEmptySelectors(rawEntity);
  const checks: ConnPredicate[] = [];
  const peerOf = side === "source" ? (k: ConnCtx) => k.src : (k: ConnCtx) => k.dst;
  /** A peer test bound to this side without an extra call per evaluation. */
  const onPeer = (test: (peer: PeerCtx, k: ConnCtx) => boolean): ConnPredicate =>
    side === "source" ? (k) => test(k.src, k) : (k) => test(k.dst, k);

  const nets = c.cidrs(er.nets, `${path}.nets`);
  if (nets !== undefined) {
    checks.push(onPeer((peer) => peer.addr !== undefined && isInAnyRange(peer.addr, nets)));
  }
  const notNets = c.cidrs(er.notNets, `${path}.notNets`);
  if (notNets !== undefined && notNets.length > 0) {
    c.simple = false;
    checks.push(onPeer((peer) => peer.addr === undefined || !isInAnyRange(peer.addr, notNets)));
  }

  const nsPart =
    er.namespaceSelector !== undefined
      ? c.selector(er.namespaceSelector, `${path}.namespaceSelector`, "namespace")
      : policyNs !== undefined
        ? (x: { readonly namespace: string | undefined }) => x.namespace === policyNs
        : undefined;
  let saPart: LabelledPredicate | undefined;
  if (er.serviceAccounts !== undefined) {
    const names = er.serviceAccounts.names;
    const nameSet = names !== undefined && names.length > 0 ? new Set(names) : undefined;
    const namePred: LabelledPredicate | undefined =
      nameSet === undefined ? undefined : (x) => {
            const sa = x.maps.self.get(SA_LABEL);
            return sa !== undefined && nameSet.has(sa);
          };
    const saSel = c.selector(er.serviceAccounts.selector, `${path}.serviceAccounts.selector`, "serviceAccount");
    saPart = allOf([saSel, namePred]);
  }
  const selPart = c.selector(er.selector, `${path}.selector`, "self");
  const positive = saPart !== undefined || selPart !== undefined ? allOf([saPart, selPart]) : undefined;
  const namespaced =
    nsPart !== undefined && (positive !== undefined || er.notSelector !== undefined || er.namespaceSelector !== undefined);
  const combined = namespaced ? allOf([nsPart, positive]) : positive;
  if (combined !== undefined) {
    // Everything `combined` was built from (a selector that did not parse fails the compile).
    const key = JSON.stringify([
      "sel",
      namespaced ? (er.namespaceSelector !== undefined ? { namespaceSelector: er.namespaceSelector } : { namespace: policyNs }) : null,
      er.serviceAccounts === undefined ? null : [er.serviceAccounts.names ?? [], er.serviceAccounts.selector ?? null],
      er.selector ?? null,
    ]);
    const finalPred = peerTest(deps, key, combined);
    c.question(side, finalPred, deps);
    checks.push(onPeer((peer) => peerSelected(finalPred, peer, deps)));
  }

  const notSelRaw = c.selector(er.notSelector, `${path}.notSelector`, "self");
  if (notSelRaw !== undefined) {
    const notSel = peerTest(deps, JSON.stringify(["notSel", er.notSelector]), notSelRaw);
    c.question(side, notSel, deps);
    checks.push(onPeer((peer) => !peerSelected(notSel, peer, deps)));
  }

  if (er.ports !== undefined) {
    const m = compilePorts(er.ports);
    if (!m.ok) c.errors.push({ path: `${path}.ports`, message: m.error });
    else {
      const pm = m.value;
      // Numeric destination ports are decided by the pre-filter's port cells; named ports read the endpoint.
      if (side === "source" || pm.names.length > 0) c.simple = false;
      checks.push(
        side === "source"
          ? (k) => k.sourcePort !== undefined && carriesPorts(k.protocol) && matchesPort(pm, k.sourcePort, k.protocol, k.src.endpoint)
          : (k) => k.port !== undefined && carriesPorts(k.protocol) && matchesPort(pm, k.port, k.protocol, k.dst.endpoint),
      );
    }
  }
  if (er.notPorts !== undefined) {
    const m = compilePorts(er.notPorts);
    if (!m.ok) c.errors.push({ path: `${path}.notPorts`, message: m.error });
    else {
      const pm = m.value;
      c.simple = false;
      checks.push(
        side === "source"
          ? (k) => k.sourcePort !== undefined && carriesPorts(k.protocol) && !matchesPort(pm, k.sourcePort, k.protocol, k.src.endpoint)
          : (k) => k.port !== undefined && carriesPorts(k.protocol) && !matchesPort(pm, k.port, k.protocol, k.dst.endpoint),
      );
    }
  }

  if (er.services !== undefined) {
    c.simple = false;
    const svcKey = `${er.services.namespace ?? policyNs ?? "default"}/${er.services.name}`;
    checks.push((k) => {
      const svc = deps.services.get(svcKey);
      return svc !== undefined && matchesService(svc, peerOf(k), side === "destination" ? k : undefined);
    });
  }

  if (er.domains !== undefined) {
    c.simple = false;
    const patterns = er.domains.map(compileDomain);
    checks.push((k) => {
      const d = peerOf(k).domain;
      return d !== undefined && matchesAnyDomain(patterns, d);
    });
  }
  return checks;
}

/**
 * A service matches its backing pods (same namespace, labels ⊇ spec.selector) and, for a
 * destination, only on the service's target ports (named target ports resolve on the pod); the
 * cluster IP matches on the service ports.
 */
function matchesService(svc: CompiledService, peer: PeerCtx, conn: ConnCtx | undefined): boolean {
  const ep = peer.endpoint;
  const backs =
    ep !== undefined &&
    ep.model.kind === "workload" &&
    isServiceBackend(svc, ep.model);
  if (conn === undefined) return backs;
  const port = conn.port;
  if (port === undefined) return false;
  if (backs) {
    return svc.ports.some((sp) => {
      if (sp.protocol !== conn.protocol) return false;
      if (typeof sp.targetPort === "number") return sp.targetPort === port;
      return ep.ports.some((p) => p.name === sp.targetPort && p.port === port && protocolNumber(p.protocol) === conn.protocol);
    });
  }
  const ip = svc.clusterIP;
  return (
    ip !== undefined &&
    peer.addr !== undefined &&
    ipEquals(peer.addr, ip) &&
    svc.ports.some((sp) => sp.port === port && sp.protocol === conn.protocol)
  );
}

function matchesIcmp(want: { readonly type?: number; readonly code?: number }, k: ConnCtx): boolean {
  if (k.icmp === undefined) return false;
  if (want.type !== undefined && k.icmp.type !== want.type) return false;
  if (want.code !== undefined && k.icmp.code !== want.code) return false;
  return true;
}

function compileRuleChecks(c: Compiler, rule: Rule, policyNs: string | undefined, path: string, deps: RuleDeps): ConnPredicate[] {
  const checks: ConnPredicate[] = [];
  // `protocol` itself is checked inline by the evaluator (CompiledRule.protocol), before any call.
  if (rule.protocol !== undefined && protocolNumber(rule.protocol) === undefined) {
    c.errors.push({ path: `${path}.protocol`, message: `invalid protocol ${String(rule.protocol)}` });
  }
  if (rule.notProtocol !== undefined) {
    const p = protocolNumber(rule.notProtocol);
    if (p === undefined) c.errors.push({ path: `${path}.notProtocol`, message: `invalid protocol ${String(rule.notProtocol)}` });
    else checks.push((k) => k.protocol !== p);
  }
  // notProtocol, ICMP, IP version and http read what the pre-filter's cells do not decide.
  if (rule.notProtocol !== undefined || rule.icmp !== undefined || rule.notICMP !== undefined || rule.ipVersion !== undefined || rule.http !== undefined) {
    c.simple = false;
  }
  const icmp = rule.icmp;
  if (icmp !== undefined) checks.push((k) => (k.protocol === 1 || k.protocol === 58) && matchesIcmp(icmp, k));
  const notIcmp = rule.notICMP;
  if (notIcmp !== undefined) checks.push((k) => !matchesIcmp(notIcmp, k));
  const ipVersion = rule.ipVersion;
  if (ipVersion !== undefined) checks.push((k) => k.family === ipVersion);
  if (rule.source !== undefined) checks.push(...compileEntity(c, rule.source, "source", policyNs, `${path}.source`, deps));
  if (rule.destination !== undefined) {
    checks.push(...compileEntity(c, rule.destination, "destination", policyNs, `${path}.destination`, deps));
  }
  const http = rule.http;
  if (http !== undefined) {
    // No L7 proxy in simulation: an http match only matches connections that carry request info.
    checks.push((k) => {
      if (k.http === undefined) return false;
      const req = k.http;
      if (http.methods !== undefined && http.methods.length > 0 && !http.methods.includes(req.method)) return false;
      if (http.paths !== undefined && http.paths.length > 0) {
        return http.paths.some((p) => (p.exact !== undefined ? req.path === p.exact : p.prefix !== undefined && req.path.startsWith(p.prefix)));
      }
      return true;
    });
  }
  return checks;
}

/**
 * AND of connection predicates, as a plain loop (this is the hottest path of evaluate). The `as`
 * casts index within bounds (length checked), so elements are defined.
 */
function conjunction(checks: readonly ConnPredicate[]): ConnPredicate {
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0] as ConnPredicate;
  if (checks.length === 2) {
    const [a, b] = checks as [ConnPredicate, ConnPredicate];
    return (k) => a(k) && b(k);
  }
  return (k) => {
    for (let i = 0; i < checks.length; i++) if (!(checks[i] as ConnPredicate)(k)) return false;
    return true;
  };
}

/** The ranges of a port list when it names no port (compiled as the rule's check is). */
function numericPortRanges(ports: readonly (number | string)[] | undefined): readonly (readonly [number, number])[] | undefined {
  if (ports === undefined) return undefined;
  const m = compilePorts(ports);
  return m.ok && m.value.names.length === 0 ? m.value.ranges : undefined;
}

/** A `nets` list as ranges, as its check compiles it (the rule compiled, so every entry parses). */
function netRanges(nets: readonly string[] | undefined): readonly CidrRange[] | undefined {
  if (nets === undefined) return undefined;
  const out: CidrRange[] = [];
  for (const n of nets) {
    const cidr = parseCidrOrIp(n);
    if (cidr !== undefined) out.push(toRange(cidr));
  }
  return out;
}

/** Compiles one rule; errors carry field paths under `path`. */
export function compileRule(rule: Rule, policyNs: string | undefined, path: string, deps: RuleDeps): Result<CompiledRule, FieldError[]> {
  const c = new Compiler();
  const checks = compileRuleChecks(c, rule, policyNs, path, deps);
  if (c.errors.length > 0) return err(c.errors);
  const matches: ConnPredicate = conjunction(checks);
  const protocol = rule.protocol !== undefined ? protocolNumber(rule.protocol) : undefined;
  return ok({
    action: rule.action,
    protocol,
    matches,
    dstPortRanges: numericPortRanges(rule.destination?.ports),
    srcNets: netRanges(rule.source?.nets),
    dstNets: netRanges(rule.destination?.nets),
    questions: c.simple ? c.questions : undefined,
  });
}

/** Compiles a selector in a context, recording a FieldError on failure. */
export function compilePolicySelector(
  text: string | undefined,
  path: string,
  ctx: SelectorContext,
  errors: FieldError[],
): LabelledPredicate | undefined {
  const c = new Compiler();
  const p = c.selector(text, path, ctx);
  errors.push(...c.errors);
  return p;
}
