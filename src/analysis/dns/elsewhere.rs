//! Where a private hosted zone's answer is not this VPC's X-Ray endpoint:
//! each function subnet's route to those addresses decides whether the
//! path merely leaves what xraypath follows (a peering connection, a
//! transit gateway) or has no way there at all.

use super::super::judge::{Draft, Judge};
use super::super::report::{CheckId, Hop, RouteKind, Severity, Status};
use super::super::resolution::Elsewhere;
use crate::model::{DataSource, RouteDestination, RouteState, RouteTarget, Subnet, xray_name};
use ipnet::Ipv4Net;

/// One subnet's way to where a private zone's answer leads.
pub struct ElsewherePath {
    /// `vpc-endpoint` when the answer names another VPC's X-Ray endpoint.
    pub route: RouteKind,
    pub status: Status,
    /// The route's target, then the endpoint, as far as they are known.
    pub via: Vec<String>,
}

/// Judges how `subnet` reaches the addresses a private zone answers with:
/// the longest matching route of its table. A peering connection, transit
/// gateway or any other target beyond the VPC is `route-leaves-analysis`
/// (named); no route, a blackhole, or a NAT or internet gateway for a
/// private address is `no-route-to-xray`.
pub fn judge_elsewhere(
    judge: &mut Judge<'_, '_>,
    subnet: &Subnet,
    elsewhere: &Elsewhere,
) -> ElsewherePath {
    let mut path = ElsewherePath {
        route: if elsewhere.endpoint_id.is_some() {
            RouteKind::VpcEndpoint
        } else {
            RouteKind::None
        },
        status: Status::Unknown,
        via: elsewhere.endpoint_id.iter().cloned().collect(),
    };
    let destinations: Vec<Ipv4Net> = if elsewhere.addresses.is_empty() {
        elsewhere.networks.clone()
    } else {
        elsewhere
            .addresses
            .iter()
            .map(|a| Ipv4Net::from(*a))
            .collect()
    };
    // The DNS finding already says the answer cannot be followed.
    let Some(destination) = destinations.first().copied() else {
        return path;
    };
    if judge.unreadable(DataSource::RouteTables, None, Hop::Subnet) {
        return path;
    }

    let name = xray_name(judge.region);
    let origin = format!(
        "where private hosted zone {} sends {name}",
        elsewhere.zone_id
    );
    let table = judge.index.route_table_for(subnet);
    let route = table.and_then(|t| {
        t.routes
            .iter()
            .filter_map(|r| match r.destination {
                RouteDestination::Cidr(net) if net.contains(&destination) => Some((net, r)),
                _ => None,
            })
            .max_by_key(|(net, _)| net.prefix_len())
    });
    let table_id = table.map_or_else(|| "(none)".to_owned(), |t| t.id.clone());
    let mut resources = vec![
        table_id.clone(),
        subnet.id.clone(),
        elsewhere.zone_id.clone(),
    ];

    let Some((net, route)) = route else {
        let message = format!(
            "route table {table_id} of subnet {} has no route for {destination}, {origin}",
            subnet.id
        );
        let draft = Draft::new(CheckId::NoRouteToXray, resources, message);
        judge.file(draft, Severity::Error, Hop::Subnet, Some(&subnet.id));
        path.status = Status::Fail;
        return path;
    };
    let target = route.target.resource_id().unwrap_or("local").to_owned();
    let dead_end = match &route.target {
        _ if route.state == RouteState::Blackhole => Some("a blackhole"),
        RouteTarget::NatGateway(_)
        | RouteTarget::InternetGateway(_)
        | RouteTarget::EgressOnlyInternetGateway(_)
            if destination.network().is_private() =>
        {
            Some("a gateway to the internet, which carries nothing to private addresses")
        }
        _ => None,
    };
    if let Some(why) = dead_end {
        let message = format!(
            "route table {table_id} sends {net} from subnet {} to {target}, {why}: {destination}, {origin}, is out of reach",
            subnet.id
        );
        resources.push(target);
        judge.file(
            Draft::new(CheckId::NoRouteToXray, resources, message),
            Severity::Error,
            Hop::Subnet,
            Some(&subnet.id),
        );
        path.status = Status::Fail;
        return path;
    }

    let beyond = if route.target == RouteTarget::Local {
        format!(
            "the local route carries it to {destination} inside {}, to a host xraypath does not follow",
            subnet.vpc_id
        )
    } else {
        format!(
            "route table {table_id} sends {net} from subnet {} to {target}; what happens beyond it is outside what xraypath follows",
            subnet.id
        )
    };
    let message = format!("{destination} is {origin}: {beyond}");
    resources.push(target.clone());
    judge.file(
        Draft::new(CheckId::RouteLeavesAnalysis, resources, message),
        Severity::Warning,
        Hop::Subnet,
        Some(&subnet.id),
    );
    if route.target != RouteTarget::Local {
        path.via.insert(0, target);
    }
    path
}
