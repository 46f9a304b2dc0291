"""The fetch bench's yardstick: the Describe/List/Get calls xraypath's fetch
makes, made one after another with boto3, every page followed.

Usage: python tools/bench_fetch_boto3.py ENDPOINT_URL REGION

Credentials come from the environment (AWS_ACCESS_KEY_ID, ...). Prints one
line, `boto3 seconds=S calls=N functions=F groups=G`, so the bench can read
the time and check that both sides read the same account.
"""

import sys
import time

import boto3

XRAY_NAME = "xray.{region}.amazonaws.com"


def pages(client, operation, key, **kwargs):
    """Every item of a paged list call."""
    items = []
    for page in client.get_paginator(operation).paginate(**kwargs):
        items.extend(page.get(key, []))
    return items


def covers(zone, name):
    zone = zone.rstrip(".").lower()
    return name == zone or name.endswith("." + zone)


def main():
    endpoint, region = sys.argv[1], sys.argv[2]
    session = boto3.session.Session(region_name=region)
    ec2 = session.client("ec2", endpoint_url=endpoint)
    lam = session.client("lambda", endpoint_url=endpoint)
    iam = session.client("iam", endpoint_url=endpoint)
    r53 = session.client("route53", endpoint_url=endpoint)
    resolver = session.client("route53resolver", endpoint_url=endpoint)
    calls = 0

    started = time.perf_counter()
    vpcs = pages(ec2, "describe_vpcs", "Vpcs")
    for key, op, collection in [
        ("DhcpOptions", "describe_dhcp_options", None),
        ("Subnets", "describe_subnets", None),
        ("RouteTables", "describe_route_tables", None),
        ("InternetGateways", "describe_internet_gateways", None),
        ("NatGateways", "describe_nat_gateways", None),
        ("NetworkAcls", "describe_network_acls", None),
        ("VpcEndpoints", "describe_vpc_endpoints", None),
        ("NetworkInterfaces", "describe_network_interfaces", None),
        ("Reservations", "describe_instances", None),
    ]:
        pages(ec2, op, key)
        calls += 1
    groups = pages(ec2, "describe_security_groups", "SecurityGroups")
    prefix_lists = pages(ec2, "describe_managed_prefix_lists", "PrefixLists")
    functions = pages(lam, "list_functions", "Functions")
    calls += 5

    name = XRAY_NAME.format(region=region)
    for zone in pages(r53, "list_hosted_zones", "HostedZones"):
        if zone.get("Config", {}).get("PrivateZone") and covers(zone["Name"], name):
            r53.get_hosted_zone(Id=zone["Id"])
            r53.list_resource_record_sets(HostedZoneId=zone["Id"])
            calls += 2
    pages(resolver, "list_resolver_rules", "ResolverRules")
    pages(resolver, "list_resolver_rule_associations", "ResolverRuleAssociations")
    calls += 3

    for vpc in vpcs:
        for attribute in ("enableDnsSupport", "enableDnsHostnames"):
            ec2.describe_vpc_attribute(VpcId=vpc["VpcId"], Attribute=attribute)
            calls += 1
    for prefix_list in prefix_lists:
        pages(ec2, "get_managed_prefix_list_entries", "Entries", PrefixListId=prefix_list["PrefixListId"])
        calls += 1

    roles = sorted({f["Role"] for f in functions if f.get("Role")})
    managed = set()
    for arn in roles:
        role = arn.rsplit("/", 1)[-1]
        iam.get_role(RoleName=role)
        for policy in pages(iam, "list_role_policies", "PolicyNames", RoleName=role):
            iam.get_role_policy(RoleName=role, PolicyName=policy)
            calls += 1
        for policy in pages(iam, "list_attached_role_policies", "AttachedPolicies", RoleName=role):
            managed.add(policy["PolicyArn"])
        calls += 3
    for arn in sorted(managed):
        version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
        iam.get_policy_version(PolicyArn=arn, VersionId=version)
        calls += 2
    elapsed = time.perf_counter() - started

    print(f"boto3 seconds={elapsed:.3f} calls={calls} functions={len(functions)} groups={len(groups)}")


if __name__ == "__main__":
    main()
