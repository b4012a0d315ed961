"""Creates, lists and refuses objects through /k8s with the official Python client.

Reads PALISADE_K8S_URL and PALISADE_K8S_TOKEN; prints one JSON object per check on its own line
(`{"check": name, ...}`) for the test to assert on, and exits 0.
"""
import json
import os

import urllib3
from kubernetes import client
from kubernetes.client.rest import ApiException

urllib3.disable_warnings()
config = client.Configuration()
config.host = os.environ["PALISADE_K8S_URL"]
config.api_key = {"authorization": "Bearer " + os.environ["PALISADE_K8S_TOKEN"]}
config.verify_ssl = False
api_client = client.ApiClient(config)
core = client.CoreV1Api(api_client)
net = client.NetworkingV1Api(api_client)
custom = client.CustomObjectsApi(api_client)


def report(check, **fields):
    print(json.dumps({"check": check, **fields}), flush=True)


def failure(e):
    body = json.loads(e.body)
    causes = (body.get("details") or {}).get("causes") or []
    return {"status": e.status, "reason": body.get("reason"), "message": body.get("message"), "causes": [c.get("reason") for c in causes]}


page = core.list_pod_for_all_namespaces(limit=2)
report("paged", items=len(page.items), remaining=page.metadata.remaining_item_count, more=bool(page.metadata._continue))

policy = client.V1NetworkPolicy(
    metadata=client.V1ObjectMeta(name="py-egress"),
    spec=client.V1NetworkPolicySpec(pod_selector=client.V1LabelSelector(), egress=[client.V1NetworkPolicyEgressRule()]),
)
made = net.create_namespaced_network_policy("default", policy)
report("policyTypes", value=made.spec.policy_types)

ns = core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name="py-made")))
report("namespace", phase=ns.status.phase, finalizers=ns.spec.finalizers)

bad = client.V1NetworkPolicy(
    metadata=client.V1ObjectMeta(name="py-bad"),
    spec=client.V1NetworkPolicySpec(pod_selector=client.V1LabelSelector(), policy_types=["Sideways"]),
)
try:
    net.create_namespaced_network_policy("default", bad)
    report("invalid", status=201)
except ApiException as e:
    report("invalid", **failure(e))

gnp = {"apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkPolicy", "metadata": {"name": "py-gnp"}, "spec": {"selector": "all()", "colour": "red"}}
try:
    # This client release has no field_validation argument: the query parameter is sent as is.
    api_client.call_api(
        "/apis/projectcalico.org/v3/globalnetworkpolicies", "POST", query_params=[("fieldValidation", "Strict")], body=gnp,
        header_params={"Content-Type": "application/json", "Accept": "application/json"}, auth_settings=["BearerToken"], response_type="object",
    )
    report("strict", status=201)
except ApiException as e:
    report("strict", **failure(e))

listed = custom.list_cluster_custom_object("projectcalico.org", "v3", "tiers")
rv = listed["metadata"]["resourceVersion"]
exact = custom.list_cluster_custom_object("projectcalico.org", "v3", "tiers", resource_version=rv, resource_version_match="Exact")
report("exact", same=exact["metadata"]["resourceVersion"] == rv)
try:
    custom.list_cluster_custom_object("projectcalico.org", "v3", "tiers", resource_version="1", resource_version_match="Exact")
    report("expired", status=200)
except ApiException as e:
    report("expired", **failure(e))
