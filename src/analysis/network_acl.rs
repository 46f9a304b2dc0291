//! Network ACLs: stateless, numbered, first match wins, and everything not
//! matched is denied by the implicit `*` rule.

use super::addresses::{Coverage, Peer};
use crate::model::{AclAction, AclEntry, NetworkAcl, PortRange, Protocol};

/// The traffic an ACL is asked about.
#[derive(Debug, Clone, Copy)]
pub struct Traffic {
    pub egress: bool,
    pub protocol: Protocol,
    pub ports: PortRange,
    /// The far side: the destination going out, the source coming in.
    pub peer: Peer,
}

/// The rule that decided, or `None` for the implicit `*` deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decider {
    pub rule_number: Option<i32>,
    pub action: AclAction,
    /// The ports the decision applies to.
    pub ports: PortRange,
}

impl Decider {
    /// "rule 90" or "rule *".
    pub fn rule_name(&self) -> String {
        self.rule_number
            .map_or_else(|| "rule *".to_owned(), |n| format!("rule {n}"))
    }
}

/// How an ACL judged the traffic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AclOutcome {
    Allowed(Decider),
    Denied(Decider),
    /// Some of the addresses or ports pass; `denied` names what stops the rest.
    Partial {
        allowed: Decider,
        denied: Decider,
    },
}

/// Walks the entries of one direction in rule-number order.
pub fn evaluate(acl: &NetworkAcl, traffic: Traffic) -> AclOutcome {
    let applies = |e: &&AclEntry| e.egress == traffic.egress && e.protocol.covers(traffic.protocol);
    // AWS lists entries in rule order; only a file that does not needs a sorted copy.
    if acl
        .entries
        .iter()
        .filter(applies)
        .is_sorted_by_key(|e| e.rule_number)
    {
        decide(acl.entries.iter().filter(applies), traffic)
    } else {
        let mut entries: Vec<_> = acl.entries.iter().filter(applies).collect();
        entries.sort_by_key(|e| e.rule_number);
        decide(entries.into_iter(), traffic)
    }
}

/// [`evaluate`] over the entries that apply, in rule order.
fn decide<'e>(entries: impl Iterator<Item = &'e AclEntry>, traffic: Traffic) -> AclOutcome {
    // Ports not yet decided for the whole peer range.
    let mut open = vec![traffic.ports];
    let mut allowed = None;
    let mut denied = None;
    for entry in entries {
        // Ports first: most entries are for other ports, and that test is
        // cheaper than comparing address ranges.
        let entry_ports = entry.ports.unwrap_or(PortRange::ALL);
        let Some(first_hit) = open.iter().find_map(|r| r.intersect(entry_ports)) else {
            continue;
        };
        let coverage = traffic.peer.coverage_by(entry.cidr);
        if coverage == Coverage::None {
            continue;
        }
        let decider = Decider {
            rule_number: Some(entry.rule_number),
            action: entry.action,
            ports: first_hit,
        };
        match entry.action {
            AclAction::Allow => {
                allowed.get_or_insert(decider);
            }
            AclAction::Deny => {
                denied.get_or_insert(decider);
            }
        }
        // A rule for part of the peer's addresses decides only for them:
        // the rest of the addresses go on down the list.
        if coverage == Coverage::Full {
            open = subtract(&open, entry_ports);
            if open.is_empty() {
                break;
            }
        }
    }
    if let Some(rest) = open.first() {
        denied.get_or_insert(Decider {
            rule_number: None,
            action: AclAction::Deny,
            ports: *rest,
        });
    }

    match (allowed, denied) {
        (Some(allowed), None) => AclOutcome::Allowed(allowed),
        (None, Some(denied)) => AclOutcome::Denied(denied),
        (Some(allowed), Some(denied)) => AclOutcome::Partial { allowed, denied },
        // Unreachable in practice: with nothing allowed the open ports are denied.
        (None, None) => AclOutcome::Denied(Decider {
            rule_number: None,
            action: AclAction::Deny,
            ports: traffic.ports,
        }),
    }
}

/// The ports of `ranges` that are not in `cut`.
fn subtract(ranges: &[PortRange], cut: PortRange) -> Vec<PortRange> {
    let mut rest = Vec::new();
    for range in ranges {
        if range.intersect(cut).is_none() {
            rest.push(*range);
            continue;
        }
        if range.from < cut.from {
            rest.push(PortRange {
                from: range.from,
                to: cut.from - 1,
            });
        }
        if range.to > cut.to {
            rest.push(PortRange {
                from: cut.to + 1,
                to: range.to,
            });
        }
    }
    rest
}

/// Where a fix puts its allow entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowEntry {
    pub rule_number: i32,
    /// No number is free before the deny: the deny entry itself is
    /// replaced by the allow (`replace-network-acl-entry`).
    pub replace: bool,
}

impl AllowEntry {
    /// The `aws ec2` subcommand that makes the entry.
    pub fn verb(self) -> &'static str {
        if self.replace {
            "replace-network-acl-entry"
        } else {
            "create-network-acl-entry"
        }
    }
}

/// The rule number for a fix's allow entry: a free one below the deny it
/// must beat (a round one if there is), else 100 or the next free round
/// number; the deny's own number when nothing below it is free.
pub fn free_rule_number(acl: &NetworkAcl, egress: bool, before: Option<i32>) -> AllowEntry {
    let taken: std::collections::HashSet<i32> = acl
        .entries
        .iter()
        .filter(|e| e.egress == egress)
        .map(|e| e.rule_number)
        .collect();
    let free = |n: &i32| !taken.contains(n);
    let create = |rule_number| AllowEntry {
        rule_number,
        replace: false,
    };
    match before {
        Some(limit) => {
            let below = 1..limit.clamp(1, 32767);
            let round = below.clone().rev().filter(|n| n % 10 == 0).find(free);
            match round.or_else(|| below.rev().find(free)) {
                Some(n) => create(n),
                None => AllowEntry {
                    rule_number: limit,
                    replace: true,
                },
            }
        }
        None => create((100..32767).step_by(10).find(free).unwrap_or(32766)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AclEntry;

    fn entry(
        rule_number: i32,
        egress: bool,
        action: AclAction,
        cidr: &str,
        ports: Option<PortRange>,
    ) -> AclEntry {
        AclEntry {
            rule_number,
            egress,
            protocol: Protocol::Tcp,
            action,
            cidr: cidr.parse().expect("cidr"),
            ports,
        }
    }

    fn acl(entries: Vec<AclEntry>) -> NetworkAcl {
        NetworkAcl {
            id: "acl-1".into(),
            vpc_id: "vpc-1".into(),
            is_default: false,
            subnet_ids: vec![],
            entries,
        }
    }

    fn inbound_replies_from(peer: &str) -> Traffic {
        Traffic {
            egress: false,
            protocol: Protocol::Tcp,
            ports: PortRange::EPHEMERAL,
            peer: Peer::Net(peer.parse().expect("cidr")),
        }
    }

    #[test]
    fn no_entries_is_the_implicit_deny() {
        let outcome = evaluate(&acl(vec![]), inbound_replies_from("10.0.2.0/24"));
        assert_eq!(
            outcome,
            AclOutcome::Denied(Decider {
                rule_number: None,
                action: AclAction::Deny,
                ports: PortRange::EPHEMERAL
            })
        );
    }

    #[test]
    fn lowest_rule_number_wins() {
        let a = acl(vec![
            entry(200, false, AclAction::Allow, "0.0.0.0/0", None),
            entry(90, false, AclAction::Deny, "10.0.0.0/16", None),
        ]);
        let AclOutcome::Denied(decider) = evaluate(&a, inbound_replies_from("10.0.2.0/24")) else {
            panic!("expected a deny");
        };
        assert_eq!(decider.rule_name(), "rule 90");
    }

    #[test]
    fn inbound_only_22_denies_replies() {
        let a = acl(vec![entry(
            100,
            false,
            AclAction::Allow,
            "0.0.0.0/0",
            Some(PortRange::single(22)),
        )]);
        let outcome = evaluate(&a, inbound_replies_from("10.0.2.0/24"));
        assert!(
            matches!(
                outcome,
                AclOutcome::Denied(Decider {
                    rule_number: None,
                    ..
                })
            ),
            "{outcome:?}"
        );
    }

    #[test]
    fn replies_allowed_on_only_part_of_the_ephemeral_range_are_partial() {
        let a = acl(vec![entry(
            100,
            false,
            AclAction::Allow,
            "0.0.0.0/0",
            Some(PortRange {
                from: 32768,
                to: 65535,
            }),
        )]);
        let outcome = evaluate(&a, inbound_replies_from("10.0.2.0/24"));
        let AclOutcome::Partial { allowed, denied } = outcome else {
            panic!("expected partial")
        };
        assert_eq!(allowed.rule_name(), "rule 100");
        assert_eq!(
            denied.ports,
            PortRange {
                from: 1024,
                to: 32767
            }
        );
    }

    #[test]
    fn a_deny_for_half_the_subnet_is_partial() {
        let a = acl(vec![
            entry(50, false, AclAction::Deny, "10.0.2.0/25", None),
            entry(100, false, AclAction::Allow, "0.0.0.0/0", None),
        ]);
        let outcome = evaluate(&a, inbound_replies_from("10.0.2.0/24"));
        assert!(
            matches!(
                outcome,
                AclOutcome::Partial {
                    denied: Decider {
                        rule_number: Some(50),
                        ..
                    },
                    ..
                }
            ),
            "{outcome:?}"
        );
    }

    #[test]
    fn all_protocol_entries_apply_to_tcp() {
        let mut allow_all = entry(100, true, AclAction::Allow, "0.0.0.0/0", None);
        allow_all.protocol = Protocol::All;
        let outcome = evaluate(
            &acl(vec![allow_all]),
            Traffic {
                egress: true,
                protocol: Protocol::Tcp,
                ports: PortRange::single(443),
                peer: Peer::Internet,
            },
        );
        assert!(matches!(outcome, AclOutcome::Allowed(_)));
    }

    #[test]
    fn udp_entries_do_not_apply_to_tcp() {
        let mut udp = entry(100, true, AclAction::Allow, "0.0.0.0/0", None);
        udp.protocol = Protocol::Udp;
        let outcome = evaluate(
            &acl(vec![udp]),
            Traffic {
                egress: true,
                protocol: Protocol::Tcp,
                ports: PortRange::single(443),
                peer: Peer::Internet,
            },
        );
        assert!(matches!(outcome, AclOutcome::Denied(_)));
    }

    #[test]
    fn a_fix_rule_number_comes_before_the_deny() {
        let a = acl(vec![entry(90, false, AclAction::Deny, "0.0.0.0/0", None)]);
        let n = free_rule_number(&a, false, Some(90));
        assert_eq!(
            n,
            AllowEntry {
                rule_number: 80,
                replace: false
            }
        );
        assert_eq!(free_rule_number(&acl(vec![]), true, None).rule_number, 100);
    }

    #[test]
    fn a_deny_with_no_number_free_before_it_is_replaced() {
        let first = acl(vec![entry(1, false, AclAction::Deny, "0.0.0.0/0", None)]);
        let fix = free_rule_number(&first, false, Some(1));
        assert_eq!(
            (fix.rule_number, fix.verb()),
            (1, "replace-network-acl-entry")
        );

        let crowded = acl((1..=5)
            .map(|n| entry(n, false, AclAction::Deny, "0.0.0.0/0", None))
            .collect());
        let fix = free_rule_number(&crowded, false, Some(5));
        assert_eq!((fix.rule_number, fix.replace), (5, true));
        let fix = free_rule_number(&crowded, true, Some(5));
        assert_eq!(
            (fix.rule_number, fix.replace),
            (4, false),
            "egress numbers are apart"
        );
    }
}
