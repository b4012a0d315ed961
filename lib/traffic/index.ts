/**
 * Public API of the traffic simulator: the traffic model, the demo cluster's model, a seeded
 * PRNG, and simulateInterval (flows + DNS logs judged by the policy engine). See DESIGN.md.
 */
export type { WorkloadRef, ExternalSource, TrafficSource, TrafficTarget, Conversation, DnsServiceRef, TrafficModel, SimulationCluster } from "@/lib/traffic/model";
export type { SimulateOptions, SimulationResult } from "@/lib/traffic/simulate";
export { simulateInterval } from "@/lib/traffic/simulate";
export { dnsConversations } from "@/lib/traffic/dns";
export { DEMO_TRAFFIC_MODEL, WORKSTATION_IP, INTERNET_CLIENT_IPS, DEMO_DOMAINS } from "@/lib/traffic/demo-model";
export { indexCluster, podFlowEndpoint } from "@/lib/traffic/resolve";
export type { ClusterIndex, ResolvedService, Backend } from "@/lib/traffic/resolve";
export type { ClusterModels } from "@/lib/traffic/cluster-view";
export { toClusterModels } from "@/lib/traffic/cluster-view";
