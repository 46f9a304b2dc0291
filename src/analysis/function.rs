//! Judges one function: the function-wide hops (tracing, role), then the
//! route each subnet's traffic takes, then the verdict.

use super::cache::Cache;
use super::daemon::{self, DaemonTarget};
use super::dns::{self, Answer};
use super::judge::{Draft, Judge};
use super::report::{
    CheckId, FunctionReport, Hop, RouteKind, Sender, Severity, Status, SubnetPath, Verdict,
};
use super::{endpoint, endpoint_policy, iam, nat, sender};
use crate::model::{DataSource, Function, Index, Subnet, TracingMode, Vpc};

/// Judges `function` against the snapshot behind `index`.
pub fn judge<'a>(index: &Index<'a>, cache: &Cache<'a>, function: &Function) -> FunctionReport {
    let region = index.snapshot.region.as_str();
    let mut judge = Judge {
        index,
        cache,
        function,
        region,
        findings: Vec::new(),
    };
    let vpc = index.vpc_of_subnets(function.subnet_ids());
    let daemon = daemon::target(&judge, vpc.map(|v| v.id.as_str()));
    let sender = if daemon.is_some() {
        Sender::VpcDaemon
    } else {
        sender::detect(function)
    };

    check_tracing(&mut judge);
    // Through a daemon, segments are signed with the host's credentials,
    // not the function's role.
    let role_status = if sender == Sender::VpcDaemon {
        Status::Pass
    } else {
        iam::check(&mut judge)
    };

    let (vpc_id, route, paths) = match (&function.vpc, daemon) {
        (None, Some(target)) => {
            let message = format!(
                "{} sends to an X-Ray daemon at {} ({}), but it is not attached to a VPC and cannot reach a private address",
                function.name, target.address, target.origin
            );
            let draft = Draft::new(
                CheckId::DaemonHostNotFound,
                vec![function.arn.clone()],
                message,
            );
            judge.file(draft, Severity::Error, Hop::DaemonHost, None);
            (None, RouteKind::None, Vec::new())
        }
        (None, None) => (None, RouteKind::OutsideVpc, Vec::new()),
        (Some(_), target) => judge_vpc(&mut judge, sender, role_status, target.as_ref()),
    };

    let verdict = if function.vpc.is_none() && route == RouteKind::OutsideVpc {
        verdict_of([role_status].into_iter())
    } else if function.vpc.is_none() {
        Verdict::Blocked
    } else if paths.is_empty() {
        Verdict::Unknown
    } else {
        verdict_of(paths.iter().map(|p| p.status))
    };

    let mut findings = judge.findings;
    findings.sort_by_key(|f| (f.severity, f.check));
    FunctionReport {
        name: function.name.clone(),
        arn: function.arn.clone(),
        vpc_id,
        subnets: function.subnet_ids().to_vec(),
        security_groups: function.security_group_ids().to_vec(),
        tracing: function.tracing.as_str(),
        sender,
        route,
        verdict,
        findings,
        paths,
    }
}

/// DESIGN.md's rule: blocked when every subnet fails, partial when some
/// do, unknown when none fails but something could not be read.
fn verdict_of(statuses: impl Iterator<Item = Status>) -> Verdict {
    let statuses: Vec<Status> = statuses.collect();
    let failed = statuses.iter().filter(|s| **s == Status::Fail).count();
    if failed > 0 && failed == statuses.len() {
        Verdict::Blocked
    } else if failed > 0 || statuses.contains(&Status::Partial) {
        Verdict::Partial
    } else if statuses.contains(&Status::Unknown) {
        Verdict::Unknown
    } else {
        Verdict::Reachable
    }
}

fn check_tracing(judge: &mut Judge<'_, '_>) {
    if judge.function.tracing == TracingMode::Active {
        return;
    }
    let name = &judge.function.name;
    let message = format!(
        "{name} has tracing mode PassThrough: only requests that arrive already sampled are recorded"
    );
    let fix = format!(
        "aws lambda update-function-configuration --function-name {name} --tracing-config Mode=Active"
    );
    let draft = Draft::new(
        CheckId::TracingNotActive,
        vec![judge.function.arn.clone()],
        message,
    )
    .fix(fix);
    judge.file(draft, Severity::Warning, Hop::Function, None);
}

/// Judges every subnet of a VPC function.
fn judge_vpc(
    judge: &mut Judge<'_, '_>,
    sender: Sender,
    role_status: Status,
    daemon: Option<&DaemonTarget>,
) -> (Option<String>, RouteKind, Vec<SubnetPath>) {
    let subnets: Vec<&Subnet> = judge
        .function
        .subnet_ids()
        .iter()
        .filter_map(|id| {
            let found = judge.index.subnets.get(id.as_str()).copied();
            if found.is_none() && !judge.unreadable(DataSource::Subnets, None, Hop::Subnet) {
                judge.missing(id, "subnet", Hop::Subnet);
            }
            found
        })
        .collect();
    let Some(vpc) = judge.index.vpc_of_subnets(judge.function.subnet_ids()) else {
        if !judge.unreadable(DataSource::Vpcs, None, Hop::Dns) && !subnets.is_empty() {
            judge.missing(&subnets[0].vpc_id, "VPC", Hop::Dns);
        }
        return (
            subnets.first().map(|s| s.vpc_id.clone()),
            RouteKind::None,
            Vec::new(),
        );
    };

    if sender == Sender::LambdaDaemon {
        let message = "with Active tracing alone, Lambda's own daemon uploads the segments, and public evidence says it does not use the function's VPC interfaces; calls the function's code makes to X-Ray (sampling rules, SDK calls) do use the path judged here".to_owned();
        judge.file(
            Draft::new(
                CheckId::ManagedDaemonOutsideVpc,
                vec![judge.function.arn.clone()],
                message,
            ),
            Severity::Info,
            Hop::Function,
            None,
        );
    }
    let (route, paths) = match daemon {
        Some(target) => daemon_paths(judge, vpc, &subnets, target),
        None => route_paths(judge, vpc, &subnets, role_status),
    };
    (Some(vpc.id.clone()), route, paths)
}

/// The `vpc-daemon` sender: each subnet to the daemon host, then the
/// host's own path to X-Ray, judged as a function's would be.
fn daemon_paths<'a>(
    judge: &mut Judge<'_, 'a>,
    vpc: &'a Vpc,
    subnets: &[&'a Subnet],
    target: &DaemonTarget,
) -> (RouteKind, Vec<SubnetPath>) {
    let Some((host, host_subnet)) = daemon::find_host(judge, target, &vpc.id) else {
        let status = if judge
            .findings
            .iter()
            .any(|f| f.check == CheckId::DaemonHostNotFound)
        {
            Status::Fail
        } else {
            Status::Unknown
        };
        let paths = subnets
            .iter()
            .map(|s| SubnetPath {
                subnet_id: s.id.clone(),
                availability_zone: s.availability_zone.clone(),
                route: RouteKind::DaemonHost,
                status,
                via: Vec::new(),
                hops: vec![(Hop::Function, Status::Pass), (Hop::DaemonHost, status)],
            })
            .collect();
        return (RouteKind::DaemonHost, paths);
    };

    // The host's own way out, with its findings kept apart from the function's.
    let host_function = daemon::host_as_function(host);
    let mut host_judge = Judge {
        index: judge.index,
        cache: judge.cache,
        function: &host_function,
        region: judge.region,
        findings: Vec::new(),
    };
    let (host_route, host_paths) = route_paths(&mut host_judge, vpc, &[host_subnet], Status::Pass);
    let host_status = host_paths
        .iter()
        .map(|p| p.status)
        .fold(Status::Pass, Status::worst);
    let mut host_findings = host_judge.findings;
    host_findings.sort_by_key(|f| (f.severity, f.check));
    if host_status != Status::Pass {
        daemon::file_host_failure(judge, host, host_status, host_findings);
    }
    let host_via: Vec<String> = host_paths
        .first()
        .map(|p| p.via.clone())
        .unwrap_or_default();

    let paths = subnets
        .iter()
        .map(|subnet| {
            let (subnet_status, daemon_status) =
                daemon::judge_subnet(judge, subnet, host, host_subnet, target.address.port);
            let hops = vec![
                (Hop::Function, Status::Pass),
                (Hop::Subnet, subnet_status),
                (Hop::DaemonHost, daemon_status.worst(host_status)),
            ];
            let status = hops
                .iter()
                .map(|(_, s)| *s)
                .fold(Status::Pass, Status::worst);
            let mut via = vec![host.id.clone()];
            via.extend(host_via.iter().cloned());
            SubnetPath {
                subnet_id: subnet.id.clone(),
                availability_zone: subnet.availability_zone.clone(),
                route: RouteKind::DaemonHost,
                status,
                via,
                hops,
            }
        })
        .collect();
    let _ = host_route;
    (RouteKind::DaemonHost, paths)
}

/// DNS, then the endpoint or NAT route, for each subnet of whatever
/// `judge.function` is (a function, or a daemon host).
fn route_paths<'a>(
    judge: &mut Judge<'_, 'a>,
    vpc: &'a Vpc,
    subnets: &[&Subnet],
    role_status: Status,
) -> (RouteKind, Vec<SubnetPath>) {
    let resolution = dns::resolve(judge, vpc);
    let policy_status = match resolution.answer {
        Answer::Private(endpoint) => endpoint_policy::check(judge, endpoint),
        _ => Status::Pass,
    };

    let mut paths = Vec::new();
    let mut no_route = Vec::new();
    for subnet in subnets.iter().copied() {
        let mut hops = vec![(Hop::Function, Status::Pass), (Hop::Dns, resolution.status)];
        // A private zone that answers with someone else's addresses decides
        // the route before anything else does.
        if let Some(elsewhere) = &resolution.elsewhere {
            let path = dns::judge_elsewhere(judge, subnet, elsewhere);
            hops.push((Hop::Subnet, path.status));
            hops.push((Hop::Xray, role_status));
            let status = hops
                .iter()
                .map(|(_, s)| *s)
                .fold(Status::Pass, Status::worst);
            paths.push(SubnetPath {
                subnet_id: subnet.id.clone(),
                availability_zone: subnet.availability_zone.clone(),
                route: path.route,
                status,
                via: path.via,
                hops,
            });
            continue;
        }
        let (route, via) = match resolution.answer {
            Answer::Private(endpoint) => {
                let (subnet_status, endpoint_status) =
                    endpoint::judge_subnet(judge, subnet, endpoint);
                hops.push((Hop::Subnet, subnet_status));
                hops.push((Hop::Endpoint, endpoint_status.worst(policy_status)));
                (RouteKind::VpcEndpoint, vec![endpoint.id.clone()])
            }
            Answer::Public => {
                let path = nat::judge_subnet(judge, subnet);
                hops.push((Hop::Subnet, path.subnet));
                if path.route == RouteKind::NatGateway {
                    hops.push((Hop::NatGateway, path.nat));
                }
                if let Some(reason) = path.no_route {
                    no_route.push((subnet.id.clone(), reason));
                }
                (path.route, path.via)
            }
            Answer::Unresolvable => {
                hops[1].1 = Status::Fail;
                (RouteKind::None, Vec::new())
            }
        };
        hops.push((Hop::Xray, role_status));
        let status = hops
            .iter()
            .map(|(_, s)| *s)
            .fold(Status::Pass, Status::worst);
        paths.push(SubnetPath {
            subnet_id: subnet.id.clone(),
            availability_zone: subnet.availability_zone.clone(),
            route,
            status,
            via,
            hops,
        });
    }

    file_endpoint_problems(judge, resolution.endpoint_problems, &mut paths, &no_route);
    let route = match resolution.answer {
        _ if resolution.elsewhere.is_some() => paths.first().map_or(RouteKind::None, |p| p.route),
        Answer::Private(_) => RouteKind::VpcEndpoint,
        _ if paths.iter().any(|p| p.route == RouteKind::NatGateway) => RouteKind::NatGateway,
        _ => RouteKind::None,
    };
    (route, paths)
}

/// An endpoint that DNS does not lead to is an error only where no NAT
/// gateway carries the traffic instead; where neither exists and no
/// endpoint explains it, the finding is `no-route-to-xray`.
fn file_endpoint_problems(
    judge: &mut Judge<'_, '_>,
    problems: Vec<Draft>,
    paths: &mut [SubnetPath],
    no_route: &[(String, String)],
) {
    let stranded: Vec<&str> = no_route.iter().map(|(subnet, _)| subnet.as_str()).collect();
    let severity = if stranded.is_empty() {
        Severity::Warning
    } else {
        Severity::Error
    };
    let explained = !problems.is_empty();
    for mut draft in problems {
        if severity == Severity::Warning {
            draft
                .message
                .push_str("; traffic leaves through the NAT gateway instead");
        }
        judge.file(draft, severity, Hop::Dns, None);
    }
    for path in paths
        .iter_mut()
        .filter(|p| stranded.contains(&p.subnet_id.as_str()))
    {
        if explained {
            for hop in path.hops.iter_mut().filter(|(h, _)| *h == Hop::Dns) {
                hop.1 = Status::Fail;
            }
        }
        path.status = Status::Fail;
    }
    if explained {
        return;
    }
    for (subnet, reason) in no_route {
        let vpc_id = judge
            .index
            .subnets
            .get(subnet.as_str())
            .map(|s| s.vpc_id.clone())
            .unwrap_or_default();
        let message = format!(
            "{reason}, and {vpc_id} has no interface endpoint for X-Ray: trace data has no way out"
        );
        let fix = dns::create_endpoint_command(
            &vpc_id,
            judge.region,
            std::slice::from_ref(subnet),
            judge.function.security_group_ids(),
        );
        let draft = Draft::new(
            CheckId::NoRouteToXray,
            vec![subnet.clone(), vpc_id],
            message,
        )
        .fix(fix);
        judge.file(draft, Severity::Error, Hop::Subnet, Some(subnet));
    }
}
