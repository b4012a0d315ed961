/** A coloured badge for a resource kind, grouped the way the console groups them. */
const CLASS_OF: Readonly<Record<string, string>> = {
  NetworkPolicy: "badge-policy",
  GlobalNetworkPolicy: "badge-policy",
  StagedNetworkPolicy: "badge-staged",
  StagedGlobalNetworkPolicy: "badge-staged",
  StagedKubernetesNetworkPolicy: "badge-staged",
  KubernetesNetworkPolicy: "badge-k8s",
  Tier: "badge-policy",
  NetworkSet: "badge-set",
  GlobalNetworkSet: "badge-set",
  GlobalAlert: "badge-alert",
  GlobalThreatFeed: "badge-alert",
  HostEndpoint: "badge-infra",
  IPPool: "badge-infra",
  FelixConfiguration: "badge-infra",
};

/** `kind` is Palisade's kind (KubernetesNetworkPolicy) or a wire kind; `label` overrides the text. */
export function KindBadge({ kind, label }: { readonly kind: string; readonly label?: string }) {
  return <span className={`badge ${CLASS_OF[kind] ?? ""}`}>{label ?? kind}</span>;
}
