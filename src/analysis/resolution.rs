//! How `xray.<region>.amazonaws.com` resolves inside one VPC, step by step,
//! in the order the VPC resolver applies them:
//!
//! 1. the DHCP option set picks who is asked (custom name servers make the
//!    rest uncertain);
//! 2. `enableDnsSupport` must be on for the VPC resolver to answer at all;
//! 3. a Route 53 Resolver rule for the name or a parent domain (the most
//!    specific wins; FORWARD sends the query away, SYSTEM keeps it);
//! 4. a private hosted zone for the name or a parent (the most specific,
//!    counting the endpoint's private DNS as a zone for the full name);
//!    its records decide, and a name it does not hold is NXDOMAIN;
//! 5. the X-Ray endpoint's private DNS;
//! 6. public DNS.
//!
//! [`DnsTrace`] is what the inspector's DNS view shows; [`walk`] also
//! returns the decision the DNS hop judges.

use crate::model::{
    DhcpOptions, HostedZone, Index, RecordType, ResolverRule, Vpc, VpcEndpoint, domain_covers,
    label_count, xray_name,
};
use std::net::Ipv4Addr;

mod follow;
mod trace;

pub(super) use follow::Elsewhere;
pub use trace::{DnsEnd, DnsStep, DnsStepKind, DnsTrace, StepOutcome};

/// The decision the DNS hop judges.
pub(super) enum Decision<'a> {
    /// `enableDnsSupport` is off.
    ResolverOff,
    /// A private hosted zone answers.
    Zone(&'a HostedZone, ZoneAnswer<'a>),
    /// The endpoint's private DNS answers.
    EndpointPrivateDns(&'a VpcEndpoint),
    /// Public DNS answers.
    Public,
}

/// What a private hosted zone's records lead to.
pub(super) enum ZoneAnswer<'a> {
    /// This VPC's X-Ray endpoint.
    Endpoint(&'a VpcEndpoint),
    /// Somewhere else, or somewhere xraypath cannot follow.
    Elsewhere(Elsewhere),
    /// Nothing useful: the name, the record that fails, why.
    NoAnswer { record: String, why: String },
}

/// The trace, the decision, and the steps that make it uncertain.
pub(super) struct Walk<'a> {
    pub trace: DnsTrace,
    pub decision: Decision<'a>,
    /// DHCP options with name servers other than AmazonProvidedDNS.
    pub custom_servers: Option<(&'a DhcpOptions, Vec<&'a str>)>,
    /// The forwarding rule that sends the query away.
    pub forward: Option<&'a ResolverRule>,
}

/// The X-Ray interface endpoints of a VPC: this region's, then others'.
pub(super) fn xray_endpoints<'a>(
    index: &Index<'a>,
    vpc: &Vpc,
) -> (Vec<&'a VpcEndpoint>, Vec<&'a VpcEndpoint>) {
    let region = index.snapshot.region.as_str();
    index
        .endpoints_of_vpc
        .get(vpc.id.as_str())
        .into_iter()
        .flatten()
        .copied()
        .filter(|e| e.is_xray_interface())
        .partition(|e| e.service_region() == Some(region))
}

/// The private addresses of an endpoint's interfaces, when read.
pub(super) fn endpoint_addresses(index: &Index<'_>, endpoint: &VpcEndpoint) -> Vec<Ipv4Addr> {
    endpoint
        .network_interface_ids
        .iter()
        .filter_map(|id| index.network_interfaces.get(id.as_str()))
        .flat_map(|n| n.private_ips.iter().copied())
        .collect()
}

/// Resolves the X-Ray name for `vpc`, keeping every step.
pub(super) fn walk<'a>(index: &Index<'a>, vpc: &'a Vpc) -> Walk<'a> {
    let name = xray_name(&index.snapshot.region);
    let mut trace = DnsTrace {
        name: name.clone(),
        vpc_id: vpc.id.clone(),
        steps: Vec::new(),
        end: DnsEnd::Unknown,
        addresses: Vec::new(),
        certain: true,
    };
    let custom_servers = dhcp_step(index, vpc, &mut trace);

    if vpc.dns_support == Some(false) {
        let detail = format!(
            "{} has enableDnsSupport off: the VPC resolver answers nothing",
            vpc.id
        );
        trace.push(DnsStepKind::VpcResolver, detail, StepOutcome::Failed);
        trace.end = DnsEnd::NoAnswer;
        trace.certain = custom_servers.is_none();
        return Walk {
            trace,
            decision: Decision::ResolverOff,
            custom_servers,
            forward: None,
        };
    }
    let (detail, outcome) = match vpc.dns_support {
        Some(_) => (
            "enableDnsSupport is on: the VPC resolver takes the query",
            StepOutcome::PassedOn,
        ),
        None => (
            "enableDnsSupport could not be read: assumed on",
            StepOutcome::Unknown,
        ),
    };
    trace.push(DnsStepKind::VpcResolver, detail.to_owned(), outcome);

    let forward = rule_step(index, vpc, &name, &mut trace);
    let after_rule = trace.steps.len();
    let decision = zone_step(index, vpc, &name, &mut trace);
    end_of(index, &decision, &mut trace);

    if let Some(rule) = forward {
        for step in &mut trace.steps[after_rule..] {
            step.outcome = StepOutcome::NotReached;
            step.detail = format!("were it not for {}: {}", rule.id, step.detail);
        }
        trace.end = DnsEnd::Unknown;
        trace.addresses.clear();
    }
    trace.certain = !trace
        .steps
        .iter()
        .any(|s| s.outcome == StepOutcome::Unknown);
    Walk {
        trace,
        decision,
        custom_servers,
        forward,
    }
}

/// Step 1: who is asked.
fn dhcp_step<'a>(
    index: &Index<'a>,
    vpc: &Vpc,
    trace: &mut DnsTrace,
) -> Option<(&'a DhcpOptions, Vec<&'a str>)> {
    let Some(options_id) = &vpc.dhcp_options_id else {
        let detail = format!(
            "{} has no DHCP option set: queries go to AmazonProvidedDNS",
            vpc.id
        );
        trace.push(DnsStepKind::DhcpServers, detail, StepOutcome::PassedOn);
        return None;
    };
    let Some(options) = index.dhcp_options.get(options_id.as_str()).copied() else {
        let detail = format!("DHCP options {options_id} could not be read: who answers is unknown");
        trace.push(DnsStepKind::DhcpServers, detail, StepOutcome::Unknown);
        return None;
    };
    let custom: Vec<&str> = options
        .domain_name_servers
        .iter()
        .map(String::as_str)
        .filter(|s| !s.eq_ignore_ascii_case("AmazonProvidedDNS"))
        .collect();
    if custom.is_empty() {
        let detail = format!(
            "DHCP options {} send queries to AmazonProvidedDNS",
            options.id
        );
        trace.push(DnsStepKind::DhcpServers, detail, StepOutcome::PassedOn);
        return None;
    }
    let detail = format!(
        "DHCP options {} send queries to {}: what they answer is not known; the steps below are what AmazonProvidedDNS would answer",
        options.id,
        custom.join(", ")
    );
    trace.push(DnsStepKind::DhcpServers, detail, StepOutcome::Unknown);
    Some((options, custom))
}

/// Step 3: the most specific Resolver rule for the name; a forwarding
/// rule is returned, a SYSTEM rule keeps the query here.
fn rule_step<'a>(
    index: &Index<'a>,
    vpc: &Vpc,
    name: &str,
    trace: &mut DnsTrace,
) -> Option<&'a ResolverRule> {
    let unread = index
        .snapshot
        .unreadable_for(crate::model::DataSource::ResolverRules)
        .next();
    if let Some(failure) = unread {
        let detail = format!(
            "{} failed ({}): Resolver rules are unknown",
            failure.api, failure.code
        );
        trace.push(DnsStepKind::ResolverRule, detail, StepOutcome::Unknown);
        return None;
    }
    let rules = index.resolver_rules_of_vpc.get(vpc.id.as_str());
    // Ties go to the forwarding rule: an unknown answer, not a wrong one.
    let winner = rules
        .into_iter()
        .flatten()
        .copied()
        .filter(|r| domain_covers(&r.domain_name, name))
        .max_by_key(|r| (label_count(&r.domain_name), r.rule_type.sends_elsewhere()));
    let Some(rule) = winner else {
        let detail = format!("no Resolver rule associated with {} covers {name}", vpc.id);
        trace.push(DnsStepKind::ResolverRule, detail, StepOutcome::PassedOn);
        return None;
    };

    let label = rule
        .name
        .as_deref()
        .map_or_else(String::new, |n| format!(" ({n})"));
    if rule.rule_type.sends_elsewhere() {
        let targets = if rule.target_ips.is_empty() {
            "servers it does not list".to_owned()
        } else {
            rule.target_ips.join(", ")
        };
        let detail = format!(
            "{}{label} is a {} rule for {}: the query goes to {targets}, whose answer xraypath cannot see",
            rule.id,
            rule.rule_type.as_str(),
            rule.domain_name
        );
        trace.push(DnsStepKind::ResolverRule, detail, StepOutcome::Unknown);
        return Some(rule);
    }
    let detail = format!(
        "{}{label} is a {} rule for {}: the VPC resolver keeps the query",
        rule.id,
        rule.rule_type.as_str(),
        rule.domain_name
    );
    trace.push(DnsStepKind::ResolverRule, detail, StepOutcome::PassedOn);
    None
}

/// Steps 4 to 6: a private zone, else the endpoint's private DNS, else public.
fn zone_step<'a>(
    index: &Index<'a>,
    vpc: &'a Vpc,
    name: &str,
    trace: &mut DnsTrace,
) -> Decision<'a> {
    let (here, _) = xray_endpoints(index, vpc);
    let hostnames = vpc.dns_hostnames != Some(false);
    let private_dns = here
        .iter()
        .copied()
        .find(|e| e.state == "available" && e.private_dns_enabled)
        .filter(|_| hostnames);

    let zones: Vec<&HostedZone> = index
        .hosted_zones_of_vpc
        .get(vpc.id.as_str())
        .into_iter()
        .flatten()
        .copied()
        .filter(|z| domain_covers(&z.name, name))
        .collect();
    let unread = index
        .snapshot
        .unreadable_for(crate::model::DataSource::HostedZones)
        .next();
    let winner = zones.iter().copied().max_by_key(|z| label_count(&z.name));

    match (winner, unread) {
        (_, Some(failure)) => {
            let detail = format!(
                "{} failed ({}): private hosted zones are unknown",
                failure.api, failure.code
            );
            trace.push(DnsStepKind::PrivateZone, detail, StepOutcome::Unknown);
        }
        (None, None) => {
            let detail = format!(
                "no private hosted zone associated with {} covers {name}",
                vpc.id
            );
            trace.push(DnsStepKind::PrivateZone, detail, StepOutcome::PassedOn);
        }
        (Some(zone), None) if !hostnames => {
            let detail = format!(
                "{} ({}) covers the name, but {} has enableDnsHostnames off, which private zones need",
                zone.id, zone.name, vpc.id
            );
            trace.push(DnsStepKind::PrivateZone, detail, StepOutcome::PassedOn);
        }
        // The endpoint's private DNS is itself a zone for the full name:
        // a zone for a parent domain is less specific and loses to it.
        (Some(zone), None)
            if private_dns.is_some() && label_count(&zone.name) < label_count(name) =>
        {
            let detail = format!(
                "{} ({}) covers the name, but the endpoint's private DNS zone for {name} is more specific and wins",
                zone.id, zone.name
            );
            trace.push(DnsStepKind::PrivateZone, detail, StepOutcome::PassedOn);
        }
        (Some(zone), None) => {
            let answer = zone_answer(index, vpc, name, &zones, zone, &here, trace);
            return Decision::Zone(zone, answer);
        }
    }

    if let Some(endpoint) = private_dns {
        let detail = format!(
            "{} has private DNS on: {name} resolves to its interfaces",
            endpoint.id
        );
        trace.push(
            DnsStepKind::EndpointPrivateDns,
            detail,
            StepOutcome::Answered,
        );
        return Decision::EndpointPrivateDns(endpoint);
    }
    let why = match here.first() {
        None => format!("{} has no X-Ray interface endpoint for this region", vpc.id),
        Some(e) if e.state != "available" => format!("{} is {}, not available", e.id, e.state),
        Some(e) if !e.private_dns_enabled => format!("{} has private DNS off", e.id),
        Some(e) => format!(
            "{} has enableDnsHostnames off, so {}'s private DNS does not apply",
            vpc.id, e.id
        ),
    };
    trace.push(DnsStepKind::EndpointPrivateDns, why, StepOutcome::PassedOn);
    let detail = format!("public DNS answers {name} with X-Ray's public addresses");
    trace.push(DnsStepKind::Public, detail, StepOutcome::Answered);
    Decision::Public
}

/// Follows the winning zone's records and says where they lead.
fn zone_answer<'a>(
    index: &Index<'a>,
    vpc: &Vpc,
    name: &str,
    zones: &[&'a HostedZone],
    zone: &'a HostedZone,
    here: &[&'a VpcEndpoint],
    trace: &mut DnsTrace,
) -> ZoneAnswer<'a> {
    let mut chain = Vec::new();
    let target = follow::follow(index, zones, name, &mut chain);
    let via = if chain.is_empty() {
        String::new()
    } else {
        format!(" ({})", chain.join(", then "))
    };
    let zone_label = format!("{} ({})", zone.id, zone.name);

    let (answer, outcome, detail) = match follow::classify(index, vpc, here, zone, target, &chain) {
        ZoneAnswer::Endpoint(endpoint) => {
            let detail = format!(
                "{zone_label} wins over the endpoint's private DNS and answers{via}: the X-Ray endpoint {} in this VPC",
                endpoint.id
            );
            (
                ZoneAnswer::Endpoint(endpoint),
                StepOutcome::Answered,
                detail,
            )
        }
        ZoneAnswer::Elsewhere(elsewhere) => {
            let (outcome, what) = if elsewhere.addresses.is_empty() && elsewhere.networks.is_empty()
            {
                (StepOutcome::Unknown, elsewhere.note.clone())
            } else {
                (StepOutcome::Answered, elsewhere.note.clone())
            };
            let detail = format!(
                "{zone_label} wins over the endpoint's private DNS and answers{via}: {what}"
            );
            (ZoneAnswer::Elsewhere(elsewhere), outcome, detail)
        }
        ZoneAnswer::NoAnswer { record, why } => {
            let detail = format!("{zone_label} covers {name} and wins, but {why}");
            (
                ZoneAnswer::NoAnswer { record, why },
                StepOutcome::Failed,
                detail,
            )
        }
    };
    trace.push(DnsStepKind::PrivateZone, detail, outcome);
    answer
}

/// Sets the trace's end and addresses from the decision.
fn end_of(index: &Index<'_>, decision: &Decision<'_>, trace: &mut DnsTrace) {
    let to_strings = |ips: &[Ipv4Addr]| ips.iter().map(ToString::to_string).collect();
    (trace.end, trace.addresses) = match decision {
        Decision::ResolverOff | Decision::Zone(_, ZoneAnswer::NoAnswer { .. }) => {
            (DnsEnd::NoAnswer, Vec::new())
        }
        Decision::Zone(_, ZoneAnswer::Endpoint(e)) | Decision::EndpointPrivateDns(e) => (
            DnsEnd::Endpoint(e.id.clone()),
            to_strings(&endpoint_addresses(index, e)),
        ),
        Decision::Zone(_, ZoneAnswer::Elsewhere(elsewhere)) => {
            let end = if elsewhere.addresses.is_empty() && elsewhere.networks.is_empty() {
                DnsEnd::Unknown
            } else {
                DnsEnd::Elsewhere
            };
            (end, to_strings(&elsewhere.addresses))
        }
        Decision::Public => (DnsEnd::Public, Vec::new()),
    };
}

/// Whether a record type answers an IPv4 or IPv6 address query.
fn is_address(record_type: RecordType) -> bool {
    matches!(record_type, RecordType::A | RecordType::Aaaa)
}

/// Whether one of the VPC's ranges holds the address.
fn inside(vpc: &Vpc, address: Ipv4Addr) -> bool {
    vpc.cidr_blocks.iter().any(|net| net.contains(&address))
}
