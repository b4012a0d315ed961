/**
 * Rule pre-filter: for the policies of one tier plan (one view and direction), which rules can
 * possibly match a connection, judged on three cheap dimensions at once: the protocol with the
 * destination port, the source address and the destination address. Each dimension cuts its
 * axis at every bound a rule uses (port range min / max + 1, IPv4 network first / last + 1), so
 * every value of one interval is inside or outside each rule's list alike, and the answer of an
 * interval (per policy, a bit per rule) is computed once, on first use, from its first value.
 *
 * The filter is conservative: a rule left out cannot match (its `protocol` differs, its numeric
 * destination `ports` or its `nets` exclude the value); every rule kept is still checked in
 * full by the evaluator. So it changes no verdict and no trace, only the work: in a large set
 * most policies of a plan have no rule left and cost one mask read.
 */
import type { CidrRange, IpAddress } from "@/lib/net/ip";
import { carriesPorts } from "@/lib/net/protocols";
import type { CompiledPolicy, CompiledRule, ConnCtx, GlobalBounds, PeerCtx, RuleFilter, TierPlan } from "@/lib/policy/compiled";

/** Policies with more rules in a direction than bits in a mask are always checked in full. */
const MAX_MASK_RULES = 31;
/** Mask meaning "check every rule". */
export const ALL_RULES = -1;

function sortedBounds(values: Set<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Number of bounds ≤ value (the interval index). */
function intervalOf(bounds: readonly number[], value: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bounds[mid] as number) <= value) lo = mid + 1; // mid < length: defined
    else hi = mid;
  }
  return lo;
}

function addV4Bounds(nets: readonly CidrRange[] | undefined, into: Set<number>): void {
  for (const r of nets ?? []) {
    if (r.version !== 4) continue;
    into.add(r.lo);
    into.add(r.hi + 1);
  }
}

/** Global bound lists longer than this get no per-filter translation tables (their memory). */
const MAX_GLOBAL_BOUNDS = 4096;

/**
 * The bounds of every rule of the set (destination port bounds; IPv4 bounds of source and
 * destination nets together): one search in these per connection, then each filter translates
 * the global interval into its own with a table (`portLocal`, `srcLocal`, `dstLocal`).
 */
export function globalBoundsOf(policies: readonly CompiledPolicy[]): GlobalBounds {
  const ports = new Set<number>();
  const addrs = new Set<number>();
  const protocols = new Set<number>();
  for (const p of policies) {
    for (const rules of [p.ingressRules, p.egressRules]) {
      for (const r of rules) {
        if (r.protocol !== undefined) protocols.add(r.protocol);
        for (const [min, max] of r.dstPortRanges ?? []) {
          ports.add(min);
          ports.add(max + 1);
        }
        addV4Bounds(r.srcNets, addrs);
        addV4Bounds(r.dstNets, addrs);
      }
    }
  }
  const portBounds = sortedBounds(ports);
  // Every port number's interval, when the bounds are few enough to fit 16 bits.
  const portIntervals = portBounds.length < 0x7fff ? new Int16Array(PORT_COUNT).fill(-1) : undefined;
  return { ports: portBounds, addrs: sortedBounds(addrs), protocols: [...protocols], tableBudget: { left: MAX_TABLE_ENTRIES }, portIntervals };
}

/** Port numbers 0-65535. */
const PORT_COUNT = 65536;

/** globalIntervalOf the set's port bounds, remembered per port number (0-65535). */
export function globalPortInterval(bounds: GlobalBounds, port: number): number {
  const memo = bounds.portIntervals;
  const small = memo !== undefined && Number.isInteger(port) && port >= 0 && port < PORT_COUNT;
  const known = small ? (memo[port] as number) : -1; // 0 ≤ port < length: defined
  if (known >= 0) return known;
  const interval = intervalOf(bounds.ports, port);
  if (small) memo[port] = interval;
  return interval;
}

/** Translation-table entries (int32) a set's filters may hold in all (64 MB); later filters search. */
const MAX_TABLE_ENTRIES = 1 << 24;

/** The int32 entries of one filter's translation tables (see buildRuleFilter). */
function tableEntries(global: GlobalBounds): number {
  const ports = global.ports.length > MAX_GLOBAL_BOUNDS ? 0 : 2 * (global.protocols.length + 2) * (global.ports.length + 2);
  const addrs = global.addrs.length > MAX_GLOBAL_BOUNDS ? 0 : 4 * (global.addrs.length + 1);
  return ports + addrs;
}

/**
 * The set's protocol slot of a protocol number: its index among the protocols rules name, else
 * one of two slots after them (carrying ports or not), as a filter's buckets are made.
 */
export function globalProtocolSlot(bounds: GlobalBounds, protocol: number): number {
  const i = bounds.protocols.indexOf(protocol);
  return i >= 0 ? i : bounds.protocols.length + (carriesPorts(protocol) ? 0 : 1);
}

/** Port cells by (global protocol slot, global port interval or "no port") when the table stays this small. */
const MAX_PORT_TABLE = 1 << 14;

/** The filter's port cell of every (global protocol slot, global port column): see portCellGlobal. */
function portTableOf(f: RuleFilter, global: GlobalBounds | undefined, local: Int32Array | undefined): Int32Array | undefined {
  if (global === undefined || local === undefined) return undefined;
  const columns = global.ports.length + 2;
  const slots = global.protocols.length + 2;
  if (columns * slots > MAX_PORT_TABLE) return undefined;
  const table = new Int32Array(columns * slots);
  const { protocols, portBounds } = f;
  for (let slot = 0; slot < slots; slot++) {
    const named = global.protocols[slot];
    const own = named === undefined ? -1 : protocols.indexOf(named);
    // A protocol of the set the filter's rules do not name falls in the filter's "other" buckets.
    const bucket = own >= 0 ? own : named !== undefined ? protocols.length + (carriesPorts(named) ? 0 : 1) : protocols.length + (slot - global.protocols.length);
    for (let col = 0; col < columns; col++) {
      const interval = col === columns - 1 ? portBounds.length + 1 : (local[col] as number); // col ≤ global length: defined
      table[slot * columns + col] = bucket * (portBounds.length + 2) + interval;
    }
  }
  return table;
}

/** The set's global interval of a value (number of global bounds ≤ value). */
export function globalIntervalOf(bounds: readonly number[], value: number): number {
  return intervalOf(bounds, value);
}

/** Mask ids by global address interval, all unknown (-1); undefined when there are too many intervals. */
function unknownIds(global: readonly number[] | undefined): Int16Array | undefined {
  return global === undefined || global.length > MAX_GLOBAL_BOUNDS ? undefined : new Int16Array(global.length + 1).fill(-1);
}

/** local[g] = the filter's interval of every value in global interval g (local ⊆ global bounds). */
function localTable(global: readonly number[] | undefined, local: readonly number[]): Int32Array | undefined {
  if (global === undefined || global.length > MAX_GLOBAL_BOUNDS) return undefined;
  const table = new Int32Array(global.length + 1);
  for (let g = 1; g <= global.length; g++) table[g] = intervalOf(local, global[g - 1] as number); // g - 1 < length
  return table;
}

/**
 * Builds the (empty, lazily filled) filter of a plan. `global`: the set's globalBoundsOf (every
 * rule of the plan among them), for the translation tables; without it, cells are searched.
 */
export function buildRuleFilter(plans: readonly TierPlan[], direction: "ingress" | "egress", bounds?: GlobalBounds): RuleFilter {
  // Tables only while the set's budget lasts (their memory grows with filters × global bounds).
  const need = bounds === undefined ? 0 : tableEntries(bounds);
  const global = bounds !== undefined && need <= bounds.tableBudget.left ? bounds : undefined;
  if (global !== undefined) global.tableBudget.left -= need;
  const policies = plans.flatMap((t) => t.policies);
  let anySrcNets = false;
  let anyDstNets = false;
  const protocols = new Set<number>();
  const ports = new Set<number>();
  const src = new Set<number>();
  const dst = new Set<number>();
  for (const p of policies) {
    for (const r of direction === "ingress" ? p.ingressRules : p.egressRules) {
      if (r.protocol !== undefined) protocols.add(r.protocol);
      for (const [min, max] of r.dstPortRanges ?? []) {
        ports.add(min);
        ports.add(max + 1);
      }
      addV4Bounds(r.srcNets, src);
      addV4Bounds(r.dstNets, dst);
      anySrcNets ||= r.srcNets !== undefined;
      anyDstNets ||= r.dstNets !== undefined;
    }
  }
  const protocolList = [...protocols];
  const portBounds = sortedBounds(ports);
  const srcBounds = sortedBounds(src);
  const dstBounds = sortedBounds(dst);
  const empty = (n: number) => new Array<Int32Array | undefined>(n).fill(undefined);
  const noIds = (n: number) => new Int32Array(n).fill(-1);
  const portCellCount = (protocolList.length + 2) * (portBounds.length + 2);
  const filter: RuleFilter = {
    policies,
    direction,
    protocols: protocolList,
    portBounds,
    // Protocol buckets: each listed protocol, other with ports, other without; port intervals + "no port".
    portCells: empty(portCellCount),
    portCellIds: noIds(portCellCount),
    srcBounds,
    // Address intervals + "IPv6" + "no address".
    srcCells: empty(srcBounds.length + 3),
    srcCellIds: noIds(srcBounds.length + 3),
    dstBounds,
    dstCells: empty(dstBounds.length + 3),
    dstCellIds: noIds(dstBounds.length + 3),
    distinct: new Map(),
    maskIds: new Map(),
    srcKeepAll: undefined,
    dstKeepAll: undefined,
    portTable: undefined,
    portIds: undefined,
    srcLocal: localTable(global?.addrs, srcBounds),
    dstLocal: localTable(global?.addrs, dstBounds),
    srcIds: unknownIds(global?.addrs),
    dstIds: unknownIds(global?.addrs),
  };
  filter.portTable = portTableOf(filter, global, localTable(global?.ports, portBounds));
  filter.portIds = filter.portTable === undefined ? undefined : new Int16Array(filter.portTable.length).fill(-1);
  // A side no rule puts `nets` on keeps every rule whatever the address: one shared answer.
  const keepAll = anySrcNets && anyDstNets ? undefined : masksOf(filter, () => true);
  // A side keeping every rule has one cell (0, see addressCellFor): the keep-all masks.
  const keepAllId = keepAll === undefined ? -1 : maskIdOf(filter, keepAll);
  if (!anySrcNets) filter.srcCellIds[0] = keepAllId;
  if (!anyDstNets) filter.dstCellIds[0] = keepAllId;
  return { ...filter, srcKeepAll: anySrcNets ? undefined : keepAll, dstKeepAll: anyDstNets ? undefined : keepAll };
}

function maskIdOf(f: RuleFilter, masks: Int32Array): number {
  let id = f.maskIds.get(masks);
  if (id === undefined) {
    id = f.maskIds.size;
    f.maskIds.set(masks, id);
  }
  return id;
}

/** Mask ids per cell below this bound (10 bits per dimension) fit a masks key. */
const MAX_MASK_ID = 1 << 10;

/**
 * A number naming the connection's candidate vector in this filter: its three cells' mask ids
 * (equal ids = equal masks, so equal keys = equal candidates). -1 when a cell is not filled yet
 * or an id does not fit.
 */
export function masksKeyOf(f: RuleFilter, portCell: number, srcCell: number, dstCell: number): number {
  const p = f.portCellIds[portCell] as number; // cell indexes are within the cells: defined
  const s = f.srcCellIds[srcCell] as number;
  const d = f.dstCellIds[dstCell] as number;
  if (p < 0 || s < 0 || d < 0 || p >= MAX_MASK_ID || s >= MAX_MASK_ID || d >= MAX_MASK_ID) return -1;
  return (p * MAX_MASK_ID + s) * MAX_MASK_ID + d;
}

/**
 * What the pre-filter reads of the plan's rules, in flat arrays (rules of the policies
 * concatenated): filling a cell then reads a few contiguous arrays instead of every rule object.
 */
interface FlatRules {
  /** Per policy: its number of rules in the direction. */
  readonly counts: Int32Array;
  /** Per rule: protocol number, -1 = any. */
  readonly protocol: Int32Array;
  /** Per rule: first (min, max) pair in `ports` and number of pairs; count -1 = no numeric destination ports. */
  readonly portStart: Int32Array;
  readonly portCount: Int32Array;
  readonly ports: Float64Array;
  /** Per rule and side: first IPv4 (lo, hi) pair in `nets` and number of pairs; count -1 = no nets. */
  readonly srcStart: Int32Array;
  readonly srcCount: Int32Array;
  readonly dstStart: Int32Array;
  readonly dstCount: Int32Array;
  readonly nets: Float64Array;
  /** Per rule and side: 1 when a net is IPv6. */
  readonly srcV6: Uint8Array;
  readonly dstV6: Uint8Array;
}

const flatRulesOf = new WeakMap<RuleFilter["policies"], FlatRules>();

function flatRules(f: RuleFilter): FlatRules {
  const known = flatRulesOf.get(f.policies);
  if (known !== undefined) return known;
  const rulesOf = (p: CompiledPolicy) => (f.direction === "ingress" ? p.ingressRules : p.egressRules);
  let total = 0;
  for (const p of f.policies) total += rulesOf(p).length;
  const counts = new Int32Array(f.policies.length);
  const protocol = new Int32Array(total);
  const portStart = new Int32Array(total);
  const portCount = new Int32Array(total);
  const srcStart = new Int32Array(total);
  const srcCount = new Int32Array(total);
  const dstStart = new Int32Array(total);
  const dstCount = new Int32Array(total);
  const srcV6 = new Uint8Array(total);
  const dstV6 = new Uint8Array(total);
  const ports: number[] = [];
  const nets: number[] = [];
  const addNets = (list: readonly CidrRange[] | undefined, r: number, start: Int32Array, count: Int32Array, v6: Uint8Array) => {
    start[r] = nets.length / 2;
    if (list === undefined) {
      count[r] = -1;
      return;
    }
    let n = 0;
    for (const net of list) {
      if (net.version === 6) v6[r] = 1;
      else {
        nets.push(net.lo, net.hi);
        n++;
      }
    }
    count[r] = n;
  };
  let r = 0;
  f.policies.forEach((p, j) => {
    const rules = rulesOf(p);
    counts[j] = rules.length;
    for (const rule of rules) {
      protocol[r] = rule.protocol ?? -1;
      portStart[r] = ports.length / 2;
      portCount[r] = rule.dstPortRanges === undefined ? -1 : rule.dstPortRanges.length;
      for (const [min, max] of rule.dstPortRanges ?? []) ports.push(min, max);
      addNets(rule.srcNets, r, srcStart, srcCount, srcV6);
      addNets(rule.dstNets, r, dstStart, dstCount, dstV6);
      r++;
    }
  });
  const flat = { counts, protocol, portStart, portCount, ports: Float64Array.from(ports), srcStart, srcCount, dstStart, dstCount, nets: Float64Array.from(nets), srcV6, dstV6 };
  flatRulesOf.set(f.policies, flat);
  return flat;
}

/** portMasks' masks of a cell: `protocol` undefined for the "other" buckets, `sample` undefined without a port. */
function computePortMasks(f: RuleFilter, protocol: number | undefined, withPorts: boolean, sample: number | undefined): Int32Array {
  const fr = flatRules(f);
  const { counts, portStart, portCount, ports } = fr;
  const ruleProtocol = fr.protocol;
  const masks = new Int32Array(counts.length);
  let r = 0;
  for (let j = 0; j < counts.length; j++) {
    const n = counts[j] as number; // j < length: defined
    if (n > MAX_MASK_RULES) {
      masks[j] = ALL_RULES;
      r += n;
      continue;
    }
    let mask = 0;
    for (let i = 0; i < n; i++, r++) {
      const rp = ruleProtocol[r] as number; // r < rules: defined
      if (rp >= 0 && rp !== protocol) continue;
      const pc = portCount[r] as number;
      if (pc >= 0) {
        if (sample === undefined || !withPorts) continue;
        let inside = false;
        for (let k = portStart[r] as number, end = k + pc; k < end && !inside; k++) inside = sample >= (ports[2 * k] as number) && sample <= (ports[2 * k + 1] as number);
        if (!inside) continue;
      }
      mask |= 1 << i;
    }
    masks[j] = mask;
  }
  return masks;
}

/** addressMasks' masks of a cell: `kind` 0 an IPv4 interval starting at `sample`, 1 IPv6, 2 no address. */
function computeAddressMasks(f: RuleFilter, side: "source" | "destination", kind: 0 | 1 | 2, sample: number): Int32Array {
  const fr = flatRules(f);
  const counts = fr.counts;
  const start = side === "source" ? fr.srcStart : fr.dstStart;
  const count = side === "source" ? fr.srcCount : fr.dstCount;
  const v6 = side === "source" ? fr.srcV6 : fr.dstV6;
  const nets = fr.nets;
  const masks = new Int32Array(counts.length);
  let r = 0;
  for (let j = 0; j < counts.length; j++) {
    const n = counts[j] as number; // j < length: defined
    if (n > MAX_MASK_RULES) {
      masks[j] = ALL_RULES;
      r += n;
      continue;
    }
    let mask = 0;
    for (let i = 0; i < n; i++, r++) {
      const c = count[r] as number; // r < rules: defined
      let keep = c < 0;
      if (!keep && kind === 1) keep = v6[r] === 1;
      else if (!keep && kind === 0) {
        for (let k = start[r] as number, end = k + c; k < end && !keep; k++) keep = sample >= (nets[2 * k] as number) && sample <= (nets[2 * k + 1] as number);
      }
      if (keep) mask |= 1 << i;
    }
    masks[j] = mask;
  }
  return masks;
}

/**
 * Per policy, the OR over its rules of `keep(rule, i)` bits (ALL_RULES for long rule lists).
 * Cells with the same masks share one array (few distinct ones per plan: fewer cache lines).
 */
function masksOf(f: RuleFilter, keep: (r: CompiledRule) => boolean): Int32Array {
  return shared(f, computeMasks(f, keep));
}

/** The filter's array equal to `masks` (kept as the first of its content when new). */
function shared(f: RuleFilter, masks: Int32Array): Int32Array {
  // A numeric hash of the content (no string per cell), equal contents confirmed element-wise.
  let key = 0x811c9dc5;
  for (let j = 0; j < masks.length; j++) key = Math.imul(key ^ (masks[j] as number), 0x01000193); // j < length
  const bucket = f.distinct.get(key);
  if (bucket === undefined) {
    f.distinct.set(key, [masks]);
    return masks;
  }
  for (const shared of bucket) {
    let same = shared.length === masks.length;
    for (let j = 0; same && j < masks.length; j++) same = shared[j] === masks[j];
    if (same) return shared;
  }
  bucket.push(masks);
  return masks;
}

function computeMasks(f: RuleFilter, keep: (r: CompiledRule) => boolean): Int32Array {
  const policies = f.policies;
  const masks = new Int32Array(policies.length);
  for (let j = 0; j < policies.length; j++) {
    const p = policies[j] as CompiledPolicy; // j < length: defined
    const rules = f.direction === "ingress" ? p.ingressRules : p.egressRules;
    if (rules.length > MAX_MASK_RULES) {
      masks[j] = ALL_RULES;
      continue;
    }
    let mask = 0;
    for (let i = 0; i < rules.length; i++) if (keep(rules[i] as CompiledRule)) mask |= 1 << i; // i < length: defined
    masks[j] = mask;
  }
  return masks;
}

/** Index of the connection's protocol + destination-port cell in `portCells`. */
export function portCellOf(f: RuleFilter, conn: ConnCtx): number {
  return portCellFor(f, conn.protocol, conn.port);
}

/** portCellOf from the protocol number and destination port themselves (no connection context). */
export function portCellFor(f: RuleFilter, protocol: number, port: number | undefined): number {
  const { protocols, portBounds } = f;
  let bucket = protocols.indexOf(protocol);
  if (bucket < 0) bucket = protocols.length + (carriesPorts(protocol) ? 0 : 1);
  const interval = port === undefined ? portBounds.length + 1 : intervalOf(portBounds, port);
  return bucket * (portBounds.length + 2) + interval;
}

/**
 * portCellFor through the filter's port table: `at` = globalProtocolSlot × (global port bounds
 * + 2) + the port's global interval (globalIntervalOf), or + global port bounds + 1 without a
 * port. One read instead of a search when the filter has the table.
 */
export function portCellGlobal(f: RuleFilter, protocol: number, port: number | undefined, at: number): number {
  const table = f.portTable;
  return table === undefined ? portCellFor(f, protocol, port) : (table[at] as number); // `at` within the table: defined
}

/** addressCellFor with an IPv4 address's global interval `g` (globalIntervalOf the set's address bounds). */
export function addressCellGlobal(f: RuleFilter, side: "source" | "destination", addr: IpAddress | undefined, g: number): number {
  if ((side === "source" ? f.srcKeepAll : f.dstKeepAll) !== undefined) return 0;
  const local = side === "source" ? f.srcLocal : f.dstLocal;
  if (local === undefined || addr === undefined || addr.version === 6 || g < 0) return addressCellFor(f, side, addr);
  return local[g] as number; // 0 ≤ g ≤ global length: defined
}

/**
 * masksKeyOf for the connection from the set's global intervals (portCellGlobal's `at`, and for
 * each address its global interval when it is IPv4, else -1), remembering each cell's mask id by
 * global interval: -1 when a cell is not filled yet.
 */
export function masksKeyGlobal(
  f: RuleFilter,
  protocol: number,
  port: number | undefined,
  portAt: number,
  srcAddr: IpAddress | undefined,
  srcAt: number,
  dstAddr: IpAddress | undefined,
  dstAt: number,
): number {
  const portIds = f.portIds;
  let p = portIds === undefined ? -1 : (portIds[portAt] as number); // `at` within the table: defined
  if (p < 0) {
    p = f.portCellIds[portCellGlobal(f, protocol, port, portAt)] as number; // a cell index: defined
    if (p >= 0 && portIds !== undefined) portIds[portAt] = Math.min(p, MAX_MASK_ID);
  }
  const s = sideMaskId(f, "source", srcAddr, srcAt);
  const d = sideMaskId(f, "destination", dstAddr, dstAt);
  if (p < 0 || s < 0 || d < 0 || p >= MAX_MASK_ID || s >= MAX_MASK_ID || d >= MAX_MASK_ID) return -1;
  return (p * MAX_MASK_ID + s) * MAX_MASK_ID + d;
}

function sideMaskId(f: RuleFilter, side: "source" | "destination", addr: IpAddress | undefined, at: number): number {
  const ids = side === "source" ? f.srcIds : f.dstIds;
  // at ≥ 0: an IPv4 address (the address object is not read on this path).
  const v4 = at >= 0 && ids !== undefined;
  const known = v4 ? (ids[at] as number) : -1; // `at` ≤ global length: defined
  if (known >= 0) return known;
  const id = (side === "source" ? f.srcCellIds : f.dstCellIds)[addressCellGlobal(f, side, addr, at)] as number; // a cell index: defined
  if (v4 && id >= 0) ids[at] = Math.min(id, MAX_MASK_ID);
  return id;
}

/** Index of one side's address cell (0 when that side keeps every rule whatever the address). */
export function addressCellOf(f: RuleFilter, side: "source" | "destination", peer: PeerCtx): number {
  return addressCellFor(f, side, peer.addr);
}

/** addressCellOf from the peer's address itself (no peer context). */
export function addressCellFor(f: RuleFilter, side: "source" | "destination", addr: IpAddress | undefined): number {
  if ((side === "source" ? f.srcKeepAll : f.dstKeepAll) !== undefined) return 0;
  const bounds = side === "source" ? f.srcBounds : f.dstBounds;
  return addr === undefined ? bounds.length + 2 : addr.version === 6 ? bounds.length + 1 : intervalOf(bounds, addr.value);
}

/**
 * Masks on protocol and destination port. A rule is out when its protocol differs, or when it
 * has numeric destination ports and the connection has no port, a protocol without ports (the
 * rule's port check needs both), or a port outside them.
 */
export function portMasks(f: RuleFilter, conn: ConnCtx): Int32Array {
  const { protocols, portBounds } = f;
  const cell = portCellOf(f, conn);
  const known = f.portCells[cell];
  if (known !== undefined) return known;
  const bucket = Math.floor(cell / (portBounds.length + 2));
  const interval = cell % (portBounds.length + 2);
  const protocol = bucket < protocols.length ? protocols[bucket] : undefined;
  const withPorts = protocol !== undefined ? carriesPorts(protocol) : bucket === protocols.length;
  // The interval's first port (-1 below every bound); undefined: no port.
  const sample = interval === portBounds.length + 1 ? undefined : interval === 0 ? -1 : (portBounds[interval - 1] as number);
  // Kept: the rule's protocol is the cell's (or none), and its numeric destination ports, if
  // any, hold the sample (a port protocol with a port).
  const masks = shared(f, computePortMasks(f, protocol, withPorts, sample));
  f.portCells[cell] = masks;
  f.portCellIds[cell] = maskIdOf(f, masks);
  return masks;
}

/**
 * Masks on one side's address (the peer's `addr`, as the rule's nets check reads it). A rule
 * with `nets` on that side is out when the peer has no address or an IPv4 address outside every
 * network; an IPv6 address keeps every rule with an IPv6 network (checked in full).
 */
export function addressMasks(f: RuleFilter, side: "source" | "destination", peer: PeerCtx): Int32Array {
  const keepAll = side === "source" ? f.srcKeepAll : f.dstKeepAll;
  if (keepAll !== undefined) return keepAll;
  const bounds = side === "source" ? f.srcBounds : f.dstBounds;
  const cells = side === "source" ? f.srcCells : f.dstCells;
  const interval = addressCellOf(f, side, peer);
  const known = cells[interval];
  if (known !== undefined) return known;
  const sample = interval === 0 ? -1 : (bounds[interval - 1] as number);
  // Kept: no nets on that side; else an IPv4 net holding the sample, an IPv6 net for an IPv6
  // address, and nothing without an address.
  const kind = interval === bounds.length + 2 ? 2 : interval === bounds.length + 1 ? 1 : 0;
  const masks = shared(f, computeAddressMasks(f, side, kind, sample));
  cells[interval] = masks;
  (side === "source" ? f.srcCellIds : f.dstCellIds)[interval] = maskIdOf(f, masks);
  return masks;
}
