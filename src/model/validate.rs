//! Checks a snapshot file's contents hang together: every id once, and
//! every reference pointing at something the file holds (unless the call
//! that would have read it is recorded as unreadable).

use super::{DataSource, Snapshot};
use std::collections::HashSet;

/// The first problem found, with its place in the file
/// (e.g. `subnets[3].vpc_id: vpc-9 is not in vpcs`).
pub fn problem(snapshot: &Snapshot) -> Option<String> {
    duplicates(snapshot).or_else(|| dangling(snapshot))
}

fn duplicates(s: &Snapshot) -> Option<String> {
    fn first_repeat<'a>(list: &'static str, ids: impl Iterator<Item = &'a str>) -> Option<String> {
        let mut seen = HashSet::new();
        ids.enumerate()
            .find(|(_, id)| !seen.insert(*id))
            .map(|(i, id)| format!("{list}[{i}].id: {id} appears twice"))
    }
    first_repeat("vpcs", s.vpcs.iter().map(|v| v.id.as_str()))
        .or_else(|| first_repeat("subnets", s.subnets.iter().map(|v| v.id.as_str())))
        .or_else(|| first_repeat("route_tables", s.route_tables.iter().map(|v| v.id.as_str())))
        .or_else(|| first_repeat("network_acls", s.network_acls.iter().map(|v| v.id.as_str())))
        .or_else(|| {
            first_repeat(
                "security_groups",
                s.security_groups.iter().map(|v| v.id.as_str()),
            )
        })
        .or_else(|| {
            first_repeat(
                "vpc_endpoints",
                s.vpc_endpoints.iter().map(|v| v.id.as_str()),
            )
        })
        .or_else(|| first_repeat("nat_gateways", s.nat_gateways.iter().map(|v| v.id.as_str())))
        .or_else(|| {
            first_repeat(
                "network_interfaces",
                s.network_interfaces.iter().map(|v| v.id.as_str()),
            )
        })
        .or_else(|| {
            first_repeat("functions", s.functions.iter().map(|f| f.name.as_str()))
                .map(|m| m.replace(".id:", ".name:"))
        })
        .or_else(|| {
            first_repeat("roles", s.roles.iter().map(|r| r.arn.as_str()))
                .map(|m| m.replace(".id:", ".arn:"))
        })
}

fn dangling(s: &Snapshot) -> Option<String> {
    let unread = |source| s.unreadable.iter().any(|u| u.source == source);
    let vpcs: HashSet<&str> = s.vpcs.iter().map(|v| v.id.as_str()).collect();
    let subnets: HashSet<&str> = s.subnets.iter().map(|v| v.id.as_str()).collect();

    if !unread(DataSource::Vpcs) {
        let owners = s
            .subnets
            .iter()
            .enumerate()
            .map(|(i, x)| (format!("subnets[{i}].vpc_id"), &x.vpc_id))
            .chain(
                s.route_tables
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("route_tables[{i}].vpc_id"), &x.vpc_id)),
            )
            .chain(
                s.network_acls
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("network_acls[{i}].vpc_id"), &x.vpc_id)),
            )
            .chain(
                s.vpc_endpoints
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("vpc_endpoints[{i}].vpc_id"), &x.vpc_id)),
            );
        for (place, vpc) in owners {
            if !vpcs.contains(vpc.as_str()) {
                return Some(format!("{place}: {vpc} is not in vpcs"));
            }
        }
    }
    if !unread(DataSource::Subnets) {
        let users = s
            .route_tables
            .iter()
            .enumerate()
            .flat_map(|(i, x)| {
                x.subnet_ids
                    .iter()
                    .map(move |id| (format!("route_tables[{i}].subnet_ids"), id))
            })
            .chain(s.network_acls.iter().enumerate().flat_map(|(i, x)| {
                x.subnet_ids
                    .iter()
                    .map(move |id| (format!("network_acls[{i}].subnet_ids"), id))
            }))
            .chain(s.vpc_endpoints.iter().enumerate().flat_map(|(i, x)| {
                x.subnet_ids
                    .iter()
                    .map(move |id| (format!("vpc_endpoints[{i}].subnet_ids"), id))
            }));
        for (place, subnet) in users {
            if !subnets.contains(subnet.as_str()) {
                return Some(format!("{place}: {subnet} is not in subnets"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Subnet, Vpc};

    fn vpc(id: &str) -> Vpc {
        Vpc {
            id: id.into(),
            name: None,
            cidr_blocks: vec![],
            dns_support: Some(true),
            dns_hostnames: Some(true),
            dhcp_options_id: None,
        }
    }

    fn subnet(id: &str, vpc: &str) -> Subnet {
        Subnet {
            id: id.into(),
            vpc_id: vpc.into(),
            name: None,
            cidr: "10.0.0.0/24".parse().expect("cidr"),
            availability_zone: "us-east-1a".into(),
        }
    }

    #[test]
    fn a_repeated_id_is_named_with_its_place() {
        let mut s = Snapshot::new("r", "a");
        s.vpcs = vec![vpc("vpc-1")];
        s.subnets = vec![subnet("subnet-1", "vpc-1"), subnet("subnet-1", "vpc-1")];
        assert_eq!(
            problem(&s).as_deref(),
            Some("subnets[1].id: subnet-1 appears twice")
        );
    }

    #[test]
    fn a_subnet_of_a_missing_vpc_is_dangling() {
        let mut s = Snapshot::new("r", "a");
        s.subnets = vec![subnet("subnet-1", "vpc-9")];
        assert_eq!(
            problem(&s).as_deref(),
            Some("subnets[0].vpc_id: vpc-9 is not in vpcs")
        );
    }

    #[test]
    fn references_into_unreadable_data_are_allowed() {
        let mut s = Snapshot::new("r", "a");
        s.subnets = vec![subnet("subnet-1", "vpc-9")];
        s.unreadable.push(crate::model::Unreadable {
            source: DataSource::Vpcs,
            api: "ec2:DescribeVpcs".into(),
            code: "AccessDenied".into(),
            message: String::new(),
            resource: None,
        });
        assert_eq!(problem(&s), None);
    }
}
