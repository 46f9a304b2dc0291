//! Applying an edit to a snapshot. Every edit checks what it needs before
//! it changes anything, so a failed edit leaves the snapshot as it was.

use super::{Edit, EditError, RuleDirection};
use crate::model::{
    DaemonScope, NetworkInterface, Route, RouteState, RouteTarget, SecurityGroup, Snapshot,
    VpcEndpoint,
};
use std::collections::HashSet;
use std::net::Ipv4Addr;

pub(super) fn apply(edit: &Edit, snapshot: &mut Snapshot) -> Result<(), EditError> {
    match edit {
        Edit::EndpointPrivateDns {
            endpoint_id,
            enabled,
        } => {
            endpoint(snapshot, endpoint_id)?.private_dns_enabled = *enabled;
        }
        Edit::VpcDnsSupport { vpc_id, enabled } => {
            vpc(snapshot, vpc_id)?.dns_support = Some(*enabled);
        }
        Edit::VpcDnsHostnames { vpc_id, enabled } => {
            vpc(snapshot, vpc_id)?.dns_hostnames = Some(*enabled);
        }
        Edit::AddXrayEndpoint {
            vpc_id,
            region,
            subnet_ids,
            security_group_ids,
        } => add_endpoint(snapshot, vpc_id, region, subnet_ids, security_group_ids)?,
        Edit::RemoveEndpoint { endpoint_id } => {
            endpoint(snapshot, endpoint_id)?;
            snapshot.vpc_endpoints.retain(|e| e.id != *endpoint_id);
        }
        Edit::AddSecurityGroupRule {
            group_id,
            direction,
            rule,
        } => {
            let rules = rules(group(snapshot, group_id)?, *direction);
            if rules.contains(rule) {
                return Err(EditError::AlreadyExists {
                    owner: group_id.clone(),
                    what: format!("this {} rule", direction.as_str()),
                });
            }
            rules.push(rule.clone());
        }
        Edit::RemoveSecurityGroupRule {
            group_id,
            direction,
            rule,
        } => {
            let rules = rules(group(snapshot, group_id)?, *direction);
            let Some(at) = rules.iter().position(|r| r == rule) else {
                return Err(EditError::NoSuchRule {
                    owner: group_id.clone(),
                    what: format!("such {} rule", direction.as_str()),
                });
            };
            rules.remove(at);
        }
        Edit::AddAclEntry { acl_id, entry } => {
            let acl = acl(snapshot, acl_id)?;
            let taken = acl
                .entries
                .iter()
                .any(|e| e.egress == entry.egress && e.rule_number == entry.rule_number);
            if taken {
                return Err(EditError::AlreadyExists {
                    owner: acl_id.clone(),
                    what: format!("{} rule {}", way(entry.egress), entry.rule_number),
                });
            }
            acl.entries.push(entry.clone());
        }
        Edit::RemoveAclEntry {
            acl_id,
            egress,
            rule_number,
        } => {
            let acl = acl(snapshot, acl_id)?;
            let at = acl
                .entries
                .iter()
                .position(|e| e.egress == *egress && e.rule_number == *rule_number);
            let Some(at) = at else {
                return Err(EditError::NoSuchRule {
                    owner: acl_id.clone(),
                    what: format!("{} rule {rule_number}", way(*egress)),
                });
            };
            acl.entries.remove(at);
        }
        Edit::AddRoute {
            route_table_id,
            destination,
            target,
            replace,
        } => add_route(snapshot, route_table_id, *destination, target, *replace)?,
        Edit::RemoveRoute {
            route_table_id,
            destination,
        } => {
            let table = route_table(snapshot, route_table_id)?;
            let at = table.routes.iter().position(|r| is_for(r, *destination));
            let Some(at) = at else {
                return Err(no_route(route_table_id, *destination));
            };
            table.routes.remove(at);
        }
        Edit::Tracing { function, mode } => {
            let found = snapshot.functions.iter_mut().find(|f| f.name == *function);
            found
                .ok_or_else(|| not_found("function", function))?
                .tracing = *mode;
        }
        Edit::DaemonAddress { scope, address } => {
            match scope {
                DaemonScope::Global => {}
                DaemonScope::Vpc(id) => {
                    vpc(snapshot, id)?;
                }
                DaemonScope::Function(name) => {
                    if !snapshot.functions.iter().any(|f| f.name == *name) {
                        return Err(not_found("function", name));
                    }
                }
            }
            let declarations = &mut snapshot.daemon_declarations;
            declarations.retain(|d| d.scope != *scope);
            if let Some(address) = address {
                declarations.push(crate::model::DaemonDeclaration {
                    scope: scope.clone(),
                    address: address.clone(),
                });
            }
        }
    }
    Ok(())
}

fn not_found(kind: &'static str, id: &str) -> EditError {
    EditError::NotFound {
        kind,
        id: id.to_owned(),
    }
}

fn no_route(table: &str, destination: ipnet::Ipv4Net) -> EditError {
    EditError::NoSuchRule {
        owner: table.to_owned(),
        what: format!("route for {destination}"),
    }
}

fn way(egress: bool) -> &'static str {
    if egress { "outbound" } else { "inbound" }
}

fn endpoint<'a>(snapshot: &'a mut Snapshot, id: &str) -> Result<&'a mut VpcEndpoint, EditError> {
    let found = snapshot.vpc_endpoints.iter_mut().find(|e| e.id == id);
    found.ok_or_else(|| not_found("VPC endpoint", id))
}

fn vpc<'a>(snapshot: &'a mut Snapshot, id: &str) -> Result<&'a mut crate::model::Vpc, EditError> {
    let found = snapshot.vpcs.iter_mut().find(|v| v.id == id);
    found.ok_or_else(|| not_found("VPC", id))
}

fn group<'a>(snapshot: &'a mut Snapshot, id: &str) -> Result<&'a mut SecurityGroup, EditError> {
    let found = snapshot.security_groups.iter_mut().find(|g| g.id == id);
    found.ok_or_else(|| not_found("security group", id))
}

fn rules(
    group: &mut SecurityGroup,
    direction: RuleDirection,
) -> &mut Vec<crate::model::SecurityGroupRule> {
    match direction {
        RuleDirection::Ingress => &mut group.ingress,
        RuleDirection::Egress => &mut group.egress,
    }
}

fn acl<'a>(
    snapshot: &'a mut Snapshot,
    id: &str,
) -> Result<&'a mut crate::model::NetworkAcl, EditError> {
    let found = snapshot.network_acls.iter_mut().find(|a| a.id == id);
    found.ok_or_else(|| not_found("network ACL", id))
}

fn route_table<'a>(
    snapshot: &'a mut Snapshot,
    id: &str,
) -> Result<&'a mut crate::model::RouteTable, EditError> {
    let found = snapshot.route_tables.iter_mut().find(|t| t.id == id);
    found.ok_or_else(|| not_found("route table", id))
}

fn is_for(route: &Route, destination: ipnet::Ipv4Net) -> bool {
    route.destination == crate::model::RouteDestination::Cidr(destination)
}

fn add_route(
    snapshot: &mut Snapshot,
    table_id: &str,
    destination: ipnet::Ipv4Net,
    target: &RouteTarget,
    replace: bool,
) -> Result<(), EditError> {
    if *target == RouteTarget::Local {
        return Err(EditError::Unsupported(
            "a local route cannot be added: every route table has one".to_owned(),
        ));
    }
    // A NAT or internet gateway the snapshot does not hold would only
    // become an unexplained blackhole: name it now.
    match target {
        RouteTarget::NatGateway(id) if !snapshot.nat_gateways.iter().any(|n| n.id == *id) => {
            return Err(not_found("NAT gateway", id));
        }
        RouteTarget::InternetGateway(id)
            if !snapshot.internet_gateways.iter().any(|g| g.id == *id) =>
        {
            return Err(not_found("internet gateway", id));
        }
        _ => {}
    }

    let table = route_table(snapshot, table_id)?;
    let route = Route {
        destination: crate::model::RouteDestination::Cidr(destination),
        target: target.clone(),
        state: RouteState::Active,
    };
    let existing = table.routes.iter().position(|r| is_for(r, destination));
    match (existing, replace) {
        (Some(at), true) => table.routes[at] = route,
        (None, false) => table.routes.push(route),
        (None, true) => return Err(no_route(table_id, destination)),
        (Some(_), false) => {
            return Err(EditError::AlreadyExists {
                owner: table_id.to_owned(),
                what: format!("a route for {destination} (replace it instead)"),
            });
        }
    }
    Ok(())
}

/// Adds the endpoint and one interface per subnet, each at a free address
/// of its subnet, so DNS resolves to it as to a real one.
fn add_endpoint(
    snapshot: &mut Snapshot,
    vpc_id: &str,
    region: &str,
    subnet_ids: &[String],
    security_group_ids: &[String],
) -> Result<(), EditError> {
    if !snapshot.vpcs.iter().any(|v| v.id == vpc_id) {
        return Err(not_found("VPC", vpc_id));
    }
    if subnet_ids.is_empty() {
        return Err(EditError::Unsupported(
            "an interface endpoint needs at least one subnet".to_owned(),
        ));
    }
    for id in subnet_ids {
        let subnet = snapshot.subnets.iter().find(|s| s.id == *id);
        let subnet = subnet.ok_or_else(|| not_found("subnet", id))?;
        if subnet.vpc_id != vpc_id {
            return Err(EditError::WrongVpc {
                subnet: id.clone(),
                found: subnet.vpc_id.clone(),
                vpc: vpc_id.to_owned(),
            });
        }
    }
    for id in security_group_ids {
        if !snapshot.security_groups.iter().any(|g| g.id == *id) {
            return Err(not_found("security group", id));
        }
    }

    let endpoint_id = free_id(snapshot);
    let mut used: HashSet<Ipv4Addr> = snapshot
        .network_interfaces
        .iter()
        .flat_map(|n| n.private_ips.iter().copied())
        .collect();
    let mut interface_ids = Vec::new();
    for (i, subnet_id) in subnet_ids.iter().enumerate() {
        let cidr = snapshot
            .subnets
            .iter()
            .find(|s| s.id == *subnet_id)
            .map(|s| s.cidr);
        // AWS keeps the first four addresses of a subnet for itself.
        let address = cidr.and_then(|c| c.hosts().skip(4).find(|a| !used.contains(a)));
        let private_ips: Vec<Ipv4Addr> = address.into_iter().collect();
        used.extend(private_ips.iter().copied());
        let id = format!("eni-{endpoint_id}-{i}");
        snapshot.network_interfaces.push(NetworkInterface {
            id: id.clone(),
            vpc_id: vpc_id.to_owned(),
            subnet_id: subnet_id.clone(),
            private_ips,
            security_group_ids: security_group_ids.to_vec(),
            interface_type: "vpc_endpoint".to_owned(),
            description: Some(format!("VPC Endpoint Interface {endpoint_id} (what-if)")),
            instance_id: None,
        });
        interface_ids.push(id);
    }

    snapshot.vpc_endpoints.push(VpcEndpoint {
        id: endpoint_id,
        vpc_id: vpc_id.to_owned(),
        service_name: format!("com.amazonaws.{region}.xray"),
        endpoint_type: "Interface".to_owned(),
        state: "available".to_owned(),
        private_dns_enabled: true,
        subnet_ids: subnet_ids.to_vec(),
        security_group_ids: security_group_ids.to_vec(),
        network_interface_ids: interface_ids,
        policy: None,
    });
    Ok(())
}

/// `vpce-whatif-1`, `vpce-whatif-2`, … : the first id not yet taken.
fn free_id(snapshot: &Snapshot) -> String {
    (1..)
        .map(|n| format!("vpce-whatif-{n}"))
        .find(|id| !snapshot.vpc_endpoints.iter().any(|e| e.id == *id))
        .unwrap_or_default()
}
