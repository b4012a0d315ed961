/**
 * Help texts. They are the user-facing statement of the CLI contract (forms, JSON, exit codes);
 * cli/DESIGN.md says the same at more length. Keep them in step.
 */

const EXIT_CODES = `Exit codes:
  0  success (for simulate: whatever the verdicts; for selector: the selector is valid,
     whether or not it matches)
  1  invalid input: resource documents, cluster or probe file contents, selector syntax
  2  usage error (unknown command or flag, missing argument) or unreadable file
  3  internal error in palisade`;

export const MAIN_HELP = `palisade - Calico and Kubernetes network policy tools

Usage:
  palisade <command> [flags]

Commands:
  validate   Validate Calico / Kubernetes policy resource files
  selector   Parse a Calico selector and match it against labels
  simulate   Judge connection probes against a cluster model and policies
  lint       Find shadowed rules, unselected and duplicate policies, risky staged policies
  help       Show help for a command (palisade help <command>)
  version    Print the version

Flags:
  -h, --help     Show help (also: palisade <command> --help)
  -v, --version  Print the version

${EXIT_CODES}
`;

export const VALIDATE_HELP = `Usage:
  palisade validate -f FILE [-f FILE...]

Validates every YAML or JSON document of each FILE (multi-document YAML with ---) as a
projectcalico.org/v3, crd.projectcalico.org/v1 or networking.k8s.io/v1 resource and reports
each problem with its document, line and field path.

Flags:
  -f, --filename FILE  A file to validate (repeatable)
  -h, --help           Show this help

${EXIT_CODES}
`;

export const SELECTOR_HELP = `Usage:
  palisade selector EXPR [--labels k=v,k2=v2 | --labels-json '{"k":"v"}']
  palisade selector --batch FILE.json

Parses EXPR as a Calico selector (projectcalico.org/v3 syntax) and evaluates it against the
given labels (no labels: an empty label set). Prints one JSON object:
  {"valid": true, "matches": <bool>, "canonical": "<canonical form>"}
  {"valid": false, "error": "<message>", "offset": <character offset>}

--labels takes comma-separated key=value pairs (values cannot contain commas; use
--labels-json for those). --batch reads a JSON array of {"selector": "...", "labels": {...}}
and prints a JSON array of the result objects above, in order.

Flags:
  --labels k=v,...     Labels to match against
  --labels-json JSON   Labels to match against, as a JSON object of strings
  --batch FILE         Evaluate every entry of a JSON batch file
  -h, --help           Show this help

Exit codes:
  0  the selector is valid (matching or not); for --batch: the batch file was well-formed
     (each result says whether its selector is valid)
  1  the selector is invalid (single form), or a batch entry is malformed (not an object
     with a string "selector" and an object of string "labels")
  2  usage error or unreadable batch file
  3  internal error in palisade
`;

export const SIMULATE_HELP = `Usage:
  palisade simulate --cluster CLUSTER.yaml --policies POLICIES.yaml [--policies MORE.yaml]
                    --probes PROBES.json [--format json|ndjson|table] [--trace]

Judges each probe (a connection tuple) as Calico would: egress policy at the source, ingress
policy at the destination, tiers in order, then profiles; plus the pending verdict as if every
staged policy were enforced.

CLUSTER.yaml (YAML or JSON):
  namespaces:    [{name, labels?}]          kubernetes.io/metadata.name is added to labels
  endpoints:     [{namespace, name, labels?, ip? | ips?, serviceAccount?, node?,
                   ports?: [{name, port, protocol?}], profiles?}]
  hostEndpoints: [{name, node?, labels?, ips?, ports?, profiles?}]
  services:      [{namespace, name, selector, clusterIP?, ports: [{name?, port, targetPort?, protocol?}]}]
  serviceAccounts: [{namespace, name, labels?}]
  An endpoint's profiles default to its namespace's profile (kns.<namespace>), which allows
  everything; "profiles: []" means no profile (traffic no policy allows is denied). Endpoints
  without ip get a synthetic address from 10.244.0.0/16 (in list order, skipping addresses
  used elsewhere in the file); namespaces that endpoints name but the file does not list are
  created with no labels but kubernetes.io/metadata.name.

POLICIES.yaml: any number of YAML or JSON documents separated by --- (Tier, NetworkPolicy,
GlobalNetworkPolicy, Staged*, NetworkSet, GlobalNetworkSet, Kubernetes NetworkPolicy, ...; v3
or crd.projectcalico.org/v1). An empty file holds no policies. Invalid documents stop the run.

PROBES.json: a JSON array of
  {"from": REF, "to": REF, "protocol": "TCP"|"UDP"|"SCTP"|"ICMP"|"ICMPv6"|"UDPLite"|1-255,
   "port"?: 1-65535, "sourcePort"?: 1-65535, "icmp"?: {"type": 0-255, "code"?: 0-255}}
  REF is "namespace/pod", "host/NAME" (a host endpoint; see below), {"ip": "203.0.113.7"},
  {"domain": "api.twilio.com", "ip"?: "..."} (destination only), or {"host": "NAME"}.
  An address that belongs to an endpoint of the cluster is that endpoint. "host/NAME" names
  the host endpoint NAME unless the cluster has a pod NAME in a namespace called "host"
  (both: an error; use {"host": "NAME"}). "port" is required for TCP, UDP, SCTP and UDPLite
  (and their numbers 6, 17, 132, 136) and not allowed for other protocols; "icmp" only for
  ICMP/ICMPv6.

Output (json): an array, one object per probe, in order:
  {"from", "to", "port", "protocol", "allowed",
   "egress": {"action", "tier", "policy", "rule", "reason"} | null,
   "ingress": {...} | null,
   "staged": {"allowed", "egress", "ingress"}}
  from/to echo the probe; protocol is the name in Calico's spelling or the number as given;
  egress is null when the source is not a cluster endpoint, ingress when the destination is
  not; tier/policy/rule are null when not applicable (profile decisions). reason is one of
  rule, endOfTier, noPolicy, passedOutOfLastTier. --trace adds "profile" and "trace" to each
  direction. --format ndjson prints the same objects one per line (compact), --format table
  an aligned truth table instead. json and ndjson stream: verdicts are written as probes are
  judged, the probes file is read in pieces (any number of probes in bounded memory; it is
  read twice: every probe is checked before the first verdict is printed).

Flags:
  --cluster FILE     Cluster model (required)
  --policies FILE    Policy resources (repeatable; at least one)
  --probes FILE      Probes (required)
  --format FORMAT    json (default), ndjson or table
  --trace            Add the evaluation trace to the JSON output
  -h, --help         Show this help

${EXIT_CODES}
`;

export const LINT_HELP = `Usage:
  palisade lint --cluster FILE --policies FILE [--policies FILE...] [--probes FILE]
                [--format json|table] [--fail-on info|warning|error|none]

Analyses the policies of the files against the cluster model, as the console's board does:
  shadowed-rule           a rule no packet reaches: an earlier rule of the policy, or of an
                          earlier policy of its tier selecting the same endpoints, matches
                          everything it matches (warning)
  duplicate-policy        same tier, selectors, types and rules as an earlier policy (warning)
  staged-denies-allowed   a staged policy (stagedAction Set or unset) would deny connections
                          allowed today; judged on --probes, else on every pair of endpoints
                          over the destination's declared ports (warning)
  unselected-policy       the selector matches no endpoint (info)
Rules unused in the flow history are reported by the console, which has the flows.
Each finding names the policy, the rule (its 0-based index, as flow logs count) and why.

Flags:
  -c, --cluster FILE    Cluster model (same format as palisade simulate)
  -p, --policies FILE   Policy resources (repeatable)
      --probes FILE     Connections for the staged-policy check (palisade simulate's format)
  -o, --format FORMAT   json (default: {"findings": [...], "summary": {...}}) or table
      --fail-on LEVEL   exit 1 when a finding is at or above LEVEL (default warning; none: never)
  -h, --help            Show this help

Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on, or invalid input
  2  usage error or unreadable file
  3  internal error in palisade
`;

export const HELP_BY_COMMAND: Readonly<Record<string, string>> = {
  validate: VALIDATE_HELP,
  selector: SELECTOR_HELP,
  simulate: SIMULATE_HELP,
  lint: LINT_HELP,
};
