//! The `vpc-daemon` sender: the function's SDK sends segments over UDP 2000
//! (and asks for sampling rules over TCP 2000) to an X-Ray daemon on a host
//! in the VPC, which then needs its own path to X-Ray.

use super::addresses::{Coverage, Peer};
use super::judge::{Draft, Judge};
use super::network_acl::{self, AclOutcome, Traffic};
use super::report::{CheckId, Finding, Hop, Severity, Status};
use super::security_group::{self, Direction, Other};
use crate::model::{
    DaemonAddress, DaemonScope, DataSource, Function, FunctionVpc, NetworkInterface, PortRange,
    Protocol, Subnet, TracingMode,
};
use ipnet::Ipv4Net;

/// The daemon a function sends to, and where that was said.
#[derive(Debug, Clone)]
pub struct DaemonTarget {
    pub address: DaemonAddress,
    /// "declared for this function", "in AWS_XRAY_DAEMON_ADDRESS", …
    pub origin: String,
}

/// The daemon address that applies to a function: its own declaration,
/// else its VPC's, else a global one, else its environment.
pub fn target(judge: &Judge<'_, '_>, vpc_id: Option<&str>) -> Option<DaemonTarget> {
    let function = judge.function;
    let declarations = &judge.index.snapshot.daemon_declarations;
    let declared =
        |wanted: &dyn Fn(&DaemonScope) -> bool| declarations.iter().find(|d| wanted(&d.scope));
    let chosen = declared(&|s| matches!(s, DaemonScope::Function(name) if *name == function.name))
        .map(|d| (d.address.as_str(), "declared for this function".to_owned()))
        .or_else(|| {
            declared(&|s| matches!(s, DaemonScope::Vpc(id) if Some(id.as_str()) == vpc_id)).map(
                |d| {
                    (
                        d.address.as_str(),
                        format!("declared for {}", vpc_id.unwrap_or_default()),
                    )
                },
            )
        })
        .or_else(|| {
            declared(&|s| *s == DaemonScope::Global)
                .map(|d| (d.address.as_str(), "declared for every function".to_owned()))
        })
        .or_else(|| {
            ["AWS_XRAY_DAEMON_ADDRESS", "XRAY_DAEMON_ADDRESS"]
                .iter()
                .find_map(|name| {
                    // 169.254.79.129 is Lambda's own daemon: not a VPC host.
                    let value = function.environment.get(*name)?;
                    let address = DaemonAddress::parse(value)?;
                    (!address.ip.is_link_local()).then(|| (value.as_str(), format!("in {name}")))
                })
        })?;
    let (text, origin) = chosen;
    let address = DaemonAddress::parse(text)?;
    // 169.254.79.129 is Lambda's own daemon, set by Lambda itself.
    if address.ip.is_link_local() {
        return None;
    }
    Some(DaemonTarget { address, origin })
}

/// The daemon host's interface and subnet, or the finding that says why
/// there is none.
pub fn find_host<'a>(
    judge: &mut Judge<'_, 'a>,
    target: &DaemonTarget,
    vpc_id: &str,
) -> Option<(&'a NetworkInterface, &'a Subnet)> {
    let address = target.address;
    let interface = judge.index.interface_by_address.get(&address.ip).copied();
    let found = interface
        .filter(|i| i.vpc_id == vpc_id)
        .and_then(|i| Some((i, judge.index.subnets.get(i.subnet_id.as_str()).copied()?)));
    if found.is_none() {
        if judge.unreadable(DataSource::NetworkInterfaces, None, Hop::DaemonHost) {
            return None;
        }
        let elsewhere = interface
            .map(|i| format!(" (it is on {} in {}, another VPC)", i.id, i.vpc_id))
            .unwrap_or_default();
        let message = format!(
            "no network interface in {vpc_id} holds the daemon address {address} ({}){elsewhere}: the segments sent there are lost",
            target.origin
        );
        let draft = Draft::new(
            CheckId::DaemonHostNotFound,
            vec![vpc_id.to_owned(), address.to_string()],
            message,
        );
        judge.file(draft, Severity::Error, Hop::DaemonHost, None);
    }
    found
}

/// Judges UDP (segments) and TCP (sampling rules) from one function subnet
/// to the daemon host; returns the subnet hop's and the host hop's status.
pub fn judge_subnet(
    judge: &mut Judge<'_, '_>,
    subnet: &Subnet,
    host: &NetworkInterface,
    host_subnet: &Subnet,
    port: u16,
) -> (Status, Status) {
    let host_net = Ipv4Net::from(
        host.private_ips
            .first()
            .copied()
            .unwrap_or(host_subnet.cidr.network()),
    );
    let host_name = host_label(judge, host);
    let mut statuses = (Status::Pass, Status::Pass);
    for protocol in [Protocol::Udp, Protocol::Tcp] {
        // Segments ride UDP; TCP only fetches sampling rules, so a closed TCP
        // port is a warning, not a block.
        let severity = if protocol == Protocol::Udp {
            Severity::Error
        } else {
            Severity::Warning
        };
        let failed = if protocol == Protocol::Udp {
            Status::Fail
        } else {
            Status::Pass
        };
        let consequence = if protocol == Protocol::Udp {
            "segments sent to the daemon are dropped"
        } else {
            "the SDK cannot fetch sampling rules through the daemon and falls back to its defaults"
        };
        let ports = PortRange::single(port);
        let function_groups = judge.function.security_group_ids();

        let egress = security_group::evaluate(
            judge.index,
            function_groups,
            Direction::Egress,
            protocol,
            ports,
            Other {
                peer: Peer::Net(host_net),
                groups: &host.security_group_ids,
            },
        );
        if egress.coverage != Coverage::Full {
            let message = format!(
                "no rule of {} allows {protocol} {port} out to the daemon at {host_name}: {consequence}",
                function_groups.join(", ")
            );
            let fix = authorize(
                "egress",
                function_groups.first(),
                protocol,
                port,
                host.security_group_ids.first().map_or_else(
                    || format!("IpRanges=[{{CidrIp={host_net}}}]"),
                    |g| format!("UserIdGroupPairs=[{{GroupId={g}}}]"),
                ),
            );
            let draft = Draft::new(
                CheckId::FunctionSgBlocks2000,
                function_groups.to_vec(),
                message,
            )
            .fix(fix);
            judge.file(draft, severity, Hop::Subnet, Some(&subnet.id));
            statuses.0 = statuses.0.worst(failed);
        }

        let ingress = security_group::evaluate(
            judge.index,
            &host.security_group_ids,
            Direction::Ingress,
            protocol,
            ports,
            Other {
                peer: Peer::Net(subnet.cidr),
                groups: function_groups,
            },
        );
        if ingress.coverage != Coverage::Full {
            let message = format!(
                "no rule of {} (the daemon host {host_name}) allows {protocol} {port} in from {} ({}, groups {}): {consequence}",
                host.security_group_ids.join(", "),
                subnet.id,
                subnet.cidr,
                function_groups.join(", ")
            );
            let fix = authorize(
                "ingress",
                host.security_group_ids.first(),
                protocol,
                port,
                function_groups.first().map_or_else(
                    || format!("IpRanges=[{{CidrIp={}}}]", subnet.cidr),
                    |g| format!("UserIdGroupPairs=[{{GroupId={g}}}]"),
                ),
            );
            let draft = Draft::new(
                CheckId::DaemonSgBlocks2000,
                host.security_group_ids.clone(),
                message,
            )
            .fix(fix);
            judge.file(draft, severity, Hop::DaemonHost, Some(&subnet.id));
            statuses.1 = statuses.1.worst(failed);
        }

        if subnet.id != host_subnet.id {
            let out = acl_leg(
                judge,
                subnet,
                true,
                protocol,
                port,
                Peer::Net(host_net),
                severity,
                &subnet.id,
                Hop::Subnet,
            );
            statuses.0 = statuses.0.worst(if out { Status::Pass } else { failed });
            let into = acl_leg(
                judge,
                host_subnet,
                false,
                protocol,
                port,
                Peer::Net(subnet.cidr),
                severity,
                &subnet.id,
                Hop::DaemonHost,
            );
            statuses.1 = statuses.1.worst(if into { Status::Pass } else { failed });
        }
    }
    statuses
}

/// One subnet's ACL for the request (and, for TCP, the replies); true when it passes.
#[allow(clippy::too_many_arguments)]
fn acl_leg(
    judge: &mut Judge<'_, '_>,
    subnet: &Subnet,
    sender_side: bool,
    protocol: Protocol,
    port: u16,
    peer: Peer,
    severity: Severity,
    filed_under: &str,
    hop: Hop,
) -> bool {
    if judge.unreadable(DataSource::NetworkAcls, None, hop) {
        return true;
    }
    let Some(acl) = judge.index.network_acl_for(subnet) else {
        return true;
    };
    let request = Traffic {
        egress: sender_side,
        protocol,
        ports: PortRange::single(port),
        peer,
    };
    let reply = Traffic {
        egress: !sender_side,
        protocol,
        ports: PortRange::EPHEMERAL,
        peer,
    };
    let mut legs = vec![(request, CheckId::NaclDeniesRequest)];
    if protocol == Protocol::Tcp {
        legs.push((reply, CheckId::NaclDeniesResponse));
    }
    let mut passes = true;
    for (traffic, check) in legs {
        let denied = match network_acl::evaluate(acl, traffic) {
            AclOutcome::Allowed(_) => continue,
            AclOutcome::Denied(d) | AclOutcome::Partial { denied: d, .. } => d,
        };
        passes = false;
        let (way, preposition) = if traffic.egress {
            ("outbound", "to")
        } else {
            ("inbound", "from")
        };
        let message = format!(
            "{} (subnet {}) {} denies {way} {protocol} {} {preposition} {peer} on the way to the X-Ray daemon",
            acl.id,
            subnet.id,
            denied.rule_name(),
            denied.ports
        );
        let number = network_acl::free_rule_number(acl, traffic.egress, denied.rule_number);
        let direction = if traffic.egress {
            "--egress"
        } else {
            "--ingress"
        };
        let fix = format!(
            "aws ec2 {} --network-acl-id {} {direction} --rule-number {} --protocol {} --port-range From={},To={} --cidr-block {} --rule-action allow",
            number.verb(),
            acl.id,
            number.rule_number,
            protocol.cli_name(),
            traffic.ports.from,
            traffic.ports.to,
            peer.cidr()
        );
        judge.file(
            Draft::new(check, vec![acl.id.clone(), subnet.id.clone()], message).fix(fix),
            severity,
            hop,
            Some(filed_under),
        );
    }
    passes
}

fn authorize(
    direction: &str,
    group: Option<&String>,
    protocol: Protocol,
    port: u16,
    peer: String,
) -> String {
    let group = group.map_or("<group-id>", String::as_str);
    format!(
        "aws ec2 authorize-security-group-{direction} --group-id {group} --ip-permissions 'IpProtocol={},FromPort={port},ToPort={port},{peer}'",
        protocol.cli_name()
    )
}

/// "i-0abc (daemon) 10.0.3.10 on eni-0def".
fn host_label(judge: &Judge<'_, '_>, host: &NetworkInterface) -> String {
    let address = host
        .private_ips
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    match host.instance_id.as_deref() {
        Some(id) => {
            let name = judge
                .index
                .instances
                .get(id)
                .and_then(|i| i.name.clone())
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            format!("{id}{name} {address}")
        }
        None => format!("{} {address}", host.id),
    }
}

/// The host as the path checks see a function: its subnet and groups.
pub fn host_as_function(host: &NetworkInterface) -> Function {
    Function {
        name: format!(
            "daemon host {}",
            host.instance_id.as_deref().unwrap_or(&host.id)
        ),
        arn: host.id.clone(),
        runtime: None,
        // The daemon signs with the host's instance role, which is not read.
        role_arn: String::new(),
        vpc: Some(FunctionVpc {
            subnet_ids: vec![host.subnet_id.clone()],
            security_group_ids: host.security_group_ids.clone(),
        }),
        tracing: TracingMode::Active,
        layers: Vec::new(),
        environment: Default::default(),
    }
}

/// Files `daemon-host-no-route-to-xray` with the host's own findings under it.
pub fn file_host_failure(
    judge: &mut Judge<'_, '_>,
    host: &NetworkInterface,
    status: Status,
    host_findings: Vec<Finding>,
) {
    let problems: Vec<&str> = host_findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.check.as_str())
        .collect();
    let message = format!(
        "the daemon host {} cannot reach X-Ray itself ({}): segments reach the daemon and stop there",
        host_label(judge, host),
        if problems.is_empty() {
            "its path is only partly known".to_owned()
        } else {
            problems.join(", ")
        }
    );
    let severity = if status == Status::Fail {
        Severity::Error
    } else {
        Severity::Warning
    };
    judge.file(
        Draft::new(
            CheckId::DaemonHostNoRouteToXray,
            vec![host.id.clone(), host.subnet_id.clone()],
            message,
        ),
        severity,
        Hop::DaemonHost,
        None,
    );
    if let Some(finding) = judge
        .findings
        .iter_mut()
        .rev()
        .find(|f| f.check == CheckId::DaemonHostNoRouteToXray)
    {
        finding.via = host_findings;
    }
}
