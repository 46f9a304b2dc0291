//! Security groups, network ACLs and managed prefix lists.

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An IP protocol as security groups and ACLs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// `-1`: every protocol and port.
    All,
    Tcp,
    Udp,
    Icmp,
    /// Any other IP protocol number.
    Number(u8),
}

impl Protocol {
    /// Parses the EC2 API form: `-1`, `tcp`, `6`, `udp`, `17`, `icmp`, `1`, or a number.
    pub fn from_api(value: &str) -> Self {
        match value.to_ascii_lowercase().as_str() {
            "-1" | "all" => Self::All,
            "tcp" | "6" => Self::Tcp,
            "udp" | "17" => Self::Udp,
            "icmp" | "1" => Self::Icmp,
            other => other.parse().map_or(Self::All, Self::Number),
        }
    }

    /// Whether a rule for `self` applies to traffic of `wanted`.
    pub fn covers(self, wanted: Protocol) -> bool {
        self == Self::All || self == wanted
    }

    /// The name the AWS CLI takes.
    pub fn cli_name(self) -> String {
        match self {
            Self::All => "-1".to_owned(),
            Self::Tcp => "tcp".to_owned(),
            Self::Udp => "udp".to_owned(),
            Self::Icmp => "icmp".to_owned(),
            Self::Number(n) => n.to_string(),
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::All => f.write_str("all traffic"),
            Self::Tcp => f.write_str("tcp"),
            Self::Udp => f.write_str("udp"),
            Self::Icmp => f.write_str("icmp"),
            Self::Number(n) => write!(f, "protocol {n}"),
        }
    }
}

/// An inclusive port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    /// Every port.
    pub const ALL: Self = Self { from: 0, to: 65535 };
    /// The ports replies come back to (DESIGN.md: 1024–65535).
    pub const EPHEMERAL: Self = Self {
        from: 1024,
        to: 65535,
    };

    /// One port.
    pub const fn single(port: u16) -> Self {
        Self {
            from: port,
            to: port,
        }
    }

    /// Whether every port of `other` is in `self`.
    pub fn contains(self, other: Self) -> bool {
        self.from <= other.from && other.to <= self.to
    }

    /// The ports both ranges hold, if any.
    pub fn intersect(self, other: Self) -> Option<Self> {
        let from = self.from.max(other.from);
        let to = self.to.min(other.to);
        (from <= to).then_some(Self { from, to })
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Self::ALL {
            f.write_str("all ports")
        } else if self.from == self.to {
            write!(f, "port {}", self.from)
        } else {
            write!(f, "ports {}-{}", self.from, self.to)
        }
    }
}

/// A security group with its rules, one rule per peer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub vpc_id: String,
    pub ingress: Vec<SecurityGroupRule>,
    pub egress: Vec<SecurityGroupRule>,
}

/// One security group rule: a protocol, ports and one peer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupRule {
    pub protocol: Protocol,
    /// `None` for protocols without ports (and for `All`): every port.
    #[serde(default)]
    pub ports: Option<PortRange>,
    pub peer: RulePeer,
    #[serde(default)]
    pub description: Option<String>,
}

impl SecurityGroupRule {
    /// Whether the rule's protocol and ports admit `protocol` on all of `ports`.
    pub fn admits(&self, protocol: Protocol, ports: PortRange) -> bool {
        self.protocol.covers(protocol) && self.ports.is_none_or(|own| own.contains(ports))
    }
}

/// The other side of a security group rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RulePeer {
    Cidr(Ipv4Net),
    Group(String),
    PrefixList(String),
}

impl fmt::Display for RulePeer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cidr(net) => write!(f, "{net}"),
            Self::Group(id) | Self::PrefixList(id) => f.write_str(id),
        }
    }
}

/// A network ACL with its entries and subnet associations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkAcl {
    pub id: String,
    pub vpc_id: String,
    pub is_default: bool,
    pub subnet_ids: Vec<String>,
    pub entries: Vec<AclEntry>,
}

/// One numbered ACL entry. IPv6 entries are not kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AclEntry {
    pub rule_number: i32,
    pub egress: bool,
    pub protocol: Protocol,
    pub action: AclAction,
    pub cidr: Ipv4Net,
    /// `None` for every port.
    #[serde(default)]
    pub ports: Option<PortRange>,
}

/// Allow or deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AclAction {
    Allow,
    Deny,
}

/// A managed prefix list and its entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixList {
    pub id: String,
    pub name: String,
    pub cidrs: Vec<Ipv4Net>,
}
