//! Security groups: stateful, so one direction per group decides. A
//! connection passes when some rule of some group admits it.

use super::addresses::{Coverage, Peer};
use crate::model::{Index, PortRange, Protocol, RulePeer, SecurityGroup, SecurityGroupRule};

/// Which list of rules is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Egress,
    Ingress,
}

/// The far side of the connection as security groups see it: its
/// addresses and the groups its interfaces carry.
#[derive(Debug, Clone, Copy)]
pub struct Other<'a> {
    pub peer: Peer,
    pub groups: &'a [String],
}

/// How the groups judged a connection.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupOutcome<'a> {
    pub coverage: Coverage,
    /// The best rule found, its group, and the side it is on.
    best: Option<(&'a str, &'a SecurityGroupRule, Direction)>,
    /// Groups or prefix lists named but not in the snapshot.
    pub missing: Vec<String>,
}

impl GroupOutcome<'_> {
    /// The best rule, in words ("sg-1 allows tcp port 443 to sg-2"): put
    /// into words only when a message needs it, since most checks pass.
    pub fn rule(&self) -> Option<String> {
        self.best
            .map(|(group_id, rule, direction)| describe(group_id, rule, direction))
    }
}

/// Judges whether any rule of `groups` admits `protocol` on `ports`
/// in `direction` with `other` on the far side.
pub fn evaluate<'a>(
    index: &Index<'a>,
    groups: &[String],
    direction: Direction,
    protocol: Protocol,
    ports: PortRange,
    other: Other<'_>,
) -> GroupOutcome<'a> {
    let mut outcome = GroupOutcome {
        coverage: Coverage::None,
        best: None,
        missing: Vec::new(),
    };
    'groups: for group_id in groups {
        let Some(group): Option<&'a SecurityGroup> =
            index.security_groups.get(group_id.as_str()).copied()
        else {
            outcome.missing.push(group_id.clone());
            continue;
        };
        let rules = match direction {
            Direction::Egress => &group.egress,
            Direction::Ingress => &group.ingress,
        };
        for rule in rules.iter().filter(|r| r.admits(protocol, ports)) {
            let coverage = rule_coverage(index, rule, other, &mut outcome.missing);
            if coverage > outcome.coverage {
                outcome.coverage = coverage;
                outcome.best = Some((group.id.as_str(), rule, direction));
            }
            if outcome.coverage == Coverage::Full {
                break 'groups;
            }
        }
    }
    outcome
}

fn rule_coverage(
    index: &Index<'_>,
    rule: &SecurityGroupRule,
    other: Other<'_>,
    missing: &mut Vec<String>,
) -> Coverage {
    match &rule.peer {
        RulePeer::Cidr(net) => other.peer.coverage_by(*net),
        RulePeer::Group(id) if other.groups.contains(id) => Coverage::Full,
        RulePeer::Group(_) => Coverage::None,
        RulePeer::PrefixList(id) => match index.prefix_lists.get(id.as_str()) {
            Some(list) => list
                .cidrs
                .iter()
                .map(|net| other.peer.coverage_by(*net))
                .max()
                .unwrap_or(Coverage::None),
            None => {
                missing.push(id.clone());
                Coverage::None
            }
        },
    }
}

fn describe(group_id: &str, rule: &SecurityGroupRule, direction: Direction) -> String {
    let ports = rule.ports.unwrap_or(PortRange::ALL);
    let (verb, preposition) = match direction {
        Direction::Egress => ("allows out", "to"),
        Direction::Ingress => ("allows in", "from"),
    };
    if rule.protocol == Protocol::All {
        return format!("{group_id} {verb} all traffic {preposition} {}", rule.peer);
    }
    format!(
        "{group_id} {verb} {} {ports} {preposition} {}",
        rule.protocol, rule.peer
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PrefixList, SecurityGroup, Snapshot};

    fn group(id: &str, egress: Vec<SecurityGroupRule>) -> SecurityGroup {
        SecurityGroup {
            id: id.into(),
            name: id.into(),
            vpc_id: "vpc-1".into(),
            ingress: Vec::new(),
            egress,
        }
    }

    fn rule(protocol: Protocol, ports: Option<PortRange>, peer: RulePeer) -> SecurityGroupRule {
        SecurityGroupRule {
            protocol,
            ports,
            peer,
            description: None,
        }
    }

    fn judge<'a>(snapshot: &'a Snapshot, other: Other<'_>) -> GroupOutcome<'a> {
        let index = Index::new(snapshot);
        evaluate(
            &index,
            &["sg-fn".into()],
            Direction::Egress,
            Protocol::Tcp,
            PortRange::single(443),
            other,
        )
    }

    fn snapshot(rules: Vec<SecurityGroupRule>) -> Snapshot {
        let mut snapshot = Snapshot::new("us-east-1", "1");
        snapshot.security_groups.push(group("sg-fn", rules));
        snapshot
    }

    const ENDPOINT_SUBNET: Peer = Peer::Net(ipnet::Ipv4Net::new_assert(
        std::net::Ipv4Addr::new(10, 0, 2, 0),
        24,
    ));

    #[test]
    fn default_allow_all_egress_reaches_anything() {
        let s = snapshot(vec![rule(
            Protocol::All,
            None,
            RulePeer::Cidr("0.0.0.0/0".parse().expect("cidr")),
        )]);
        let outcome = judge(
            &s,
            Other {
                peer: Peer::Internet,
                groups: &[],
            },
        );
        assert_eq!(outcome.coverage, Coverage::Full);
        assert_eq!(
            outcome.rule().as_deref(),
            Some("sg-fn allows out all traffic to 0.0.0.0/0")
        );
    }

    #[test]
    fn no_egress_rules_block() {
        let s = snapshot(Vec::new());
        assert_eq!(
            judge(
                &s,
                Other {
                    peer: ENDPOINT_SUBNET,
                    groups: &[]
                }
            )
            .coverage,
            Coverage::None
        );
    }

    #[test]
    fn a_rule_for_port_80_does_not_admit_443() {
        let s = snapshot(vec![rule(
            Protocol::Tcp,
            Some(PortRange::single(80)),
            RulePeer::Cidr("0.0.0.0/0".parse().expect("cidr")),
        )]);
        assert_eq!(
            judge(
                &s,
                Other {
                    peer: Peer::Internet,
                    groups: &[]
                }
            )
            .coverage,
            Coverage::None
        );
    }

    #[test]
    fn udp_rules_do_not_admit_tcp() {
        let s = snapshot(vec![rule(
            Protocol::Udp,
            Some(PortRange::ALL),
            RulePeer::Cidr("0.0.0.0/0".parse().expect("cidr")),
        )]);
        assert_eq!(
            judge(
                &s,
                Other {
                    peer: Peer::Internet,
                    groups: &[]
                }
            )
            .coverage,
            Coverage::None
        );
    }

    #[test]
    fn a_reference_to_the_endpoint_group_admits() {
        let s = snapshot(vec![rule(
            Protocol::Tcp,
            Some(PortRange::single(443)),
            RulePeer::Group("sg-ep".into()),
        )]);
        let groups = ["sg-ep".to_owned()];
        let outcome = judge(
            &s,
            Other {
                peer: ENDPOINT_SUBNET,
                groups: &groups,
            },
        );
        assert_eq!(outcome.coverage, Coverage::Full);
        assert_eq!(
            outcome.rule().as_deref(),
            Some("sg-fn allows out tcp port 443 to sg-ep")
        );
    }

    #[test]
    fn half_the_endpoint_subnet_is_partial() {
        let s = snapshot(vec![rule(
            Protocol::Tcp,
            Some(PortRange::single(443)),
            RulePeer::Cidr("10.0.2.0/25".parse().expect("cidr")),
        )]);
        assert_eq!(
            judge(
                &s,
                Other {
                    peer: ENDPOINT_SUBNET,
                    groups: &[]
                }
            )
            .coverage,
            Coverage::Partial
        );
    }

    #[test]
    fn prefix_lists_are_resolved_and_unknown_ones_reported() {
        let mut s = snapshot(vec![
            rule(
                Protocol::Tcp,
                Some(PortRange::single(443)),
                RulePeer::PrefixList("pl-1".into()),
            ),
            rule(
                Protocol::Tcp,
                Some(PortRange::single(443)),
                RulePeer::PrefixList("pl-missing".into()),
            ),
        ]);
        s.prefix_lists.push(PrefixList {
            id: "pl-1".into(),
            name: "corp".into(),
            cidrs: vec!["10.0.0.0/16".parse().expect("cidr")],
        });
        let outcome = judge(
            &s,
            Other {
                peer: ENDPOINT_SUBNET,
                groups: &[],
            },
        );
        assert_eq!(outcome.coverage, Coverage::Full);
        let outcome = judge(
            &s,
            Other {
                peer: Peer::Internet,
                groups: &[],
            },
        );
        assert_eq!(outcome.coverage, Coverage::None);
        assert_eq!(outcome.missing, vec!["pl-missing".to_owned()]);
    }
}
