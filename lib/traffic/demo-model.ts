/**
 * The embedded demo cluster's traffic (names match lib/cluster/demo): Online Boutique's real call
 * graph (GoogleCloudPlatform/microservices-demo: frontend fans out to the gRPC services,
 * checkoutservice orchestrates an order, cartservice keeps carts in redis-cart), the workshop
 * apps, and internet clients of the LoadBalancer services.
 *
 * Addresses outside the cluster are documentation ranges (RFC 5737), never real hosts:
 *   - 198.51.100.23 is seed 000's "workstation" (`export MY_IP=$(curl ifconfig.me)` there), the
 *     address the `ip-address-list` GlobalNetworkSet blocks from frontend-external;
 *   - 192.0.2.0/24 are other internet shoppers;
 *   - 203.0.113.0/24 stand in for the public names clients resolve (www.google.com, ...).
 * Rates are per minute and deliberately modest so level-0 denied logging stays readable.
 */
import type { Conversation, TrafficModel, TrafficTarget } from "@/lib/traffic/model";

/** Seed 000's workstation address (a documentation address; the seed's is a placeholder). */
export const WORKSTATION_IP = "198.51.100.23";

/** Internet clients of frontend-external besides the workstation. */
export const INTERNET_CLIENT_IPS = ["192.0.2.10", "192.0.2.77"] as const;

/** What the demo's DNS answers for the external names. */
export const DEMO_DOMAINS: Readonly<Record<string, string>> = {
  "www.google.com": "203.0.113.10",
  "api.twilio.com": "203.0.113.20",
  "github.com": "203.0.113.30",
  "catfact.ninja": "203.0.113.40",
  "dog.ceo": "203.0.113.41",
};

type Size = readonly [request: number, response: number];
const GRPC: Size = [300, 1_200];
const HTTP: Size = [600, 8_000];
const TLS: Size = [1_800, 24_000];
const REDIS: Size = [120, 400];
const SQL: Size = [400, 3_000];

function svc(namespace: string, name: string, port: number): TrafficTarget {
  return { kind: "service", namespace, name, port };
}

function ext(domain: string, port = 443): TrafficTarget {
  return { kind: "external", ip: DEMO_DOMAINS[domain] ?? "203.0.113.250", port, domain };
}

function conv(app: string, from: readonly [string, string] | string, to: TrafficTarget, rate: number, size: Size, protocol: "TCP" | "UDP" = "TCP"): Conversation {
  const source = typeof from === "string" ? ({ kind: "external", ip: from } as const) : ({ kind: "workload", namespace: from[0], workload: from[1] } as const);
  const src = typeof from === "string" ? from : `${from[0]}/${from[1]}`;
  const dst = to.kind === "service" ? `${to.namespace}/${to.name}:${to.port}` : to.kind === "workload" ? `${to.namespace}/${to.workload}:${to.port}` : `${to.domain ?? to.ip}:${to.port}`;
  return { id: `${app}/${src}->${dst}`, app, source, target: to, protocol, ratePerMinute: rate, requestBytes: size[0], responseBytes: size[1] };
}

const D = "default";
const ob = (wl: string): readonly [string, string] => [D, wl];

const ONLINE_BOUTIQUE: readonly Conversation[] = [
  conv("online-boutique", ob("loadgenerator"), svc(D, "frontend", 80), 30, HTTP),
  conv("online-boutique", ob("frontend"), svc(D, "productcatalogservice", 3550), 40, GRPC),
  conv("online-boutique", ob("frontend"), svc(D, "currencyservice", 7000), 30, GRPC),
  conv("online-boutique", ob("frontend"), svc(D, "cartservice", 7070), 15, GRPC),
  conv("online-boutique", ob("frontend"), svc(D, "recommendationservice", 8080), 10, GRPC),
  conv("online-boutique", ob("frontend"), svc(D, "adservice", 9555), 10, GRPC),
  conv("online-boutique", ob("frontend"), svc(D, "shippingservice", 50051), 6, GRPC),
  conv("online-boutique", ob("frontend"), svc(D, "checkoutservice", 5050), 3, GRPC),
  conv("online-boutique", ob("checkoutservice"), svc(D, "paymentservice", 50051), 3, GRPC),
  // emailservice's Service listens on 5000 and targets the pod's 8080.
  conv("online-boutique", ob("checkoutservice"), svc(D, "emailservice", 5000), 3, GRPC),
  conv("online-boutique", ob("checkoutservice"), svc(D, "shippingservice", 50051), 3, GRPC),
  conv("online-boutique", ob("checkoutservice"), svc(D, "currencyservice", 7000), 6, GRPC),
  conv("online-boutique", ob("checkoutservice"), svc(D, "cartservice", 7070), 3, GRPC),
  conv("online-boutique", ob("checkoutservice"), svc(D, "productcatalogservice", 3550), 6, GRPC),
  conv("online-boutique", ob("cartservice"), svc(D, "redis-cart", 6379), 30, REDIS),
  conv("online-boutique", ob("recommendationservice"), svc(D, "productcatalogservice", 3550), 10, GRPC),
  conv("online-boutique", ob("loadgenerator"), ext("www.google.com"), 1, TLS),
  // Internet shoppers and the seed-000 workstation reach the shop through the LoadBalancer.
  ...INTERNET_CLIENT_IPS.map((ip) => conv("online-boutique", ip, svc(D, "frontend-external", 80), 6, HTTP)),
  conv("online-boutique", WORKSTATION_IP, svc(D, "frontend-external", 80), 4, HTTP),
];

const DEV: readonly Conversation[] = [
  conv("dev", ["dev", "centos"], svc("dev", "nginx-svc", 80), 6, HTTP),
  conv("dev", ["dev", "centos"], ext("www.google.com"), 2, TLS),
  conv("dev", ["dev", "centos"], ext("api.twilio.com"), 2, TLS),
  conv("dev", ["dev", "centos"], svc(D, "frontend", 80), 2, HTTP),
];

const STOREFRONT: readonly Conversation[] = [
  conv("storefront", ["storefront", "frontend"], svc("storefront", "microservice1", 80), 6, HTTP),
  conv("storefront", ["storefront", "frontend"], svc("storefront", "microservice2", 80), 6, HTTP),
  conv("storefront", ["storefront", "microservice1"], svc("storefront", "backend", 80), 4, HTTP),
  conv("storefront", ["storefront", "microservice2"], svc("storefront", "backend", 80), 4, HTTP),
  ...["frontend", "backend", "microservice1", "microservice2"].map((wl) => conv("storefront", ["storefront", wl], svc("storefront", "logging", 80), 3, HTTP)),
];

const TEST_APPS: readonly Conversation[] = [
  ...["app1", "app2"].flatMap((app) => [
    conv(app, [app, app], svc(D, "cartservice", 7070), 4, GRPC),
    conv(app, [app, app], svc(D, "frontend", 80), 4, HTTP),
  ]),
  conv("app2", ["app2", "app2"], ext("github.com"), 2, TLS),
];

const CATFACTS: readonly Conversation[] = [
  conv("catfacts", "192.0.2.40", svc("catfacts", "facts", 80), 6, HTTP),
  conv("catfacts", ["catfacts", "facts"], svc("catfacts", "db", 3306), 10, SQL),
  conv("catfacts", ["catfacts", "worker"], svc("catfacts", "db", 3306), 4, SQL),
  conv("catfacts", ["catfacts", "worker"], ext("catfact.ninja"), 2, TLS),
  conv("catfacts", ["catfacts", "worker"], ext("dog.ceo"), 1, TLS),
];

const ZONES: readonly Conversation[] = [
  conv("zones", ["dmz", "web"], svc("trusted", "api", 8080), 10, HTTP),
  conv("zones", ["trusted", "api"], svc("restricted", "db", 6379), 10, REDIS),
  // The path the zone policies must close: dmz straight to restricted.
  conv("zones", ["dmz", "web"], svc("restricted", "db", 6379), 1, REDIS),
  // Seed 003's NetworkPolicy example: role=frontend → role=db on 6379 in my-namespace.
  conv("zones", ["my-namespace", "frontend"], svc("my-namespace", "db", 6379), 6, REDIS),
];

const ZERO_TRUST: readonly Conversation[] = [conv("zero-trust", ["shams", "busybox"], svc("shams", "nginx", 80), 4, HTTP)];

/** Every conversation of the demo cluster, plus DNS to kube-system/kube-dns:53. */
export const DEMO_TRAFFIC_MODEL: TrafficModel = {
  conversations: [...ONLINE_BOUTIQUE, ...DEV, ...STOREFRONT, ...TEST_APPS, ...CATFACTS, ...ZONES, ...ZERO_TRUST],
  dnsService: { namespace: "kube-system", name: "kube-dns", port: 53 },
  dnsRatePerMinute: 4,
};
