"""Helpers that build xraypath snapshot JSON by hand (Python stdlib only).

Shared by make_demo.py (the bundled demo account) and make_scenarios.py
(the scenario library). A `Builder` holds one snapshot dict; its methods
append resources in the snapshot format of src/model and return their ids.
Keys are written in the order src/model declares them, so regenerated files
diff cleanly.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent

ALLOW_ALL = {"protocol": "all", "peer": {"cidr": "0.0.0.0/0"}}

DAEMON_WRITE = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow",
    "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
               "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
    "Resource": ["*"]}]}
LOGS = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
    "Resource": "*"}]}
S3_ONLY = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "S3Only", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}


def local(cidr):
    return {"destination": {"cidr": cidr}, "target": "local", "state": "active"}


def default_route(target, state="active"):
    return {"destination": {"cidr": "0.0.0.0/0"}, "target": target, "state": state}


def allow_all_entries():
    return [{"rule_number": 100, "egress": e, "protocol": "all", "action": "allow",
             "cidr": "0.0.0.0/0"} for e in (False, True)]


def https_from(group):
    return {"protocol": "tcp", "ports": {"from": 443, "to": 443}, "peer": {"group": group}}


def port_from(protocol, port, peer):
    """A rule for one port; `peer` is {"group": id} or {"cidr": net}."""
    return {"protocol": protocol, "ports": {"from": port, "to": port}, "peer": peer}


class Builder:
    """One snapshot under construction."""

    def __init__(self, region, account, fetched_at):
        self.region = region
        self.account = account
        self.snap = {
            "schema": 1, "region": region, "account": account,
            "fetched_at": fetched_at,
            "vpcs": [], "dhcp_options": [], "subnets": [], "route_tables": [],
            "internet_gateways": [], "nat_gateways": [], "network_acls": [],
            "security_groups": [], "prefix_lists": [], "vpc_endpoints": [],
            "network_interfaces": [], "functions": [], "roles": [], "instances": [],
            "daemon_declarations": [], "unreadable": [],
        }

    def role_arn(self, name):
        return f"arn:aws:iam::{self.account}:role/{name}"

    def xray_service(self):
        return f"com.amazonaws.{self.region}.xray"

    def vpc(self, key, name, cidr, dns_support=True, dns_hostnames=True, dhcp="dopt-default"):
        """A VPC `vpc-0<key>` with its main route table, default ACL and default group."""
        vid = f"vpc-0{key}"
        self.snap["vpcs"].append({"id": vid, "name": name, "cidr_blocks": [cidr],
                                  "dns_support": dns_support, "dns_hostnames": dns_hostnames,
                                  "dhcp_options_id": dhcp})
        self.snap["route_tables"].append({"id": f"rtb-0{key}main", "vpc_id": vid, "main": True,
                                          "subnet_ids": [], "routes": [local(cidr)]})
        self.snap["network_acls"].append({"id": f"acl-0{key}default", "vpc_id": vid,
                                          "is_default": True, "subnet_ids": [],
                                          "entries": allow_all_entries()})
        self.sg(f"sg-0{key}default", "default", vid, ingress=[], egress=[ALLOW_ALL])
        return vid

    def dhcp(self, did, servers):
        self.snap["dhcp_options"].append({"id": did, "domain_name_servers": servers})
        return did

    def subnet(self, sid, vid, cidr, az, name):
        self.snap["subnets"].append({"id": sid, "vpc_id": vid, "name": name, "cidr": cidr,
                                     "availability_zone": f"{self.region}{az}"})
        return sid

    def sg(self, gid, name, vid, ingress, egress):
        self.snap["security_groups"].append({"id": gid, "name": name, "vpc_id": vid,
                                             "ingress": ingress, "egress": egress})
        return gid

    def endpoint(self, eid, vid, subnets, groups, state="available", private_dns=True,
                 service=None, policy=None):
        """An X-Ray interface endpoint with one interface per subnet."""
        enis = []
        for i, s in enumerate(subnets):
            eni = f"eni-0{eid[6:]}{i}"
            enis.append(eni)
            self.snap["network_interfaces"].append({
                "id": eni, "vpc_id": vid, "subnet_id": s, "private_ips": [],
                "security_group_ids": groups, "interface_type": "vpc_endpoint",
                "description": f"VPC Endpoint Interface {eid}"})
        self.snap["vpc_endpoints"].append({
            "id": eid, "vpc_id": vid, "service_name": service or self.xray_service(),
            "endpoint_type": "Interface", "state": state, "private_dns_enabled": private_dns,
            "subnet_ids": subnets, "security_group_ids": groups, "network_interface_ids": enis,
            "policy": policy})
        return eid

    def table(self, rid, vid, subnets, routes):
        self.snap["route_tables"].append({"id": rid, "vpc_id": vid, "main": False,
                                          "subnet_ids": subnets, "routes": routes})
        return rid

    def acl(self, aid, vid, subnets, entries):
        self.snap["network_acls"].append({"id": aid, "vpc_id": vid, "is_default": False,
                                          "subnet_ids": subnets, "entries": entries})
        return aid

    def internet_gateway(self, gid, vid):
        self.snap["internet_gateways"].append({"id": gid, "attached_vpc_ids": [vid]})
        return gid

    def nat_gateway(self, nid, vid, subnet, state="available"):
        self.snap["nat_gateways"].append({"id": nid, "vpc_id": vid, "subnet_id": subnet,
                                          "state": state, "connectivity": "public"})
        return nid

    def daemon_host(self, eni, vid, subnet, ip, groups, instance, name):
        """A running EC2 instance holding `ip`, where an X-Ray daemon listens."""
        self.snap["instances"].append({"id": instance, "name": name, "state": "running"})
        self.snap["network_interfaces"].append({
            "id": eni, "vpc_id": vid, "subnet_id": subnet, "private_ips": [ip],
            "security_group_ids": groups, "interface_type": "interface",
            "description": "X-Ray daemon host", "instance_id": instance})
        return eni

    def function(self, name, subnets=None, groups=None, role=None, tracing="Active", layers=(),
                 env=None):
        """A function; `role` defaults to `app-role`, `subnets=None` means outside any VPC."""
        self.snap["functions"].append({
            "name": name, "arn": f"arn:aws:lambda:{self.region}:{self.account}:function:{name}",
            "runtime": "python3.12", "role_arn": role or self.role_arn("app-role"),
            "vpc": None if subnets is None else {"subnet_ids": subnets, "security_group_ids": groups},
            "tracing": tracing, "layers": list(layers), "environment": env or {}})
        return name

    def role(self, name, attached=(), inline=()):
        """A role; `attached` and `inline` are (name, arn or None, document) triples."""
        def policy(entry):
            pname, arn, document = entry
            return {"name": pname, "arn": arn, "document": document}
        self.snap["roles"].append({
            "name": name, "arn": self.role_arn(name),
            "inline_policies": [policy(p) for p in inline],
            "attached_policies": [policy(p) for p in attached], "permissions_boundary": None})
        return self.role_arn(name)

    def xray_writer_role(self, name="app-role"):
        """A role with the AWS managed AWSXRayDaemonWriteAccess policy."""
        return self.role(name, attached=[("AWSXRayDaemonWriteAccess",
                                          "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
                                          DAEMON_WRITE)])

    def write(self, path):
        path.write_text(json.dumps(self.snap, indent=1) + "\n")
