/**
 * Online Boutique (GoogleCloudPlatform/microservices-demo) in namespace `default`, as seeds 000
 * and 002 deploy it: one Deployment, ServiceAccount and Service per microservice, plus
 * `frontend-external` (LoadBalancer) and the load generator. The shop's components carry
 * `pci: "true"` as seed 002 asks ("label all components with pci=true"); the load generator is
 * a traffic source, not a shop component, and does not.
 */
import type { ClusterObject } from "@/lib/cluster/backend";
import type { DemoIpam } from "@/lib/cluster/demo/builders";
import { service, workload } from "@/lib/cluster/demo/builders";

const NS = "default";
const IMAGE = (name: string): string => `us-central1-docker.pkg.dev/google-samples/microservices-demo/${name}:v0.10.1`;

interface Micro {
  readonly name: string;
  readonly port: number;
  readonly hash: string;
  readonly pods: readonly string[];
  /** Service port when it differs from the container port. */
  readonly servicePort?: number;
  readonly portName: string;
  readonly container?: string;
  readonly image?: string;
}

const MICROSERVICES: readonly Micro[] = [
  { name: "frontend", port: 8080, servicePort: 80, portName: "http", hash: "7d8f9c6b5", pods: ["x2k4p"] },
  { name: "cartservice", port: 7070, portName: "grpc", hash: "5c9d8b7f6d", pods: ["h7vwq"] },
  { name: "productcatalogservice", port: 3550, portName: "grpc", hash: "6b8c4f9d7", pods: ["q8zrt"] },
  { name: "currencyservice", port: 7000, portName: "grpc", hash: "84b6d9f5c8", pods: ["m4n7s"] },
  { name: "paymentservice", port: 50051, portName: "grpc", hash: "7f5c9d8b64", pods: ["w2xk9"] },
  { name: "shippingservice", port: 50051, portName: "grpc", hash: "6d4f8b9c75", pods: ["c5t8j"] },
  { name: "emailservice", port: 8080, servicePort: 5000, portName: "grpc", hash: "5b7d9c6f84", pods: ["p9l2d"] },
  { name: "checkoutservice", port: 5050, portName: "grpc", hash: "69c8f7d5b9", pods: ["r6b3n"] },
  { name: "recommendationservice", port: 8080, portName: "grpc", hash: "7b9d6c8f45", pods: ["f3g8k"] },
  { name: "adservice", port: 9555, portName: "grpc", hash: "5f8c7d9b66", pods: ["v7y4m"] },
  { name: "redis-cart", port: 6379, portName: "tcp-redis", hash: "7c5b8d6f9c", pods: ["k2s9h"], container: "redis", image: "redis:alpine" },
];

/** Fixed clusterIPs, so flows and the what-if probe can name them. */
const CLUSTER_IPS: Readonly<Record<string, string>> = {
  frontend: "10.96.23.18",
  "frontend-external": "10.96.141.52",
  cartservice: "10.96.87.201",
  productcatalogservice: "10.96.52.113",
  currencyservice: "10.96.190.7",
  paymentservice: "10.96.64.245",
  shippingservice: "10.96.118.36",
  emailservice: "10.96.31.169",
  checkoutservice: "10.96.205.94",
  recommendationservice: "10.96.9.128",
  adservice: "10.96.176.61",
  "redis-cart": "10.96.99.15",
};

function ip(name: string): string {
  const v = CLUSTER_IPS[name];
  if (!v) throw new Error(`no clusterIP for ${name}`);
  return v;
}

export function onlineBoutique(ipam: DemoIpam): readonly ClusterObject[] {
  const out: ClusterObject[] = [];
  MICROSERVICES.forEach((m, i) => {
    out.push(
      ...workload(
        {
          namespace: NS,
          name: m.name,
          labels: { pci: "true" },
          podTemplateHash: m.hash,
          podSuffixes: m.pods,
          nodes: [i % 2 === 0 ? "palisade-worker" : "palisade-worker2"],
          containers: [{ name: m.container ?? "server", image: m.image ?? IMAGE(m.name), ports: [{ containerPort: m.port, protocol: "TCP" }] }],
        },
        ipam,
      ),
    );
    out.push(
      service({
        namespace: NS,
        name: m.name,
        selector: { app: m.name },
        clusterIP: ip(m.name),
        ports: [{ name: m.portName, port: m.servicePort ?? m.port, targetPort: m.port, protocol: "TCP" }],
      }),
    );
  });
  out.push(
    service({
      namespace: NS,
      name: "frontend-external",
      type: "LoadBalancer",
      selector: { app: "frontend" },
      clusterIP: ip("frontend-external"),
      ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP", nodePort: 31380 }],
    }),
  );
  out.push(
    ...workload(
      {
        namespace: NS,
        name: "loadgenerator",
        podTemplateHash: "6d5c8f7b94",
        podSuffixes: ["t4z7w"],
        nodes: ["palisade-worker2"],
        containers: [{ name: "main", image: IMAGE("loadgenerator") }],
      },
      ipam,
    ),
  );
  return out;
}
