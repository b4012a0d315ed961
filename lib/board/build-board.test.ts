import { describe, expect, it } from "vitest";
import { buildBoard, findCard } from "@/lib/board/build-board";
import { aGlobalPolicy, aK8sPolicy, aPolicy, aStagedGlobalPolicy, aStagedK8sPolicy, aStagedPolicy, aTier, aWorkload, aNamespace } from "@/lib/testing/policy-builders";
import { buildPolicySet } from "@/lib/policy";

const laneNames = (resources: Parameters<typeof buildBoard>[0]): string[] => buildBoard(resources).lanes.map((l) => l.name);

describe("buildBoard lanes", () => {
  it("orders tiers by order and puts default (1,000,000) after the W1 tiers", () => {
    expect(laneNames([aTier("platform", { order: 400 }), aTier("security", { order: 300 })])).toEqual(["security", "platform", "default"]);
  });

  it("always has the default tier, with effective order 1,000,000 even when its resource omits it", () => {
    const board = buildBoard([aTier("default")]);
    expect(board.lanes).toHaveLength(1);
    expect(board.lanes[0]).toMatchObject({ name: "default", order: 1_000_000, exists: true, isDefault: true });
  });

  it("sorts tiers without order after ordered ones (even after default), ties by name", () => {
    expect(laneNames([aTier("zeta"), aTier("alpha"), aTier("b", { order: 5 }), aTier("a", { order: 5 }), aTier("late", { order: 2_000_000 })])).toEqual([
      "a",
      "b",
      "default",
      "late",
      "alpha",
      "zeta",
    ]);
  });

  it("puts tiers that only policies name (no Tier resource) after every real tier", () => {
    const board = buildBoard([aTier("late"), aPolicy("dev/ghost.p", { tier: "ghost", order: 1 })]);
    expect(board.lanes.map((l) => [l.name, l.exists])).toEqual([
      ["default", true],
      ["late", true],
      ["ghost", false],
    ]);
  });

  it("reports the default action, Deny unless the tier says Pass", () => {
    const board = buildBoard([aTier("security", { order: 1, defaultAction: "Pass" })]);
    expect(board.lanes.map((l) => l.defaultAction)).toEqual(["Pass", "Deny"]);
  });
});

describe("buildBoard cards", () => {
  it("orders policies by order, unordered last, ties by v1 name", () => {
    const board = buildBoard([
      aPolicy("dev/c", { order: 100 }),
      aPolicy("dev/none", {}),
      aPolicy("dev/b", { order: 100 }),
      aGlobalPolicy("a", { order: 200 }),
      aPolicy("dev/first", { order: 1 }),
    ]);
    const lane = board.lanes.find((l) => l.name === "default");
    expect(lane?.allCards.map((c) => c.key)).toEqual([
      "NetworkPolicy/dev/first",
      "NetworkPolicy/dev/b",
      "NetworkPolicy/dev/c",
      "GlobalNetworkPolicy/a",
      "NetworkPolicy/dev/none",
    ]);
  });

  it("shows Kubernetes NetworkPolicies in the default tier at order 1000 as knp.default.<name>", () => {
    const board = buildBoard([aK8sPolicy("dev/allow-web", { podSelector: { matchLabels: { app: "web" } } }), aPolicy("dev/p999", { order: 999 }), aPolicy("dev/p1001", { order: 1001 })]);
    const cards = board.lanes[0]?.allCards ?? [];
    expect(cards.map((c) => c.key)).toEqual(["NetworkPolicy/dev/p999", "KubernetesNetworkPolicy/dev/allow-web", "NetworkPolicy/dev/p1001"]);
    expect(cards[1]?.enforced).toMatchObject({ displayName: "knp.default.allow-web", order: 1000, tier: "default", selector: "app == 'web'", movable: false });
    expect(cards[1]?.movable).toBe(false);
  });

  it("pairs a staged policy with the enforced policy of the same name, namespace and kind family", () => {
    const board = buildBoard([
      aPolicy("dev/web", { order: 10, ingress: [{ action: "Allow" }] }),
      aStagedPolicy("dev/web", { order: 10, stagedAction: "Set" }),
      aStagedPolicy("prod/web", { order: 5 }),
      aStagedGlobalPolicy("web", { order: 7 }),
    ]);
    const cards = board.lanes[0]?.allCards ?? [];
    expect(cards.map((c) => [c.key, c.enforced?.key, c.staged?.key])).toEqual([
      ["StagedNetworkPolicy/prod/web", undefined, "StagedNetworkPolicy/prod/web"],
      ["StagedGlobalNetworkPolicy/web", undefined, "StagedGlobalNetworkPolicy/web"],
      ["NetworkPolicy/dev/web", "NetworkPolicy/dev/web", "StagedNetworkPolicy/dev/web"],
    ]);
    expect(cards[0]?.staged).toMatchObject({ staged: true, stagedAction: "Set", displayName: "staged:default.web" });
  });

  it("pairs a staged Kubernetes policy with its Kubernetes policy", () => {
    const board = buildBoard([aK8sPolicy("dev/x", { podSelector: {} }), aStagedK8sPolicy("dev/x", { podSelector: {}, stagedAction: "Delete" })]);
    const card = board.lanes[0]?.allCards[0];
    expect(card?.staged?.stagedAction).toBe("Delete");
    expect(card?.enforced?.kind).toBe("KubernetesNetworkPolicy");
  });

  it("places a pair where its enforced member sits even when the staged copy names another tier", () => {
    const board = buildBoard([aTier("security", { order: 1 }), aPolicy("dev/p", { order: 5 }), aStagedPolicy("dev/p", { tier: "security", order: 1 })]);
    expect(board.lanes.find((l) => l.name === "security")?.allCards).toHaveLength(0);
    expect(board.lanes.find((l) => l.name === "default")?.allCards[0]?.staged?.tier).toBe("security");
  });

  it("computes the card view fields", () => {
    const board = buildBoard([
      aTier("security", { order: 100 }),
      aPolicy("dev/security.allow-dns", { tier: "security", order: 200, selector: "all()", egress: [{ action: "Allow" }, { action: "Pass" }] }),
      aGlobalPolicy("gnp", { selector: "", ingress: [{ action: "Deny" }], egress: [{ action: "Allow" }] }),
      aPolicy("dev/typed", { types: ["Egress"] }),
      aK8sPolicy("dev/k", { podSelector: {}, egress: [{}] }),
    ]);
    const view = board.lanes[0]?.allCards[0]?.enforced;
    expect(view).toMatchObject({
      kind: "NetworkPolicy",
      scope: "namespace",
      namespace: "dev",
      name: "security.allow-dns",
      shortName: "allow-dns",
      displayName: "security.allow-dns",
      tier: "security",
      order: 200,
      selector: "all()",
      directions: ["Egress"],
      ingressRuleCount: 0,
      egressRuleCount: 2,
      staged: false,
    });
    const def = board.lanes[1]?.allCards ?? [];
    const byName = new Map(def.map((c) => [c.enforced?.name, c.enforced]));
    expect(byName.get("gnp")).toMatchObject({ scope: "global", selector: "all()", directions: ["Ingress", "Egress"], ingressRuleCount: 1, egressRuleCount: 1 });
    expect(byName.get("gnp")?.namespace).toBeUndefined();
    expect(byName.get("typed")?.directions).toEqual(["Egress"]);
    // Kubernetes defaulting: Ingress always, plus Egress with egress rules.
    expect(byName.get("k")?.directions).toEqual(["Ingress", "Egress"]);
  });

  it("counts selected endpoints when given a compiled policy set", () => {
    const resources = [aPolicy("dev/web", { selector: "app == 'web'" })];
    const set = buildPolicySet({
      namespaces: [aNamespace("dev")],
      endpoints: [aWorkload("w1", { namespace: "dev", labels: { app: "web" } }), aWorkload("w2", { namespace: "dev", labels: { app: "db" } })],
      resources,
    });
    if (!set.ok) throw new Error("fixture must compile");
    const board = buildBoard(resources, { policySet: set.value });
    expect(board.lanes[0]?.allCards[0]?.enforced?.endpointCount).toBe(1);
  });

  it("findCard finds a card by either member key", () => {
    const board = buildBoard([aPolicy("dev/p", {}), aStagedPolicy("dev/p", {})]);
    expect(findCard(board, "StagedNetworkPolicy/dev/p")?.card.key).toBe("NetworkPolicy/dev/p");
    expect(findCard(board, "NetworkPolicy/dev/q")).toBeUndefined();
  });
});

describe("buildBoard filters", () => {
  const resources = [
    aTier("security", { order: 1 }),
    { ...aPolicy("dev/security.pci", { tier: "security", order: 1, selector: "PCI == 'true'" }), metadata: { name: "security.pci", namespace: "dev", labels: { team: "sec" } } },
    aPolicy("prod/web", { order: 1, selector: "app == 'frontend'" }),
    aGlobalPolicy("deny-all", { order: 2000 }),
    aStagedPolicy("prod/staged-only", { order: 3 }),
    aK8sPolicy("dev/k8s", { podSelector: {} }),
  ];
  const visible = (filters: Parameters<typeof buildBoard>[1]): string[] => buildBoard(resources, filters).lanes.flatMap((l) => l.cards.map((c) => c.key));

  it("keeps every lane and every card in allCards", () => {
    const board = buildBoard(resources, { filters: { namespaces: ["nowhere"] } });
    expect(board.lanes.map((l) => l.name)).toEqual(["security", "default"]);
    expect(board.lanes.flatMap((l) => l.cards)).toHaveLength(0);
    expect(board.lanes.flatMap((l) => l.allCards)).toHaveLength(5);
  });

  it("filters by namespace (global policies hidden)", () => {
    expect(visible({ filters: { namespaces: ["prod"] } })).toEqual(["NetworkPolicy/prod/web", "StagedNetworkPolicy/prod/staged-only"]);
  });

  it("filters by kind", () => {
    expect(visible({ filters: { kinds: ["GlobalNetworkPolicy", "KubernetesNetworkPolicy"] } })).toEqual(["KubernetesNetworkPolicy/dev/k8s", "GlobalNetworkPolicy/deny-all"]);
  });

  it("filters by name substring, case-insensitively, including display names", () => {
    expect(visible({ filters: { name: "PCI" } })).toEqual(["NetworkPolicy/dev/security.pci"]);
    expect(visible({ filters: { name: "knp.default" } })).toEqual(["KubernetesNetworkPolicy/dev/k8s"]);
  });

  it("filters by a label selector on policy labels and reports a bad one", () => {
    expect(visible({ filters: { labelSelector: "team == 'sec'" } })).toEqual(["NetworkPolicy/dev/security.pci"]);
    const bad = buildBoard(resources, { filters: { labelSelector: "team ==" } });
    expect(bad.filterError).toMatch(/label selector/);
    expect(bad.lanes.flatMap((l) => l.cards)).toHaveLength(0);
  });

  it("filters staged only", () => {
    expect(visible({ filters: { stagedOnly: true } })).toEqual(["StagedNetworkPolicy/prod/staged-only"]);
  });

  it("searches names and selectors", () => {
    expect(visible({ filters: { search: "frontend" } })).toEqual(["NetworkPolicy/prod/web"]);
    expect(visible({ filters: { search: "DENY-ALL" } })).toEqual(["GlobalNetworkPolicy/deny-all"]);
  });

  it("combines filters with AND", () => {
    expect(visible({ filters: { namespaces: ["prod"], stagedOnly: true, name: "web" } })).toEqual([]);
  });
});

describe("Kubernetes ClusterNetworkPolicy cards", () => {
  it("land in the built-in lanes kube-admin (order 1000) and kube-baseline (after default), ordered by priority, not movable", () => {
    const board = buildBoard([
      { kind: "Tier", metadata: { name: "security" }, spec: { order: 100 } },
      { kind: "ClusterNetworkPolicy", metadata: { name: "b" }, spec: { tier: "Admin", priority: 20, subject: { namespaces: {} } } },
      { kind: "ClusterNetworkPolicy", metadata: { name: "a" }, spec: { tier: "Admin", priority: 10, subject: { namespaces: {} } } },
      { kind: "ClusterNetworkPolicy", metadata: { name: "base" }, spec: { tier: "Baseline", priority: 0, subject: { namespaces: {} }, ingress: [{ action: "Deny", from: [{ namespaces: {} }] }] } },
    ]);
    expect(board.lanes.map((l) => [l.name, l.order, l.defaultAction, l.exists])).toEqual([
      ["kube-admin", 1000, "Pass", true],
      ["security", 100, "Deny", true],
      ["default", 1_000_000, "Deny", true],
      ["kube-baseline", 10_000_000, "Pass", true],
    ].sort((x, y) => (x[1] as number) - (y[1] as number)));
    const admin = board.lanes.find((l) => l.name === "kube-admin");
    expect(admin?.allCards.map((c) => c.enforced?.displayName)).toEqual(["kcnp.kube-admin.a", "kcnp.kube-admin.b"]);
    expect(admin?.allCards[0]).toMatchObject({ movable: false, order: 10 });
    expect(admin?.allCards[0]?.enforced).toMatchObject({ kind: "ClusterNetworkPolicy", movable: false, order: 10, scope: "global" });
    const base = board.lanes.find((l) => l.name === "kube-baseline")?.allCards[0]?.enforced;
    expect(base).toMatchObject({ directions: ["Ingress"], ingressRuleCount: 1 });
  });
});
