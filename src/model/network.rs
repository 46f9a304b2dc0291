//! VPCs, subnets, routing and the gateways and endpoints traffic can leave through.

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// A VPC with the two DNS attributes that decide endpoint private DNS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub cidr_blocks: Vec<Ipv4Net>,
    /// `enableDnsSupport`; `None` when the attribute could not be read.
    pub dns_support: Option<bool>,
    /// `enableDnsHostnames`; `None` when the attribute could not be read.
    pub dns_hostnames: Option<bool>,
    #[serde(default)]
    pub dhcp_options_id: Option<String>,
}

/// A DHCP option set; only the name servers matter for resolution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DhcpOptions {
    pub id: String,
    /// `domain-name-servers` values, e.g. `AmazonProvidedDNS` or `10.0.0.2`.
    pub domain_name_servers: Vec<String>,
}

/// A subnet in one availability zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub cidr: Ipv4Net,
    pub availability_zone: String,
}

/// A route table with its subnet associations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    /// The VPC's main table, used by subnets without an explicit association.
    pub main: bool,
    /// Subnets explicitly associated with this table.
    pub subnet_ids: Vec<String>,
    pub routes: Vec<Route>,
}

/// One route of a route table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    pub destination: RouteDestination,
    pub target: RouteTarget,
    pub state: RouteState,
}

/// What a route matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteDestination {
    Cidr(Ipv4Net),
    PrefixList(String),
}

/// Where a route sends traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteTarget {
    Local,
    InternetGateway(String),
    EgressOnlyInternetGateway(String),
    NatGateway(String),
    TransitGateway(String),
    VpcPeering(String),
    /// A gateway load balancer or Network Firewall endpoint.
    VpcEndpoint(String),
    Instance(String),
    NetworkInterface(String),
    VirtualPrivateGateway(String),
    Other(String),
}

impl RouteTarget {
    /// The id of the resource the route points at, if it has one.
    pub fn resource_id(&self) -> Option<&str> {
        match self {
            Self::Local => None,
            Self::InternetGateway(id)
            | Self::EgressOnlyInternetGateway(id)
            | Self::NatGateway(id)
            | Self::TransitGateway(id)
            | Self::VpcPeering(id)
            | Self::VpcEndpoint(id)
            | Self::Instance(id)
            | Self::NetworkInterface(id)
            | Self::VirtualPrivateGateway(id)
            | Self::Other(id) => Some(id),
        }
    }
}

/// `active`, or `blackhole` when the target no longer exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteState {
    Active,
    Blackhole,
}

/// An internet gateway and the VPCs it is attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternetGateway {
    pub id: String,
    pub attached_vpc_ids: Vec<String>,
}

/// A NAT gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatGateway {
    pub id: String,
    pub vpc_id: String,
    pub subnet_id: String,
    /// `pending`, `available`, `deleting`, `deleted` or `failed`.
    pub state: String,
    /// `public` or `private`; a private NAT gateway cannot reach the internet.
    pub connectivity: String,
}

/// A VPC endpoint (interface, gateway or gateway load balancer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcEndpoint {
    pub id: String,
    pub vpc_id: String,
    /// e.g. `com.amazonaws.us-east-1.xray`.
    pub service_name: String,
    /// `Interface`, `Gateway`, `GatewayLoadBalancer`.
    pub endpoint_type: String,
    /// e.g. `available`, `pending`, `rejected`.
    pub state: String,
    pub private_dns_enabled: bool,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    pub network_interface_ids: Vec<String>,
    /// The endpoint policy; `None` means the default full-access policy.
    #[serde(default)]
    pub policy: Option<serde_json::Value>,
}

impl VpcEndpoint {
    /// The region named in the service name, when it is an AWS service.
    pub fn service_region(&self) -> Option<&str> {
        let rest = self.service_name.strip_prefix("com.amazonaws.")?;
        rest.split_once('.').map(|(region, _)| region)
    }

    /// Whether this is an interface endpoint for X-Ray (in any region).
    pub fn is_xray_interface(&self) -> bool {
        self.endpoint_type.eq_ignore_ascii_case("interface")
            && self.service_name.starts_with("com.amazonaws.")
            && self.service_name.ends_with(".xray")
    }
}

/// An elastic network interface.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkInterface {
    pub id: String,
    pub vpc_id: String,
    pub subnet_id: String,
    pub private_ips: Vec<Ipv4Addr>,
    pub security_group_ids: Vec<String>,
    /// e.g. `interface`, `lambda`, `vpc_endpoint`, `nat_gateway`.
    pub interface_type: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub instance_id: Option<String>,
}
