//! Reads one account and region into a [`Snapshot`]: first every
//! independent list call at once, then the calls that need their ids (DNS
//! attributes per VPC, prefix list entries, the execution roles).

use super::call::{CallFailure, Calls, fan_out};
use super::{AwsError, Progress, ec2, iam, lambda, route53, route53resolver};
use crate::model::{DataSource, Snapshot};
use aws_config::SdkConfig;
use aws_sdk_ec2::types::VpcAttributeName;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc::Sender;

/// How many dependent calls (per VPC, per prefix list, per role) run at once.
const FAN_OUT_LIMIT: usize = 8;

/// Reads every resource the analysis needs from the configured account and
/// region. A denied or failed call is recorded in
/// [`Snapshot::unreadable`](crate::model::Snapshot::unreadable) and the rest
/// goes on; progress of each call is sent on `progress` when given (a full
/// channel drops reports, it never stalls the fetch).
///
/// # Errors
///
/// Only when nothing at all could be read: no or expired credentials, an
/// unreachable endpoint, or every first call denied.
pub async fn fetch_snapshot(
    config: &SdkConfig,
    progress: Option<Sender<Progress>>,
) -> Result<Snapshot, AwsError> {
    let started = Instant::now();
    let region = config.region().ok_or(AwsError::NoRegion)?.to_string();
    let ec2 = aws_sdk_ec2::Client::new(config);
    let lambda = aws_sdk_lambda::Client::new(config);
    let iam = aws_sdk_iam::Client::new(config);
    let route53 = aws_sdk_route53::Client::new(config);
    let resolver = aws_sdk_route53resolver::Client::new(config);
    let xray_name = crate::model::xray_name(&region);
    let calls = Arc::new(Calls::new(progress));

    // Every call here is independent of the others: all of them at once.
    let (
        vpcs,
        dhcp_options,
        subnets,
        route_tables,
        internet_gateways,
        nat_gateways,
        network_acls,
        security_groups,
        prefix_lists,
        vpc_endpoints,
        network_interfaces,
        instances,
        functions,
        hosted_zones,
        resolver_rules,
    ) = tokio::join!(
        calls.run("ec2:DescribeVpcs", DataSource::Vpcs, None, ec2::vpcs(&ec2)),
        calls.run(
            "ec2:DescribeDhcpOptions",
            DataSource::DhcpOptions,
            None,
            ec2::dhcp_options(&ec2)
        ),
        calls.run(
            "ec2:DescribeSubnets",
            DataSource::Subnets,
            None,
            ec2::subnets(&ec2)
        ),
        calls.run(
            "ec2:DescribeRouteTables",
            DataSource::RouteTables,
            None,
            ec2::route_tables(&ec2)
        ),
        calls.run(
            "ec2:DescribeInternetGateways",
            DataSource::InternetGateways,
            None,
            ec2::internet_gateways(&ec2)
        ),
        calls.run(
            "ec2:DescribeNatGateways",
            DataSource::NatGateways,
            None,
            ec2::nat_gateways(&ec2)
        ),
        calls.run(
            "ec2:DescribeNetworkAcls",
            DataSource::NetworkAcls,
            None,
            ec2::network_acls(&ec2)
        ),
        calls.run(
            "ec2:DescribeSecurityGroups",
            DataSource::SecurityGroups,
            None,
            ec2::security_groups(&ec2)
        ),
        calls.run(
            "ec2:DescribeManagedPrefixLists",
            DataSource::PrefixLists,
            None,
            ec2::prefix_lists(&ec2)
        ),
        calls.run(
            "ec2:DescribeVpcEndpoints",
            DataSource::VpcEndpoints,
            None,
            ec2::vpc_endpoints(&ec2)
        ),
        calls.run(
            "ec2:DescribeNetworkInterfaces",
            DataSource::NetworkInterfaces,
            None,
            ec2::network_interfaces(&ec2)
        ),
        calls.run(
            "ec2:DescribeInstances",
            DataSource::Instances,
            None,
            ec2::instances(&ec2)
        ),
        calls.run(
            "lambda:ListFunctions",
            DataSource::Functions,
            None,
            lambda::functions(&lambda)
        ),
        route53::hosted_zones(&calls, &route53, &xray_name, FAN_OUT_LIMIT),
        route53resolver::resolver_rules(&calls, &resolver),
    );
    if let Some(fatal) = calls.fatal() {
        return Err(fatal);
    }

    let vpcs = vpcs.unwrap_or_else(|| ec2::Listed::new(Vec::new()));
    let security_groups = security_groups.unwrap_or_else(|| ec2::Listed::new(Vec::new()));
    let vpc_endpoints = vpc_endpoints.unwrap_or_else(|| ec2::Listed::new(Vec::new()));
    let mut prefix_lists = prefix_lists.unwrap_or_default();
    let functions = functions.unwrap_or_default();
    for (endpoint, why) in &vpc_endpoints.problems {
        let failure = CallFailure::data("InvalidPolicyDocument", why.clone());
        calls.record(
            "ec2:DescribeVpcEndpoints",
            DataSource::VpcEndpoints,
            &[endpoint],
            &failure,
        );
    }
    let account = vpcs
        .owner
        .clone()
        .or_else(|| security_groups.owner.clone())
        .or_else(|| {
            functions
                .iter()
                .find_map(|f| lambda::account_of(&f.arn))
                .map(str::to_owned)
        })
        .unwrap_or_default();

    // The calls that need the ids read above, again all at once.
    let mut role_arns: Vec<String> = Vec::new();
    for function in &functions {
        if !function.role_arn.is_empty() && !role_arns.contains(&function.role_arn) {
            role_arns.push(function.role_arn.clone());
        }
    }
    let vpc_ids: Vec<String> = vpcs.items.iter().map(|v| v.id.clone()).collect();
    let prefix_list_ids: Vec<String> = prefix_lists.iter().map(|p| p.id.clone()).collect();
    let (attributes, entries, roles) = tokio::join!(
        fan_out(vpc_ids, FAN_OUT_LIMIT, |id| {
            let (calls, ec2) = (Arc::clone(&calls), ec2.clone());
            async move { dns_attributes(&calls, &ec2, id).await }
        }),
        fan_out(prefix_list_ids, FAN_OUT_LIMIT, |id| {
            let (calls, ec2) = (Arc::clone(&calls), ec2.clone());
            async move {
                let call = ec2::prefix_list_entries(&ec2, &id);
                let api = "ec2:GetManagedPrefixListEntries";
                let cidrs = calls
                    .run(api, DataSource::PrefixLists, Some(&id), call)
                    .await;
                (id, cidrs)
            }
        }),
        iam::roles(&calls, &iam, role_arns, FAN_OUT_LIMIT),
    );

    let mut vpcs = vpcs.items;
    for (id, dns_support, dns_hostnames) in attributes {
        if let Some(vpc) = vpcs.iter_mut().find(|v| v.id == id) {
            vpc.dns_support = dns_support;
            vpc.dns_hostnames = dns_hostnames;
        }
    }
    for (id, cidrs) in entries {
        if let Some(list) = prefix_lists.iter_mut().find(|p| p.id == id) {
            list.cidrs = cidrs.unwrap_or_default();
        }
    }

    let snapshot = Snapshot {
        fetched_at: now_rfc3339(),
        vpcs,
        dhcp_options: dhcp_options.unwrap_or_default(),
        subnets: subnets.unwrap_or_default(),
        route_tables: route_tables.unwrap_or_default(),
        internet_gateways: internet_gateways.unwrap_or_default(),
        nat_gateways: nat_gateways.unwrap_or_default(),
        network_acls: network_acls.unwrap_or_default(),
        security_groups: security_groups.items,
        prefix_lists,
        vpc_endpoints: vpc_endpoints.items,
        network_interfaces: network_interfaces.unwrap_or_default(),
        instances: instances.unwrap_or_default(),
        functions,
        roles,
        hosted_zones,
        resolver_rules,
        unreadable: calls.take_unreadable(),
        ..Snapshot::new(region, account)
    };
    tracing::info!(
        region = %snapshot.region,
        vpcs = snapshot.vpcs.len(),
        functions = snapshot.functions.len(),
        roles = snapshot.roles.len(),
        unreadable = snapshot.unreadable.len(),
        elapsed_ms = started.elapsed().as_millis(),
        "fetched snapshot"
    );
    Ok(snapshot)
}

/// Both DNS attributes of one VPC; `None` for an attribute not read.
async fn dns_attributes(
    calls: &Calls,
    ec2: &aws_sdk_ec2::Client,
    vpc_id: String,
) -> (String, Option<bool>, Option<bool>) {
    let api = "ec2:DescribeVpcAttribute";
    let source = DataSource::VpcAttributes;
    let (support, hostnames) = tokio::join!(
        calls.run(
            api,
            source,
            Some(&vpc_id),
            ec2::dns_attribute(ec2, &vpc_id, VpcAttributeName::EnableDnsSupport)
        ),
        calls.run(
            api,
            source,
            Some(&vpc_id),
            ec2::dns_attribute(ec2, &vpc_id, VpcAttributeName::EnableDnsHostnames)
        ),
    );
    (vpc_id, support.flatten(), hostnames.flatten())
}

/// The current time as RFC 3339, e.g. `2025-01-31T12:00:00Z`.
fn now_rfc3339() -> Option<String> {
    use aws_sdk_ec2::primitives::{DateTime, DateTimeFormat};
    DateTime::from(std::time::SystemTime::now())
        .fmt(DateTimeFormat::DateTime)
        .ok()
}
