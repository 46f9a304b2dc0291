//! Hops 3 and 4 for one TCP connection: security groups (stateful) and
//! network ACLs (stateless, so the replies are judged too). The endpoint
//! and NAT paths both use these for each leg they cross.

use super::addresses::{Coverage, Peer};
use super::judge::{Draft, Judge};
use super::network_acl::{self, AclOutcome, Traffic};
use super::report::{CheckId, Hop, Severity, Status};
use super::security_group::{self, Direction, Other};
use crate::model::{AclAction, DataSource, PortRange, Protocol, Subnet};

/// HTTPS, the port X-Ray's API listens on.
pub const HTTPS: u16 = 443;

/// A security group check: which groups, which way, and what to call a failure.
pub struct GroupCheck<'a> {
    pub groups: &'a [String],
    pub direction: Direction,
    pub other: Other<'a>,
    pub check: CheckId,
    pub hop: Hop,
    /// The subnet the finding is filed under.
    pub subnet: &'a str,
    /// What the far side is, put into words only for a finding.
    pub far_side: FarSide<'a>,
}

/// The far end of a connection, for messages.
#[derive(Debug, Clone, Copy)]
pub enum FarSide<'a> {
    /// The function's interface in this subnet.
    FunctionIn(&'a str),
    /// An endpoint's interface: the endpoint and its subnet.
    Interface(&'a str, &'a str),
    /// X-Ray's public addresses, through a NAT gateway.
    XrayPublic,
}

impl std::fmt::Display for FarSide<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FunctionIn(subnet) => write!(f, "the function in {subnet}"),
            Self::Interface(endpoint, subnet) => {
                write!(f, "the interface of {endpoint} in {subnet}")
            }
            Self::XrayPublic => f.write_str("X-Ray's public addresses"),
        }
    }
}

/// Judges one side's security groups for TCP 443.
pub fn security_groups(judge: &mut Judge<'_, '_>, check: GroupCheck<'_>) -> Status {
    if judge.unreadable(DataSource::SecurityGroups, None, check.hop) {
        return Status::Unknown;
    }
    let ports = PortRange::single(HTTPS);
    let outcome = security_group::evaluate(
        judge.index,
        check.groups,
        check.direction,
        Protocol::Tcp,
        ports,
        check.other,
    );
    for id in &outcome.missing {
        judge.missing(id, "security group or prefix list", check.hop);
    }

    // Most checks pass: the words below are only needed when one does not.
    if outcome.coverage == Coverage::Full {
        return Status::Pass;
    }
    let (way, preposition) = match check.direction {
        Direction::Egress => ("out", "to"),
        Direction::Ingress => ("in", "from"),
    };
    let other_name = format!("{} ({})", check.far_side, describe_other(check.other));
    let groups = check.groups.join(", ");
    let fix = authorize_command(&check);
    let mut resources = check.groups.to_vec();
    resources.push(check.subnet.to_owned());
    match outcome.coverage {
        Coverage::Full => Status::Pass,
        Coverage::Partial => {
            let rule = outcome.rule().unwrap_or_default();
            let message = format!(
                "only part of {other_name} is covered: {rule}; the rest cannot connect {way} on tcp 443"
            );
            judge.file(
                Draft::new(check.check, resources, message).fix(fix),
                Severity::Warning,
                check.hop,
                Some(check.subnet),
            );
            Status::Partial
        }
        Coverage::None if !outcome.missing.is_empty() => Status::Unknown,
        Coverage::None => {
            let message = if check.groups.is_empty() {
                format!(
                    "no security group is attached, so nothing allows tcp 443 {way} {preposition} {other_name}"
                )
            } else {
                format!("no rule of {groups} allows tcp 443 {way} {preposition} {other_name}")
            };
            judge.file(
                Draft::new(check.check, resources, message).fix(fix),
                Severity::Error,
                check.hop,
                Some(check.subnet),
            );
            Status::Fail
        }
    }
}

fn describe_other(other: Other<'_>) -> String {
    if other.groups.is_empty() {
        other.peer.to_string()
    } else {
        format!("{}, groups {}", other.peer, other.groups.join(", "))
    }
}

fn authorize_command(check: &GroupCheck<'_>) -> String {
    let group = check.groups.first().map_or("<group-id>", String::as_str);
    let peer = match check.other.groups.first() {
        Some(other_group) => format!("UserIdGroupPairs=[{{GroupId={other_group}}}]"),
        None => format!("IpRanges=[{{CidrIp={}}}]", check.other.peer.cidr()),
    };
    let verb = match check.direction {
        Direction::Egress => "authorize-security-group-egress",
        Direction::Ingress => "authorize-security-group-ingress",
    };
    format!(
        "aws ec2 {verb} --group-id {group} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,{peer}'"
    )
}

/// Which end of the connection a subnet's ACL sits at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The subnet sends the request (function or NAT subnet): out 443, replies in.
    Client,
    /// The subnet receives the request (endpoint subnet): in 443, replies out.
    Server,
}

/// Judges one subnet's ACL for the request on 443 and the replies on the
/// ephemeral ports; `peer` is the far side's address range.
pub fn network_acl(
    judge: &mut Judge<'_, '_>,
    subnet: &Subnet,
    end: End,
    peer: Peer,
    hop: Hop,
    filed_under: &str,
) -> Status {
    if judge.unreadable(DataSource::NetworkAcls, None, hop) {
        return Status::Unknown;
    }
    let Some(acl) = judge.index.network_acl_for(subnet) else {
        judge.missing(&subnet.id, "the network ACL of subnet", hop);
        return Status::Unknown;
    };

    let request = Traffic {
        egress: end == End::Client,
        protocol: Protocol::Tcp,
        ports: PortRange::single(HTTPS),
        peer,
    };
    let reply = Traffic {
        egress: end == End::Server,
        protocol: Protocol::Tcp,
        ports: PortRange::EPHEMERAL,
        peer,
    };
    let mut status = Status::Pass;
    for (traffic, check) in [
        (request, CheckId::NaclDeniesRequest),
        (reply, CheckId::NaclDeniesResponse),
    ] {
        let outcome = network_acl::evaluate(acl, traffic);
        let (denied, severity, result) = match outcome {
            AclOutcome::Allowed(_) => continue,
            AclOutcome::Denied(denied) => (denied, Severity::Error, Status::Fail),
            AclOutcome::Partial { denied, .. } => (denied, Severity::Warning, Status::Partial),
        };
        status = status.worst(result);

        let (way, preposition) = if traffic.egress {
            ("outbound", "to")
        } else {
            ("inbound", "from")
        };
        let what = if check == CheckId::NaclDeniesRequest {
            "the request to X-Ray is"
        } else {
            "X-Ray's replies are"
        };
        let part = if result == Status::Partial {
            "part of "
        } else {
            ""
        };
        let message = format!(
            "{} (subnet {}) {} denies {way} tcp {} {preposition} {peer}: {part}{what} dropped",
            acl.id,
            subnet.id,
            denied.rule_name(),
            denied.ports,
        );
        let rule_number = network_acl::free_rule_number(acl, traffic.egress, denied.rule_number);
        let direction = if traffic.egress {
            "--egress"
        } else {
            "--ingress"
        };
        let fix = format!(
            "aws ec2 {} --network-acl-id {} {direction} --rule-number {} --protocol tcp --port-range From={},To={} --cidr-block {} --rule-action allow",
            rule_number.verb(),
            acl.id,
            rule_number.rule_number,
            traffic.ports.from,
            traffic.ports.to,
            peer.cidr()
        );
        debug_assert!(denied.action == AclAction::Deny);
        let resources = vec![acl.id.clone(), subnet.id.clone()];
        judge.file(
            Draft::new(check, resources, message).fix(fix),
            severity,
            hop,
            Some(filed_under),
        );
    }
    status
}
