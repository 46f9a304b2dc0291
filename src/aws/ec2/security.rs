//! EC2 security types into [`crate::model`]: security groups (one model
//! rule per peer of each permission), network ACLs and prefix lists.
//! IPv6 ranges and entries are left out: the path to X-Ray is IPv4.

use crate::model::{
    AclAction, AclEntry, NetworkAcl, PortRange, PrefixList, Protocol, RulePeer, SecurityGroup,
    SecurityGroupRule,
};
use aws_sdk_ec2::types::{self as ec2, RuleAction};

/// A security group with its ingress and egress rules flattened.
pub(super) fn security_group(group: &ec2::SecurityGroup) -> Option<SecurityGroup> {
    Some(SecurityGroup {
        id: group.group_id()?.to_owned(),
        name: group.group_name().unwrap_or_default().to_owned(),
        vpc_id: group.vpc_id().unwrap_or_default().to_owned(),
        ingress: group.ip_permissions().iter().flat_map(rules).collect(),
        egress: group
            .ip_permissions_egress()
            .iter()
            .flat_map(rules)
            .collect(),
    })
}

/// One model rule per CIDR, referenced group and prefix list of a permission.
fn rules(permission: &ec2::IpPermission) -> Vec<SecurityGroupRule> {
    let protocol = Protocol::from_api(permission.ip_protocol().unwrap_or("-1"));
    let ports = ports(protocol, permission.from_port(), permission.to_port());
    let rule = |peer: RulePeer, description: Option<&str>| SecurityGroupRule {
        protocol,
        ports,
        peer,
        description: description.filter(|d| !d.is_empty()).map(str::to_owned),
    };

    let cidrs = permission.ip_ranges().iter().filter_map(|range| {
        let cidr = range.cidr_ip()?.parse().ok()?;
        Some(rule(RulePeer::Cidr(cidr), range.description()))
    });
    let groups = permission.user_id_group_pairs().iter().filter_map(|pair| {
        Some(rule(
            RulePeer::Group(pair.group_id()?.to_owned()),
            pair.description(),
        ))
    });
    let prefix_lists = permission.prefix_list_ids().iter().filter_map(|list| {
        let id = list.prefix_list_id()?.to_owned();
        Some(rule(RulePeer::PrefixList(id), list.description()))
    });
    cidrs.chain(groups).chain(prefix_lists).collect()
}

/// The port range of a TCP or UDP rule; every other protocol has none.
/// `-1` or a missing bound means every port.
fn ports(protocol: Protocol, from: Option<i32>, to: Option<i32>) -> Option<PortRange> {
    if !matches!(protocol, Protocol::Tcp | Protocol::Udp) {
        return None;
    }
    let from = u16::try_from(from?).ok()?;
    let to = u16::try_from(to?).ok()?;
    let range = PortRange { from, to };
    (range != PortRange::ALL).then_some(range)
}

/// A network ACL with its IPv4 entries and subnet associations.
pub(super) fn network_acl(acl: &ec2::NetworkAcl) -> Option<NetworkAcl> {
    Some(NetworkAcl {
        id: acl.network_acl_id()?.to_owned(),
        vpc_id: acl.vpc_id()?.to_owned(),
        is_default: acl.is_default().unwrap_or(false),
        subnet_ids: acl
            .associations()
            .iter()
            .filter_map(|a| a.subnet_id())
            .map(str::to_owned)
            .collect(),
        entries: acl.entries().iter().filter_map(acl_entry).collect(),
    })
}

/// One IPv4 ACL entry; the protocol comes as a number (`6`) or `-1`.
fn acl_entry(entry: &ec2::NetworkAclEntry) -> Option<AclEntry> {
    let protocol = Protocol::from_api(entry.protocol().unwrap_or("-1"));
    let port_range = entry.port_range();
    Some(AclEntry {
        rule_number: entry.rule_number()?,
        egress: entry.egress().unwrap_or(false),
        protocol,
        action: match entry.rule_action()? {
            RuleAction::Allow => AclAction::Allow,
            _ => AclAction::Deny,
        },
        cidr: entry.cidr_block()?.parse().ok()?,
        ports: port_range.and_then(|r| ports(protocol, r.from(), r.to())),
    })
}

/// A managed prefix list, IPv4 only; its entries are read separately.
pub(super) fn prefix_list(list: &ec2::ManagedPrefixList) -> Option<PrefixList> {
    if list
        .address_family()
        .is_some_and(|f| !f.eq_ignore_ascii_case("IPv4"))
    {
        return None;
    }
    Some(PrefixList {
        id: list.prefix_list_id()?.to_owned(),
        name: list.prefix_list_name().unwrap_or_default().to_owned(),
        cidrs: Vec::new(),
    })
}
