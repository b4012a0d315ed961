/**
 * Selector evaluation in Calico's policy contexts. Felix never evaluates a namespaceSelector or
 * serviceAccountSelector on its own: libcalico-go's update processors rewrite them into the
 * endpoint selector with label prefixes (`pcns.` for namespace labels, `pcsa.` for service
 * account labels) and rewrite `all()` / `global()` (updateprocessors/rules.go,
 * globalnetworkpolicyprocessor.go). We evaluate the same expressions directly on the AST against
 * the namespace / service-account label maps, which is equivalent and needs no string rewriting.
 */
import type { SelectorNode } from "@/lib/selector";
import type { Labels } from "@/lib/policy/model";

/** Anything a selector can select: an endpoint or a network set, with its inherited labels. */
export interface Labelled {
  /** Own labels plus Calico's `projectcalico.org/*` labels. */
  readonly labels: Labels;
  /** Namespace, or undefined for non-namespaced things (host endpoints, GlobalNetworkSets). */
  readonly namespace: string | undefined;
  /** Labels of the namespace plus `projectcalico.org/name`; `{}` when not namespaced. */
  readonly nsLabels: Labels;
  /** Labels of the service account plus `projectcalico.org/name`; `{}` when none. */
  readonly saLabels: Labels;
  /** The same three label sets as Maps: keyed lookups on Maps are much faster than on objects. */
  readonly maps: LabelMaps;
  /**
   * Label class (endpoints of a compiled set only): endpoints with equal namespace and label
   * sets share a class id within `classSpace`, so every selector gives them the same answer.
   */
  readonly classSpace?: LabelClassSpace | undefined;
  readonly classId?: number | undefined;
}

/**
 * The label classes of one compiled set. Every selector predicate reads only `namespace` and the
 * three label maps, so its answer is a function of the class: `memoByClass` remembers it per
 * class (a replica set's pods, or a deployment's, are judged once per selector).
 */
export class LabelClassSpace {
  private readonly ids = new Map<string, number>();

  /** The class id of a namespace and its three label sets (insertion order of keys counts). */
  classOf(namespace: string | undefined, labels: Labels, nsLabels: Labels, saLabels: Labels): number {
    const key = `${JSON.stringify(namespace ?? null)}\u0000${JSON.stringify(labels)}\u0000${JSON.stringify(nsLabels)}\u0000${JSON.stringify(saLabels)}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  get size(): number {
    return this.ids.size;
  }
}

/** Per-predicate memo bytes: 0 unknown, then these. */
const MEMO_NO = 1;
const MEMO_YES = 2;
/**
 * Above this many classes a predicate is not memoised (its memo would cost more memory than it
 * saves time: one byte per class per selector).
 */
const MAX_MEMO_CLASSES = 1 << 16;

/**
 * The same predicate, remembered per label class of `space` (things without a class of that
 * space, such as network sets or endpoints compiled on the fly, are evaluated directly).
 */
export function memoByClass(pred: LabelledPredicate, space: LabelClassSpace): LabelledPredicate {
  let memo = new Uint8Array(0);
  return (x) => {
    const id = x.classId;
    if (id === undefined || x.classSpace !== space) return pred(x);
    if (id >= memo.length) {
      if (id >= MAX_MEMO_CLASSES) return pred(x);
      const grown = new Uint8Array(Math.min(MAX_MEMO_CLASSES, Math.max(id + 1, space.size, memo.length * 2)));
      grown.set(memo);
      memo = grown;
    }
    const known = memo[id];
    if (known !== 0) return known === MEMO_YES;
    const answer = pred(x);
    memo[id] = answer ? MEMO_YES : MEMO_NO;
    return answer;
  };
}

export interface LabelMaps {
  readonly self: ReadonlyMap<string, string>;
  readonly ns: ReadonlyMap<string, string>;
  readonly sa: ReadonlyMap<string, string>;
}

/** Builds the Map views of a Labelled thing's label sets. */
export function toLabelMaps(labels: Labels, nsLabels: Labels, saLabels: Labels): LabelMaps {
  return { self: new Map(Object.entries(labels)), ns: new Map(Object.entries(nsLabels)), sa: new Map(Object.entries(saLabels)) };
}

export type LabelledPredicate = (x: Labelled) => boolean;

/** Which label map label tests read, and what `all()` / `global()` mean there. */
export type SelectorContext =
  /** Endpoint labels; all() and global() match everything (Calico AllNode / GlobalNode). */
  | "self"
  /**
   * Namespace labels (`pcns.` prefix); `all()` means "is namespaced" and `global()` "is not
   * namespaced" (rules.go replaces them with `has(projectcalico.org/namespace)` and its negation).
   */
  | "namespace"
  /** Endpoint labels, but `all()` means "is namespaced" (GNP selector combined with a namespaceSelector). */
  | "selfNamespacedAll"
  /** Endpoint labels, but `all()` means "has a service account" (GNP selector with a serviceAccountSelector). */
  | "selfHasSaAll"
  /** Service-account labels (`pcsa.` prefix); all() matches everything. */
  | "serviceAccount"
  /** Service-account labels; `all()` means "has a service account" (GNP serviceAccountSelector). */
  | "serviceAccountHasSaAll";

type LabelGetter = (x: Labelled) => ReadonlyMap<string, string>;
const selfLabels: LabelGetter = (x) => x.maps.self;
const nsLabelsOf: LabelGetter = (x) => x.maps.ns;
const saLabelsOf: LabelGetter = (x) => x.maps.sa;

function labelGetter(ctx: SelectorContext): LabelGetter {
  switch (ctx) {
    case "self":
    case "selfNamespacedAll":
    case "selfHasSaAll":
      return selfLabels;
    case "namespace":
      return nsLabelsOf;
    case "serviceAccount":
    case "serviceAccountHasSaAll":
      return saLabelsOf;
  }
}

const SA_LABEL = "projectcalico.org/serviceaccount";

function allPredicate(ctx: SelectorContext): LabelledPredicate {
  switch (ctx) {
    case "namespace":
    case "selfNamespacedAll":
      return (x) => x.namespace !== undefined;
    case "serviceAccountHasSaAll":
    case "selfHasSaAll":
      return (x) => x.maps.self.has(SA_LABEL);
    case "self":
    case "serviceAccount":
      return () => true;
  }
}

/** Compiles an AST into a predicate over Labelled things in the given context. Never throws. */
export function compileInContext(node: SelectorNode, ctx: SelectorContext): LabelledPredicate {
  const pickLabels = labelGetter(ctx);
  switch (node.kind) {
    case "all":
      return allPredicate(ctx);
    case "global":
      return ctx === "namespace" ? (x) => x.namespace === undefined : () => true;
    // has / eq / in are the common cases: read the right map directly (no getter call).
    case "has": {
      const { key } = node;
      if (pickLabels === selfLabels) return (x) => x.maps.self.has(key);
      return (x) => pickLabels(x).has(key);
    }
    case "eq": {
      const { key, value } = node;
      if (pickLabels === selfLabels) return (x) => x.maps.self.get(key) === value;
      if (pickLabels === nsLabelsOf) return (x) => x.maps.ns.get(key) === value;
      return (x) => pickLabels(x).get(key) === value;
    }
    case "ne": {
      const { key, value } = node;
      return (x) => pickLabels(x).get(key) !== value;
    }
    case "contains": {
      const { key, value } = node;
      return (x) => pickLabels(x).get(key)?.includes(value) === true;
    }
    case "startsWith": {
      const { key, value } = node;
      return (x) => pickLabels(x).get(key)?.startsWith(value) === true;
    }
    case "endsWith": {
      const { key, value } = node;
      return (x) => pickLabels(x).get(key)?.endsWith(value) === true;
    }
    case "in": {
      const { key } = node;
      const values = new Set(node.values);
      if (pickLabels === selfLabels) {
        return (x) => {
          const v = x.maps.self.get(key);
          return v !== undefined && values.has(v);
        };
      }
      return (x) => {
        const v = pickLabels(x).get(key);
        return v !== undefined && values.has(v);
      };
    }
    case "notIn": {
      const { key } = node;
      const values = new Set(node.values);
      return (x) => {
        const v = pickLabels(x).get(key);
        return v === undefined || !values.has(v);
      };
    }
    case "not": {
      const inner = compileInContext(node.operand, ctx);
      return (x) => !inner(x);
    }
    case "and":
      return conjunction(node.operands.map((o) => compileInContext(o, ctx)));
    case "or": {
      const parts = node.operands.map((o) => compileInContext(o, ctx));
      // i < length: the cast only drops `undefined`.
      return (x) => {
        for (let i = 0; i < parts.length; i++) if ((parts[i] as LabelledPredicate)(x)) return true;
        return false;
      };
    }
  }
}

/** AND as plain loops (hot path). The `as` casts index within bounds, so elements are defined. */
function conjunction(ps: readonly LabelledPredicate[]): LabelledPredicate {
  if (ps.length === 0) return () => true;
  if (ps.length === 1) return ps[0] as LabelledPredicate;
  if (ps.length === 2) {
    const [a, b] = ps as [LabelledPredicate, LabelledPredicate];
    return (x) => a(x) && b(x);
  }
  return (x) => {
    for (let i = 0; i < ps.length; i++) if (!(ps[i] as LabelledPredicate)(x)) return false;
    return true;
  };
}

/** AND of predicates (undefined entries are skipped; none left = match everything). */
export function allOf(preds: readonly (LabelledPredicate | undefined)[]): LabelledPredicate {
  const ps = preds.filter((p): p is LabelledPredicate => p !== undefined);
  return conjunction(ps);
}

/** A necessary condition of a selector on the endpoint's own labels: label `key` holds one of `values`. */
export interface LabelRequirement {
  readonly key: string;
  readonly values: ReadonlySet<string>;
}

/**
 * A label requirement that every thing the selector matches meets, in the endpoint-label
 * contexts ("self", "selfNamespacedAll", "selfHasSaAll": `==` and `in` read the own labels
 * there, and only `all()` differs between them), or undefined when none can be read off the
 * expression. `a == 'x'` and `a in {…}` give one; an AND gives the narrowest of its operands'; an
 * OR gives the union when every operand constrains the same key. Anything else (`!=`, `!`,
 * `has`, `all()`…) can match things without the label, so it gives none. Used to index policies
 * by the labels their selector needs, so an endpoint is only tested against the policies that
 * can select it; the full predicate still decides.
 */
export function selfLabelRequirement(node: SelectorNode): LabelRequirement | undefined {
  switch (node.kind) {
    case "eq":
      return { key: node.key, values: new Set([node.value]) };
    case "in":
      return { key: node.key, values: new Set(node.values) };
    case "and": {
      let best: LabelRequirement | undefined;
      for (const o of node.operands) {
        const r = selfLabelRequirement(o);
        if (r !== undefined && (best === undefined || r.values.size < best.values.size)) best = r;
      }
      return best;
    }
    case "or": {
      let key: string | undefined;
      const values = new Set<string>();
      for (const o of node.operands) {
        const r = selfLabelRequirement(o);
        if (r === undefined || (key !== undefined && r.key !== key)) return undefined;
        key = r.key;
        for (const v of r.values) values.add(v);
      }
      return key === undefined ? undefined : { key, values };
    }
    default:
      return undefined;
  }
}
