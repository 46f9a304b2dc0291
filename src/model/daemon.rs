//! X-Ray daemons on hosts in a VPC: where users say one listens, and the
//! EC2 instances that may hold that address.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::Ipv4Addr;

/// The port the X-Ray daemon listens on unless told otherwise.
pub const DAEMON_PORT: u16 = 2000;

/// "Functions here send to a daemon at this address."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaemonDeclaration {
    pub scope: DaemonScope,
    /// `10.0.3.10` or `10.0.3.10:2000`.
    pub address: String,
}

/// Whom a declaration covers; the narrowest one wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DaemonScope {
    /// Every function.
    Global,
    /// Every function in one VPC.
    Vpc(String),
    /// One function, by name.
    Function(String),
}

/// A daemon address parsed: an IPv4 address and a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaemonAddress {
    pub ip: Ipv4Addr,
    pub port: u16,
}

impl DaemonAddress {
    /// Parses `IP`, `IP:PORT`, or the SDK's two-address form
    /// `tcp:IP:PORT udp:IP:PORT` (the UDP one is taken).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let one = text
            .split_whitespace()
            .find_map(|part| part.strip_prefix("udp:"))
            .or_else(|| text.split_whitespace().next())?;
        let one = one.strip_prefix("tcp:").unwrap_or(one);
        match one.split_once(':') {
            Some((ip, port)) => Some(Self {
                ip: ip.parse().ok()?,
                port: port.parse().ok().filter(|p| *p != 0)?,
            }),
            None => Some(Self {
                ip: one.parse().ok()?,
                port: DAEMON_PORT,
            }),
        }
    }
}

impl fmt::Display for DaemonAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.ip, self.port)
    }
}

/// An EC2 instance, for naming the host that holds a daemon address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// e.g. `running`, `stopped`.
    pub state: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_every_form_parse() {
        let expected = DaemonAddress {
            ip: Ipv4Addr::new(10, 0, 3, 10),
            port: 2000,
        };
        assert_eq!(DaemonAddress::parse("10.0.3.10"), Some(expected));
        assert_eq!(DaemonAddress::parse("10.0.3.10:2000"), Some(expected));
        assert_eq!(
            DaemonAddress::parse("tcp:10.0.3.11:2000 udp:10.0.3.10:2000"),
            Some(expected)
        );
        assert_eq!(
            DaemonAddress::parse("10.0.3.10:3000").map(|a| a.port),
            Some(3000)
        );
        assert_eq!(DaemonAddress::parse("daemon.internal:2000"), None);
        assert_eq!(DaemonAddress::parse(""), None);
        assert_eq!(DaemonAddress::parse("10.0.3.10:0"), None, "no port 0");
    }
}
