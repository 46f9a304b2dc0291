//! Address sets a rule is compared with: a subnet's range, or "the
//! internet" for X-Ray's public addresses, which xraypath does not know
//! one by one.

use ipnet::Ipv4Net;
use std::fmt;

/// How much of the traffic's addresses a rule's range covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Coverage {
    None,
    Partial,
    Full,
}

/// The other side of a connection, as far as rules can see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peer {
    /// A range of private addresses, e.g. a subnet.
    Net(Ipv4Net),
    /// X-Ray's public addresses: only a rule for `0.0.0.0/0` covers them all.
    Internet,
}

impl Peer {
    /// How much of this peer a rule for `rule` covers.
    pub fn coverage_by(self, rule: Ipv4Net) -> Coverage {
        match self {
            Self::Net(net) if rule.contains(&net) => Coverage::Full,
            Self::Net(net) if net.contains(&rule) || rule.contains(&net.network()) => {
                Coverage::Partial
            }
            Self::Net(_) => Coverage::None,
            Self::Internet if rule.prefix_len() == 0 => Coverage::Full,
            // A public range may or may not hold X-Ray's addresses.
            Self::Internet if !is_private(rule) => Coverage::Partial,
            Self::Internet => Coverage::None,
        }
    }

    /// The CIDR to name in a fix command.
    pub fn cidr(self) -> String {
        match self {
            Self::Net(net) => net.to_string(),
            Self::Internet => "0.0.0.0/0".to_owned(),
        }
    }
}

impl fmt::Display for Peer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Net(net) => write!(f, "{net}"),
            Self::Internet => f.write_str("the internet (0.0.0.0/0)"),
        }
    }
}

/// Whether a range lies wholly inside space that never holds a public
/// AWS service address (RFC 1918, shared, loopback, link-local).
fn is_private(net: Ipv4Net) -> bool {
    const PRIVATE: [(u8, u8, u8); 6] = [
        (10, 0, 8),
        (172, 16, 12),
        (192, 168, 16),
        (100, 64, 10),
        (127, 0, 8),
        (169, 254, 16),
    ];
    PRIVATE.iter().any(|&(a, b, len)| {
        let block = Ipv4Net::new(std::net::Ipv4Addr::new(a, b, 0, 0), len);
        block.is_ok_and(|block| block.contains(&net))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().expect("test CIDR")
    }

    #[test]
    fn a_rule_covering_the_whole_subnet_is_full() {
        let subnet = Peer::Net(net("10.0.1.0/24"));
        assert_eq!(subnet.coverage_by(net("10.0.0.0/16")), Coverage::Full);
        assert_eq!(subnet.coverage_by(net("10.0.1.0/24")), Coverage::Full);
    }

    #[test]
    fn a_rule_covering_half_a_subnet_is_partial() {
        let subnet = Peer::Net(net("10.0.1.0/24"));
        assert_eq!(subnet.coverage_by(net("10.0.1.0/25")), Coverage::Partial);
        assert_eq!(subnet.coverage_by(net("10.0.1.128/25")), Coverage::Partial);
    }

    #[test]
    fn a_rule_for_another_subnet_covers_nothing() {
        let subnet = Peer::Net(net("10.0.1.0/24"));
        assert_eq!(subnet.coverage_by(net("10.0.2.0/24")), Coverage::None);
    }

    #[test]
    fn only_the_default_route_covers_all_of_the_internet() {
        assert_eq!(Peer::Internet.coverage_by(net("0.0.0.0/0")), Coverage::Full);
        assert_eq!(
            Peer::Internet.coverage_by(net("52.0.0.0/8")),
            Coverage::Partial
        );
        assert_eq!(
            Peer::Internet.coverage_by(net("10.0.0.0/8")),
            Coverage::None
        );
        assert_eq!(
            Peer::Internet.coverage_by(net("192.168.4.0/24")),
            Coverage::None
        );
    }
}
