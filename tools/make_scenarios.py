#!/usr/bin/env python3
"""Writes assets/scenarios/: the scenario library, one small snapshot per lesson.

Every scenario starts from the same lab VPC (two app subnets and two endpoint
subnets, in two availability zones) and changes one thing. SCENARIOS at the
end of this file is the single source of the lesson texts: it writes each
snapshot and assets/scenarios/index.json, which lists file, title, what the
scenario teaches, the function to look at, its verdict and the check id it
shows. After changing it, run this script and then
`cargo test --test scenarios`, which loads every file and asserts each
stated verdict and check. A new file must also be added to the table in
src/scenarios.rs (the test says so when it is missing).
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from snapshot_builders import (  # noqa: E402
    ALLOW_ALL, LOGS, ROOT, S3_ONLY, Builder, default_route, https_from, local, port_from)

REGION = "us-east-1"
ACCOUNT = "111122223333"
FETCHED_AT = "2026-12-01T09:00:00Z"
LAB_CIDR = "10.0.0.0/16"
APP_SUBNETS = ["subnet-0app1", "subnet-0app2"]
ENDPOINT_SUBNETS = ["subnet-0vpce1", "subnet-0vpce2"]


def lab(dns_hostnames=True, dhcp="dopt-default", function_egress=None):
    """The lab VPC every scenario starts from: no way to X-Ray yet."""
    b = Builder(REGION, ACCOUNT, FETCHED_AT)
    b.dhcp("dopt-default", ["AmazonProvidedDNS"])
    vpc = b.vpc("lab", "lab", LAB_CIDR, dns_hostnames=dns_hostnames, dhcp=dhcp)
    b.subnet("subnet-0app1", vpc, "10.0.1.0/24", "a", "app-a")
    b.subnet("subnet-0app2", vpc, "10.0.2.0/24", "b", "app-b")
    b.subnet("subnet-0vpce1", vpc, "10.0.11.0/24", "a", "endpoints-a")
    b.subnet("subnet-0vpce2", vpc, "10.0.12.0/24", "b", "endpoints-b")
    egress = [ALLOW_ALL] if function_egress is None else function_egress
    b.sg("sg-0fn", "app-functions", vpc, ingress=[], egress=egress)
    b.xray_writer_role()
    return b, vpc


def xray_endpoint(b, vpc, admit=("sg-0fn",), **options):
    """An X-Ray endpoint in both endpoint subnets, admitting HTTPS from `admit`."""
    b.sg("sg-0vpce", "xray-endpoint", vpc, ingress=[https_from(g) for g in admit], egress=[])
    return b.endpoint("vpce-0labxray", vpc, ENDPOINT_SUBNETS, ["sg-0vpce"], **options)


def app(b, name, **options):
    return b.function(name, APP_SUBNETS, options.pop("groups", ["sg-0fn"]), **options)


def healthy_endpoint():
    b, vpc = lab()
    xray_endpoint(b, vpc)
    app(b, "orders-api")
    return b


def no_endpoint_no_nat():
    b, _ = lab()
    app(b, "orders-api")
    return b


def private_dns_off():
    b, vpc = lab()
    xray_endpoint(b, vpc, private_dns=False)
    app(b, "orders-api")
    return b


def dns_hostnames_off():
    b, vpc = lab(dns_hostnames=False)
    xray_endpoint(b, vpc)
    app(b, "orders-api")
    return b


def endpoint_group_closed():
    b, vpc = lab()
    b.sg("sg-0batch", "batch-functions", vpc, ingress=[], egress=[ALLOW_ALL])
    xray_endpoint(b, vpc, admit=("sg-0batch",))
    app(b, "orders-api")
    app(b, "nightly-batch", groups=["sg-0batch"])
    return b


def function_egress_closed():
    b, vpc = lab()
    b.sg("sg-0locked", "payments-locked", vpc, ingress=[],
         egress=[port_from("tcp", 5432, {"cidr": "10.0.20.0/24"})])
    xray_endpoint(b, vpc, admit=("sg-0fn", "sg-0locked"))
    app(b, "payments-sync", groups=["sg-0locked"])
    app(b, "orders-api")
    return b


def acl_drops_replies():
    b, vpc = lab()
    xray_endpoint(b, vpc)
    b.acl("acl-0app", vpc, APP_SUBNETS, [
        {"rule_number": 100, "egress": True, "protocol": "tcp", "action": "allow",
         "cidr": "0.0.0.0/0", "ports": {"from": 443, "to": 443}},
        {"rule_number": 100, "egress": False, "protocol": "tcp", "action": "allow",
         "cidr": "10.0.0.0/8", "ports": {"from": 22, "to": 22}}])
    app(b, "ledger-export")
    return b


def nat(b, vpc, internet_route=True):
    """A NAT gateway in the `public` subnet; the app subnets default-route to it."""
    b.subnet("subnet-0public", vpc, "10.0.0.0/24", "a", "public-a")
    b.internet_gateway("igw-0lab", vpc)
    b.nat_gateway("nat-0lab", vpc, "subnet-0public")
    public_routes = [local(LAB_CIDR)]
    if internet_route:
        public_routes.append(default_route({"internet_gateway": "igw-0lab"}))
    b.table("rtb-0public", vpc, ["subnet-0public"], public_routes)
    b.table("rtb-0private", vpc, APP_SUBNETS,
            [local(LAB_CIDR), default_route({"nat_gateway": "nat-0lab"})])


def nat_healthy():
    b, vpc = lab()
    nat(b, vpc)
    app(b, "notifications")
    return b


def nat_without_internet_route():
    b, vpc = lab()
    nat(b, vpc, internet_route=False)
    app(b, "notifications")
    return b


def endpoint_policy_denies():
    b, vpc = lab()
    xray_endpoint(b, vpc, policy=S3_ONLY)
    app(b, "analytics-ingest")
    return b


def role_without_permission():
    b, vpc = lab()
    xray_endpoint(b, vpc)
    role = b.role("image-role", inline=[("logs-only", None, LOGS)])
    app(b, "image-resize", role=role)
    return b


def passthrough():
    b, vpc = lab()
    xray_endpoint(b, vpc)
    app(b, "email-sender", tracing="PassThrough")
    return b


def daemon_host():
    b, vpc = lab()
    b.subnet("subnet-0daemon", vpc, "10.0.3.0/24", "a", "daemon-a")
    b.sg("sg-0daemon", "xray-daemon", vpc, egress=[ALLOW_ALL], ingress=[
        port_from("udp", 2000, {"group": "sg-0fn"}),
        port_from("tcp", 2000, {"group": "sg-0fn"})])
    xray_endpoint(b, vpc, admit=("sg-0daemon",))
    b.daemon_host("eni-0daemon", vpc, "subnet-0daemon", "10.0.3.10", ["sg-0daemon"],
                  "i-0daemon", "xray-daemon")
    app(b, "queue-consumer", env={"AWS_XRAY_DAEMON_ADDRESS": "10.0.3.10:2000"})
    return b


def custom_dns():
    b, vpc = lab(dhcp="dopt-0corp")
    b.dhcp("dopt-0corp", ["10.0.0.10", "10.0.0.11"])
    xray_endpoint(b, vpc)
    app(b, "hr-portal")
    return b


# (file stem, builder, title, what it teaches, function, verdict, check id or None)
SCENARIOS = [
    ("healthy-endpoint", healthy_endpoint, "A healthy X-Ray endpoint",
     "An interface endpoint for com.amazonaws.us-east-1.xray with private DNS on makes "
     "xray.us-east-1.amazonaws.com resolve to private addresses inside the VPC. The "
     "function's group allows HTTPS out, the endpoint's group allows HTTPS in from that "
     "group, and the local route carries the traffic, so no internet access is needed. "
     "Every other scenario breaks this one in a single place.",
     "orders-api", "reachable", None),
    ("no-endpoint-no-nat", no_endpoint_no_nat, "No endpoint and no NAT gateway",
     "Without an endpoint the X-Ray name resolves to public addresses, and the subnet's "
     "route table has only the local route. A Lambda function's interfaces have no public "
     "address, so without a NAT gateway the request has nowhere to go. Add an X-Ray "
     "interface endpoint, or a default route to a NAT gateway.",
     "orders-api", "blocked", "no-route-to-xray"),
    ("private-dns-off", private_dns_off, "Endpoint with private DNS off",
     "The endpoint exists and is available, but with private DNS off the standard name "
     "still resolves to X-Ray's public addresses, and those are what the SDK and the "
     "daemon call. Only the endpoint's own vpce- names would reach it. Turn private DNS "
     "on and the path goes green.",
     "orders-api", "blocked", "endpoint-private-dns-disabled"),
    ("dns-hostnames-off", dns_hostnames_off, "VPC with DNS hostnames off",
     "Endpoint private DNS needs both VPC attributes, enableDnsSupport and "
     "enableDnsHostnames. With hostnames off the endpoint's private zone is not used and "
     "the name resolves publicly, although the endpoint itself is healthy. A VPC "
     "setting, not an endpoint setting, breaks the path.",
     "orders-api", "blocked", "vpc-dns-hostnames-disabled"),
    ("endpoint-group-closed", endpoint_group_closed, "Endpoint group admits another group",
     "Security groups are checked at both ends of the connection. The endpoint's group "
     "admits TCP 443 only from the batch functions' group, so orders-api's requests are "
     "refused at the endpoint while nightly-batch gets through. Allow HTTPS in from every "
     "function group that sends traces, or from the app subnets.",
     "orders-api", "blocked", "endpoint-sg-blocks-https"),
    ("function-egress-closed", function_egress_closed, "Function group without HTTPS egress",
     "Replacing a group's default allow-all egress with a short list is common hardening, "
     "and here the list holds only the database port. The request to the endpoint never "
     "leaves payments-sync, while orders-api beside it still reaches X-Ray. Add egress "
     "for TCP 443 to the endpoint's group or the VPC CIDR.",
     "payments-sync", "blocked", "function-sg-blocks-https"),
    ("acl-drops-replies", acl_drops_replies, "Network ACL drops the replies",
     "Network ACLs are stateless: a rule that lets the request out does not let the "
     "reply in. The endpoint answers on the function's ephemeral port (1024-65535), and "
     "the app subnets' ACL admits only SSH inbound, so every reply is dropped. Add an "
     "inbound allow for TCP 1024-65535 from the endpoint subnets.",
     "ledger-export", "blocked", "nacl-denies-response"),
    ("nat-healthy", nat_healthy, "A healthy NAT gateway",
     "With no endpoint the X-Ray name resolves to public addresses, and the app subnets' "
     "default route sends the request to a NAT gateway. The NAT gateway sits in a public "
     "subnet whose route table points at an attached internet gateway, so the request "
     "reaches X-Ray's public endpoint. It works, but an endpoint would keep the traffic "
     "inside the VPC.",
     "notifications", "reachable", None),
    ("nat-without-internet-route", nat_without_internet_route,
     "NAT gateway without an internet route",
     "A NAT gateway only translates addresses: its own subnet must still route 0.0.0.0/0 "
     "to an attached internet gateway. This one's subnet has only the local route, so "
     "the function's traffic reaches the NAT gateway and goes no further. Add the "
     "default route to the internet gateway in the NAT gateway's subnet.",
     "notifications", "blocked", "nat-subnet-no-internet-route"),
    ("endpoint-policy-denies", endpoint_policy_denies, "Endpoint policy denies X-Ray",
     "An endpoint policy is a second permission check after IAM: the request crosses the "
     "network and is refused by the endpoint. This policy, copied from an S3 endpoint, "
     "allows only s3:*, so xray:PutTraceSegments is denied. Reset it to the default "
     "full-access policy or allow the X-Ray actions.",
     "analytics-ingest", "blocked", "endpoint-policy-denies"),
    ("role-without-permission", role_without_permission, "Role without X-Ray permission",
     "Every network hop passes and X-Ray still rejects the segments, because the "
     "execution role does not allow xray:PutTraceSegments. Turning on Active tracing in "
     "the console adds that permission, but roles written as code often lack it. Attach "
     "the AWSXRayDaemonWriteAccess managed policy.",
     "image-resize", "blocked", "role-missing-xray-permissions"),
    ("passthrough", passthrough, "Tracing mode PassThrough",
     "The path is healthy, but the function's tracing mode is PassThrough: Lambda records "
     "a trace only when the incoming request was already sampled upstream. Invoked "
     "directly or from a source that does not sample, it sends nothing although nothing "
     "is blocked. Set tracing to Active.",
     "email-sender", "reachable", "tracing-not-active"),
    ("daemon-host", daemon_host, "An X-Ray daemon on an instance",
     "AWS_XRAY_DAEMON_ADDRESS in the environment makes the SDK send segments over UDP "
     "port 2000 to an X-Ray daemon on an EC2 instance, not to X-Ray itself. The daemon "
     "host's group must admit UDP (and TCP, for sampling) 2000 from the function, and the "
     "host then needs its own path to X-Ray, here the VPC's endpoint.",
     "queue-consumer", "reachable", None),
    ("custom-dns", custom_dns, "Custom DNS servers",
     "The VPC's DHCP options hand out the company's own name servers instead of "
     "AmazonProvidedDNS. Whether xray.us-east-1.amazonaws.com then resolves to the "
     "endpoint depends on how those servers forward, which xraypath cannot see, so the "
     "verdict is unknown. Forward amazonaws.com to the VPC resolver, or use "
     "AmazonProvidedDNS.",
     "hr-portal", "unknown", "custom-dns-servers"),
]


def main():
    out = ROOT / "assets" / "scenarios"
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for stem, build, title, teaches, function, verdict, check in SCENARIOS:
        file = f"{stem}.json"
        build().write(out / file)
        index.append({"file": file, "title": title, "teaches": teaches,
                      "function": function, "verdict": verdict, "check": check})
    (out / "index.json").write_text(json.dumps(index, indent=1) + "\n")

    # The directory is this script's: a file it no longer writes is stale.
    written = {entry["file"] for entry in index} | {"index.json"}
    for stale in sorted(p for p in out.glob("*.json") if p.name not in written):
        stale.unlink()
        print(f"removed stale {stale.name}")
    print(f"wrote {len(index)} scenarios and index.json to {out}")


if __name__ == "__main__":
    main()
