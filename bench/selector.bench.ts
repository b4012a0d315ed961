/**
 * Selector matching throughput. `npx tsx bench/selector.bench.ts` prints JSON
 * `[{ name, opsPerSec }]`; `runSelectorBench()` returns the same for the bench runner.
 * One op = one `matches(labels)` call, cycling through a few label sets so both the matching and
 * the non-matching paths are timed.
 */
import type { Labels } from "@/lib/selector";
import { parseK8sSelectorString, selectorOrThrow } from "@/lib/selector";

export interface BenchResult {
  readonly name: string;
  readonly opsPerSec: number;
}

const LABEL_SETS: readonly Labels[] = [
  { app: "x", tier: "a", "projectcalico.org/namespace": "dev", pci: "true" },
  { app: "x", tier: "c", "projectcalico.org/namespace": "prod" },
  { app: "y", tier: "b", "projectcalico.org/namespace": "dev", version: "v2", team: "payments" },
  { "projectcalico.org/namespace": "kube-system", "k8s-app": "kube-dns" },
];

const CASES: readonly { readonly name: string; readonly selector: string }[] = [
  { name: 'app == "x" && tier in {"a","b"}', selector: 'app == "x" && tier in {"a","b"}' },
  { name: "has(pci)", selector: "has(pci)" },
  { name: 'projectcalico.org/namespace == "dev"', selector: 'projectcalico.org/namespace == "dev"' },
  { name: "mixed: !has, not in, ||, starts with", selector: '!has(pci) && (tier not in {"a"} || app starts with "y")' },
];

/**
 * 1,000 label objects with different key sets and insertion orders, as decoded from real
 * endpoints. V8 cannot specialise property access on these, so this is the pessimistic number.
 */
const VARIED_LABEL_SETS: readonly Labels[] = Array.from({ length: 1000 }, (_, i) => {
  const entries: [string, string][] = [
    ["app", i % 3 === 0 ? "x" : `app-${i % 17}`],
    ["tier", ["a", "b", "c"][i % 3] ?? "a"],
    ["projectcalico.org/namespace", i % 2 === 0 ? "dev" : "prod"],
    [`extra-${i % 50}`, "1"],
  ];
  if (i % 5 === 0) entries.push(["pci", "true"]);
  if (i % 7 === 0) entries.reverse();
  return Object.fromEntries(entries);
});

function measure(match: (labels: Labels) => boolean, minMillis: number, sets: readonly Labels[] = LABEL_SETS): number {
  const n = sets.length;
  let hits = 0;
  let ops = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMillis) {
    for (let i = 0; i < 100_000; i++) {
      // Index is always in range: i % n < n.
      if (match(sets[i % n] as Labels)) hits++;
    }
    ops += 100_000;
    elapsed = performance.now() - started;
  }
  // `hits` feeds the result so the loop cannot be optimised away.
  return Math.round((ops / elapsed) * 1000) + (hits < 0 ? 1 : 0);
}

/** Runs every case for about `minMillis` each (after a warm-up) and returns ops/second. */
export function runSelectorBench(minMillis = 300): BenchResult[] {
  const results: BenchResult[] = [];
  for (const c of CASES) {
    const sel = selectorOrThrow(c.selector);
    measure(sel.matches, 50);
    results.push({ name: c.name, opsPerSec: measure(sel.matches, minMillis) });
  }
  const typical = selectorOrThrow('app == "x" && tier in {"a","b"}');
  measure(typical.matches, 50, VARIED_LABEL_SETS);
  results.push({
    name: 'app == "x" && tier in {"a","b"} over 1,000 differently shaped label objects',
    opsPerSec: measure(typical.matches, minMillis, VARIED_LABEL_SETS),
  });
  const k8s = parseK8sSelectorString("app=x,tier in (a,b)");
  if (k8s.ok) {
    measure(k8s.value.matches, 50);
    results.push({ name: "k8s string: app=x,tier in (a,b)", opsPerSec: measure(k8s.value.matches, minMillis) });
  }
  const parseStarted = performance.now();
  let parses = 0;
  while (performance.now() - parseStarted < minMillis) {
    // Unique text defeats the parse cache, so this times the real tokenizer and parser.
    selectorOrThrow(`app == "x${parses}" && tier in {"a","b"} || !has(pci)`);
    parses++;
  }
  results.push({ name: "parse (uncached)", opsPerSec: Math.round((parses / (performance.now() - parseStarted)) * 1000) });
  return results;
}

if (process.argv[1]?.endsWith("selector.bench.ts") === true) {
  process.stdout.write(`${JSON.stringify(runSelectorBench(), null, 2)}\n`);
}
