//! Hop 1: what `xray.<region>.amazonaws.com` resolves to inside the VPC.
//! [`resolution`](super::resolution) walks the VPC resolver's steps
//! (DHCP servers, Resolver rules, private hosted zones, the endpoint's
//! private DNS, public DNS); this file files the findings they call for
//! and hands the path checks an [`Answer`].

mod elsewhere;

use super::judge::{Draft, Judge};
use super::report::{CheckId, Hop, Severity, Status};
use super::resolution::{self, Decision, Elsewhere, ZoneAnswer};
use crate::model::{DataSource, HostedZone, ResolverRule, Vpc, VpcEndpoint, xray_name};

pub use elsewhere::judge_elsewhere;

/// Where the name points.
#[derive(Debug, Clone, Copy)]
pub enum Answer<'a> {
    /// The endpoint's private addresses.
    Private(&'a VpcEndpoint),
    /// X-Ray's public addresses; also the answer when a private zone leads
    /// elsewhere (see [`Resolution::elsewhere`]).
    Public,
    /// Nothing: the VPC resolver is off, or a private zone answers NXDOMAIN.
    Unresolvable,
}

/// The DNS hop's result for one VPC.
pub struct Resolution<'a> {
    pub answer: Answer<'a>,
    pub status: Status,
    /// Why the endpoint is not used. These are errors only when no NAT
    /// gateway carries the traffic instead, so the caller files them.
    pub endpoint_problems: Vec<Draft>,
    /// Set when a private hosted zone answers with addresses that are not
    /// this VPC's X-Ray endpoint: each subnet's way there is judged by
    /// [`judge_elsewhere`], not by the NAT route.
    pub elsewhere: Option<Elsewhere>,
}

/// Resolves the X-Ray name for a function in `vpc`.
pub fn resolve<'a>(judge: &mut Judge<'_, 'a>, vpc: &'a Vpc) -> Resolution<'a> {
    let mut status = Status::Unknown;
    let unreadable = [
        (DataSource::VpcEndpoints, None),
        (DataSource::VpcAttributes, Some(vpc.id.as_str())),
        (DataSource::HostedZones, None),
        (DataSource::ResolverRules, None),
    ]
    .into_iter()
    .fold(false, |any, (source, resource)| {
        judge.unreadable(source, resource, Hop::Dns) | any
    });
    if !unreadable {
        status = Status::Pass;
    }

    let walk = judge.cache.walk(judge.index, vpc);
    if let Some((options, servers)) = &walk.custom_servers {
        file_custom_servers(judge, vpc, &options.id, servers);
        status = status.worst(Status::Unknown);
    } else if vpc.dhcp_options_id.is_some()
        && walk
            .trace
            .steps
            .first()
            .is_some_and(|s| s.outcome == resolution::StepOutcome::Unknown)
        && judge.unreadable(DataSource::DhcpOptions, None, Hop::Dns)
    {
        status = status.worst(Status::Unknown);
    }
    if let Some(rule) = walk.forward {
        file_forward_rule(judge, vpc, rule);
        status = status.worst(Status::Unknown);
    }

    let mut resolution = Resolution {
        answer: Answer::Public,
        status,
        endpoint_problems: Vec::new(),
        elsewhere: None,
    };
    match &walk.decision {
        Decision::ResolverOff => {
            file_resolver_off(judge, vpc);
            resolution.answer = Answer::Unresolvable;
            resolution.status = Status::Fail;
        }
        Decision::EndpointPrivateDns(endpoint) => resolution.answer = Answer::Private(endpoint),
        Decision::Public => resolution.endpoint_problems = public_problems(judge, vpc),
        Decision::Zone(zone, ZoneAnswer::Endpoint(endpoint)) => {
            resolution.answer = Answer::Private(endpoint);
            if endpoint.state != "available" {
                let message = format!(
                    "private hosted zone {} ({}) points {} at {}, which is in state {}, not available",
                    zone.id, zone.name, walk.trace.name, endpoint.id, endpoint.state
                );
                let draft = Draft::new(
                    CheckId::EndpointNotAvailable,
                    vec![endpoint.id.clone(), zone.id.clone()],
                    message,
                );
                judge.file(draft, Severity::Error, Hop::Dns, None);
                resolution.status = Status::Fail;
            }
        }
        Decision::Zone(zone, ZoneAnswer::Elsewhere(elsewhere)) => {
            file_zone_elsewhere(judge, vpc, zone, elsewhere);
            resolution.status = resolution.status.worst(Status::Unknown);
            resolution.elsewhere = Some(elsewhere.clone());
        }
        Decision::Zone(zone, ZoneAnswer::NoAnswer { record, why }) => {
            file_zone_no_answer(judge, vpc, zone, record, why);
            resolution.answer = Answer::Unresolvable;
            resolution.status = Status::Fail;
        }
    }
    resolution
}

/// `enableDnsSupport` off: nothing resolves.
fn file_resolver_off(judge: &mut Judge<'_, '_>, vpc: &Vpc) {
    let region = judge.region;
    let message = format!(
        "{} has enableDnsSupport off: the VPC resolver answers nothing, so xray.{region}.amazonaws.com cannot be resolved",
        vpc.id
    );
    let fix = format!(
        "aws ec2 modify-vpc-attribute --vpc-id {} --enable-dns-support '{{\"Value\":true}}'",
        vpc.id
    );
    let draft = Draft::new(
        CheckId::VpcDnsSupportDisabled,
        vec![vpc.id.clone()],
        message,
    )
    .fix(fix);
    judge.file(draft, Severity::Error, Hop::Dns, None);
}

/// Why the endpoint is not used when public DNS answers.
fn public_problems(judge: &Judge<'_, '_>, vpc: &Vpc) -> Vec<Draft> {
    let region = judge.region;
    let (here, elsewhere) = resolution::xray_endpoints(judge.index, vpc);
    let mut problems = Vec::new();
    if let Some(endpoint) = here.first().copied() {
        problems.extend(endpoint_problems(endpoint, vpc, region));
    } else if let Some(wrong) = elsewhere.first() {
        let message = format!(
            "{} in {} serves {}, not com.amazonaws.{region}.xray: functions in {region} do not use it",
            wrong.id, vpc.id, wrong.service_name
        );
        let fix = create_endpoint_command(
            &vpc.id,
            region,
            &wrong.subnet_ids,
            &wrong.security_group_ids,
        );
        problems.push(
            Draft::new(
                CheckId::EndpointWrongRegion,
                vec![wrong.id.clone()],
                message,
            )
            .fix(fix),
        );
    }
    problems
}

/// Why an X-Ray endpoint in the right region does not get the traffic.
fn endpoint_problems(endpoint: &VpcEndpoint, vpc: &Vpc, region: &str) -> Vec<Draft> {
    let mut problems = Vec::new();
    let name = format!("xray.{region}.amazonaws.com");
    if endpoint.state != "available" {
        let message = format!(
            "{} is in state {}, not available: {name} does not point at it",
            endpoint.id, endpoint.state
        );
        problems.push(Draft::new(
            CheckId::EndpointNotAvailable,
            vec![endpoint.id.clone()],
            message,
        ));
    }
    if !endpoint.private_dns_enabled {
        let message = format!(
            "{} has private DNS off: {name} resolves to X-Ray's public addresses, not the endpoint",
            endpoint.id
        );
        let fix = format!(
            "aws ec2 modify-vpc-endpoint --vpc-endpoint-id {} --private-dns-enabled",
            endpoint.id
        );
        problems.push(
            Draft::new(
                CheckId::EndpointPrivateDnsDisabled,
                vec![endpoint.id.clone()],
                message,
            )
            .fix(fix),
        );
    }
    if vpc.dns_hostnames == Some(false) {
        let message = format!(
            "{} has enableDnsHostnames off: the private DNS name of {} does not apply and {name} resolves publicly",
            vpc.id, endpoint.id
        );
        let fix = format!(
            "aws ec2 modify-vpc-attribute --vpc-id {} --enable-dns-hostnames '{{\"Value\":true}}'",
            vpc.id
        );
        problems.push(
            Draft::new(
                CheckId::VpcDnsHostnamesDisabled,
                vec![vpc.id.clone()],
                message,
            )
            .fix(fix),
        );
    }
    problems
}

/// A DHCP option set that names other name servers makes the answer
/// depend on resolvers xraypath cannot see.
fn file_custom_servers(judge: &mut Judge<'_, '_>, vpc: &Vpc, options_id: &str, servers: &[&str]) {
    let message = format!(
        "{} uses DHCP options {options_id} with name servers {}: whether they answer {} with the endpoint's addresses is not known",
        vpc.id,
        servers.join(", "),
        xray_name(judge.region)
    );
    let resources = vec![options_id.to_owned(), vpc.id.clone()];
    let draft = Draft::new(CheckId::CustomDnsServers, resources, message);
    judge.file(draft, Severity::Warning, Hop::Dns, None);
}

/// A forwarding rule for the name or a parent domain: the query goes to
/// other name servers, just as with custom DHCP name servers, so it is
/// filed under the same id (DESIGN.md's list of ids is fixed).
fn file_forward_rule(judge: &mut Judge<'_, '_>, vpc: &Vpc, rule: &ResolverRule) {
    let name = xray_name(judge.region);
    let label = rule
        .name
        .as_deref()
        .map_or_else(String::new, |n| format!(" ({n})"));
    let targets = if rule.target_ips.is_empty() {
        "name servers it does not list".to_owned()
    } else {
        rule.target_ips.join(", ")
    };
    let message = format!(
        "Resolver rule {}{label} forwards queries for {} from {} to {targets}: whether they answer {name} with the endpoint's addresses is not known",
        rule.id, rule.domain_name, vpc.id
    );
    let fix = format!(
        "aws route53resolver create-resolver-rule --rule-type SYSTEM --domain-name {name} --creator-request-id xray-system-{}  # then: aws route53resolver associate-resolver-rule --resolver-rule-id <new-rule-id> --vpc-id {}",
        vpc.id, vpc.id
    );
    let draft = Draft::new(
        CheckId::CustomDnsServers,
        vec![rule.id.clone(), vpc.id.clone()],
        message,
    )
    .fix(fix);
    judge.file(draft, Severity::Warning, Hop::Dns, None);
}

/// A private zone whose answer is not this VPC's endpoint: the path
/// leaves what xraypath follows from the VPC's own resources.
fn file_zone_elsewhere(
    judge: &mut Judge<'_, '_>,
    vpc: &Vpc,
    zone: &HostedZone,
    elsewhere: &Elsewhere,
) {
    let record = if elsewhere.record.is_empty() {
        String::new()
    } else {
        format!(" ({})", elsewhere.record)
    };
    let message = format!(
        "private hosted zone {} ({}) associated with {} answers {}{record}: {}",
        zone.id,
        zone.name,
        vpc.id,
        xray_name(judge.region),
        elsewhere.note
    );
    let mut resources = vec![zone.id.clone(), vpc.id.clone()];
    resources.extend(elsewhere.endpoint_id.iter().cloned());
    let draft = Draft::new(CheckId::RouteLeavesAnalysis, resources, message);
    judge.file(draft, Severity::Warning, Hop::Dns, None);
}

/// A private zone that wins but answers nothing useful. DESIGN.md has no
/// DNS-specific error id; the honest one is `no-route-to-xray`: the name
/// the function calls leads nowhere, so no path to X-Ray exists.
fn file_zone_no_answer(
    judge: &mut Judge<'_, '_>,
    vpc: &Vpc,
    zone: &HostedZone,
    record: &str,
    why: &str,
) {
    let name = xray_name(judge.region);
    let message = format!(
        "private hosted zone {} ({}) is associated with {} and covers {name}, so it decides the answer; {why}",
        zone.id, zone.name, vpc.id
    );
    let region = judge.region;
    let (here, _) = resolution::xray_endpoints(judge.index, vpc);
    let fix = match here.first() {
        Some(endpoint) => format!(
            "aws route53 change-resource-record-sets --hosted-zone-id {} --change-batch '{{\"Changes\":[{{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{{\"Name\":\"{name}\",\"Type\":\"A\",\"AliasTarget\":{{\"HostedZoneId\":\"<zone id of {}'s DNS name>\",\"DNSName\":\"<regional DNS name of {}>\",\"EvaluateTargetHealth\":false}}}}}}]}}'",
            zone.id, endpoint.id, endpoint.id
        ),
        None => format!(
            "aws route53 disassociate-vpc-from-hosted-zone --hosted-zone-id {} --vpc VPCRegion={region},VPCId={}",
            zone.id, vpc.id
        ),
    };
    let resources = vec![zone.id.clone(), record.to_owned(), vpc.id.clone()];
    let draft = Draft::new(CheckId::NoRouteToXray, resources, message).fix(fix);
    judge.file(draft, Severity::Error, Hop::Dns, None);
}

/// The command that creates an X-Ray interface endpoint.
pub fn create_endpoint_command(
    vpc_id: &str,
    region: &str,
    subnets: &[String],
    groups: &[String],
) -> String {
    let mut command = format!(
        "aws ec2 create-vpc-endpoint --vpc-id {vpc_id} --vpc-endpoint-type Interface --service-name com.amazonaws.{region}.xray --private-dns-enabled"
    );
    if !subnets.is_empty() {
        command.push_str(&format!(" --subnet-ids {}", subnets.join(" ")));
    }
    if !groups.is_empty() {
        command.push_str(&format!(" --security-group-ids {}", groups.join(" ")));
    }
    command
}
