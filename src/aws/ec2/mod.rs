//! EC2 reads: VPCs and their DNS attributes, DHCP options, subnets, route
//! tables, gateways, network ACLs, security groups, prefix lists, VPC
//! endpoints and network interfaces. Every list is paged to the end; the
//! conversions into [`crate::model`] live in `network` and `security`.

mod network;
mod security;

use super::call::{CallFailure, Items, failure};
use crate::model;
use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::VpcAttributeName;

/// A list read, with the account that owns its items when they say.
#[derive(Debug)]
pub(super) struct Listed<T> {
    pub items: Vec<T>,
    pub owner: Option<String>,
    /// Items that were read but only partly understood: `(id, why)`.
    pub problems: Vec<(String, String)>,
}

impl<T> Listed<T> {
    pub(super) fn new(items: Vec<T>) -> Self {
        Self {
            items,
            owner: None,
            problems: Vec::new(),
        }
    }
}

impl<T> Items for Listed<T> {
    fn items(&self) -> usize {
        self.items.len()
    }
}

/// `ec2:DescribeVpcs`; the DNS attributes are read separately.
pub(super) async fn vpcs(client: &Client) -> Result<Listed<model::Vpc>, CallFailure> {
    let vpcs = client
        .describe_vpcs()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    let mut listed = Listed::new(vpcs.iter().filter_map(network::vpc).collect());
    listed.owner = vpcs.iter().find_map(|v| v.owner_id()).map(str::to_owned);
    Ok(listed)
}

/// `ec2:DescribeVpcAttribute` for one of the two DNS attributes.
pub(super) async fn dns_attribute(
    client: &Client,
    vpc_id: &str,
    attribute: VpcAttributeName,
) -> Result<Option<bool>, CallFailure> {
    let output = client
        .describe_vpc_attribute()
        .vpc_id(vpc_id)
        .attribute(attribute.clone())
        .send()
        .await
        .map_err(|err| failure(&err))?;
    let value = match attribute {
        VpcAttributeName::EnableDnsSupport => output.enable_dns_support(),
        VpcAttributeName::EnableDnsHostnames => output.enable_dns_hostnames(),
        _ => None,
    };
    Ok(value.and_then(|v| v.value()))
}

/// `ec2:DescribeDhcpOptions`.
pub(super) async fn dhcp_options(client: &Client) -> Result<Vec<model::DhcpOptions>, CallFailure> {
    let sets = client
        .describe_dhcp_options()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(sets.iter().filter_map(network::dhcp_options).collect())
}

/// `ec2:DescribeSubnets`.
pub(super) async fn subnets(client: &Client) -> Result<Vec<model::Subnet>, CallFailure> {
    let subnets = client
        .describe_subnets()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(subnets.iter().filter_map(network::subnet).collect())
}

/// `ec2:DescribeRouteTables`.
pub(super) async fn route_tables(client: &Client) -> Result<Vec<model::RouteTable>, CallFailure> {
    let tables = client
        .describe_route_tables()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(tables.iter().filter_map(network::route_table).collect())
}

/// `ec2:DescribeInternetGateways`.
pub(super) async fn internet_gateways(
    client: &Client,
) -> Result<Vec<model::InternetGateway>, CallFailure> {
    let gateways = client
        .describe_internet_gateways()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(gateways
        .iter()
        .filter_map(network::internet_gateway)
        .collect())
}

/// `ec2:DescribeNatGateways`.
pub(super) async fn nat_gateways(client: &Client) -> Result<Vec<model::NatGateway>, CallFailure> {
    let gateways = client
        .describe_nat_gateways()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(gateways.iter().filter_map(network::nat_gateway).collect())
}

/// `ec2:DescribeNetworkAcls`.
pub(super) async fn network_acls(client: &Client) -> Result<Vec<model::NetworkAcl>, CallFailure> {
    let acls = client
        .describe_network_acls()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(acls.iter().filter_map(security::network_acl).collect())
}

/// `ec2:DescribeSecurityGroups`.
pub(super) async fn security_groups(
    client: &Client,
) -> Result<Listed<model::SecurityGroup>, CallFailure> {
    let groups = client
        .describe_security_groups()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    let mut listed = Listed::new(groups.iter().filter_map(security::security_group).collect());
    listed.owner = groups.iter().find_map(|g| g.owner_id()).map(str::to_owned);
    Ok(listed)
}

/// `ec2:DescribeManagedPrefixLists`: the IPv4 lists, entries still empty.
pub(super) async fn prefix_lists(client: &Client) -> Result<Vec<model::PrefixList>, CallFailure> {
    let lists = client
        .describe_managed_prefix_lists()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(lists.iter().filter_map(security::prefix_list).collect())
}

/// `ec2:GetManagedPrefixListEntries`: one list's IPv4 CIDRs.
pub(super) async fn prefix_list_entries(
    client: &Client,
    prefix_list_id: &str,
) -> Result<Vec<ipnet::Ipv4Net>, CallFailure> {
    let entries = client
        .get_managed_prefix_list_entries()
        .prefix_list_id(prefix_list_id)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(entries
        .iter()
        .filter_map(|e| e.cidr())
        .filter_map(|cidr| cidr.parse().ok())
        .collect())
}

/// `ec2:DescribeVpcEndpoints`; a policy that is not JSON is a problem.
pub(super) async fn vpc_endpoints(
    client: &Client,
) -> Result<Listed<model::VpcEndpoint>, CallFailure> {
    let endpoints = client
        .describe_vpc_endpoints()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;

    let mut listed = Listed::new(Vec::new());
    for (endpoint, policy_error) in endpoints.iter().filter_map(network::vpc_endpoint) {
        if let Some(why) = policy_error {
            listed.problems.push((endpoint.id.clone(), why));
        }
        listed.items.push(endpoint);
    }
    Ok(listed)
}

/// `ec2:DescribeNetworkInterfaces`.
pub(super) async fn network_interfaces(
    client: &Client,
) -> Result<Vec<model::NetworkInterface>, CallFailure> {
    let interfaces = client
        .describe_network_interfaces()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(interfaces
        .iter()
        .filter_map(network::network_interface)
        .collect())
}

/// `ec2:DescribeInstances`: ids, `Name` tags and states, to name a daemon host.
pub(super) async fn instances(client: &Client) -> Result<Vec<model::Instance>, CallFailure> {
    let reservations = client
        .describe_instances()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|err| failure(&err))?;
    Ok(reservations
        .iter()
        .flat_map(|r| r.instances())
        .filter_map(|instance| {
            Some(model::Instance {
                id: instance.instance_id()?.to_owned(),
                name: instance
                    .tags()
                    .iter()
                    .find(|t| t.key() == Some("Name"))
                    .and_then(|t| t.value())
                    .map(str::to_owned),
                state: instance
                    .state()
                    .and_then(|s| s.name())
                    .map_or_else(|| "unknown".to_owned(), |n| n.as_str().to_owned()),
            })
        })
        .collect())
}
