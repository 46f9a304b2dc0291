//! The NAT route: the function subnet's route table must send public
//! traffic to an available NAT gateway whose own subnet routes to an
//! internet gateway attached to the VPC (hops 2 to 4 on the public path).

use super::addresses::Peer;
use super::connection::{self, End, FarSide, GroupCheck};
use super::judge::{Draft, Judge};
use super::report::{CheckId, Hop, RouteKind, Severity, Status};
use super::security_group::{Direction, Other};
use crate::model::{
    DataSource, Route, RouteDestination, RouteState, RouteTable, RouteTarget, Subnet,
};

/// One subnet's public path.
pub struct NatPath {
    pub route: RouteKind,
    /// The NAT gateway then the internet gateway, as far as they are known.
    pub via: Vec<String>,
    pub subnet: Status,
    pub nat: Status,
    /// Set when the subnet has no route for public traffic at all; the
    /// caller files `no-route-to-xray` or the endpoint problem that explains it.
    pub no_route: Option<String>,
}

/// Judges one function subnet's way out through a NAT gateway.
pub fn judge_subnet(judge: &mut Judge<'_, '_>, subnet: &Subnet) -> NatPath {
    let mut path = NatPath {
        route: RouteKind::None,
        via: Vec::new(),
        subnet: Status::Pass,
        nat: Status::Pass,
        no_route: None,
    };
    if judge.unreadable(DataSource::RouteTables, None, Hop::Subnet) {
        path.subnet = Status::Unknown;
        return path;
    }
    let Some(table) = judge.index.route_table_for(subnet) else {
        path.no_route = Some(format!("subnet {} has no route table", subnet.id));
        path.subnet = Status::Fail;
        return path;
    };
    let Some(route) = default_route(table) else {
        path.no_route = Some(format!(
            "route table {} of subnet {} has no route for 0.0.0.0/0",
            table.id, subnet.id
        ));
        path.subnet = Status::Fail;
        return path;
    };

    match &route.target {
        RouteTarget::NatGateway(nat_id) => {
            path.route = RouteKind::NatGateway;
            path.via.push(nat_id.clone());
            nat_gateway(judge, subnet, table, route, nat_id, &mut path);
            let egress = connection::security_groups(
                judge,
                GroupCheck {
                    groups: judge.function.security_group_ids(),
                    direction: Direction::Egress,
                    other: Other {
                        peer: Peer::Internet,
                        groups: &[],
                    },
                    check: CheckId::FunctionSgBlocksHttps,
                    hop: Hop::Subnet,
                    subnet: &subnet.id,
                    far_side: FarSide::XrayPublic,
                },
            );
            let acl = connection::network_acl(
                judge,
                subnet,
                End::Client,
                Peer::Internet,
                Hop::Subnet,
                &subnet.id,
            );
            path.subnet = path.subnet.worst(egress).worst(acl);
        }
        RouteTarget::InternetGateway(igw) => {
            let message = format!(
                "route table {} sends 0.0.0.0/0 from subnet {} to {igw}, but Lambda's interfaces have no public address, so nothing comes back",
                table.id, subnet.id
            );
            let nat = judge
                .index
                .nat_gateways_of_vpc
                .get(subnet.vpc_id.as_str())
                .and_then(|n| n.iter().find(|n| n.state == "available"));
            let mut draft = Draft::new(
                CheckId::RouteToIgwWithoutPublicIp,
                vec![table.id.clone(), subnet.id.clone(), igw.clone()],
                message,
            );
            if let Some(nat) = nat {
                draft = draft.fix(format!(
                    "aws ec2 replace-route --route-table-id {} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id {}",
                    table.id, nat.id
                ));
            }
            judge.file(draft, Severity::Error, Hop::Subnet, Some(&subnet.id));
            path.via.push(igw.clone());
            path.subnet = Status::Fail;
        }
        other => {
            let id = other
                .resource_id()
                .unwrap_or("an unknown target")
                .to_owned();
            let message = format!(
                "route table {} sends 0.0.0.0/0 from subnet {} to {id}; what happens beyond it is outside what xraypath follows",
                table.id, subnet.id
            );
            judge.file(
                Draft::new(
                    CheckId::RouteLeavesAnalysis,
                    vec![table.id.clone(), id.clone()],
                    message,
                ),
                Severity::Warning,
                Hop::Subnet,
                Some(&subnet.id),
            );
            path.via.push(id);
            path.subnet = Status::Unknown;
        }
    }
    path
}

/// The route public traffic takes: the longest prefix that holds every
/// public address is the default route.
fn default_route(table: &RouteTable) -> Option<&Route> {
    table
        .routes
        .iter()
        .find(|r| matches!(r.destination, RouteDestination::Cidr(net) if net.prefix_len() == 0))
}

/// The NAT gateway itself and its subnet's way to an internet gateway.
fn nat_gateway(
    judge: &mut Judge<'_, '_>,
    subnet: &Subnet,
    table: &RouteTable,
    route: &Route,
    nat_id: &str,
    path: &mut NatPath,
) {
    if judge.unreadable(DataSource::NatGateways, None, Hop::NatGateway) {
        path.nat = Status::Unknown;
        return;
    }
    let nat = judge.index.nat_gateways.get(nat_id).copied();
    let usable = nat.filter(|n| n.state == "available" && route.state == RouteState::Active);
    let Some(nat) = usable else {
        let why = match nat {
            Some(n) if n.state != "available" => format!("{nat_id} is {}", n.state),
            Some(_) => format!("the route to {nat_id} is a blackhole"),
            None => format!("{nat_id} no longer exists and the route to it is a blackhole"),
        };
        let message = format!(
            "route table {} sends 0.0.0.0/0 from subnet {} to a NAT gateway that cannot carry it: {why}",
            table.id, subnet.id
        );
        let other = judge
            .index
            .nat_gateways_of_vpc
            .get(subnet.vpc_id.as_str())
            .and_then(|list| {
                list.iter()
                    .find(|n| n.state == "available" && n.id != nat_id)
            });
        let fix = match other {
            Some(n) => format!(
                "aws ec2 replace-route --route-table-id {} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id {}",
                table.id, n.id
            ),
            None => format!(
                "aws ec2 create-nat-gateway --subnet-id <public-subnet-id> --allocation-id <eip-allocation-id>  # then: aws ec2 replace-route --route-table-id {} --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <new-nat-id>",
                table.id
            ),
        };
        let draft = Draft::new(
            CheckId::NatGatewayUnavailable,
            vec![nat_id.to_owned(), table.id.clone()],
            message,
        )
        .fix(fix);
        judge.file(draft, Severity::Error, Hop::NatGateway, Some(&subnet.id));
        path.nat = Status::Fail;
        return;
    };

    if nat.connectivity == "private" {
        let message = format!(
            "{} is a private NAT gateway: it cannot reach X-Ray's public addresses",
            nat.id
        );
        let draft = Draft::new(
            CheckId::NatSubnetNoInternetRoute,
            vec![nat.id.clone()],
            message,
        );
        judge.file(draft, Severity::Error, Hop::NatGateway, Some(&subnet.id));
        path.nat = Status::Fail;
        return;
    }

    let Some(nat_subnet) = judge.index.subnets.get(nat.subnet_id.as_str()).copied() else {
        judge.missing(&nat.subnet_id, "the subnet of NAT gateway", Hop::NatGateway);
        path.nat = Status::Unknown;
        return;
    };
    path.nat = internet_route(judge, subnet, nat_subnet, &nat.id, path);
    if nat_subnet.id != subnet.id {
        let into_nat = connection::network_acl(
            judge,
            nat_subnet,
            End::Server,
            Peer::Net(subnet.cidr),
            Hop::NatGateway,
            &subnet.id,
        );
        path.nat = path.nat.worst(into_nat);
    }
    let out_of_nat = connection::network_acl(
        judge,
        nat_subnet,
        End::Client,
        Peer::Internet,
        Hop::NatGateway,
        &subnet.id,
    );
    path.nat = path.nat.worst(out_of_nat);
}

/// The NAT subnet's default route must reach an attached internet gateway.
fn internet_route(
    judge: &mut Judge<'_, '_>,
    subnet: &Subnet,
    nat_subnet: &Subnet,
    nat_id: &str,
    path: &mut NatPath,
) -> Status {
    let table = judge.index.route_table_for(nat_subnet);
    let target = table
        .and_then(default_route)
        .filter(|r| r.state == RouteState::Active)
        .map(|r| &r.target);
    if let Some(RouteTarget::InternetGateway(igw)) = target {
        let attached = judge
            .index
            .internet_gateways
            .get(igw.as_str())
            .is_some_and(|g| g.attached_vpc_ids.contains(&nat_subnet.vpc_id));
        if attached {
            path.via.push(igw.clone());
            return Status::Pass;
        }
    }

    let table_id = table.map_or_else(|| "(none)".to_owned(), |t| t.id.clone());
    let message = format!(
        "{nat_id} sits in subnet {} whose route table {table_id} has no active 0.0.0.0/0 route to an internet gateway attached to {}",
        nat_subnet.id, nat_subnet.vpc_id
    );
    let igw = judge
        .index
        .snapshot
        .internet_gateways
        .iter()
        .find(|g| g.attached_vpc_ids.contains(&nat_subnet.vpc_id));
    let fix = match (table, igw) {
        (Some(t), Some(g)) => format!(
            "aws ec2 create-route --route-table-id {} --destination-cidr-block 0.0.0.0/0 --gateway-id {}",
            t.id, g.id
        ),
        _ => format!(
            "aws ec2 create-internet-gateway  # then attach it to {} and route 0.0.0.0/0 from {table_id} to it",
            nat_subnet.vpc_id
        ),
    };
    let draft = Draft::new(
        CheckId::NatSubnetNoInternetRoute,
        vec![nat_id.to_owned(), nat_subnet.id.clone(), table_id],
        message,
    )
    .fix(fix);
    judge.file(draft, Severity::Error, Hop::NatGateway, Some(&subnet.id));
    Status::Fail
}
