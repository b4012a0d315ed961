"""Watches namespaces through /k8s with the official Python client (which sends `watch=True`).

Reads PALISADE_K8S_URL and PALISADE_K8S_TOKEN; prints READY once the watch is open-ended, then
one line per event (`EVENT <type> <name>`), and exits 0 when it sees namespace `py-watched`
ADDED, or 3 when its own timeout ends the watch first.
"""
import os
import sys

import urllib3
from kubernetes import client, watch

urllib3.disable_warnings()
config = client.Configuration()
config.host = os.environ["PALISADE_K8S_URL"]
config.api_key = {"authorization": "Bearer " + os.environ["PALISADE_K8S_TOKEN"]}
config.verify_ssl = False
api = client.CoreV1Api(client.ApiClient(config))

listed = api.list_namespace()
print("LISTED", len(listed.items), flush=True)
print("READY", flush=True)
w = watch.Watch()
for event in w.stream(api.list_namespace, resource_version=listed.metadata.resource_version, timeout_seconds=20):
    name = event["object"].metadata.name
    print("EVENT", event["type"], name, flush=True)
    if event["type"] == "ADDED" and name == "py-watched":
        w.stop()
        sys.exit(0)
sys.exit(3)
