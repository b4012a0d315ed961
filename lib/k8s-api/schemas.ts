/**
 * The schema of every kind /k8s serves, written once (schema.ts's language) with descriptions in
 * Palisade's own words. Definition names follow the OpenAPI names of the upstream servers
 * (`io.k8s.api.core.v1.Pod`, `com.github.projectcalico.api.pkg.apis.projectcalico.v3.Rule`,
 * `org.projectcalico.crd.v1.Tier` for the CRD group) so tools that key on them find them.
 *
 * Scope: Calico, networking.k8s.io and policy.networking.k8s.io kinds are complete (every field
 * the validator knows; schemas.test.ts checks both directions). Core kinds describe the fields
 * Palisade models; the Pod and Service statuses and FelixConfiguration's spec keep other fields
 * as written (`preserveUnknown`), as the core validator does, so objects copied from a real
 * cluster apply (fieldValidation cannot report unknown fields there). PodSpec, Container,
 * ServiceSpec and the container and Service ports list every upstream field (v1.32; nested
 * structures Palisade does not use are `any`) and are closed.
 */
import type { Definition, GroupVersionKind, Schema } from "@/lib/k8s-api/schema";
import { any, bool, int, intOrString, list, num, obj, ref, str, stringList, stringMap } from "@/lib/k8s-api/schema";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
const CORE = "io.k8s.api.core.v1.";
const NET = "io.k8s.api.networking.v1.";
const CNP = "io.k8s.networking.policy.v1alpha2.";
const V3 = "com.github.projectcalico.api.pkg.apis.projectcalico.v3.";
const CRD_V1 = "org.projectcalico.crd.v1.";

const API_VERSION = str("The versioned schema of this object (group/version). Servers convert recognised versions to the latest internal value.");
const KIND = str("The REST resource this object represents, in CamelCase. Inferred from the endpoint a client writes to; it cannot be updated.");
const OBJECT_META = ref(`${META}ObjectMeta`, "Standard object metadata: name, namespace, labels, annotations and the fields the server maintains.");
const SELECTOR_DOC = "Calico selector expression (for example `app == 'web' && has(tier)`); `all()` selects everything.";

/** A top-level kind: apiVersion, kind, metadata, spec (and status when it has one). */
function kindDef(description: string, gvk: readonly GroupVersionKind[], spec: Schema, status?: Schema): Definition {
  return { ...obj(description, { apiVersion: API_VERSION, kind: KIND, metadata: OBJECT_META, spec, ...(status !== undefined ? { status } : {}) }), gvk };
}

/** A kind without spec (ServiceAccount): its own top-level fields. */
function withGvk(gvk: GroupVersionKind, description: string, properties: Readonly<Record<string, Schema>>): Definition {
  return { ...obj(description, properties), gvk: [gvk] };
}

/** Server-written status that a write may carry (exports of a cluster do) and that is ignored. */
const IGNORED_STATUS = any("Status written by the server; ignored on writes.");

// ---- meta.k8s.io ----

const META_DEFS: Record<string, Definition> = {
  [`${META}ObjectMeta`]: obj("Metadata every persisted object has: identity, labels, annotations and bookkeeping fields.", {
    name: str("Unique name within the namespace (or the cluster for cluster-scoped kinds). Required when creating, unless generateName is used; cannot be changed."),
    generateName: str("Prefix the server uses to generate a unique name when `name` is empty: a random suffix is appended."),
    namespace: str("The namespace the object lives in; empty for cluster-scoped kinds. Must be a DNS label; cannot be changed."),
    uid: str("Unique identifier the server assigns on creation; read-only."),
    resourceVersion: str("Opaque version of the object, changed by every write; used for optimistic concurrency and watches. Read-only; send it back unchanged on updates."),
    generation: int("Sequence number of changes to the desired state, maintained by the server; read-only.", "int64"),
    creationTimestamp: str("When the object was created (RFC 3339, UTC); set by the server, read-only.", { format: "date-time" }),
    deletionTimestamp: str("When the object will be deleted (RFC 3339); set by the server when a graceful deletion is requested. Read-only.", { format: "date-time" }),
    deletionGracePeriodSeconds: int("Seconds allowed for graceful termination before the object is removed; read-only.", "int64"),
    labels: stringMap("Key/value pairs used to organise and select objects (selectors match on them)."),
    annotations: stringMap("Key/value pairs for tools and people; not used for selection."),
    ownerReferences: list("Objects this one depends on; it is garbage-collected when all owners are gone.", ref(`${META}OwnerReference`), { listType: "map", mapKeys: ["uid"], patchMergeKey: "uid", patchStrategy: "merge" }),
    finalizers: stringList("Names of pending clean-up steps; the object is deleted only when the list is empty.", { listType: "set", patchStrategy: "merge" }),
    managedFields: list("Which field manager owns which fields (server-side apply bookkeeping).", ref(`${META}ManagedFieldsEntry`), { listType: "atomic" }),
  }),
  [`${META}OwnerReference`]: obj(
    "Enough information to identify an owning object in the same namespace (or a cluster-scoped owner).",
    {
      apiVersion: str("API version of the owner."),
      kind: str("Kind of the owner."),
      name: str("Name of the owner."),
      uid: str("UID of the owner."),
      controller: bool("True when this owner is the managing controller."),
      blockOwnerDeletion: bool("When true, the owner cannot be deleted (foreground) until this reference is removed."),
    },
    { required: ["apiVersion", "kind", "name", "uid"] },
  ),
  [`${META}ManagedFieldsEntry`]: obj("One field manager's set of owned fields at one API version.", {
    manager: str("Name of the workflow managing these fields."),
    operation: str("The operation that led to this entry: Apply or Update.", { enum: ["Apply", "Update"] }),
    apiVersion: str("The version of the schema the field set refers to."),
    time: str("When the entry was last changed.", { format: "date-time" }),
    fieldsType: str("The format of fieldsV1; always FieldsV1."),
    fieldsV1: any("The owned fields, in the FieldsV1 trie format."),
    subresource: str("The subresource the manager wrote through, empty for the main resource."),
  }),
  [`${META}LabelSelector`]: obj("A label query over a set of objects. matchLabels and matchExpressions are ANDed; an empty selector matches everything, a null one nothing.", {
    matchLabels: stringMap("Exact label matches; each entry is equivalent to an `In` expression with one value."),
    matchExpressions: list("Label selector requirements, ANDed.", ref(`${META}LabelSelectorRequirement`), { listType: "atomic" }),
  }),
  [`${META}LabelSelectorRequirement`]: obj(
    "A key, an operator and values that a label must satisfy.",
    {
      key: str("The label key the requirement applies to."),
      operator: str("How the key relates to the values.", { enum: ["In", "NotIn", "Exists", "DoesNotExist"] }),
      values: stringList("Values for In and NotIn (non-empty); must be empty for Exists and DoesNotExist.", { listType: "atomic" }),
    },
    { required: ["key", "operator"] },
  ),
};

// ---- core v1 (the fields Palisade models) ----

const CORE_DEFS: Record<string, Definition> = {
  [`${CORE}Namespace`]: kindDef(
    "A scope for names: namespaced objects (Pods, Services, network policies…) live in exactly one namespace.",
    [{ group: "", version: "v1", kind: "Namespace" }],
    ref(`${CORE}NamespaceSpec`, "The desired state of the namespace."),
    ref(`${CORE}NamespaceStatus`, "The observed state of the namespace; written by the server."),
  ),
  [`${CORE}NamespaceSpec`]: obj("The desired state of a namespace.", {
    finalizers: stringList("Clean-up steps that must finish before the namespace is removed; defaults to [kubernetes].", { listType: "atomic" }),
  }),
  [`${CORE}NamespaceStatus`]: obj("The observed state of a namespace.", {
    phase: str("Active while the namespace is in use, Terminating while it is being deleted.", { enum: ["Active", "Terminating"] }),
    conditions: list("Latest observations of the namespace's state.", any("A namespace condition."), { listType: "map", mapKeys: ["type"], patchMergeKey: "type", patchStrategy: "merge" }),
  }),
  [`${CORE}Pod`]: kindDef(
    "A group of containers scheduled together on one node, sharing a network identity (IP) that network policy applies to.",
    [{ group: "", version: "v1", kind: "Pod" }],
    ref(`${CORE}PodSpec`, "The desired behaviour of the pod."),
    ref(`${CORE}PodStatus`, "The observed state of the pod; written by the server."),
  ),
  [`${CORE}PodSpec`]: obj(
    "The desired behaviour of a pod.",
    {
      containers: list("The containers of the pod; at least one.", ref(`${CORE}Container`), { listType: "map", mapKeys: ["name"], patchMergeKey: "name", patchStrategy: "merge" }),
      serviceAccountName: str("The service account the pod runs as (Calico policy can select it)."),
      nodeName: str("The node the pod is bound to."),
      initContainers: list("Containers run one after another, each to completion, before the pod's containers start.", any("An init container.")),
      ephemeralContainers: list("Containers added to a running pod for debugging.", any("An ephemeral container.")),
      volumes: list("Volumes the containers can mount.", any("A volume.")),
      restartPolicy: str("When containers are restarted: Always (the default), OnFailure or Never.", { enum: ["Always", "OnFailure", "Never"] }),
      terminationGracePeriodSeconds: int("Seconds the pod is given to stop before it is killed.", "int64"),
      activeDeadlineSeconds: int("Seconds the pod may run before it is stopped.", "int64"),
      dnsPolicy: str("How the pod's DNS is set up (ClusterFirst by default).", { enum: ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"] }),
      dnsConfig: any("DNS settings merged into those of dnsPolicy."),
      nodeSelector: stringMap("Labels a node must have for the pod to be scheduled on it."),
      serviceAccount: str("Deprecated alias of serviceAccountName."),
      automountServiceAccountToken: bool("Whether the service account's token is mounted."),
      hostNetwork: bool("Use the node's network namespace: the pod has the node's IP, and pod network policy does not apply to it."),
      hostPID: bool("Use the node's process namespace."),
      hostIPC: bool("Use the node's IPC namespace."),
      hostUsers: bool("Use the node's user namespace (false runs the pod in a user namespace of its own)."),
      shareProcessNamespace: bool("Share one process namespace between the pod's containers."),
      securityContext: any("Security settings of the whole pod."),
      imagePullSecrets: list("Secrets used to pull the containers' images.", any("A reference to a secret.")),
      hostname: str("The pod's host name (defaults to its name)."),
      subdomain: str("The pod's subdomain: its DNS name becomes <hostname>.<subdomain>.<namespace>.svc."),
      setHostnameAsFQDN: bool("Set the pod's host name to its fully qualified domain name."),
      hostAliases: list("Extra entries for the pod's /etc/hosts.", any("Host names of one IP.")),
      affinity: any("Scheduling constraints relative to nodes and other pods."),
      tolerations: list("Taints the pod tolerates.", any("A toleration.")),
      topologySpreadConstraints: list("How pods are spread over topology domains (zones, nodes).", any("A spread constraint.")),
      schedulerName: str("The scheduler that places the pod."),
      schedulingGates: list("Gates that keep the pod from being scheduled while present.", any("A scheduling gate.")),
      priorityClassName: str("The priority class of the pod."),
      priority: int("The pod's priority, set from its priority class."),
      preemptionPolicy: str("Whether the pod may preempt lower-priority pods: PreemptLowerPriority or Never.", { enum: ["Never", "PreemptLowerPriority"] }),
      readinessGates: list("Extra conditions that must hold for the pod to be ready.", any("A readiness gate.")),
      runtimeClassName: str("The runtime class (container runtime configuration) of the pod."),
      overhead: any("Resources the pod's sandbox uses on top of its containers."),
      enableServiceLinks: bool("Inject environment variables describing services into the containers."),
      os: any("The operating system the pod's containers need."),
      resourceClaims: list("Dynamically allocated resources the pod uses.", any("A resource claim.")),
      resources: any("Resources of the pod as a whole (in addition to its containers')."),
    },
    // Every field of upstream's PodSpec (v1.32): unknown ones are reported (fieldValidation).
    { required: ["containers"] },
  ),
  [`${CORE}Container`]: obj(
    "One container of a pod.",
    {
      name: str("Name of the container, a DNS label unique within the pod; cannot be changed."),
      image: str("The container image to run."),
      ports: list("Ports the container exposes (informational; named ports can be referenced by policy).", ref(`${CORE}ContainerPort`), {
        listType: "map",
        mapKeys: ["containerPort", "protocol"],
        patchMergeKey: "containerPort",
        patchStrategy: "merge",
      }),
      command: stringList("The entrypoint (replaces the image's ENTRYPOINT)."),
      args: stringList("Arguments of the entrypoint (replace the image's CMD)."),
      workingDir: str("The working directory of the container."),
      env: list("Environment variables.", any("An environment variable.")),
      envFrom: list("Sources (config maps, secrets) of environment variables.", any("A source.")),
      resources: any("Compute resources the container requests and is limited to."),
      resizePolicy: list("How the container's resources may be resized in place.", any("A resize policy.")),
      restartPolicy: str("For an init container, Always makes it a sidecar that runs alongside the pod's containers."),
      volumeMounts: list("Volumes mounted into the container.", any("A volume mount.")),
      volumeDevices: list("Block devices the container uses.", any("A volume device.")),
      livenessProbe: any("A probe whose failures restart the container."),
      readinessProbe: any("A probe whose failures take the pod out of its services' endpoints."),
      startupProbe: any("A probe that must succeed before the other probes start."),
      lifecycle: any("Actions run after the container starts and before it stops."),
      terminationMessagePath: str("The file the container writes its termination message to."),
      terminationMessagePolicy: str("Where the termination message comes from: File or FallbackToLogsOnError.", { enum: ["File", "FallbackToLogsOnError"] }),
      imagePullPolicy: str("When the image is pulled: Always, IfNotPresent or Never.", { enum: ["Always", "IfNotPresent", "Never"] }),
      securityContext: any("Security settings of the container."),
      stdin: bool("Keep a standard input open for the container."),
      stdinOnce: bool("Close the standard input after the first client detaches."),
      tty: bool("Allocate a terminal for the container."),
    },
    // Every field of upstream's Container (v1.32): unknown ones are reported (fieldValidation).
    { required: ["name"] },
  ),
  [`${CORE}ContainerPort`]: obj(
    "A network port of a container.",
    {
      name: str("An IANA service name for the port, unique within the pod; policies can refer to it."),
      containerPort: int("The port number on the pod's IP, 1-65535."),
      protocol: str("Protocol of the port; defaults to TCP.", { enum: ["SCTP", "TCP", "UDP"] }),
      hostPort: int("The port number to expose on the node's IP as well (rarely needed)."),
      hostIP: str("The node IP the host port binds to."),
    },
    // Every field of upstream's ContainerPort: unknown ones are reported (fieldValidation).
    { required: ["containerPort"] },
  ),
  [`${CORE}PodStatus`]: obj(
    "The observed state of a pod.",
    {
      phase: str("Where the pod is in its lifecycle.", { enum: ["Pending", "Running", "Succeeded", "Failed", "Unknown"] }),
      podIP: str("The IP address allocated to the pod."),
      podIPs: list("The IP addresses allocated to the pod (one per address family).", obj("One pod IP.", { ip: str("The IP address.") }), { listType: "map", mapKeys: ["ip"], patchMergeKey: "ip", patchStrategy: "merge" }),
    },
    { preserveUnknown: true },
  ),
  [`${CORE}Service`]: kindDef(
    "A named abstraction of pods selected by labels, reachable on a stable virtual IP and ports.",
    [{ group: "", version: "v1", kind: "Service" }],
    ref(`${CORE}ServiceSpec`, "The desired behaviour of the service."),
    any("The observed state of the service (load balancer ingress); written by the server."),
  ),
  [`${CORE}ServiceSpec`]: obj(
    "The desired behaviour of a service.",
    {
      selector: stringMap("Pods with these labels back the service."),
      ports: list("The ports the service exposes.", ref(`${CORE}ServicePort`), { listType: "map", mapKeys: ["port", "protocol"], patchMergeKey: "port", patchStrategy: "merge" }),
      clusterIP: str("The virtual IP of the service; `None` makes it headless."),
      type: str("How the service is exposed; defaults to ClusterIP.", { enum: ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"] }),
      clusterIPs: stringList("The virtual IPs of the service, one per IP family; the first equals clusterIP.", { listType: "atomic" }),
      externalIPs: stringList("Further IPs, outside the cluster's control, on which nodes accept traffic for the service."),
      externalName: str("The DNS name an ExternalName service is an alias (CNAME) of."),
      sessionAffinity: str("`ClientIP` sends a client's connections to the same pod; defaults to None.", { enum: ["ClientIP", "None"] }),
      sessionAffinityConfig: any("Settings of the session affinity (its timeout)."),
      loadBalancerIP: str("The IP a LoadBalancer service asks its provider for (deprecated upstream)."),
      loadBalancerSourceRanges: stringList("Client CIDRs a LoadBalancer service accepts traffic from, where the provider supports it."),
      loadBalancerClass: str("The load balancer implementation of a LoadBalancer service; cannot be changed."),
      allocateLoadBalancerNodePorts: bool("Whether a LoadBalancer service gets node ports; defaults to true."),
      externalTrafficPolicy: str("How traffic from outside the cluster reaches the pods: Cluster (any node) or Local (only nodes with a pod, client IP kept).", { enum: ["Cluster", "Local"] }),
      internalTrafficPolicy: str("How traffic from inside the cluster reaches the pods: Cluster or Local (pods on the same node only).", { enum: ["Cluster", "Local"] }),
      healthCheckNodePort: int("The node port load balancers probe when externalTrafficPolicy is Local."),
      publishNotReadyAddresses: bool("Publish the addresses of pods that are not ready yet (DNS of stateful sets)."),
      ipFamilies: stringList("The IP families of the service (IPv4, IPv6), in order.", { listType: "atomic" }),
      ipFamilyPolicy: str("Whether the service is single-stack or dual-stack.", { enum: ["SingleStack", "PreferDualStack", "RequireDualStack"] }),
      trafficDistribution: str("A preference for how traffic is spread over the endpoints (PreferClose: topologically close ones first)."),
    },
    // Every field of upstream's ServiceSpec (v1.32): unknown ones are reported (fieldValidation).
    {},
  ),
  [`${CORE}ServicePort`]: obj(
    "One port of a service.",
    {
      name: str("Name of the port, a DNS label; required when the service has more than one port."),
      port: int("The port the service listens on, 1-65535."),
      targetPort: intOrString("The port (number or container port name) on the selected pods; defaults to `port`."),
      protocol: str("Protocol of the port; defaults to TCP.", { enum: ["SCTP", "TCP", "UDP"] }),
      nodePort: int("The port on every node (NodePort and LoadBalancer services)."),
      appProtocol: str("The application protocol of the port (an IANA name or a prefixed one such as kubernetes.io/h2c)."),
    },
    // Every field of upstream's ServicePort: unknown ones are reported (fieldValidation).
    { required: ["port"] },
  ),
  [`${CORE}ConfigMap`]: withGvk(
    { group: "", version: "v1", kind: "ConfigMap" },
    "Non-secret configuration as key/value pairs (threat-feed headers can read a value from one).",
    {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: OBJECT_META,
      data: stringMap("Configuration values by key (UTF-8 text)."),
      binaryData: stringMap("Binary values by key, base64-encoded; keys must not repeat those of data."),
      immutable: bool("When true, data and binaryData can no longer be changed."),
    },
  ),
  [`${CORE}Secret`]: withGvk(
    { group: "", version: "v1", kind: "Secret" },
    "Sensitive values (tokens, keys) by key; Palisade stores them encrypted and never shows them in the audit log.",
    {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: OBJECT_META,
      data: stringMap("Values by key, base64-encoded."),
      stringData: stringMap("Write-only convenience: plain-text values merged into data on write (they win over data's)."),
      type: str("How the secret is used (Opaque by default)."),
      immutable: bool("When true, data can no longer be changed."),
    },
  ),
  [`${CORE}ServiceAccount`]: withGvk(
    { group: "", version: "v1", kind: "ServiceAccount" },
    "An identity for processes in pods; Calico policy can select pods by their service account.",
    {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: OBJECT_META,
      secrets: list("Secrets pods running as this account may use.", any("A reference to a secret."), { listType: "map", mapKeys: ["name"], patchMergeKey: "name", patchStrategy: "merge" }),
      imagePullSecrets: list("Secrets used to pull images for pods of this account.", any("A reference to a secret."), { listType: "atomic" }),
      automountServiceAccountToken: bool("Whether pods running as this account get an API token mounted automatically."),
    },
  ),
};

// ---- networking.k8s.io/v1 ----

const NET_DEFS: Record<string, Definition> = {
  [`${NET}NetworkPolicy`]: kindDef(
    "Kubernetes network policy: which traffic the selected pods of one namespace may receive and send. Calico enforces it in the default tier.",
    [{ group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy" }],
    ref(`${NET}NetworkPolicySpec`, "What the policy selects and allows."),
  ),
  [`${NET}NetworkPolicySpec`]: obj(
    "What a Kubernetes network policy selects and allows.",
    {
      podSelector: ref(`${META}LabelSelector`, "The pods of the policy's namespace the policy applies to; an empty selector selects every pod of the namespace."),
      policyTypes: stringList(
        "Directions the policy isolates: Ingress, Egress or both. Defaults to Ingress, plus Egress when the policy has egress rules.",
        { listType: "atomic" },
      ),
      ingress: list("Traffic allowed to the selected pods; a connection is allowed when any rule matches. Empty: the pods accept no ingress (when Ingress is a policy type).", ref(`${NET}NetworkPolicyIngressRule`), { listType: "atomic" }),
      egress: list("Traffic allowed from the selected pods; a connection is allowed when any rule matches.", ref(`${NET}NetworkPolicyEgressRule`), { listType: "atomic" }),
    },
    { required: ["podSelector"] },
  ),
  [`${NET}NetworkPolicyIngressRule`]: obj("Traffic allowed to the selected pods: it must match both `from` and `ports`.", {
    from: list("Sources allowed; empty or missing allows every source.", ref(`${NET}NetworkPolicyPeer`), { listType: "atomic" }),
    ports: list("Destination ports allowed; empty or missing allows every port.", ref(`${NET}NetworkPolicyPort`), { listType: "atomic" }),
  }),
  [`${NET}NetworkPolicyEgressRule`]: obj("Traffic allowed from the selected pods: it must match both `to` and `ports`.", {
    to: list("Destinations allowed; empty or missing allows every destination.", ref(`${NET}NetworkPolicyPeer`), { listType: "atomic" }),
    ports: list("Destination ports allowed; empty or missing allows every port.", ref(`${NET}NetworkPolicyPort`), { listType: "atomic" }),
  }),
  [`${NET}NetworkPolicyPeer`]: obj("A peer: pods (by pod and/or namespace selector) or an IP block.", {
    podSelector: ref(`${META}LabelSelector`, "Pods selected by label; with namespaceSelector, pods in the selected namespaces, else in the policy's namespace."),
    namespaceSelector: ref(`${META}LabelSelector`, "Namespaces selected by label; every pod in them, or the pods podSelector picks."),
    ipBlock: ref(`${NET}IPBlock`, "A CIDR range, with optional exceptions; cannot be combined with the selectors."),
  }),
  [`${NET}IPBlock`]: obj(
    "A CIDR, less some sub-ranges.",
    {
      cidr: str("The range, for example 192.168.1.0/24 or 2001:db8::/64."),
      except: stringList("Sub-ranges of cidr that are not part of the block.", { listType: "atomic" }),
    },
    { required: ["cidr"] },
  ),
  [`${NET}NetworkPolicyPort`]: obj("A port (or port range) and protocol.", {
    protocol: str("TCP, UDP or SCTP; defaults to TCP.", { enum: ["SCTP", "TCP", "UDP"] }),
    port: intOrString("A port number or a named container port; missing matches every port."),
    endPort: int("With a numeric port: the last port of the range port..endPort."),
  }),
};

// ---- policy.networking.k8s.io/v1alpha2 (sigs.k8s.io/network-policy-api) ----

const CNP_PORT = ref(`${CNP}Port`, "The destination port: one port number or a range.");
const CNP_DEFS: Record<string, Definition> = {
  [`${CNP}ClusterNetworkPolicy`]: kindDef(
    "Cluster-wide policy written by cluster administrators, evaluated before (tier Admin) or after (tier Baseline) namespace network policies. Calico maps the tiers to kube-admin and kube-baseline.",
    [{ group: "policy.networking.k8s.io", version: "v1alpha2", kind: "ClusterNetworkPolicy" }],
    ref(`${CNP}ClusterNetworkPolicySpec`, "What the policy selects and how it acts."),
    IGNORED_STATUS,
  ),
  [`${CNP}ClusterNetworkPolicySpec`]: obj(
    "What a cluster network policy selects and how it acts.",
    {
      tier: str("Admin (before namespace policies) or Baseline (after them).", { enum: ["Admin", "Baseline"] }),
      priority: int("0-1000; lower numbers are evaluated first within the tier."),
      subject: ref(`${CNP}Subject`, "The pods the policy applies to."),
      ingress: list("Rules for traffic to the subject, evaluated in order (at most 25).", ref(`${CNP}IngressRule`)),
      egress: list("Rules for traffic from the subject, evaluated in order (at most 25).", ref(`${CNP}EgressRule`)),
    },
    { required: ["tier", "priority", "subject"] },
  ),
  [`${CNP}Subject`]: obj("Exactly one of namespaces or pods.", {
    namespaces: ref(`${META}LabelSelector`, "Every pod in the namespaces this selects."),
    pods: ref(`${CNP}NamespacedPod`, "Pods selected by namespace and pod selectors."),
  }),
  [`${CNP}NamespacedPod`]: obj(
    "Pods matching podSelector in namespaces matching namespaceSelector (an empty selector selects all).",
    {
      namespaceSelector: ref(`${META}LabelSelector`, "The namespaces to look in."),
      podSelector: ref(`${META}LabelSelector`, "The pods within them."),
    },
    { required: ["namespaceSelector", "podSelector"] },
  ),
  [`${CNP}IngressRule`]: obj(
    "An ingress rule: traffic from any of the peers on any of the protocols gets the action.",
    {
      name: str("An optional name for the rule, for people and logs."),
      action: str("Accept, Deny or Pass (to the next tier).", { enum: ["Accept", "Deny", "Pass"] }),
      from: list("The sources (1-25).", ref(`${CNP}IngressPeer`)),
      protocols: list("Protocols and destination ports matched; missing matches all traffic.", ref(`${CNP}Protocol`)),
    },
    { required: ["action", "from"] },
  ),
  [`${CNP}EgressRule`]: obj(
    "An egress rule: traffic to any of the peers on any of the protocols gets the action.",
    {
      name: str("An optional name for the rule, for people and logs."),
      action: str("Accept, Deny or Pass (to the next tier).", { enum: ["Accept", "Deny", "Pass"] }),
      to: list("The destinations (1-25).", ref(`${CNP}EgressPeer`)),
      protocols: list("Protocols and destination ports matched; missing matches all traffic.", ref(`${CNP}Protocol`)),
    },
    { required: ["action", "to"] },
  ),
  [`${CNP}IngressPeer`]: obj("Exactly one of namespaces or pods.", {
    namespaces: ref(`${META}LabelSelector`, "Every pod in the namespaces this selects."),
    pods: ref(`${CNP}NamespacedPod`, "Pods selected by namespace and pod selectors."),
  }),
  [`${CNP}EgressPeer`]: obj("Exactly one field.", {
    namespaces: ref(`${META}LabelSelector`, "Every pod in the namespaces this selects."),
    pods: ref(`${CNP}NamespacedPod`, "Pods selected by namespace and pod selectors."),
    networks: stringList("CIDRs (at most 25, no duplicates).", { listType: "set" }),
    nodes: ref(`${META}LabelSelector`, "Nodes selected by label (experimental upstream; Calico does not act on it)."),
    domainNames: stringList("Domain names, exact or `*.` wildcards (experimental upstream; Calico does not act on it).", { listType: "set" }),
  }),
  [`${CNP}Protocol`]: obj("Exactly one field: a protocol with an optional destination port, or a named port.", {
    tcp: obj("TCP traffic.", { destinationPort: CNP_PORT }),
    udp: obj("UDP traffic.", { destinationPort: CNP_PORT }),
    sctp: obj("SCTP traffic.", { destinationPort: CNP_PORT }),
    destinationNamedPort: str("A named container port of the destination pods."),
  }),
  [`${CNP}Port`]: obj("Exactly one of number or range.", {
    number: int("A port, 1-65535."),
    range: obj("An inclusive port range.", { start: int("First port, 1-65535."), end: int("Last port, at least start.") }, { required: ["start", "end"] }),
  }),
};

// ---- projectcalico.org/v3 ----

const STAGED_ACTION: Schema = str("What staging does with the policy: Set (default; preview it as written), Delete (preview its removal), Learn or Ignore.", { enum: ["Set", "Delete", "Learn", "Ignore", ""] });
const PORTS_DOC = "Ports: numbers, ranges `\"from:to\"` or named ports. Numeric ports need protocol TCP, UDP or SCTP.";
const ENTITY = (role: string): Schema => ref(`${V3}EntityRule`, `Which ${role} the rule matches; every field given must match.`);

const CALICO_DEFS: Record<string, Definition> = {
  [`${V3}Rule`]: obj(
    "A policy rule: traffic matching every field given gets the action.",
    {
      action: str("What to do with matching traffic: Allow, Deny, Log (and continue) or Pass (to the next tier, or the profiles).", { enum: ["Allow", "Deny", "Log", "Pass"] }),
      ipVersion: int("4 or 6: match only that IP version (required with ICMP fields and some nets)."),
      protocol: intOrString("Protocol name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite) or number 1-255."),
      notProtocol: intOrString("Matches every protocol but this one."),
      icmp: ref(`${V3}ICMPFields`, "ICMP type and code to match (protocol ICMP or ICMPv6)."),
      notICMP: ref(`${V3}ICMPFields`, "ICMP type and code that must not match."),
      source: ENTITY("sources"),
      destination: ENTITY("destinations"),
      http: ref(`${V3}HTTPMatch`, "HTTP methods and paths to match (application layer policy; ingress Allow rules)."),
      metadata: ref(`${V3}RuleMetadata`, "Annotations of the rule, kept for people and tools."),
    },
    { required: ["action"] },
  ),
  [`${V3}EntityRule`]: obj("The source or destination of a rule. Fields are ANDed; `not*` fields negate.", {
    nets: stringList("CIDRs the peer's IP must be in (prefix required, host bits zero)."),
    notNets: stringList("CIDRs the peer's IP must not be in."),
    selector: str(`Endpoints matching this selector. ${SELECTOR_DOC}`),
    notSelector: str("Endpoints not matching this selector."),
    namespaceSelector: str("Endpoints in namespaces matching this selector (`global()` for non-namespaced endpoints)."),
    ports: list(PORTS_DOC, intOrString("A port, a range or a named port.")),
    notPorts: list("Ports that must not match.", intOrString("A port, a range or a named port.")),
    serviceAccounts: ref(`${V3}ServiceAccountMatch`, "Pods running as matching service accounts."),
    services: ref(`${V3}ServiceMatch`, "The endpoints of a Kubernetes Service."),
    domains: stringList("Destination domain names (exact, or one `*` label); egress Allow rules only, not with nets or selector."),
  }),
  [`${V3}ICMPFields`]: obj("ICMP type and code.", {
    type: int("ICMP type, 0-254."),
    code: int("ICMP code, 0-255; needs type."),
  }),
  [`${V3}HTTPMatch`]: obj("HTTP request attributes.", {
    methods: stringList("HTTP methods (GET, PUT…); any of them matches."),
    paths: list("Request paths; any of them matches.", ref(`${V3}HTTPPath`)),
  }),
  [`${V3}HTTPPath`]: obj("One path: exact or prefix.", {
    exact: str("The path must equal this."),
    prefix: str("The path must start with this."),
  }),
  [`${V3}ServiceAccountMatch`]: obj("Service accounts by name and/or selector.", {
    names: stringList("Service account names."),
    selector: str("A selector over service account labels."),
  }),
  [`${V3}ServiceMatch`]: obj(
    "A Kubernetes Service by name.",
    {
      name: str("Name of the Service."),
      namespace: str("Namespace of the Service; defaults to the policy's namespace."),
    },
    { required: ["name"] },
  ),
  [`${V3}RuleMetadata`]: obj("Metadata of a rule.", { annotations: stringMap("Free-form key/value annotations of the rule.") }),
  [`${V3}NetworkPolicySpec`]: policySpec(false, false),
  [`${V3}GlobalNetworkPolicySpec`]: policySpec(true, false),
  [`${V3}StagedNetworkPolicySpec`]: policySpec(false, true),
  [`${V3}StagedGlobalNetworkPolicySpec`]: policySpec(true, true),
  [`${V3}StagedKubernetesNetworkPolicySpec`]: obj(
    "A Kubernetes network policy spec to preview (staged): flow logs show what it would do, nothing is enforced.",
    {
      stagedAction: STAGED_ACTION,
      podSelector: ref(`${META}LabelSelector`, "The pods of the policy's namespace the policy applies to."),
      policyTypes: stringList("Directions the policy isolates: Ingress, Egress or both.", { listType: "atomic" }),
      ingress: list("Traffic allowed to the selected pods.", ref(`${NET}NetworkPolicyIngressRule`), { listType: "atomic" }),
      egress: list("Traffic allowed from the selected pods.", ref(`${NET}NetworkPolicyEgressRule`), { listType: "atomic" }),
    },
    { required: ["podSelector"] },
  ),
  [`${V3}TierSpec`]: obj("A tier: an ordered group of policies evaluated together.", {
    order: num("Position among tiers: lower orders are evaluated first. Tiers without an order come last."),
    defaultAction: str("What happens to traffic that policies of this tier select but no rule decides: Deny (default) or Pass.", { enum: ["Deny", "Pass"] }),
  }),
  [`${V3}NetworkSetSpec`]: obj("Named sets of networks and domains that policies select by label.", {
    nets: stringList("IP addresses and CIDRs in the set."),
    allowedEgressDomains: stringList("Domain names in the set (exact or `*.` wildcards), for egress policy."),
  }),
  [`${V3}HostEndpointSpec`]: obj("A host's network interface that Calico policy protects.", {
    node: str("The node the interface is on."),
    interfaceName: str("The interface (`*` for every interface of the node); needs expectedIPs when empty."),
    expectedIPs: stringList("The IPs of the interface; selectors of other policies use them."),
    profiles: stringList("Calico profiles applied to the endpoint."),
    ports: list("Named ports of the endpoint, for policies that refer to them by name.", ref(`${V3}EndpointPort`)),
  }),
  [`${V3}EndpointPort`]: obj(
    "A named port of a host endpoint.",
    {
      name: str("The name policies use."),
      protocol: intOrString("TCP, UDP or SCTP (name or number)."),
      port: int("The port number, 1-65535."),
    },
    { required: ["name", "protocol", "port"] },
  ),
  [`${V3}IPPoolSpec`]: obj(
    "A range of IP addresses Calico assigns to workloads, with its encapsulation and NAT settings.",
    {
      cidr: str("The pool's range (strictly masked CIDR)."),
      blockSize: int("Prefix length of the blocks handed to nodes (IPv4 default 26, IPv6 122)."),
      ipipMode: str("IP-in-IP encapsulation.", { enum: ["Never", "Always", "CrossSubnet"] }),
      vxlanMode: str("VXLAN encapsulation.", { enum: ["Never", "Always", "CrossSubnet"] }),
      natOutgoing: bool("Masquerade traffic from the pool to destinations outside Calico pools."),
      disabled: bool("When true, no new addresses are assigned from the pool."),
      disableBGPExport: bool("When true, routes of the pool are not advertised over BGP."),
      nodeSelector: str("Nodes that assign addresses from this pool (a selector; default all())."),
      allowedUses: stringList("What the pool may be used for: Workload, Tunnel, LoadBalancer."),
      assignmentMode: str("Automatic (default) or Manual assignment.", { enum: ["Automatic", "Manual"] }),
    },
    { required: ["cidr"] },
  ),
  [`${V3}GlobalAlertSpec`]: obj(
    "An alert raised when a query over flow, DNS, audit or L7 logs matches (Calico Enterprise).",
    {
      type: str("How the alert is evaluated.", { enum: ["UserDefined", "AnomalyDetection", "RuleBased"] }),
      summary: str("A template of the alert's summary line; may use ${field} substitutions."),
      description: str("What the alert means, shown to people."),
      severity: int("1 (lowest) to 100 (highest)."),
      period: str("How often the query runs (a duration, default 5m)."),
      lookback: str("How far back each run looks (a duration, default 10m)."),
      dataSet: str("The logs queried.", { enum: ["audit", "dns", "flows", "l7", "vulnerability", "waf"] }),
      query: str("The selection over the data set; may use ${name} substitutions."),
      aggregateBy: stringList("Fields the matches are grouped by; one alert per group."),
      field: str("The field the metric is computed over."),
      metric: str("The aggregate compared with the threshold.", { enum: ["avg", "max", "min", "sum", "count"] }),
      condition: str("How the metric is compared with the threshold.", { enum: ["eq", "not_eq", "lt", "lte", "gt", "gte"] }),
      threshold: num("The value the metric is compared with."),
      substitutions: list("Named value lists the query refers to as ${name}.", ref(`${V3}GlobalAlertSubstitution`)),
    },
    { required: ["description", "severity"] },
  ),
  [`${V3}GlobalAlertSubstitution`]: obj("A named list of values for a query.", { name: str("The name used in the query."), values: stringList("The values.") }, { required: ["name"] }),
  [`${V3}GlobalThreatFeedSpec`]: obj("A feed of malicious IPs or domains, pulled periodically and usable in policy as a GlobalNetworkSet (Calico Enterprise).", {
    content: str("What the feed lists.", { enum: ["IPSet", "DomainNameSet"] }),
    mode: str("Enabled (default) or Disabled.", { enum: ["Enabled", "Disabled"] }),
    description: str("What the feed is, for people."),
    feedType: str("Builtin or Custom.", { enum: ["Builtin", "Custom"] }),
    globalNetworkSet: obj("When set, the feed's IPs are synced to a GlobalNetworkSet with these labels.", { labels: stringMap("Labels of the synced GlobalNetworkSet.") }),
    pull: obj(
      "Where and how often to fetch the feed.",
      {
        period: str("How often to pull (a duration, default 24h)."),
        http: obj(
          "An HTTP source.",
          {
            format: any("The format of the feed (newline-delimited by default, JSON or CSV with their options)."),
            url: str("The feed's URL."),
            headers: list(
              "HTTP headers sent with each pull.",
              obj("One header; value or valueFrom.", { name: str("Header name."), value: str("Header value."), valueFrom: any("A ConfigMap or Secret key holding the value.") }, { required: ["name"] }),
            ),
          },
          { required: ["url"] },
        ),
      },
      { required: ["http"] },
    ),
  }),
  [`${V3}GlobalThreatFeedStatus`]: obj("What the last syncs of the feed did; written by the server.", {
    lastSuccessfulSync: str("When the feed was last pulled successfully.", { format: "date-time" }),
    lastSuccessfulSearch: str("When the logs were last searched for the feed's entries.", { format: "date-time" }),
    errorConditions: list("Problems of the last attempts.", obj("A problem.", { type: str("The kind of problem."), message: str("What happened.") })),
  }),
  [`${V3}FelixConfigurationSpec`]: obj(
    "Settings of Felix, Calico's per-node agent. Palisade checks the flow-log settings it edits; other Felix settings are kept as written.",
    {
      flowLogsFlushInterval: str("How often flow logs are flushed (a duration such as 15s)."),
      dnsLogsFlushInterval: str("How often DNS logs are flushed (a duration)."),
      l7LogsFlushInterval: str("How often L7 logs are flushed (a duration)."),
      reportingInterval: str("How often Felix reports its status (a duration)."),
      iptablesRefreshInterval: str("How often Felix re-checks its iptables rules (a duration)."),
      routeRefreshInterval: str("How often Felix re-checks its routes (a duration)."),
      flowLogsFileAggregationKindForAllowed: int("How allowed flows are aggregated in flow logs: 0 (none) to 3 (most)."),
      flowLogsFileAggregationKindForDenied: int("How denied flows are aggregated in flow logs: 0 (none) to 3 (most)."),
      dnsLogsFileAggregationKind: int("How DNS logs are aggregated: 0 (none) or 1."),
      flowLogsEnableNetworkSets: bool("Name network sets as flow endpoints in flow logs."),
      flowLogsFileEnabled: bool("Write flow logs to files."),
      flowLogsCollectTcpStats: bool("Collect TCP statistics in flow logs."),
      dnsLogsFileEnabled: bool("Write DNS logs to files."),
      flowLogsEnableHostEndpoint: bool("Log flows of host endpoints."),
      bpfEnabled: bool("Use the eBPF data plane."),
      bpfLogLevel: str("Log level of the eBPF programs: Off, Info or Debug."),
      logSeverityScreen: str("Minimum severity Felix logs to its standard output: Debug, Info, Warning, Error or Fatal."),
      logSeverityFile: str("Minimum severity Felix logs to its log file."),
      floatingIPs: str("Whether Felix programs floating IPs of workloads: Enabled or Disabled.", { enum: ["Enabled", "Disabled"] }),
      defaultEndpointToHostAction: str("What happens to traffic from workloads to their host when no policy decides: Drop, Return or Accept.", { enum: ["Drop", "Return", "Accept"] }),
      failsafeInboundHostPorts: list("Host ports always open inbound, whatever the policy (SSH, BGP, etcd…), so a bad policy cannot cut a node off.", any("A protocol and port.")),
      failsafeOutboundHostPorts: list("Host ports always open outbound, whatever the policy.", any("A protocol and port.")),
      policySyncPathPrefix: str("Directory Felix serves the policy sync API under (for application layer policy)."),
      prometheusMetricsEnabled: bool("Serve Felix's Prometheus metrics."),
      prometheusMetricsPort: int("Port of Felix's Prometheus metrics."),
      vxlanEnabled: bool("Program VXLAN tunnels (normally decided from the IP pools)."),
      wireguardEnabled: bool("Encrypt IPv4 pod traffic between nodes with WireGuard."),
      wireguardEnabledV6: bool("Encrypt IPv6 pod traffic between nodes with WireGuard."),
      healthEnabled: bool("Serve Felix's health endpoint."),
    },
    { preserveUnknown: true },
  ),
};

function policySpec(global: boolean, staged: boolean): Definition {
  const scope = global ? "every endpoint in the cluster (workloads and hosts)" : "workloads of its namespace";
  return obj(
    `${staged ? "A staged (previewed, not enforced) policy" : "A Calico policy"} over ${scope}: an ordered list of rules within a tier.`,
    {
      ...(staged ? { stagedAction: STAGED_ACTION } : {}),
      tier: str("The tier the policy belongs to; defaults to `default`."),
      order: num("Position within the tier: lower orders are evaluated first; policies without an order come last."),
      selector: str(`The endpoints the policy applies to. ${SELECTOR_DOC}`),
      serviceAccountSelector: str("Further restricts the endpoints to pods whose service account matches this selector."),
      ...(global
        ? {
            namespaceSelector: str("Restricts the policy to endpoints in namespaces matching this selector."),
            doNotTrack: bool("Apply the rules before connection tracking (stateless); with no ingress/egress rules the policy is invalid."),
            preDNAT: bool("Apply ingress rules before DNAT (host endpoints); needs ingress only."),
            applyOnForward: bool("Also apply the policy to traffic forwarded through host endpoints."),
          }
        : {}),
      types: stringList("Directions the policy applies to (Ingress, Egress). Defaults from the rules: Ingress, plus Egress when there are egress rules (Egress alone when only egress rules)."),
      ingress: list("Rules for traffic to the selected endpoints, evaluated in order.", ref(`${V3}Rule`)),
      egress: list("Rules for traffic from the selected endpoints, evaluated in order.", ref(`${V3}Rule`)),
      performanceHints: stringList("Hints for the data plane; AssumeNeededOnEveryNode precomputes the policy on every node.", { listType: "set" }),
    },
  );
}

/** The Calico kinds: description, spec definition, status (when the kind has one). */
const CALICO_KINDS: Readonly<Record<string, { readonly description: string; readonly spec: string; readonly status?: string }>> = {
  Tier: { description: "A tier: an ordered group of Calico policies. Tiers are evaluated by order; within a tier, policies by order.", spec: "TierSpec" },
  NetworkPolicy: { description: "A Calico network policy over the workloads of one namespace, in a tier, with ordered Allow/Deny/Pass/Log rules.", spec: "NetworkPolicySpec" },
  GlobalNetworkPolicy: { description: "A cluster-wide Calico network policy over workloads and host endpoints of every namespace, in a tier, with ordered rules.", spec: "GlobalNetworkPolicySpec" },
  StagedNetworkPolicy: { description: "A namespaced Calico policy that is previewed, not enforced: flow logs show what it would do.", spec: "StagedNetworkPolicySpec" },
  StagedGlobalNetworkPolicy: { description: "A cluster-wide Calico policy that is previewed, not enforced: flow logs show what it would do.", spec: "StagedGlobalNetworkPolicySpec" },
  StagedKubernetesNetworkPolicy: { description: "A Kubernetes network policy that is previewed, not enforced: flow logs show what it would do.", spec: "StagedKubernetesNetworkPolicySpec" },
  NetworkSet: { description: "A namespaced set of networks and domains that policies select by label.", spec: "NetworkSetSpec" },
  GlobalNetworkSet: { description: "A cluster-wide set of networks and domains that policies select by label.", spec: "NetworkSetSpec" },
  GlobalAlert: { description: "An alert over flow, DNS, audit or L7 logs (Calico Enterprise).", spec: "GlobalAlertSpec" },
  GlobalThreatFeed: { description: "A feed of malicious IPs or domains (Calico Enterprise).", spec: "GlobalThreatFeedSpec", status: "GlobalThreatFeedStatus" },
  HostEndpoint: { description: "A network interface of a host, protected by Calico policy like a workload.", spec: "HostEndpointSpec" },
  IPPool: { description: "A range of IP addresses Calico assigns to workloads.", spec: "IPPoolSpec" },
  FelixConfiguration: { description: "Settings of Felix, Calico's per-node agent (`default` applies to every node, `node.<name>` to one).", spec: "FelixConfigurationSpec" },
};

function calicoKindDefs(): Record<string, Definition> {
  const out: Record<string, Definition> = {};
  for (const [kind, k] of Object.entries(CALICO_KINDS)) {
    const spec = ref(`${V3}${k.spec}`, "The desired state.");
    const status = k.status !== undefined ? ref(`${V3}${k.status}`, "The observed state; written by the server.") : IGNORED_STATUS;
    out[`${V3}${kind}`] = kindDef(k.description, [{ group: "projectcalico.org", version: "v3", kind }], spec, status);
    // crd.projectcalico.org/v1 stores the same spec (lib/k8s-api/DESIGN.md, version mapping).
    out[`${CRD_V1}${kind}`] = kindDef(k.description, [{ group: "crd.projectcalico.org", version: "v1", kind }], spec, status);
  }
  return out;
}

/** Every definition, by OpenAPI name. */
export const DEFINITIONS: Readonly<Record<string, Definition>> = { ...META_DEFS, ...CORE_DEFS, ...NET_DEFS, ...CNP_DEFS, ...CALICO_DEFS, ...calicoKindDefs() };

/** The definition name of a served kind in a group version, or undefined when it has none. */
export function definitionNameOf(group: string, version: string, wireKind: string): string | undefined {
  for (const [name, d] of Object.entries(DEFINITIONS)) {
    if (d.gvk?.some((g) => g.group === group && g.version === version && g.kind === wireKind) === true) return name;
  }
  return undefined;
}
