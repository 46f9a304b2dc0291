//! EC2 network types into [`crate::model`]: one function per type, each
//! returning `None` when the item lacks an id the model cannot do without.

use crate::model::{
    DhcpOptions, InternetGateway, NatGateway, NetworkInterface, Route, RouteDestination,
    RouteState, RouteTable, RouteTarget, Subnet, Vpc, VpcEndpoint,
};
use aws_sdk_ec2::types::{self as ec2, AttachmentStatus, VpcCidrBlockStateCode};
use ipnet::Ipv4Net;

/// The `Name` tag, if any.
fn name_tag(tags: &[ec2::Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.key() == Some("Name"))
        .and_then(|t| t.value())
        .map(str::to_owned)
}

/// A VPC with its associated IPv4 blocks; DNS attributes are filled later.
pub(super) fn vpc(vpc: &ec2::Vpc) -> Option<Vpc> {
    let mut cidr_blocks: Vec<Ipv4Net> = vpc
        .cidr_block_association_set()
        .iter()
        .filter(|a| {
            a.cidr_block_state()
                .and_then(|s| s.state())
                .is_none_or(|s| *s == VpcCidrBlockStateCode::Associated)
        })
        .filter_map(|a| a.cidr_block()?.parse().ok())
        .collect();
    if let Some(primary) = vpc.cidr_block().and_then(|c| c.parse().ok())
        && !cidr_blocks.contains(&primary)
    {
        cidr_blocks.insert(0, primary);
    }

    Some(Vpc {
        id: vpc.vpc_id()?.to_owned(),
        name: name_tag(vpc.tags()),
        cidr_blocks,
        dns_support: None,
        dns_hostnames: None,
        // `default` means no option set: AmazonProvidedDNS.
        dhcp_options_id: vpc
            .dhcp_options_id()
            .filter(|id| *id != "default")
            .map(str::to_owned),
    })
}

/// A DHCP option set's name servers.
pub(super) fn dhcp_options(options: &ec2::DhcpOptions) -> Option<DhcpOptions> {
    let domain_name_servers = options
        .dhcp_configurations()
        .iter()
        .filter(|c| c.key() == Some("domain-name-servers"))
        .flat_map(|c| c.values())
        .filter_map(|v| v.value())
        .map(str::to_owned)
        .collect();
    Some(DhcpOptions {
        id: options.dhcp_options_id()?.to_owned(),
        domain_name_servers,
    })
}

/// A subnet; IPv6-only subnets (no IPv4 block) are left out.
pub(super) fn subnet(subnet: &ec2::Subnet) -> Option<Subnet> {
    Some(Subnet {
        id: subnet.subnet_id()?.to_owned(),
        vpc_id: subnet.vpc_id()?.to_owned(),
        name: name_tag(subnet.tags()),
        cidr: subnet.cidr_block()?.parse().ok()?,
        availability_zone: subnet.availability_zone().unwrap_or_default().to_owned(),
    })
}

/// A route table with its subnet associations and IPv4 routes.
pub(super) fn route_table(table: &ec2::RouteTable) -> Option<RouteTable> {
    let associations = table.associations();
    Some(RouteTable {
        id: table.route_table_id()?.to_owned(),
        vpc_id: table.vpc_id()?.to_owned(),
        main: associations.iter().any(|a| a.main() == Some(true)),
        subnet_ids: associations
            .iter()
            .filter_map(|a| a.subnet_id())
            .map(str::to_owned)
            .collect(),
        routes: table.routes().iter().filter_map(route).collect(),
    })
}

/// One IPv4 route (IPv6 routes have neither a CIDR nor a prefix list).
fn route(route: &ec2::Route) -> Option<Route> {
    let destination = if let Some(cidr) = route.destination_cidr_block() {
        RouteDestination::Cidr(cidr.parse().ok()?)
    } else {
        RouteDestination::PrefixList(route.destination_prefix_list_id()?.to_owned())
    };
    let state = match route.state() {
        Some(ec2::RouteState::Blackhole) => RouteState::Blackhole,
        _ => RouteState::Active,
    };
    Some(Route {
        destination,
        target: route_target(route)?,
        state,
    })
}

/// Where a route sends traffic; the most specific target field wins
/// (an instance route also names the instance's interface).
fn route_target(route: &ec2::Route) -> Option<RouteTarget> {
    let owned = |id: &str| id.to_owned();
    let target = if let Some(id) = route.nat_gateway_id() {
        RouteTarget::NatGateway(owned(id))
    } else if let Some(id) = route.transit_gateway_id() {
        RouteTarget::TransitGateway(owned(id))
    } else if let Some(id) = route.vpc_peering_connection_id() {
        RouteTarget::VpcPeering(owned(id))
    } else if let Some(id) = route.egress_only_internet_gateway_id() {
        RouteTarget::EgressOnlyInternetGateway(owned(id))
    } else if let Some(id) = route.instance_id() {
        RouteTarget::Instance(owned(id))
    } else if let Some(id) = route.network_interface_id() {
        RouteTarget::NetworkInterface(owned(id))
    } else if let Some(id) = route.gateway_id() {
        gateway_target(id)
    } else if let Some(id) = route
        .local_gateway_id()
        .or(route.carrier_gateway_id())
        .or(route.core_network_arn())
    {
        RouteTarget::Other(owned(id))
    } else {
        return None;
    };
    Some(target)
}

/// `GatewayId` holds several kinds of gateway, told apart by prefix.
fn gateway_target(id: &str) -> RouteTarget {
    let id_owned = id.to_owned();
    if id == "local" {
        RouteTarget::Local
    } else if id.starts_with("igw-") {
        RouteTarget::InternetGateway(id_owned)
    } else if id.starts_with("vpce-") {
        RouteTarget::VpcEndpoint(id_owned)
    } else if id.starts_with("vgw-") {
        RouteTarget::VirtualPrivateGateway(id_owned)
    } else if id.starts_with("eigw-") {
        RouteTarget::EgressOnlyInternetGateway(id_owned)
    } else {
        RouteTarget::Other(id_owned)
    }
}

/// An internet gateway and the VPCs it is attached to (an internet
/// gateway's attachment reads `available` once attached).
pub(super) fn internet_gateway(gateway: &ec2::InternetGateway) -> Option<InternetGateway> {
    let attached_vpc_ids = gateway
        .attachments()
        .iter()
        .filter(|a| {
            a.state().is_none_or(|s| {
                matches!(s, AttachmentStatus::Attached) || s.as_str() == "available"
            })
        })
        .filter_map(|a| a.vpc_id())
        .map(str::to_owned)
        .collect();
    Some(InternetGateway {
        id: gateway.internet_gateway_id()?.to_owned(),
        attached_vpc_ids,
    })
}

/// A NAT gateway; state and connectivity as AWS spells them, lowercase.
pub(super) fn nat_gateway(gateway: &ec2::NatGateway) -> Option<NatGateway> {
    Some(NatGateway {
        id: gateway.nat_gateway_id()?.to_owned(),
        vpc_id: gateway.vpc_id()?.to_owned(),
        subnet_id: gateway.subnet_id().unwrap_or_default().to_owned(),
        state: gateway
            .state()
            .map_or("unknown", |s| s.as_str())
            .to_ascii_lowercase(),
        connectivity: gateway
            .connectivity_type()
            .map_or("public", |c| c.as_str())
            .to_ascii_lowercase(),
    })
}

/// A VPC endpoint, with the reason its policy could not be parsed if so.
pub(super) fn vpc_endpoint(endpoint: &ec2::VpcEndpoint) -> Option<(VpcEndpoint, Option<String>)> {
    let (policy, policy_error) = match endpoint.policy_document() {
        None => (None, None),
        Some(text) => match super::super::policy_document(text) {
            Ok(document) => (Some(document), None),
            Err(why) => (None, Some(why)),
        },
    };
    let converted = VpcEndpoint {
        id: endpoint.vpc_endpoint_id()?.to_owned(),
        vpc_id: endpoint.vpc_id()?.to_owned(),
        service_name: endpoint.service_name().unwrap_or_default().to_owned(),
        endpoint_type: endpoint
            .vpc_endpoint_type()
            .map_or("Interface", |t| t.as_str())
            .to_owned(),
        // The SDK's enum spells states `Available`; the API sends `available`.
        state: endpoint
            .state()
            .map_or("unknown", |s| s.as_str())
            .to_ascii_lowercase(),
        private_dns_enabled: endpoint.private_dns_enabled().unwrap_or(false),
        subnet_ids: endpoint.subnet_ids().to_vec(),
        security_group_ids: endpoint
            .groups()
            .iter()
            .filter_map(|g| g.group_id())
            .map(str::to_owned)
            .collect(),
        network_interface_ids: endpoint.network_interface_ids().to_vec(),
        policy,
    };
    Some((converted, policy_error))
}

/// A network interface with its IPv4 addresses and groups.
pub(super) fn network_interface(interface: &ec2::NetworkInterface) -> Option<NetworkInterface> {
    let mut private_ips: Vec<_> = interface
        .private_ip_addresses()
        .iter()
        .filter_map(|a| a.private_ip_address()?.parse().ok())
        .collect();
    if private_ips.is_empty()
        && let Some(primary) = interface.private_ip_address().and_then(|a| a.parse().ok())
    {
        private_ips.push(primary);
    }

    Some(NetworkInterface {
        id: interface.network_interface_id()?.to_owned(),
        vpc_id: interface.vpc_id().unwrap_or_default().to_owned(),
        subnet_id: interface.subnet_id().unwrap_or_default().to_owned(),
        private_ips,
        security_group_ids: interface
            .groups()
            .iter()
            .filter_map(|g| g.group_id())
            .map(str::to_owned)
            .collect(),
        interface_type: interface
            .interface_type()
            .map_or("interface", |t| t.as_str())
            .to_owned(),
        description: interface
            .description()
            .filter(|d| !d.is_empty())
            .map(str::to_owned),
        instance_id: interface
            .attachment()
            .and_then(|a| a.instance_id())
            .map(str::to_owned),
    })
}
