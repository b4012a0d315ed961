/**
 * Calico kinds Palisade knows by name but cannot act on, with the reason. Applying one is refused
 * with that reason (and "nothing was applied"), instead of a bare "unsupported kind", so a user
 * pasting a workshop's YAML learns what the document needs rather than suspecting a typo.
 * Pure; never throws.
 */

const REASONS: Readonly<Record<string, string>> = {
  DeepPacketInspection: "deep packet inspection runs Calico Enterprise's intrusion-detection engine on the node's traffic, which Palisade's policy engine and simulated flows do not have",
  PacketCapture: "packet capture records packets on the node's interfaces, which Palisade does not reach",
  GlobalReport: "compliance reports are produced by Calico Enterprise's compliance controller",
  GlobalReportType: "compliance reports are produced by Calico Enterprise's compliance controller",
  AlertException: "alert exceptions belong to Calico Enterprise's security events pipeline",
  SecurityEventWebhook: "security event webhooks belong to Calico Enterprise's security events pipeline",
  EgressGatewayPolicy: "egress gateways are dataplane routing, which Palisade does not simulate",
  BGPConfiguration: "BGP is routing configuration, not network policy; Palisade does not simulate routing",
  BGPPeer: "BGP is routing configuration, not network policy; Palisade does not simulate routing",
  BGPFilter: "BGP is routing configuration, not network policy; Palisade does not simulate routing",
  KubeControllersConfiguration: "it configures Calico's controllers, which Palisade does not run",
  ManagedCluster: "multi-cluster management is configured in Calico Enterprise's management cluster",
  RemoteClusterConfiguration: "federation is configured between Calico clusters, not in Palisade",
  LicenseKey: "it licenses Calico Enterprise, which Palisade does not need",
  UISettings: "it configures Calico Enterprise's web console",
  UISettingsGroup: "it configures Calico Enterprise's web console",
};

/** Why Palisade cannot act on `kind`, when it is a Calico kind Palisade knows but does not implement. */
export function unsupportedKindReason(kind: string): string | undefined {
  return REASONS[kind];
}

/** The full refusal message for such a kind. */
export function unsupportedKindMessage(kind: string, apiVersion: string): string | undefined {
  const reason = unsupportedKindReason(kind);
  return reason === undefined ? undefined : `${kind} (${apiVersion}) is a Calico kind Palisade cannot act on: ${reason}; nothing was applied`;
}
