/**
 * appliedPlans tests only the policies whose selector's needed label (selfLabelRequirement) the
 * endpoint carries. Soundness check: random selectors (every operator, nested && / || / !) over
 * random endpoints; the policies a walk visits (one tier, defaultAction Pass, each policy with a
 * rule that never matches, so each applicable one leaves a noMatch step) must be exactly those
 * whose full predicate selects the endpoint (endpointsSelectedBy, which tests every policy).
 */
import { describe, expect, it } from "vitest";
import type { CalicoResource } from "@/lib/calico/types";
import type { NamespaceModel, WorkloadEndpoint } from "@/lib/policy";
import { buildPolicySet, evaluate } from "@/lib/policy";
import { endpointsSelectedBy } from "@/lib/policy/selection";
import { aConnection, aGlobalPolicy, aNamespace, aPolicy, aTier, aWorkload, peerOf } from "@/lib/testing/policy-builders";
import { mulberry32 } from "@/lib/random";

type Rand = () => number;
const pick = <T,>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T; // index < length

const KEYS = ["app", "tier", "env"];
const VALUES = ["a", "b", "c"];

function leaf(rand: Rand): string {
  const key = pick(rand, KEYS);
  const r = rand();
  if (r < 0.3) return `${key} == '${pick(rand, VALUES)}'`;
  if (r < 0.5) return `${key} in {'${pick(rand, VALUES)}', '${pick(rand, VALUES)}'}`;
  if (r < 0.6) return `${key} != '${pick(rand, VALUES)}'`;
  if (r < 0.7) return `${key} not in {'${pick(rand, VALUES)}'}`;
  if (r < 0.8) return `has(${key})`;
  if (r < 0.85) return "all()";
  if (r < 0.9) return `${key} == ''`;
  return `${key} in {}`;
}

function selector(rand: Rand, depth: number): string {
  const r = rand();
  if (depth === 0 || r < 0.35) return leaf(rand);
  if (r < 0.65) return `(${selector(rand, depth - 1)}) && (${selector(rand, depth - 1)})`;
  if (r < 0.9) return `(${selector(rand, depth - 1)}) || (${selector(rand, depth - 1)})`;
  return `!(${selector(rand, depth - 1)})`;
}

function endpoint(rand: Rand, i: number): WorkloadEndpoint {
  const labels: Record<string, string> = {};
  for (const k of KEYS) if (rand() < 0.7) labels[k] = rand() < 0.1 ? "" : pick(rand, VALUES);
  return aWorkload(`ep-${i}`, { namespace: pick(rand, ["ns1", "ns2"]), labels });
}

describe("appliedPlans' policy index (by the label a selector needs)", () => {
  it("visits exactly the policies whose selector selects the endpoint, for random selectors", () => {
    const never = [{ action: "Allow" as const, protocol: "TCP" as const, destination: { ports: [1] } }];
    for (let seed = 1; seed <= 25; seed++) {
      const rand = mulberry32(seed);
      const namespaces: NamespaceModel[] = [aNamespace("ns1", { team: "x" }), aNamespace("ns2")];
      const endpoints = Array.from({ length: 30 }, (_, i) => endpoint(rand, i));
      const resources: CalicoResource[] = [aTier("t", { order: 1, defaultAction: "Pass" })];
      for (let p = 0; p < 40; p++) {
        const spec = { tier: "t", order: p, selector: selector(rand, 3), ingress: never };
        if (p % 3 === 0) resources.push(aPolicy(`${pick(rand, ["ns1", "ns2"])}/t.np-${p}`, spec));
        else resources.push(aGlobalPolicy(`t.gnp-${p}`, p % 3 === 1 ? { ...spec, namespaceSelector: "team == 'x'" } : spec));
      }
      const built = buildPolicySet({ namespaces, endpoints, resources });
      if (!built.ok) throw new Error(JSON.stringify(built.error));
      const set = built.value;
      const source = aWorkload("client", { namespace: "ns1" });
      for (const ep of endpoints) {
        const visited = (evaluate(set, aConnection(peerOf(source), peerOf(ep))).ingress?.trace ?? []).filter((s) => s.kind === "noMatch").map((s) => s.policy);
        const selecting = set.policies.filter((p) => endpointsSelectedBy(set, p.key)?.includes(ep) === true).map((p) => p.displayName);
        expect({ seed, ep: ep.name, visited: [...visited].sort() }).toEqual({ seed, ep: ep.name, visited: [...selecting].sort() });
      }
    }
  });
});
