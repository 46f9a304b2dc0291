//! Lookups by id and by association, built once per snapshot so that the
//! analysis never scans a list inside a per-function loop.

use super::{
    DhcpOptions, InternetGateway, NatGateway, NetworkAcl, NetworkInterface, PrefixList, Role,
    RouteTable, SecurityGroup, Snapshot, Subnet, Vpc, VpcEndpoint,
};
use std::collections::HashMap;

/// Borrowed lookups into one [`Snapshot`].
#[derive(Debug)]
pub struct Index<'a> {
    pub snapshot: &'a Snapshot,
    pub vpcs: HashMap<&'a str, &'a Vpc>,
    pub dhcp_options: HashMap<&'a str, &'a DhcpOptions>,
    pub subnets: HashMap<&'a str, &'a Subnet>,
    pub security_groups: HashMap<&'a str, &'a SecurityGroup>,
    pub prefix_lists: HashMap<&'a str, &'a PrefixList>,
    pub nat_gateways: HashMap<&'a str, &'a NatGateway>,
    pub internet_gateways: HashMap<&'a str, &'a InternetGateway>,
    pub network_interfaces: HashMap<&'a str, &'a NetworkInterface>,
    /// Interfaces by each private address they hold.
    pub interface_by_address: HashMap<std::net::Ipv4Addr, &'a NetworkInterface>,
    /// Instances by id.
    pub instances: HashMap<&'a str, &'a super::Instance>,
    /// Roles by ARN.
    pub roles: HashMap<&'a str, &'a Role>,
    /// The explicitly associated table of each subnet.
    pub route_table_of_subnet: HashMap<&'a str, &'a RouteTable>,
    /// Each VPC's main route table.
    pub main_route_table: HashMap<&'a str, &'a RouteTable>,
    /// The explicitly associated ACL of each subnet.
    pub acl_of_subnet: HashMap<&'a str, &'a NetworkAcl>,
    /// Each VPC's default ACL.
    pub default_acl: HashMap<&'a str, &'a NetworkAcl>,
    /// The endpoints of each VPC.
    pub endpoints_of_vpc: HashMap<&'a str, Vec<&'a VpcEndpoint>>,
    /// The NAT gateways of each VPC.
    pub nat_gateways_of_vpc: HashMap<&'a str, Vec<&'a NatGateway>>,
    /// The private hosted zones associated with each VPC.
    pub hosted_zones_of_vpc: HashMap<&'a str, Vec<&'a super::HostedZone>>,
    /// The Resolver rules associated with each VPC.
    pub resolver_rules_of_vpc: HashMap<&'a str, Vec<&'a super::ResolverRule>>,
}

impl<'a> Index<'a> {
    /// Builds every lookup in one pass over each list.
    pub fn new(snapshot: &'a Snapshot) -> Self {
        let by_id = |id: &'a str| id;
        let mut index = Self {
            snapshot,
            vpcs: snapshot.vpcs.iter().map(|v| (by_id(&v.id), v)).collect(),
            dhcp_options: snapshot
                .dhcp_options
                .iter()
                .map(|d| (d.id.as_str(), d))
                .collect(),
            subnets: snapshot
                .subnets
                .iter()
                .map(|s| (s.id.as_str(), s))
                .collect(),
            security_groups: snapshot
                .security_groups
                .iter()
                .map(|g| (g.id.as_str(), g))
                .collect(),
            prefix_lists: snapshot
                .prefix_lists
                .iter()
                .map(|p| (p.id.as_str(), p))
                .collect(),
            nat_gateways: snapshot
                .nat_gateways
                .iter()
                .map(|n| (n.id.as_str(), n))
                .collect(),
            internet_gateways: snapshot
                .internet_gateways
                .iter()
                .map(|g| (g.id.as_str(), g))
                .collect(),
            network_interfaces: snapshot
                .network_interfaces
                .iter()
                .map(|n| (n.id.as_str(), n))
                .collect(),
            interface_by_address: snapshot
                .network_interfaces
                .iter()
                .flat_map(|n| n.private_ips.iter().map(move |ip| (*ip, n)))
                .collect(),
            instances: snapshot
                .instances
                .iter()
                .map(|i| (i.id.as_str(), i))
                .collect(),
            roles: snapshot.roles.iter().map(|r| (r.arn.as_str(), r)).collect(),
            route_table_of_subnet: HashMap::new(),
            main_route_table: HashMap::new(),
            acl_of_subnet: HashMap::new(),
            default_acl: HashMap::new(),
            endpoints_of_vpc: HashMap::new(),
            nat_gateways_of_vpc: HashMap::new(),
            hosted_zones_of_vpc: HashMap::new(),
            resolver_rules_of_vpc: HashMap::new(),
        };

        for table in &snapshot.route_tables {
            if table.main {
                index.main_route_table.insert(&table.vpc_id, table);
            }
            for subnet in &table.subnet_ids {
                index.route_table_of_subnet.insert(subnet, table);
            }
        }
        for acl in &snapshot.network_acls {
            if acl.is_default {
                index.default_acl.insert(&acl.vpc_id, acl);
            }
            for subnet in &acl.subnet_ids {
                index.acl_of_subnet.insert(subnet, acl);
            }
        }
        for endpoint in &snapshot.vpc_endpoints {
            index
                .endpoints_of_vpc
                .entry(&endpoint.vpc_id)
                .or_default()
                .push(endpoint);
        }
        for nat in &snapshot.nat_gateways {
            index
                .nat_gateways_of_vpc
                .entry(&nat.vpc_id)
                .or_default()
                .push(nat);
        }
        for zone in &snapshot.hosted_zones {
            for vpc in &zone.vpc_ids {
                index.hosted_zones_of_vpc.entry(vpc).or_default().push(zone);
            }
        }
        for rule in &snapshot.resolver_rules {
            for vpc in &rule.vpc_ids {
                index
                    .resolver_rules_of_vpc
                    .entry(vpc)
                    .or_default()
                    .push(rule);
            }
        }
        index
    }

    /// The route table that decides a subnet's traffic: its explicit
    /// association, else the VPC's main table.
    pub fn route_table_for(&self, subnet: &Subnet) -> Option<&'a RouteTable> {
        self.route_table_of_subnet
            .get(subnet.id.as_str())
            .or_else(|| self.main_route_table.get(subnet.vpc_id.as_str()))
            .copied()
    }

    /// The ACL of a subnet: its association, else the VPC's default ACL.
    pub fn network_acl_for(&self, subnet: &Subnet) -> Option<&'a NetworkAcl> {
        self.acl_of_subnet
            .get(subnet.id.as_str())
            .or_else(|| self.default_acl.get(subnet.vpc_id.as_str()))
            .copied()
    }

    /// The VPC a function lives in, taken from its first known subnet.
    pub fn vpc_of_subnets(&self, subnet_ids: &[String]) -> Option<&'a Vpc> {
        subnet_ids
            .iter()
            .find_map(|id| self.subnets.get(id.as_str()))
            .and_then(|subnet| self.vpcs.get(subnet.vpc_id.as_str()))
            .copied()
    }
}
