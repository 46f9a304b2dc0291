#!/usr/bin/env python3
"""Writes assets/demo.json: the bundled demo account.

Each function teaches one check of DESIGN.md; the table at the end of this
file names them. Run it after changing the demo, then `cargo test` checks
that every function still gets the verdict and check it is meant to show.
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from snapshot_builders import (  # noqa: E402
    ALLOW_ALL, DAEMON_WRITE, LOGS, ROOT, S3_ONLY, Builder, default_route, https_from, local)

REGION = "us-east-1"
ACCOUNT = "123456789012"
b = Builder(REGION, ACCOUNT, "2026-12-01T09:00:00Z")
snap = b.snap
snap["hosted_zones"] = []
snap["resolver_rules"] = []

ROLE_OK = b.role_arn("app-role")
ROLE_NO_XRAY = b.role_arn("image-role")
ROLE_UNREADABLE = b.role_arn("legacy-cron-role")

# --- DHCP options -----------------------------------------------------------
snap["dhcp_options"] += [
    {"id": "dopt-default", "domain_name_servers": ["AmazonProvidedDNS"]},
    {"id": "dopt-0corp", "domain_name_servers": ["10.9.0.10", "10.9.0.11"]},
]

# --- shop: a healthy endpoint VPC with the usual mistakes around it ---------
shop = b.vpc("a", "shop", "10.0.0.0/16")
for sid, cidr, az, name in [
    ("subnet-0a1", "10.0.1.0/24", "a", "shop-app-a"),
    ("subnet-0a2", "10.0.2.0/24", "b", "shop-app-b"),
    ("subnet-0a3", "10.0.3.0/24", "a", "shop-endpoints-a"),
    ("subnet-0a4", "10.0.4.0/24", "c", "shop-app-c"),
    ("subnet-0a5", "10.0.5.0/24", "b", "shop-endpoints-b"),
    ("subnet-0a6", "10.0.6.0/24", "b", "shop-batch-strict"),
    ("subnet-0a7", "10.0.7.0/24", "a", "shop-ledger"),
]:
    b.subnet(sid, shop, cidr, az, name)
b.sg("sg-0afn", "shop-functions", shop, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0alocked", "payments-locked", shop, ingress=[], egress=[])
b.sg("sg-0aother", "audit-functions", shop, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0aendpoint", "xray-endpoint", shop, ingress=[https_from("sg-0afn"), https_from("sg-0alocked")], egress=[])
b.endpoint("vpce-0a1xray", shop, ["subnet-0a3", "subnet-0a5"], ["sg-0aendpoint"])
snap["network_acls"] += [
    {"id": "acl-0astrict", "vpc_id": shop, "is_default": False, "subnet_ids": ["subnet-0a6"], "entries": [
        {"rule_number": 90, "egress": True, "protocol": "tcp", "action": "deny", "cidr": "10.0.0.0/16",
         "ports": {"from": 443, "to": 443}},
        {"rule_number": 100, "egress": True, "protocol": "all", "action": "allow", "cidr": "0.0.0.0/0"},
        {"rule_number": 100, "egress": False, "protocol": "all", "action": "allow", "cidr": "0.0.0.0/0"}]},
    {"id": "acl-0aledger", "vpc_id": shop, "is_default": False, "subnet_ids": ["subnet-0a7"], "entries": [
        {"rule_number": 100, "egress": True, "protocol": "tcp", "action": "allow", "cidr": "0.0.0.0/0",
         "ports": {"from": 443, "to": 443}},
        {"rule_number": 100, "egress": False, "protocol": "tcp", "action": "allow", "cidr": "10.0.0.0/8",
         "ports": {"from": 22, "to": 22}}]},
]
b.function("checkout-api", ["subnet-0a1", "subnet-0a2"], ["sg-0afn"])
b.function("orders-worker", ["subnet-0a1", "subnet-0a4"], ["sg-0afn"])
b.function("payments-sync", ["subnet-0a1", "subnet-0a2"], ["sg-0alocked"])
b.function("inventory-reports", ["subnet-0a1", "subnet-0a6"], ["sg-0afn"])
b.function("ledger-export", ["subnet-0a7"], ["sg-0afn"])
b.function("audit-trail", ["subnet-0a1", "subnet-0a2"], ["sg-0aother"])
b.function("email-sender", ["subnet-0a2"], ["sg-0afn"], tracing="PassThrough")
b.function("image-resize", ["subnet-0a1"], ["sg-0afn"], role=ROLE_NO_XRAY)
b.function("otel-exporter", ["subnet-0a2"], ["sg-0afn"],
           layers=[f"arn:aws:lambda:{REGION}:901920570463:layer:aws-otel-python-amd64-ver-1-25-0:1"],
           env={"AWS_LAMBDA_EXEC_WRAPPER": "/opt/otel-instrument", "DB_PASSWORD": ""})
b.function("legacy-cron", ["subnet-0a1"], ["sg-0afn"], role=ROLE_UNREADABLE)

# --- analytics: the endpoint policy only lets S3 through --------------------
an = b.vpc("b", "analytics", "10.1.0.0/16")
b.subnet("subnet-0b1", an, "10.1.1.0/24", "a", "analytics-a")
b.sg("sg-0bfn", "analytics-functions", an, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0bendpoint", "xray-endpoint", an, ingress=[https_from("sg-0bfn")], egress=[])
b.endpoint("vpce-0b1xray", an, ["subnet-0b1"], ["sg-0bendpoint"], policy=S3_ONLY)
b.function("analytics-ingest", ["subnet-0b1"], ["sg-0bfn"])

# --- legacy: endpoint with private DNS off, no NAT --------------------------
lg = b.vpc("c", "legacy", "10.2.0.0/16")
b.subnet("subnet-0c1", lg, "10.2.1.0/24", "a", "legacy-a")
b.sg("sg-0cfn", "legacy-functions", lg, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0cendpoint", "xray-endpoint", lg, ingress=[https_from("sg-0cfn")], egress=[])
b.endpoint("vpce-0c1xray", lg, ["subnet-0c1"], ["sg-0cendpoint"], private_dns=False)
b.function("billing-batch", ["subnet-0c1"], ["sg-0cfn"])

# --- data: the VPC resolver is off ------------------------------------------
dt = b.vpc("d", "data", "10.3.0.0/16", dns_support=False)
b.subnet("subnet-0d1", dt, "10.3.1.0/24", "a", "data-a")
b.sg("sg-0dfn", "data-functions", dt, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0dendpoint", "xray-endpoint", dt, ingress=[https_from("sg-0dfn")], egress=[])
b.endpoint("vpce-0d1xray", dt, ["subnet-0d1"], ["sg-0dendpoint"])
b.function("etl-loader", ["subnet-0d1"], ["sg-0dfn"])

# --- platform: NAT gateways, healthy and broken -----------------------------
pf = b.vpc("e", "platform", "10.4.0.0/16")
for sid, cidr, az, name in [
    ("subnet-0e1", "10.4.1.0/24", "a", "platform-public-a"),
    ("subnet-0e2", "10.4.2.0/24", "a", "platform-private-a"),
    ("subnet-0e3", "10.4.3.0/24", "b", "platform-private-b"),
    ("subnet-0e4", "10.4.4.0/24", "a", "platform-igw-routed"),
    ("subnet-0e5", "10.4.5.0/24", "c", "platform-private-c"),
    ("subnet-0e6", "10.4.6.0/24", "c", "platform-isolated-nat"),
    ("subnet-0e7", "10.4.7.0/24", "a", "platform-partner"),
]:
    b.subnet(sid, pf, cidr, az, name)
snap["internet_gateways"].append({"id": "igw-0e1", "attached_vpc_ids": [pf]})
snap["nat_gateways"] += [
    {"id": "nat-0e1ok", "vpc_id": pf, "subnet_id": "subnet-0e1", "state": "available", "connectivity": "public"},
    {"id": "nat-0e2failed", "vpc_id": pf, "subnet_id": "subnet-0e1", "state": "failed", "connectivity": "public"},
    {"id": "nat-0e3stranded", "vpc_id": pf, "subnet_id": "subnet-0e6", "state": "available", "connectivity": "public"},
]
b.table("rtb-0epublic", pf, ["subnet-0e1"], [local("10.4.0.0/16"), default_route({"internet_gateway": "igw-0e1"})])
b.table("rtb-0eprivate", pf, ["subnet-0e2"], [local("10.4.0.0/16"), default_route({"nat_gateway": "nat-0e1ok"})])
b.table("rtb-0efailed", pf, ["subnet-0e3"], [local("10.4.0.0/16"), default_route({"nat_gateway": "nat-0e2failed"}, "blackhole")])
b.table("rtb-0eigw", pf, ["subnet-0e4"], [local("10.4.0.0/16"), default_route({"internet_gateway": "igw-0e1"})])
b.table("rtb-0estranded", pf, ["subnet-0e5"], [local("10.4.0.0/16"), default_route({"nat_gateway": "nat-0e3stranded"})])
b.table("rtb-0epartner", pf, ["subnet-0e7"], [local("10.4.0.0/16"), default_route({"transit_gateway": "tgw-0partner"})])
b.sg("sg-0efn", "platform-functions", pf, ingress=[], egress=[ALLOW_ALL])
b.function("notifications", ["subnet-0e2"], ["sg-0efn"])
b.function("search-indexer", ["subnet-0e3"], ["sg-0efn"])
b.function("webhook-relay", ["subnet-0e4"], ["sg-0efn"])
b.function("thumbnail-gen", ["subnet-0e5"], ["sg-0efn"])
b.function("partner-sync", ["subnet-0e7"], ["sg-0efn"])

# --- reporting: the endpoint is still pending -------------------------------
rp = b.vpc("f", "reporting", "10.5.0.0/16")
b.subnet("subnet-0f1", rp, "10.5.1.0/24", "a", "reporting-a")
b.sg("sg-0ffn", "reporting-functions", rp, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0fendpoint", "xray-endpoint", rp, ingress=[https_from("sg-0ffn")], egress=[])
b.endpoint("vpce-0f1xray", rp, ["subnet-0f1"], ["sg-0fendpoint"], state="pending")
b.function("report-builder", ["subnet-0f1"], ["sg-0ffn"])

# --- ml: DNS hostnames off ---------------------------------------------------
ml = b.vpc("g", "ml", "10.6.0.0/16", dns_hostnames=False)
b.subnet("subnet-0g1", ml, "10.6.1.0/24", "a", "ml-a")
b.sg("sg-0gfn", "ml-functions", ml, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0gendpoint", "xray-endpoint", ml, ingress=[https_from("sg-0gfn")], egress=[])
b.endpoint("vpce-0g1xray", ml, ["subnet-0g1"], ["sg-0gendpoint"])
b.function("model-scorer", ["subnet-0g1"], ["sg-0gfn"])

# --- staging: an endpoint for another region ---------------------------------
st = b.vpc("h", "staging", "10.7.0.0/16")
b.subnet("subnet-0h1", st, "10.7.1.0/24", "a", "staging-a")
b.sg("sg-0hfn", "staging-functions", st, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0hendpoint", "xray-endpoint", st, ingress=[https_from("sg-0hfn")], egress=[])
b.endpoint("vpce-0h1xray", st, ["subnet-0h1"], ["sg-0hendpoint"], service="com.amazonaws.us-west-2.xray")
b.function("staging-api", ["subnet-0h1"], ["sg-0hfn"])

# --- corp: its own name servers ---------------------------------------------
cp = b.vpc("i", "corp", "10.8.0.0/16", dhcp="dopt-0corp")
b.subnet("subnet-0i1", cp, "10.8.1.0/24", "a", "corp-a")
b.sg("sg-0ifn", "corp-functions", cp, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0iendpoint", "xray-endpoint", cp, ingress=[https_from("sg-0ifn")], egress=[])
b.endpoint("vpce-0i1xray", cp, ["subnet-0i1"], ["sg-0iendpoint"])
b.function("hr-portal", ["subnet-0i1"], ["sg-0ifn"])

# --- sandbox: neither endpoint nor NAT --------------------------------------
sb = b.vpc("j", "sandbox", "10.9.0.0/16")
b.subnet("subnet-0j1", sb, "10.9.1.0/24", "a", "sandbox-a")
b.sg("sg-0jfn", "sandbox-functions", sb, ingress=[], egress=[ALLOW_ALL])
b.function("sandbox-experiment", ["subnet-0j1"], ["sg-0jfn"])

# --- workers: functions that send to an X-Ray daemon on an instance ---------
wk = b.vpc("k", "workers", "10.10.0.0/16")
b.subnet("subnet-0k1", wk, "10.10.1.0/24", "a", "workers-functions")
b.subnet("subnet-0k2", wk, "10.10.2.0/24", "a", "workers-daemon")
b.subnet("subnet-0k3", wk, "10.10.3.0/24", "b", "workers-isolated")
b.sg("sg-0kfn", "worker-functions", wk, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0knoegress", "worker-functions-closed", wk, ingress=[], egress=[
    {"protocol": "tcp", "ports": {"from": 443, "to": 443}, "peer": {"cidr": "0.0.0.0/0"}}])
b.sg("sg-0kdaemon", "xray-daemon", wk, egress=[ALLOW_ALL], ingress=[
    {"protocol": "udp", "ports": {"from": 2000, "to": 2000}, "peer": {"group": "sg-0kfn"}},
    {"protocol": "udp", "ports": {"from": 2000, "to": 2000}, "peer": {"group": "sg-0knoegress"}},
    {"protocol": "tcp", "ports": {"from": 2000, "to": 2000}, "peer": {"group": "sg-0kfn"}}])
b.sg("sg-0kdaemonudp", "xray-daemon-udp-only", wk, egress=[ALLOW_ALL], ingress=[
    {"protocol": "udp", "ports": {"from": 2000, "to": 2000}, "peer": {"cidr": "10.10.0.0/16"}}])
b.sg("sg-0kendpoint", "xray-endpoint", wk, ingress=[https_from("sg-0kdaemon"), https_from("sg-0kdaemonudp")], egress=[])
b.endpoint("vpce-0k1xray", wk, ["subnet-0k2"], ["sg-0kendpoint"])
snap["instances"] += [
    {"id": "i-0daemon1", "name": "xray-daemon", "state": "running"},
    {"id": "i-0daemon2", "name": "xray-daemon-sampling-closed", "state": "running"},
    {"id": "i-0daemon3", "name": "xray-daemon-isolated", "state": "running"},
]
for eni, sub, ip, groups, inst in [
    ("eni-0kd1", "subnet-0k2", "10.10.2.10", ["sg-0kdaemon"], "i-0daemon1"),
    ("eni-0kd2", "subnet-0k2", "10.10.2.20", ["sg-0kdaemonudp"], "i-0daemon2"),
    ("eni-0kd3", "subnet-0k3", "10.10.3.10", ["sg-0kdaemon"], "i-0daemon3"),
]:
    snap["network_interfaces"].append({
        "id": eni, "vpc_id": wk, "subnet_id": sub, "private_ips": [ip],
        "security_group_ids": groups, "interface_type": "interface",
        "description": "X-Ray daemon host", "instance_id": inst})
# The isolated daemon's subnet routes nowhere and has no endpoint of its own:
# the endpoint only lives in subnet-0k2, but its group admits the daemon,
# so route it away from the local path with an ACL that drops 443.
snap["network_acls"].append({"id": "acl-0kisolated", "vpc_id": wk, "is_default": False,
    "subnet_ids": ["subnet-0k3"], "entries": [
        {"rule_number": 50, "egress": True, "protocol": "tcp", "action": "deny", "cidr": "0.0.0.0/0",
         "ports": {"from": 443, "to": 443}},
        {"rule_number": 100, "egress": True, "protocol": "all", "action": "allow", "cidr": "0.0.0.0/0"},
        {"rule_number": 100, "egress": False, "protocol": "all", "action": "allow", "cidr": "0.0.0.0/0"}]})
b.function("queue-consumer", ["subnet-0k1"], ["sg-0kfn"], env={"XRAY_DAEMON_ADDRESS": "10.10.2.10:2000"})
b.function("queue-sampler", ["subnet-0k1"], ["sg-0kfn"])
b.function("queue-closed", ["subnet-0k1"], ["sg-0knoegress"], env={"XRAY_DAEMON_ADDRESS": "10.10.2.10:2000"})
b.function("queue-isolated", ["subnet-0k1"], ["sg-0kfn"], env={"XRAY_DAEMON_ADDRESS": "10.10.3.10:2000"})
b.function("queue-orphan", ["subnet-0k1"], ["sg-0kfn"], env={"XRAY_DAEMON_ADDRESS": "10.10.9.9:2000"})
snap["daemon_declarations"].append(
    {"scope": {"function": "queue-sampler"}, "address": "10.10.2.20:2000"})

# --- network: DNS that is not the VPC's own ---------------------------------
# spoke-api: a private zone sends the X-Ray name to a hub VPC's endpoint over
# a peering connection; onprem-sync: a Resolver rule forwards amazonaws.com
# on premises; typo-zone: a zone for us-east-1.amazonaws.com that only holds
# a misspelled record answers NXDOMAIN for the real name.
nw = b.vpc("l", "network", "10.11.0.0/16")
b.subnet("subnet-0l1", nw, "10.11.1.0/24", "a", "spoke-a")
b.subnet("subnet-0l2", nw, "10.11.2.0/24", "a", "onprem-a")
b.subnet("subnet-0l3", nw, "10.11.3.0/24", "a", "typo-a")
b.sg("sg-0lfn", "network-functions", nw, ingress=[], egress=[ALLOW_ALL])
b.table("rtb-0lspoke", nw, ["subnet-0l1"], [local("10.11.0.0/16"),
    {"destination": {"cidr": "10.60.0.0/16"}, "target": {"vpc_peering": "pcx-0hub"}, "state": "active"}])
hub_dns = b.vpc("m", "dns-hub-spoke", "10.12.0.0/16")
b.subnet("subnet-0m1", hub_dns, "10.12.1.0/24", "a", "resolver-a")
b.sg("sg-0mfn", "resolver-functions", hub_dns, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0mendpoint", "xray-endpoint", hub_dns, ingress=[https_from("sg-0mfn")], egress=[])
b.endpoint("vpce-0m1xray", hub_dns, ["subnet-0m1"], ["sg-0mendpoint"])
typo = b.vpc("n", "typo", "10.13.0.0/16")
b.subnet("subnet-0n1", typo, "10.13.1.0/24", "a", "typo-a")
b.sg("sg-0nfn", "typo-functions", typo, ingress=[], egress=[ALLOW_ALL])
b.sg("sg-0nendpoint", "xray-endpoint", typo, ingress=[https_from("sg-0nfn")], egress=[])
b.endpoint("vpce-0n1xray", typo, ["subnet-0n1"], ["sg-0nendpoint"], private_dns=False)
snap["hosted_zones"] += [
    {"id": "Z0HUBXRAY", "name": "xray.us-east-1.amazonaws.com", "vpc_ids": [nw], "records": [
        {"name": "xray.us-east-1.amazonaws.com", "record_type": "A", "values": ["10.60.1.10", "10.60.2.10"]}]},
    {"id": "Z0TYPO", "name": "us-east-1.amazonaws.com", "vpc_ids": [typo], "records": [
        {"name": "xary.us-east-1.amazonaws.com", "record_type": "A", "values": ["10.13.1.50"]}]},
]
snap["resolver_rules"].append({
    "id": "rslvr-rr-0onprem", "name": "forward-aws-to-datacenter", "domain_name": "amazonaws.com",
    "rule_type": "FORWARD", "target_ips": ["192.168.10.53:53", "192.168.11.53:53"], "vpc_ids": [hub_dns]})
b.function("spoke-api", ["subnet-0l1"], ["sg-0lfn"])
b.function("onprem-sync", ["subnet-0m1"], ["sg-0mfn"])
b.function("typo-zone", ["subnet-0n1"], ["sg-0nfn"])

# --- outside any VPC ---------------------------------------------------------
b.function("public-webhook")

# --- roles ------------------------------------------------------------------
snap["roles"] += [
    {"name": "app-role", "arn": ROLE_OK, "inline_policies": [], "permissions_boundary": None,
     "attached_policies": [{"name": "AWSXRayDaemonWriteAccess",
                            "arn": "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
                            "document": DAEMON_WRITE}]},
    {"name": "image-role", "arn": ROLE_NO_XRAY, "attached_policies": [], "permissions_boundary": None,
     "inline_policies": [{"name": "logs-only", "arn": None, "document": LOGS}]},
]
snap["unreadable"].append({
    "source": "roles", "api": "iam:GetRole", "code": "AccessDenied",
    "message": "User: arn:aws:sts::123456789012:assumed-role/auditor/xraypath is not authorized to perform: iam:GetRole on resource: role legacy-cron-role",
    "resource": "legacy-cron-role"})

out = ROOT / "assets" / "demo.json"
b.write(out)
print(f"wrote {out}: {len(snap['functions'])} functions, {len(snap['vpcs'])} VPCs")
