//! The endpoint route: from a function subnet over the VPC's local route to
//! the X-Ray interface endpoint's network interfaces (hops 2 to 4).

use super::addresses::Peer;
use super::connection::{self, End, FarSide, GroupCheck};
use super::judge::{Draft, Judge};
use super::report::{CheckId, Hop, Severity, Status};
use super::security_group::{Direction, Other};
use crate::model::{Subnet, VpcEndpoint};

/// Judges one function subnet's way to the endpoint; returns the status of
/// the subnet hop and of the endpoint hop.
pub fn judge_subnet(
    judge: &mut Judge<'_, '_>,
    subnet: &Subnet,
    endpoint: &VpcEndpoint,
) -> (Status, Status) {
    let endpoint_subnets: Vec<&Subnet> = endpoint
        .subnet_ids
        .iter()
        .filter_map(|id| judge.index.subnets.get(id.as_str()).copied())
        .collect();

    // Clients use the interface in their own zone when there is one; any
    // other zone's interface still answers over the local route.
    let same_zone: Vec<&Subnet> = endpoint_subnets
        .iter()
        .copied()
        .filter(|s| s.availability_zone == subnet.availability_zone)
        .collect();
    let targets = if same_zone.is_empty() {
        let message = format!(
            "{} has no interface in {} (subnet {}): traffic crosses to another zone's interface, which works but costs latency and cross-zone transfer",
            endpoint.id, subnet.availability_zone, subnet.id
        );
        let fix = format!(
            "aws ec2 modify-vpc-endpoint --vpc-endpoint-id {} --add-subnet-ids {}",
            endpoint.id, subnet.id
        );
        let draft = Draft::new(
            CheckId::EndpointAzNotCovered,
            vec![endpoint.id.clone(), subnet.id.clone()],
            message,
        )
        .fix(fix);
        judge.file(draft, Severity::Warning, Hop::Endpoint, Some(&subnet.id));
        endpoint_subnets
    } else {
        same_zone
    };
    if targets.is_empty() {
        judge.missing(&endpoint.id, "a subnet of endpoint", Hop::Endpoint);
        return (Status::Unknown, Status::Unknown);
    }

    let function_groups = judge.function.security_group_ids();
    let mut subnet_status = Status::Pass;
    let mut endpoint_status = connection::security_groups(
        judge,
        GroupCheck {
            groups: &endpoint.security_group_ids,
            direction: Direction::Ingress,
            other: Other {
                peer: Peer::Net(subnet.cidr),
                groups: function_groups,
            },
            check: CheckId::EndpointSgBlocksHttps,
            hop: Hop::Endpoint,
            subnet: &subnet.id,
            far_side: FarSide::FunctionIn(&subnet.id),
        },
    );

    // The best interface decides: one reachable interface is enough.
    let mut best: Option<(Status, Status)> = None;
    for target in targets {
        let mut leg_subnet = connection::security_groups(
            judge,
            GroupCheck {
                groups: function_groups,
                direction: Direction::Egress,
                other: Other {
                    peer: Peer::Net(target.cidr),
                    groups: &endpoint.security_group_ids,
                },
                check: CheckId::FunctionSgBlocksHttps,
                hop: Hop::Subnet,
                subnet: &subnet.id,
                far_side: FarSide::Interface(&endpoint.id, &target.id),
            },
        );
        let mut leg_endpoint = Status::Pass;
        // Traffic that stays inside one subnet never crosses its ACL.
        if target.id != subnet.id {
            let out = connection::network_acl(
                judge,
                subnet,
                End::Client,
                Peer::Net(target.cidr),
                Hop::Subnet,
                &subnet.id,
            );
            leg_subnet = leg_subnet.worst(out);
            let into = connection::network_acl(
                judge,
                target,
                End::Server,
                Peer::Net(subnet.cidr),
                Hop::Endpoint,
                &subnet.id,
            );
            leg_endpoint = leg_endpoint.worst(into);
        }
        let leg = (leg_subnet, leg_endpoint);
        if best.is_none_or(|b| rank(leg) < rank(b)) {
            best = Some(leg);
        }
    }
    if let Some((leg_subnet, leg_endpoint)) = best {
        subnet_status = subnet_status.worst(leg_subnet);
        endpoint_status = endpoint_status.worst(leg_endpoint);
    }
    (subnet_status, endpoint_status)
}

/// Lower is better: how bad the worse of two statuses is.
fn rank((a, b): (Status, Status)) -> u8 {
    match a.worst(b) {
        Status::Pass => 0,
        Status::Unknown => 1,
        Status::Partial => 2,
        Status::Fail => 3,
    }
}
